"""Every participation page with every persona: who may read, who may write, and that personal
contact details never reach analysts, other counties, the public page or analyst exports."""

from __future__ import annotations

import pytest

from participation.models import Critique, Engagement, Investment, Stakeholder
from tests.conftest import PERSONAS, client_for
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

SECRETS = (f.CONTACT_PHONE, f.CONTACT_EMAIL, f.CONTACT_PERSON, f.CITIZEN_NAME, "Secret Street")

# persona: may read county A's records, may see its contacts, may change it
RIGHTS = {
    "anonymous": (False, False, False),
    "governor_a": (True, True, True),
    "governor_b": (False, False, False),
    "officer_a": (True, True, True),
    "ministry": (True, True, True),
    "analyst": (True, False, False),
}


def county_pages(r) -> list[str]:
    return [
        "/participation/CA/",
        "/participation/CA/stakeholders/",
        f"/participation/CA/stakeholders/{r.stakeholder.pk}/",
        "/participation/CA/stakeholders/export.csv",
        "/participation/CA/meetings/",
        f"/participation/CA/meetings/{r.meeting.pk}/",
        "/participation/CA/meetings.ics",
        "/participation/CA/critiques/",
        f"/participation/CA/critiques/{r.critique.pk}/",
        "/participation/CA/critiques/export.csv",
        "/participation/CA/investments/",
        f"/participation/CA/investments/{r.investment.pk}/",
        "/participation/CA/investments/export.csv",
    ]


