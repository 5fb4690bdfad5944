"""A citizen's feedback on a public project page becomes a critique in the register: once, by
the county's staff, its province or the ministry; what the citizen wrote stays with them."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from participation import services
from participation.models import Critique
from projects.models import ProjectFeedback
from projects.services import record_feedback
from tests.conftest import PERSONAS, client_for
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

TEXT = "The landfill road floods every winter; please raise it."
NAME = "Citizen Feedbackname"
TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))

# persona: may read the feedback page, may register feedback (county A)
RIGHTS = {
    "anonymous": (False, False),
    "governor_a": (True, True),
    "governor_b": (False, False),
    "officer_a": (True, True),
    "ministry": (True, True),
    "analyst": (False, False),
}


@pytest.fixture
def project(world):
    return make_project(world.county_a, title_en="Landfill road", title_fa="جاده محل دفن")


def leave_feedback(project, text: str = TEXT, name: str = NAME, rating: int | None = 2):
    return record_feedback(project, text=text, name=name, rating=rating, ip="203.0.113.7")


def register_url(feedback, code: str = "CA") -> str:
    return f"/participation/{code}/critiques/feedback/{feedback.pk}/register/"


# --- the service ---------------------------------------------------------------------------


def test_the_critique_copies_the_feedback_as_a_citizens_public_feedback(world, project):
    feedback = leave_feedback(project)
    critique, created = services.register_critique_from_feedback(feedback, world.governor_a)
    assert created
    assert critique.county == world.county_a
    assert (critique.source, critique.channel, critique.status) == (
        "citizen",
        "public_feedback",
        "open",
    )
    assert critique.stakeholder is None
    assert critique.project == project and critique.challenge == project.dimension
    assert critique.feedback == feedback and feedback.critique == critique
    assert critique.body == TEXT
    assert critique.citizen_name == NAME and critique.citizen_contact == ""
    assert critique.recorded_by == world.governor_a
    assert critique.received_on == timezone.localdate(feedback.created_at)
    assert critique.body_is_private
    assert not critique.is_demo
    # The topic names the project and quotes nothing the citizen wrote.
    assert "Landfill road" in critique.topic or "جاده محل دفن" in critique.topic
    assert "floods" not in critique.topic


def test_the_date_received_is_the_day_the_feedback_was_sent_in_tehran(world, project):
    feedback = leave_feedback(project)
    # 21:00 UTC on 20 March is 00:30 on 21 March in Tehran.
    sent = datetime.datetime(2024, 3, 20, 21, 0, tzinfo=datetime.UTC)
    ProjectFeedback.objects.filter(pk=feedback.pk).update(created_at=sent)
    feedback.refresh_from_db()
    critique, _ = services.register_critique_from_feedback(feedback, None)
    assert critique.received_on == datetime.date(2024, 3, 21)
    assert sent.astimezone(TEHRAN).date() == critique.received_on


def test_registering_the_same_feedback_again_returns_the_same_critique(world, project):
    feedback = leave_feedback(project)
    first, created = services.register_critique_from_feedback(feedback, world.governor_a)
    again, created_again = services.register_critique_from_feedback(feedback, world.ministry)
    assert created and not created_again
    assert again.pk == first.pk
    assert Critique.objects.count() == 1
    assert again.recorded_by == world.governor_a  # the first registration is kept


def test_two_requests_racing_still_make_one_critique(world, project):
    feedback = leave_feedback(project)
    services.register_critique_from_feedback(feedback, world.governor_a)
    # The second request checked before the first saved: its check finds nothing, its save
    # hits the database's unique link and it returns the critique the first one made.
    with mock.patch.object(QuerySet, "first", return_value=None):
        critique, created = services.register_critique_from_feedback(feedback, world.officer_a)
    assert not created
    assert Critique.objects.count() == 1
    assert critique.recorded_by == world.governor_a


# --- the page and the action, with every persona --------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_feedback_page_is_for_the_countys_staff_province_and_ministry(world, project, persona):
    leave_feedback(project)
    may_read, may_register = RIGHTS[persona]
    response = client_for(world.persona(persona)).get("/participation/CA/critiques/feedback/")
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == (200 if may_read else 403)
    text = response.content.decode()
    assert (TEXT in text) == may_read
    assert ("Register as critique" in text) == may_register


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_those_who_may_change_the_county_register_feedback(world, project, persona):
    feedback = leave_feedback(project)
    _, may_register = RIGHTS[persona]
    response = client_for(world.persona(persona)).post(register_url(feedback))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif may_register:
        critique = Critique.objects.get(feedback=feedback)
        assert response.status_code == 302
        assert response["Location"] == f"/participation/CA/critiques/{critique.pk}/"
        assert critique.recorded_by == world.persona(persona)
        return
    else:
        assert response.status_code == 403
    assert not Critique.objects.exists()


def test_registering_needs_a_post(world, project):
    feedback = leave_feedback(project)
    response = client_for(world.governor_a).get(register_url(feedback))
    assert response.status_code == 405
    assert not Critique.objects.exists()


def test_feedback_of_another_countys_project_cannot_be_registered_through_this_county(world):
    other = leave_feedback(make_project(world.county_b, title_en="B project"))
    response = client_for(world.governor_a).post(register_url(other, "CA"))
    assert response.status_code == 404
    assert client_for(world.governor_a).post(register_url(other, "CB")).status_code == 403
    assert not Critique.objects.exists()


def test_pressing_the_button_twice_keeps_one_critique_and_says_so(world, project):
    feedback = leave_feedback(project)
    client = client_for(world.governor_a)
    first = client.post(register_url(feedback), follow=True)
    assert "The feedback was registered as a critique." in first.content.decode()
    second = client.post(register_url(feedback), follow=True)
    assert "This feedback was already in the register." in second.content.decode()
    assert Critique.objects.count() == 1
    assert first.redirect_chain == second.redirect_chain


def test_registered_feedback_leaves_the_waiting_list_and_counts_on_the_project(world, project):
    waiting = leave_feedback(project, text="Please add street lights.")
    registered = leave_feedback(project)
    services.register_critique_from_feedback(registered, world.governor_a)
    client = client_for(world.governor_a)
    listing = client.get("/participation/CA/critiques/feedback/")
    assert list(listing.context["feedback"]) == [waiting]
    assert listing.context["registered"] == 1
    page = client.get(f"/counties/CA/projects/{project.pk}/").content.decode()
    assert "1 critique about this project" in page
    assert "1 citizen feedback not yet in the register" in page
    assert f'href="/participation/CA/critiques/feedback/?project={project.pk}"' in page
    critiques = client.get("/participation/CA/critiques/").content.decode()
    assert 'id="pending-feedback-link"' in critiques


def test_the_feedback_page_filters_by_project(world, project):
    other_project = make_project(world.county_a, title_en="Other project")
    leave_feedback(project, text="About the landfill road")
    leave_feedback(other_project, text="About the other project")
    response = client_for(world.governor_a).get(
        f"/participation/CA/critiques/feedback/?project={project.pk}"
    )
    text = response.content.decode()
    assert "About the landfill road" in text
    assert "About the other project" not in text


def test_the_feedback_page_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(12):
        leave_feedback(make_project(world.county_a, title_en=f"Project {n}"), text=f"Text {n}")
    client = client_for(world.governor_a)
    with django_assert_max_num_queries(9):
        response = client.get("/participation/CA/critiques/feedback/")
    assert len(response.context["feedback"]) == 12


# --- privacy of what the citizen wrote ------------------------------------------------------


def test_what_the_citizen_wrote_is_private_to_staff_province_and_ministry(world, project):
    feedback = leave_feedback(project)
    critique, _ = services.register_critique_from_feedback(feedback, world.governor_a)
    detail = f"/participation/CA/critiques/{critique.pk}/"
    for persona in ("governor_a", "officer_a", "ministry"):
        text = client_for(world.persona(persona)).get(detail).content.decode()
        assert TEXT in text and NAME in text, persona
    analyst = client_for(world.analyst)
    text = analyst.get(detail).content.decode()
    assert critique.topic in text
    assert TEXT not in text and NAME not in text
    assert 'id="critique-body-private"' in text
    for url in (
        "/participation/CA/critiques/",
        "/participation/CA/critiques/export.csv",
        f"/counties/CA/projects/{project.pk}/",
    ):
        response = analyst.get(url)
        body = (
            b"".join(response.streaming_content)
            if hasattr(response, "streaming_content")
            else response.content
        ).decode()
        assert response.status_code == 200, url
        assert TEXT not in body and NAME not in body, url
    assert client_for(world.governor_b).get(detail).status_code == 403


@pytest.mark.parametrize("persona", ["governor_a", "officer_a", "ministry", "analyst"])
def test_the_api_gives_the_citizens_words_only_to_those_who_see_contacts(world, project, persona):
    feedback = leave_feedback(project)
    critique, _ = services.register_critique_from_feedback(feedback, world.governor_a)
    client = APIClient()
    client.force_authenticate(world.persona(persona))
    row = client.get(f"/api/v1/critiques/{critique.pk}/").json()
    assert row["feedback"] == feedback.pk and row["project"] == project.pk
    if persona == "analyst":
        assert "body" not in row and "citizen_name" not in row
    else:
        assert row["body"] == TEXT and row["citizen_name"] == NAME


def test_other_critiques_keep_their_text_readable_by_analysts(world, project):
    from tests.participation import factories as f

    critique = f.critique(world.county_a, body="Said in the council meeting.", channel="meeting")
    text = client_for(world.analyst).get(f"/participation/CA/critiques/{critique.pk}/")
    assert "Said in the council meeting." in text.content.decode()


def test_the_public_never_sees_the_feedback_even_once_the_critique_is_published(world, project):
    feedback = leave_feedback(project)
    critique, _ = services.register_critique_from_feedback(feedback, world.governor_a)
    services.answer_critique(
        critique,
        response="The road will be raised before winter.",
        status="acted_on",
        responded_on=timezone.localdate(),
        is_publishable=True,
    )
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    for url in (
        "/participation/public/CA/said-did/",
        "/public/CA/",
        f"/public/CA/projects/{project.pk}/",
    ):
        text = visitor.get(url).content.decode()
        assert TEXT not in text and NAME not in text, url
    said_did = visitor.get("/participation/public/CA/said-did/").content.decode()
    assert "The road will be raised before winter." in said_did
