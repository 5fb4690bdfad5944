"""Every change of a participation record is kept with who made it, and shown on the record's
history page to whoever may read the record; personal contact values only to those who may
see contacts (never analysts, never another county)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.test import APIClient

from counties.models import Indicator
from governance.display import field_label
from governance.versioning import StaleEditError
from participation import services
from participation.models import (
    Commitment,
    Critique,
    Engagement,
    Experience,
    ExperienceAttachment,
    ExperienceResult,
    Investment,
    Meeting,
    MeetingSeries,
    Stakeholder,
)
from projects.services import record_feedback
from tests.conftest import PERSONAS, client_for
from tests.participation import factories as f
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

NEW_PHONE = "0912-777-0303"
NEW_EMAIL = "new.person@example.org"


def last(model: Any, **filters: Any) -> Any:
    return model.history.filter(**filters).order_by("-history_id").first()


# --- every service records its user ---------------------------------------------------------


def _indicator() -> Indicator:
    return Indicator.objects.create(
        code="waste_recycling",
        dimension=f.challenge("solid_waste"),
        name_en="Recycling",
        name_fa="بازیافت",
        unit="%",
        min_value=0,
        max_value=100,
    )


def _stakeholder_update(world, r, user):
    services.save_stakeholder(
        r.stakeholder, {"phone": NEW_PHONE}, expected_version=r.stakeholder.version, user=user
    )
    return Stakeholder, {"id": r.stakeholder.pk}, "~"


def _stakeholder_create(world, r, user):
    s = services.save_stakeholder(
        Stakeholder(county=world.county_a), {"name": "New group", "type": "media"}, user=user
    )
    return Stakeholder, {"id": s.pk}, "+"


def _engagement(world, r, user):
    e = services.record_engagement(
        r.stakeholder, date=f.days_ago(1), kind="call", topic="Follow-up", user=user
    )
    return Engagement, {"id": e.pk}, "+"


def _series(world, r, user):
    s = services.save_meeting_series(
        MeetingSeries(county=world.county_a),
        {"name": "Monthly", "kind": "council", "periodicity": "monthly", "starts_on": f.today()},
        user=user,
    )
    return MeetingSeries, {"id": s.pk}, "+"


def _schedule(world, r, user):
    m = services.schedule_meeting(
        world.county_a,
        title="Hearing",
        kind="public_hearing",
        starts_at=datetime.datetime.combine(f.today(), datetime.time(9)),
        user=user,
    )
    return Meeting, {"id": m.pk}, "+"


def _update_meeting(world, r, user):
    services.update_meeting(r.meeting, {"place": "Town hall"}, user=user)
    return Meeting, {"id": r.meeting.pk}, "~"


def _outcome(world, r, user):
    m = f.meeting(world.county_a, f.days_ago(2))
    services.record_meeting_outcome(
        m,
        status="held",
        decisions=[services.Decision("Clean the river", "Water office", f.today())],
        user=user,
    )
    assert last(Commitment, meeting_id=m.pk).history_user == user
    return Meeting, {"id": m.pk}, "~"


def _roll_forward(world, r, user):
    commitment = r.meeting.decisions.get()
    services.update_commitment(commitment, status="in_progress")  # still open
    services.schedule_meeting(
        world.county_a,
        title="Next council",
        kind="council",
        starts_at=datetime.datetime.combine(f.today(), datetime.time(9)),
        series=r.meeting.series,
        user=user,
    )
    assert Commitment.objects.get(pk=commitment.pk).times_carried == 1
    return Commitment, {"id": commitment.pk}, "~"


def _commitment(world, r, user):
    commitment = r.meeting.decisions.get()
    services.update_commitment(
        commitment, status="done", expected_version=commitment.version, user=user
    )
    return Commitment, {"id": commitment.pk}, "~"


def _register_critique(world, r, user):
    c = services.register_critique(
        world.county_a,
        {"source": "citizen", "channel": "phone", "topic": "Noise", "received_on": f.today()},
        user=user,
    )
    return Critique, {"id": c.pk}, "+"


def _critique_from_feedback(world, r, user):
    project = make_project(world.county_a, title_en="Park", title_fa="پارک")
    feedback = record_feedback(project, text="More trees", name="A", rating=4, ip="203.0.113.9")
    c, _ = services.register_critique_from_feedback(feedback, user)
    return Critique, {"id": c.pk}, "+"


def _answer(world, r, user):
    services.answer_critique(
        r.critique,
        response="Done",
        status="answered",
        responded_on=f.today(),
        user=user,
        expected_version=r.critique.version,
    )
    return Critique, {"id": r.critique.pk}, "~"


def _register_investment(world, r, user):
    i = services.register_investment(
        world.county_a,
        {"name": "Dairy", "investor": "Z", "sector": "agriculture", "lead_on": f.today()},
        user=user,
    )
    return Investment, {"id": i.pk}, "+"


def _update_investment(world, r, user):
    services.update_investment(
        r.investment, {"notes": "Met twice"}, expected_version=r.investment.version, user=user
    )
    return Investment, {"id": r.investment.pk}, "~"


def _advance(world, r, user):
    services.advance_investment(
        r.investment,
        stage="meeting",
        date=f.today(),
        user=user,
        expected_version=r.investment.version,
    )
    return Investment, {"id": r.investment.pk}, "~"


def _save_experience(world, r, user):
    services.save_experience(
        r.experience, {"results": "Better"}, user=user, expected_version=r.experience.version
    )
    return Experience, {"id": r.experience.pk}, "~"


def _publish(world, r, user):
    services.publish_experience(r.experience, publish=False, user=user)
    return Experience, {"id": r.experience.pk}, "~"


def _feature(world, r, user):
    services.feature_experience(r.experience, user=user)
    return Experience, {"id": r.experience.pk}, "~"


def _result(world, r, user):
    result = services.add_experience_result(
        r.experience, indicator=_indicator(), before_value=4, after_value=9, user=user
    )
    return ExperienceResult, {"id": result.pk}, "+"


def _attach(world, r, user):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    attachment = services.attach_file(r.experience, upload, user=user)
    return ExperienceAttachment, {"id": attachment.pk}, "+"


def _remove_attachment(world, r, user):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    attachment = services.attach_file(r.experience, upload)
    pk = attachment.pk
    services.remove_attachment(attachment, user=user)
    return ExperienceAttachment, {"id": pk}, "-"


SERVICES: dict[str, Callable[..., tuple[Any, dict[str, Any], str]]] = {
    "save_stakeholder (new)": _stakeholder_create,
    "save_stakeholder": _stakeholder_update,
    "record_engagement": _engagement,
    "save_meeting_series": _series,
    "schedule_meeting": _schedule,
    "update_meeting": _update_meeting,
    "record_meeting_outcome": _outcome,
    "roll_forward_commitments": _roll_forward,
    "update_commitment": _commitment,
    "register_critique": _register_critique,
    "register_critique_from_feedback": _critique_from_feedback,
    "answer_critique": _answer,
    "register_investment": _register_investment,
    "update_investment": _update_investment,
    "advance_investment": _advance,
    "save_experience": _save_experience,
    "publish_experience": _publish,
    "feature_experience": _feature,
    "add_experience_result": _result,
    "attach_file": _attach,
    "remove_attachment": _remove_attachment,
}


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_records_the_change_with_the_user_who_made_it(world, records, name):
    user = world.ministry if name == "feature_experience" else world.officer_a
    model, filters, kind = SERVICES[name](world, records, user)
    record = last(model, **filters)
    assert record is not None and record.history_type == kind
    assert record.history_user == user


def test_a_page_edit_records_the_signed_in_user(world, records):
    stakeholder = records.stakeholder
    response = client_for(world.governor_a).post(
        f"/participation/CA/stakeholders/{stakeholder.pk}/edit/",
        {"name": stakeholder.name, "type": stakeholder.type, "phone": NEW_PHONE, "is_active": "on"}
        | {"version": stakeholder.version},
    )
    assert response.status_code == 302
    record = last(Stakeholder, id=stakeholder.pk)
    assert record.history_user == world.governor_a and record.phone == NEW_PHONE


def test_an_api_edit_records_the_authenticated_user(world, records):
    client = APIClient()
    client.force_authenticate(world.officer_a)
    response = client.patch(
        f"/api/v1/investments/{records.investment.pk}/",
        {"notes": "From the API", "version": records.investment.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    record = last(Investment, id=records.investment.pk)
    assert record.history_user == world.officer_a and record.notes == "From the API"


def test_a_refused_change_leaves_no_history(world, records):
    before = Critique.history.count()
    with pytest.raises(ValidationError):
        services.answer_critique(
            records.critique,
            response="x",
            status="answered",
            responded_on=f.today() + datetime.timedelta(days=3),
            user=world.governor_a,
        )
    assert Critique.history.count() == before


# --- history pages with every persona -------------------------------------------------------


def history_urls(r) -> list[str]:
    commitment = r.meeting.decisions.get()
    return [
        f"/participation/CA/stakeholders/{r.stakeholder.pk}/history/",
        f"/participation/CA/meetings/{r.meeting.pk}/history/",
        f"/participation/CA/meetings/series/{r.meeting.series_id}/history/",
        f"/participation/CA/commitments/{commitment.pk}/history/",
        f"/participation/CA/critiques/{r.critique.pk}/history/",
        f"/participation/CA/investments/{r.investment.pk}/history/",
    ]


@pytest.fixture
def changed(world, records):
    """Every record changed once by county A's governor, contacts included."""
    gov = world.governor_a
    services.save_stakeholder(
        records.stakeholder, {"phone": NEW_PHONE, "email": NEW_EMAIL}, user=gov
    )
    commitment = records.meeting.decisions.get()
    services.update_commitment(commitment, status="done", completed_on=f.today(), user=gov)
    services.update_meeting(records.meeting, {"place": "Town hall"}, user=gov)
    services.save_meeting_series(records.meeting.series, {"place": "Library"}, user=gov)
    # A critique's contacts are corrected in the admin (no page edits them): a plain save.
    critique = Critique.objects.get(pk=records.critique.pk)
    critique.citizen_contact = NEW_PHONE
    critique._history_user = gov
    critique.save()
    services.update_investment(records.investment, {"phone": NEW_PHONE}, user=gov)
    services.save_experience(records.experience, {"phone": NEW_PHONE}, user=gov)
    return records