def _text(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_county_pages_follow_the_county_rules_and_contacts_stay_private(world, records, persona):
    may_read, may_see_contacts, _ = RIGHTS[persona]
    client = client_for(world.persona(persona))
    for url in county_pages(records):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            continue
        assert response.status_code == (200 if may_read else 403), url
        if may_read and not may_see_contacts:
            text = _text(response)
            for secret in SECRETS:
                assert secret not in text, (url, secret)


# Pages and exports that do show contacts to those allowed (the control for the test above).
SHOWN = {
    "stakeholder": (f.CONTACT_PERSON, f.CONTACT_PHONE, f.CONTACT_EMAIL, "Secret Street"),
    "stakeholder_export": (f.CONTACT_PERSON, f.CONTACT_PHONE, f.CONTACT_EMAIL, "Secret Street"),
    "critique": (f.CITIZEN_NAME, f.CONTACT_PHONE),
    "critique_export": (f.CITIZEN_NAME, f.CONTACT_PHONE),
    "investment": (f.CONTACT_PERSON, f.CONTACT_PHONE, f.CONTACT_EMAIL),
    "investment_export": (f.CONTACT_PERSON, f.CONTACT_PHONE, f.CONTACT_EMAIL),
}


@pytest.mark.parametrize("persona", ["governor_a", "officer_a", "ministry"])
def test_county_staff_province_and_ministry_do_see_the_contacts(world, records, persona):
    client = client_for(world.persona(persona))
    urls = {
        "stakeholder": f"/participation/CA/stakeholders/{records.stakeholder.pk}/",
        "stakeholder_export": "/participation/CA/stakeholders/export.csv",
        "critique": f"/participation/CA/critiques/{records.critique.pk}/",
        "critique_export": "/participation/CA/critiques/export.csv",
        "investment": f"/participation/CA/investments/{records.investment.pk}/",
        "investment_export": "/participation/CA/investments/export.csv",
    }
    for name, url in urls.items():
        text = _text(client.get(url))
        for secret in SHOWN[name]:
            assert secret in text, (url, secret)


@pytest.mark.parametrize("persona", PERSONAS)
def test_national_pages_are_for_signed_in_users(world, records, persona):
    client = client_for(world.persona(persona))
    for url in (
        "/participation/",
        "/participation/compare/",
        "/participation/province/PA/overdue/",
        "/participation/experiences/",
        f"/participation/experiences/{records.experience.pk}/",
    ):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code in (200, 302), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_experience_contacts_only_for_the_publishing_countys_staff_province_and_ministry(
    world, records, persona
):
    response = client_for(world.persona(persona)).get(
        f"/participation/experiences/{records.experience.pk}/"
    )
    if persona == "anonymous":
        assert response.status_code == 302
        return
    text = response.content.decode()
    assert records.experience.title in text
    assert (f.CONTACT_PHONE in text) == RIGHTS[persona][1]
    assert (f.CONTACT_EMAIL in text) == RIGHTS[persona][1]


def test_the_public_said_did_page_needs_no_login_and_shows_no_personal_data(world, records):
    unpublished = f.critique(world.county_a, topic="Unpublished complaint")
    response = client_for(None).get("/participation/public/CA/said-did/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Late waste collection" in text and "Night collection started." in text
    assert unpublished.topic not in text
    assert "The truck did not come" not in text  # the critique's own words stay internal
    for secret in SECRETS:
        assert secret not in text
    assert client_for(None).get("/participation/public/NOPE/said-did/").status_code == 404


def test_declined_or_open_critiques_are_never_published(world, records):
    critique = f.critique(world.county_a, topic="Declined topic")
    from participation import services

    services.answer_critique(
        critique,
        response="No.",
        status="declined",
        responded_on=f.today(),
        decline_reason="Not ours",
    )
    Critique.objects.filter(pk=critique.pk).update(is_publishable=True)  # even if forced in the db
    text = client_for(None).get("/participation/public/CA/said-did/").content.decode()
    assert "Declined topic" not in text


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_county_staff_province_and_ministry_may_add_records(world, records, persona):
    may_change = RIGHTS[persona][2]
    client = client_for(world.persona(persona))
    before = (Stakeholder.objects.count(), Engagement.objects.count(), Investment.objects.count())
    posts = [
        (
            "/participation/CA/stakeholders/new/",
            {"name": "New trustee", "type": "local_trustee", "is_active": "on"},
        ),
        (
            f"/participation/CA/stakeholders/{records.stakeholder.pk}/",
            {"date": f.today().isoformat(), "kind": "call", "topic": "Follow-up"},
        ),
        (
            "/participation/CA/investments/new/",
            {
                "name": "Bakery",
                "investor": "X",
                "sector": "services",
                "expected_jobs": "3",
                "lead_on": f.today().isoformat(),
            },
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif not may_change:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, (url, response.content.decode()[:2000])
    after = (Stakeholder.objects.count(), Engagement.objects.count(), Investment.objects.count())
    assert (after != before) == may_change


def test_another_countys_record_is_not_reachable_through_your_own_county_url(world, records):
    client = client_for(world.governor_b)
    response = client.get(f"/participation/CB/stakeholders/{records.stakeholder.pk}/")
    assert response.status_code == 404


def test_only_ministry_staff_feature_an_experience(world, records):
    url = f"/participation/experiences/{records.experience.pk}/feature/"
    for persona in ("governor_a", "officer_a", "analyst"):
        assert client_for(world.persona(persona)).post(url, {"featured": "1"}).status_code == 403
    records.experience.refresh_from_db()
    assert not records.experience.is_featured
    client_for(world.ministry).post(url, {"featured": "1"})
    records.experience.refresh_from_db()
    assert records.experience.is_featured and records.experience.featured_by == world.ministry


def test_drafts_are_visible_only_to_those_who_may_change_them(world):
    draft = f.experience(world.county_a, title="Draft idea", publish=False)
    assert (
        client_for(world.governor_a).get(f"/participation/experiences/{draft.pk}/").status_code
        == 200
    )
    assert (
        client_for(world.governor_b).get(f"/participation/experiences/{draft.pk}/").status_code
        == 404
    )
    assert (
        client_for(world.analyst).get(f"/participation/experiences/{draft.pk}/").status_code == 404
    )
    assert (
        "Draft idea"
        not in client_for(world.analyst).get("/participation/experiences/").content.decode()
    )


def test_governor_is_sent_to_their_county_and_others_get_a_picker(world, records):
    response = client_for(world.governor_a).get("/participation/")
    assert response.status_code == 302 and response["Location"] == "/participation/CA/"
    html = client_for(world.officer_a).get("/participation/").content.decode()
    assert "County A" in html and "County B" not in html


def test_the_participation_nav_item_is_shown_to_signed_in_users(world):
    html = client_for(world.analyst).get("/counties/").content.decode()
    assert 'href="/participation/"' in html
