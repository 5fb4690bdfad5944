"""Spam on a project's public feedback form is dismissed by the county's staff, with an optional
reason: kept (never deleted), recorded in its history, hidden from the feedback waiting to be
registered but listed on request, and restorable; a stale page cannot overwrite a newer change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from governance.versioning import StaleEditError
from participation import services
from participation.models import Critique
from projects.models import ProjectFeedback
from projects.services import record_feedback
from tests.conftest import PERSONAS, client_for
from tests.participation.test_feedback_to_critique import RIGHTS as FEEDBACK_RIGHTS
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

SPAM = "Cheap watches at example.com, best prices!!!"
REAL = "The new lights on the landfill road work well, thank you."
LIST = "/participation/CA/critiques/feedback/"
DISMISSED = LIST + "?show=dismissed"
# persona -> (may read the feedback and its history, may dismiss and restore): the same people
# as read and register it.
RIGHTS = FEEDBACK_RIGHTS


@pytest.fixture
def project(world):
    return make_project(world.county_a, title_en="Landfill road", title_fa="جاده محل دفن")


def leave(project, text: str = SPAM, name: str = "Spammer") -> ProjectFeedback:
    return record_feedback(project, text=text, name=name, ip="203.0.113.9")


def dismiss_url(feedback, code: str = "CA", action: str = "dismiss") -> str:
    return f"/participation/{code}/critiques/feedback/{feedback.pk}/{action}/"


def fresh(feedback) -> ProjectFeedback:
    return ProjectFeedback.objects.get(pk=feedback.pk)


# --- the services ---------------------------------------------------------------------------


def test_dismissing_keeps_the_feedback_with_who_when_why_and_a_new_version(world, project):
    feedback = leave(project)
    services.dismiss_feedback(
        feedback, reason="  Advertising  ", expected_version=1, user=world.governor_a
    )
    stored = fresh(feedback)
    assert stored.is_dismissed and stored.dismissed_by == world.governor_a
    assert stored.dismissal_reason == "Advertising"
    assert stored.version == 2 and stored.text == SPAM
    assert list(ProjectFeedback.objects.dismissed()) == [stored]
    assert not ProjectFeedback.objects.kept().exists()
    last = ProjectFeedback.history.filter(id=feedback.pk).latest("history_id")
    assert (last.history_type, last.history_user, last.dismissal_reason) == (
        "~",
        world.governor_a,
        "Advertising",
    )


def test_restoring_brings_it_back_and_its_history_keeps_both_steps(world, project):
    feedback = leave(project)
    services.dismiss_feedback(feedback, reason="Ads", expected_version=1, user=world.governor_a)
    services.restore_feedback(feedback, expected_version=2, user=world.officer_a)
    stored = fresh(feedback)
    assert not stored.is_dismissed and stored.dismissed_by is None
    assert stored.dismissal_reason == "" and stored.version == 3
    steps = ProjectFeedback.history.filter(id=feedback.pk).order_by("history_id")
    assert [(r.history_type, r.history_user, r.dismissal_reason) for r in steps] == [
        ("+", None, ""),
        ("~", world.governor_a, "Ads"),
        ("~", world.officer_a, ""),
    ]


def test_a_change_based_on_an_older_version_is_refused_and_changes_nothing(world, project):
    feedback = leave(project)
    services.dismiss_feedback(feedback, reason="Ads", expected_version=1, user=world.governor_a)
    records = ProjectFeedback.history.count()
    with pytest.raises(StaleEditError):
        services.restore_feedback(feedback, expected_version=1, user=world.officer_a)
    with pytest.raises(StaleEditError):
        services.dismiss_feedback(feedback, reason="Other", expected_version=1, user=world.ministry)
    stored = fresh(feedback)
    assert stored.is_dismissed and stored.dismissal_reason == "Ads" and stored.version == 2
    assert ProjectFeedback.history.count() == records


def test_feedback_in_the_register_cannot_be_dismissed(world, project):
    feedback = leave(project, REAL)
    services.register_critique_from_feedback(feedback, world.governor_a)
    with pytest.raises(ValidationError) as refused:
        services.dismiss_feedback(feedback, expected_version=1, user=world.governor_a)
    assert refused.value.code == "feedback_registered"
    assert not fresh(feedback).is_dismissed


def test_dismissed_feedback_is_registered_only_once_restored(world, project):
    feedback = leave(project, REAL)
    services.dismiss_feedback(feedback, expected_version=1, user=world.governor_a)
    with pytest.raises(ValidationError) as refused:
        services.register_critique_from_feedback(fresh(feedback), world.governor_a)
    assert refused.value.code == "feedback_dismissed"
    assert not Critique.objects.exists()
    services.restore_feedback(feedback, expected_version=2, user=world.governor_a)
    _critique, created = services.register_critique_from_feedback(fresh(feedback), world.governor_a)
    assert created


def test_a_reason_longer_than_300_characters_is_refused(world, project):
    feedback = leave(project)
    with pytest.raises(ValidationError):
        services.dismiss_feedback(feedback, reason="x" * 301, user=world.governor_a)
    assert not fresh(feedback).is_dismissed


# --- who may do it: every persona -----------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_those_who_may_change_the_county_dismiss_and_restore(world, project, persona):
    feedback = leave(project)
    _, may_change = RIGHTS[persona]
    client = client_for(world.persona(persona))
    response = client.post(dismiss_url(feedback), {"version": 1, "reason": "Ads"})
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if may_change else 403)
    assert fresh(feedback).is_dismissed == may_change

    services.dismiss_feedback(feedback, user=world.ministry)  # for everyone: now restore it
    version = fresh(feedback).version
    response = client.post(dismiss_url(feedback, action="restore"), {"version": version})
    assert response.status_code == (302 if persona == "anonymous" or may_change else 403)
    assert fresh(feedback).is_dismissed != may_change


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_dismissed_list_and_a_feedbacks_history_are_for_those_who_read_feedback(
    world, project, persona
):
    feedback = leave(project)
    services.dismiss_feedback(feedback, reason="Ads", user=world.governor_a)
    may_read, may_change = RIGHTS[persona]
    client = client_for(world.persona(persona))
    for url in (DISMISSED, f"{LIST}{feedback.pk}/history/"):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            continue
        assert response.status_code == (200 if may_read else 403), url
        assert (SPAM in response.content.decode()) == (may_read and url == DISMISSED), url
    if may_read:
        listing = client.get(DISMISSED).content.decode()
        assert ('class="btn btn-sm btn-outline-primary restore-feedback"' in listing) == may_change


def test_another_countys_feedback_is_unknown_through_this_county(world):
    other = leave(make_project(world.county_b, title_en="B project"))
    client = client_for(world.governor_a)
    assert client.post(dismiss_url(other, "CA"), {"version": 1}).status_code == 404
    assert client.post(dismiss_url(other, "CB"), {"version": 1}).status_code == 403
    assert client.get(f"{LIST}{other.pk}/history/").status_code == 404
    assert not fresh(other).is_dismissed
    ministry = client_for(world.ministry)
    assert ministry.post(dismiss_url(other, "CA"), {"version": 1}).status_code == 404
    assert ministry.get(f"{LIST}{other.pk}/history/").status_code == 404


def test_dismissing_and_restoring_need_a_post(world, project):
    feedback = leave(project)
    client = client_for(world.governor_a)
    assert client.get(dismiss_url(feedback)).status_code == 405
    assert client.get(dismiss_url(feedback, action="restore")).status_code == 405
    assert not fresh(feedback).is_dismissed


# --- the flow on the pages ------------------------------------------------------------------


def test_the_governor_dismisses_spam_finds_it_under_the_filter_and_restores_it(world, project):
    spam = leave(project)
    real = leave(project, REAL, name="Citizen")
    client = client_for(world.governor_a)

    listing = client.get(LIST).content.decode()
    assert SPAM in listing and REAL in listing
    assert f'action="{dismiss_url(spam)}"' in listing
    assert "Dismissed as spam (0)" in listing

    done = client.post(
        dismiss_url(spam), {"version": spam.version, "reason": "Advert"}, follow=True
    )
    assert done.redirect_chain == [(LIST, 302)]
    page = done.content.decode()
    assert "The feedback was dismissed as spam. It is kept and can be restored." in page
    assert [fb.pk for fb in done.context["feedback"]] == [real.pk]
    assert SPAM not in page and "Dismissed as spam (1)" in page

    # Gone from what waits to be registered and from the counts, not from the database.
    project_page = client.get(f"/counties/CA/projects/{project.pk}/")
    assert project_page.context["feedback_count"] == 1
    assert "1 citizen feedback not yet in the register" in project_page.content.decode()
    assert client.get("/participation/CA/critiques/").context["pending_feedback"] == 1
    assert ProjectFeedback.objects.count() == 2

    dismissed = client.get(DISMISSED)
    text = dismissed.content.decode()
    assert [fb.pk for fb in dismissed.context["feedback"]] == [spam.pk]
    assert SPAM in text and "Advert" in text and REAL not in text
    assert world.governor_a.username in text or world.governor_a.get_full_name() in text
    filtered = client.get(f"{DISMISSED}&project={project.pk}")
    assert [fb.pk for fb in filtered.context["feedback"]] == [spam.pk]

    restored = client.post(
        dismiss_url(spam, action="restore"), {"version": fresh(spam).version}, follow=True
    )
    assert restored.redirect_chain == [(DISMISSED, 302)]
    assert "The feedback was restored: it waits to be registered again." in (
        restored.content.decode()
    )
    assert not restored.context["feedback"]
    assert {fb.pk for fb in client.get(LIST).context["feedback"]} == {spam.pk, real.pk}

    history = client.get(f"{LIST}{spam.pk}/history/")
    entries = history.context["entries"]
    assert [e.action for e in entries] == ["Changed", "Changed", "Created"]
    assert [e.user for e in entries[:2]] == [world.governor_a.username] * 2
    changes = {c.field: (c.old, c.new) for c in entries[1].changes}
    assert changes["Reason for dismissal"] == ("", "Advert")
    assert changes["Dismissed by"][1] == world.governor_a.username
    back = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert back["Reason for dismissal"] == ("Advert", "")
    assert "Landfill road" in history.content.decode()


def test_a_dismissal_from_a_page_opened_before_a_newer_change_is_refused(world, project):
    spam = leave(project)
    first_tab, second_tab = client_for(world.governor_a), client_for(world.officer_a)
    opened = client_for(world.officer_a).get(LIST).context["feedback"][0].version
    first_tab.post(dismiss_url(spam), {"version": opened, "reason": "Ads"})
    first_tab.post(dismiss_url(spam, action="restore"), {"version": opened + 1})
    stale = second_tab.post(dismiss_url(spam), {"version": opened, "reason": "Mine"}, follow=True)
    assert "Someone else changed this feedback after you opened it." in stale.content.decode()
    stored = fresh(spam)
    assert not stored.is_dismissed and stored.version == opened + 2


def test_registering_dismissed_feedback_says_to_restore_it_first(world, project):
    spam = leave(project)
    services.dismiss_feedback(spam, user=world.governor_a)
    response = client_for(world.governor_a).post(f"{LIST}{spam.pk}/register/", follow=True)
    assert response.redirect_chain == [(DISMISSED, 302)]
    assert "This feedback was dismissed as spam: restore it to register it." in (
        response.content.decode()
    )
    assert not Critique.objects.exists()


def test_dismissing_registered_feedback_says_why_and_changes_nothing(world, project):
    feedback = leave(project, REAL)
    services.register_critique_from_feedback(feedback, world.governor_a)
    response = client_for(world.governor_a).post(dismiss_url(feedback), {"version": 1}, follow=True)
    assert "already in the critiques register" in response.content.decode()
    assert not fresh(feedback).is_dismissed


def test_the_dismissed_list_speaks_persian(world, project):
    spam = leave(project)
    services.dismiss_feedback(spam, reason="تبلیغ", user=world.governor_a)
    client = client_for(world.governor_a)
    client.cookies["django_language"] = "fa"
    world.governor_a.language = "fa"
    world.governor_a.save(update_fields=["language"])
    text = client.get(DISMISSED).content.decode()
    assert "نظرهای کنارگذاشته به‌عنوان هرزنامه" in text
    assert "کنارگذاشته به‌عنوان هرزنامه (۱)" in text
    assert "بازگرداندن" in text and "تبلیغ" in text


def test_the_dismissed_list_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(12):
        feedback = leave(make_project(world.county_a, title_en=f"Project {n}"), text=f"Spam {n}")
        services.dismiss_feedback(feedback, reason=f"Ad {n}", user=world.governor_a)
    client = client_for(world.governor_a)
    with django_assert_max_num_queries(10):
        response = client.get(DISMISSED)
    assert len(response.context["feedback"]) == 12


def test_the_admin_shows_dismissals_read_only_and_a_change_there_raises_the_version(world, project):
    from governance.models import User

    spam = leave(project)
    services.dismiss_feedback(spam, reason="Ads", user=world.governor_a)
    root = User.objects.create_superuser("root", password="x", role="ministry_staff")
    client = client_for(root)
    base = "/admin/projects/projectfeedback/"
    listing = client.get(base + "?dismissed_at__isempty=0")
    assert listing.status_code == 200 and SPAM[:30] in listing.content.decode()
    assert client.get(f"{base}{spam.pk}/history/").status_code == 200
    change = client.get(f"{base}{spam.pk}/change/")
    assert change.status_code == 200 and 'name="dismissal_reason"' not in change.content.decode()
    saved = client.post(
        f"{base}{spam.pk}/change/",
        {"project": project.pk, "name": "Renamed", "text": SPAM, "rating": "", "language": ""},
    )
    assert saved.status_code == 302
    stored = fresh(spam)
    assert stored.name == "Renamed" and stored.version == 3
    assert stored.is_dismissed and stored.dismissal_reason == "Ads"