# persona: may read county A's records, may see its contacts
RIGHTS = {
    "anonymous": (False, False),
    "governor_a": (True, True),
    "governor_b": (False, False),
    "officer_a": (True, True),
    "ministry": (True, True),
    "analyst": (True, False),
}
CONTACTS = (f.CONTACT_PHONE, NEW_PHONE, f.CONTACT_EMAIL, NEW_EMAIL)


@pytest.mark.parametrize("persona", PERSONAS)
def test_history_pages_follow_the_record_rules_and_contacts_stay_private(world, changed, persona):
    may_read, may_see_contacts = RIGHTS[persona]
    client = client_for(world.persona(persona))
    for url in history_urls(changed):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            continue
        assert response.status_code == (200 if may_read else 403), url
        if not may_read:
            continue
        html = response.content.decode()
        assert 'id="history"' in html
        if not may_see_contacts:
            for secret in CONTACTS:
                assert secret not in html, (url, secret)


@pytest.mark.parametrize("persona", ["governor_a", "officer_a", "ministry"])
def test_county_staff_see_the_old_and_new_contact_values_in_the_history(world, changed, persona):
    client = client_for(world.persona(persona))
    for url in (
        f"/participation/CA/stakeholders/{changed.stakeholder.pk}/history/",
        f"/participation/CA/critiques/{changed.critique.pk}/history/",
        f"/participation/CA/investments/{changed.investment.pk}/history/",
        f"/participation/experiences/{changed.experience.pk}/history/",
    ):
        html = client.get(url).content.decode()
        assert f.CONTACT_PHONE in html and NEW_PHONE in html, url


def test_an_analyst_cannot_read_a_stakeholders_old_phone_number_through_the_history(world, changed):
    url = f"/participation/CA/stakeholders/{changed.stakeholder.pk}/history/"
    html = client_for(world.analyst).get(url).content.decode()
    assert f.CONTACT_PHONE not in html and NEW_PHONE not in html
    assert "Phone" in html and "personal contact details are not shown" in html
    # The control: the governor of the county reads both numbers on the same page.
    html = client_for(world.governor_a).get(url).content.decode()
    assert f"{f.CONTACT_PHONE}</bdi> → <bdi>{NEW_PHONE}" in html


def test_what_a_citizen_wrote_on_the_feedback_form_stays_out_of_an_analysts_history(world):
    project = make_project(world.county_a, title_en="Park", title_fa="پارک")
    feedback = record_feedback(
        project, text="Secret words of a citizen", name="A", rating=3, ip="203.0.113.9"
    )
    critique, _ = services.register_critique_from_feedback(feedback, world.governor_a)
    critique.body = "Secret words of a citizen, corrected"
    critique._history_user = world.governor_a
    critique.save()
    url = f"/participation/CA/critiques/{critique.pk}/history/"
    assert "Secret words" not in client_for(world.analyst).get(url).content.decode()
    assert "Secret words" in client_for(world.governor_a).get(url).content.decode()


def test_a_record_of_another_county_is_not_found_under_ones_own_county(world, changed):
    other = f.stakeholder(world.county_b, name="B group")
    client = client_for(world.governor_b)
    assert client.get(f"/participation/CB/stakeholders/{other.pk}/history/").status_code == 200
    for url in history_urls(changed):
        assert client.get(url.replace("/CA/", "/CB/")).status_code == 404, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_published_experiences_history_is_read_like_the_experience(world, changed, persona):
    client = client_for(world.persona(persona))
    response = client.get(f"/participation/experiences/{changed.experience.pk}/history/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200  # the library is national
    html = response.content.decode()
    assert (NEW_PHONE in html) == RIGHTS[persona][1]


def test_a_drafts_history_is_hidden_from_those_who_may_not_change_it(world):
    draft = f.experience(world.county_a, title="Unfinished", publish=False)
    url = f"/participation/experiences/{draft.pk}/history/"
    assert client_for(world.governor_b).get(url).status_code == 404
    assert client_for(world.analyst).get(url).status_code == 404
    assert client_for(world.governor_a).get(url).status_code == 200


def test_detail_pages_link_to_their_history(world, changed):
    client = client_for(world.analyst)
    pages = {
        f"/participation/CA/stakeholders/{changed.stakeholder.pk}/": "stakeholders",
        f"/participation/CA/critiques/{changed.critique.pk}/": "critiques",
        f"/participation/CA/investments/{changed.investment.pk}/": "investments",
        f"/participation/CA/meetings/{changed.meeting.pk}/": "meetings",
        f"/participation/experiences/{changed.experience.pk}/": "experiences",
    }
    for url in pages:
        assert f'href="{url}history/"' in client.get(url).content.decode(), url
    commitment = changed.meeting.decisions.get()
    html = client.get(f"/participation/CA/meetings/{changed.meeting.pk}/").content.decode()
    assert f"/participation/CA/commitments/{commitment.pk}/history/" in html


# --- what the page says ---------------------------------------------------------------------


def test_the_history_names_fields_and_values_as_people_read_them(world, changed):
    html = (
        client_for(world.governor_a)
        .get(f"/participation/CA/meetings/{changed.meeting.pk}/history/")
        .content.decode()
    )
    # Field labels, choice labels, the user, related rows by name.
    assert "<strong>Place</strong>" in html and "Town hall" in html
    assert "<strong>Status</strong>: <bdi>Open</bdi> → <bdi>Done</bdi>" in html
    assert "gov_a" in html
    assert "Commitment: <bdi>Open a one-stop desk</bdi>" in html


def test_dates_are_jalali_under_persian(world, records):
    commitment = records.meeting.decisions.get()
    services.update_commitment(
        commitment, status="open", due_on=datetime.date(2024, 3, 20), user=world.governor_a
    )
    client = client_for(world.governor_a)
    url = f"/participation/CA/commitments/{commitment.pk}/history/"
    english = client.get(url).content.decode()
    assert "20 Mar 2024" in english
    world.governor_a.language = "fa"
    world.governor_a.save(update_fields=["language"])
    client.cookies["django_language"] = "fa"
    persian = client.get(url).content.decode()
    assert "۱ فروردین ۱۴۰۳" in persian  # 2024-03-20 was Nowruz 1403
    assert "</bdi> ← <bdi>" in persian and "</bdi> → <bdi>" in english  # old to new
    with translation.override("fa"):
        label = str(Commitment._meta.get_field("due_on").verbose_name)
    assert label != "due date" and f"<strong>{label}</strong>" in persian


def test_a_change_of_areas_of_interest_lists_them_by_name(world, records):
    services.save_stakeholder(
        records.stakeholder,
        {},
        interests=[f.challenge("employment"), f.challenge("solid_waste")],
        user=world.governor_a,
    )
    html = (
        client_for(world.governor_a)
        .get(f"/participation/CA/stakeholders/{records.stakeholder.pk}/history/")
        .content.decode()
    )
    assert "Areas of interest" in html and "Employment, Solid_Waste" in html


def test_a_history_page_runs_a_bounded_number_of_queries(
    world, records, django_assert_max_num_queries
):
    for n in range(15):
        services.save_stakeholder(
            records.stakeholder,
            {"description": f"Change {n}"},
            interests=[f.challenge("employment")] if n % 2 else [],
            user=world.governor_a,
        )
        services.record_engagement(
            records.stakeholder, date=f.days_ago(n), kind="call", topic=f"Call {n}"
        )
    client = client_for(world.ministry)
    with django_assert_max_num_queries(20):
        response = client.get(f"/participation/CA/stakeholders/{records.stakeholder.pk}/history/")
    assert response.status_code == 200 and response.content.decode().count("Change 1") >= 1


# --- the admin ------------------------------------------------------------------------------


def test_an_admin_change_is_recorded_and_makes_open_forms_stale(world, records):
    from django.contrib.auth.models import Permission

    world.ministry.user_permissions.add(
        *Permission.objects.filter(codename__endswith="stakeholder")
    )
    stakeholder = records.stakeholder
    opened = stakeholder.version
    client = client_for(world.ministry)
    url = f"/admin/participation/stakeholder/{stakeholder.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "county": world.county_a.pk,
            "name": stakeholder.name,
            "type": stakeholder.type,
            "phone": NEW_PHONE,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record = last(Stakeholder, id=stakeholder.pk)
    assert record.history_user == world.ministry and record.phone == NEW_PHONE
    assert Stakeholder.objects.get(pk=stakeholder.pk).version == opened + 1
    assert client.get(f"{url.removesuffix('change/')}history/").status_code == 200
    with pytest.raises(StaleEditError):
        services.save_stakeholder(stakeholder, {"phone": "x"}, expected_version=opened)


def _in_language(client: Any, user: Any, language: str) -> Any:
    user.language = language
    user.save(update_fields=["language"])
    client.cookies["django_language"] = language
    return client


def _changed_values(html: str) -> dict[str, list[str]]:
    """Each change's field label: its old and new values as the page shows them."""
    out = {}
    for cell in re.findall(r'<div class="history-change">(.*?)</div>', html, re.S):
        found = re.search(r"<strong>(.*?)</strong>", cell)
        assert found is not None
        label = found.group(1)
        out[label] = re.findall(r"<bdi>(.*?)</bdi>", cell)
    return out


def test_numbers_and_phones_in_the_history_follow_the_language(world, records):
    services.update_investment(
        records.investment,
        {"amount": Decimal("2500000"), "expected_jobs": 75, "phone": NEW_PHONE},
        user=world.governor_a,
    )
    url = f"/participation/CA/investments/{records.investment.pk}/history/"
    client = client_for(world.governor_a)
    english = _changed_values(
        _in_language(client, world.governor_a, "en").get(url).content.decode()
    )
    assert english["Amount (rials)"] == ["1,000,000,000", "2,500,000"]
    assert english["Expected jobs"] == ["40", "75"]
    assert english["Phone"] == [f.CONTACT_PHONE, NEW_PHONE]

    persian = _changed_values(
        _in_language(client, world.governor_a, "fa").get(url).content.decode()
    )
    with translation.override("fa"):
        amount, jobs, phone = (
            field_label(Investment._meta.get_field(name))
            for name in ("amount", "expected_jobs", "phone")
        )
    label = {k.lower(): v for k, v in persian.items()}
    assert label[amount.lower()] == ["۱٬۰۰۰٬۰۰۰٬۰۰۰", "۲٬۵۰۰٬۰۰۰"]
    assert label[jobs.lower()] == ["۴۰", "۷۵"]
    assert label[phone.lower()] == ["۰۹۱۲-۵۵۵-۰۱۰۱", "۰۹۱۲-۷۷۷-۰۳۰۳"]
    assert not re.search("[0-9]", "".join(v for values in persian.values() for v in values))
