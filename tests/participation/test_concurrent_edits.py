"""Two people edit the same record: the first save wins, the second (based on the version it
read) is refused with a clear message on the page or 409 in the API, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from governance.versioning import StaleEditError
from participation import services
from participation.models import Commitment, Critique, Experience, Investment, Stakeholder
from tests.conftest import client_for
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this"


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def snapshot(instance: Any) -> tuple[dict[str, Any], int]:
    """The stored row and how many history records it has."""
    model = type(instance)
    row = model.objects.filter(pk=instance.pk).values().get()
    return row, model.history.filter(id=instance.pk).count()


# --- the services ---------------------------------------------------------------------------


def test_a_save_based_on_an_older_version_is_refused_by_the_service(world, records):
    stakeholder = records.stakeholder
    read = stakeholder.version
    services.save_stakeholder(
        stakeholder, {"description": "First"}, expected_version=read, user=world.governor_a
    )
    assert Stakeholder.objects.get(pk=stakeholder.pk).version == read + 1
    before = snapshot(stakeholder)
    with pytest.raises(StaleEditError):
        services.save_stakeholder(
            Stakeholder.objects.get(pk=stakeholder.pk),
            {"description": "Second"},
            expected_version=read,
            user=world.officer_a,
        )
    assert snapshot(stakeholder) == before
    assert Stakeholder.objects.get(pk=stakeholder.pk).description == "First"


# --- pages ----------------------------------------------------------------------------------


def _first_change(world, records, kind: str) -> Any:
    """Someone (the province) saves first; returns the record, as now stored."""
    officer = world.officer_a
    if kind == "stakeholder":
        s = records.stakeholder
        services.save_stakeholder(s, {"description": "First"}, user=officer)
        return Stakeholder.objects.get(pk=s.pk)
    if kind == "critique":
        c = records.critique
        services.answer_critique(
            c, response="First", status="answered", responded_on=f.today(), user=officer
        )
        return Critique.objects.get(pk=c.pk)
    if kind == "commitment":
        c = records.meeting.decisions.get()
        services.update_commitment(c, status="in_progress", note="First", user=officer)
        return Commitment.objects.get(pk=c.pk)
    if kind in ("investment", "advance"):
        i = records.investment
        services.update_investment(i, {"notes": "First"}, user=officer)
        return Investment.objects.get(pk=i.pk)
    e = records.experience
    services.save_experience(e, {"results": "First"}, user=officer)
    return Experience.objects.get(pk=e.pk)


def _stale_post(records, kind: str, version: int) -> tuple[str, dict[str, Any]]:
    """The page and the form the governor had opened before the first change."""
    if kind == "stakeholder":
        s = records.stakeholder
        return f"/participation/CA/stakeholders/{s.pk}/edit/", {
            "name": s.name,
            "type": s.type,
            "description": "Second",
            "is_active": "on",
            "version": version,
        }
    if kind == "critique":
        return f"/participation/CA/critiques/{records.critique.pk}/", {
            "response": "Second",
            "status": "acted_on",
            "responded_on": f.today().isoformat(),
            "version": version,
        }
    if kind == "commitment":
        c = records.meeting.decisions.get()
        return f"/participation/CA/commitments/{c.pk}/", {
            "status": "done",
            "owner": c.owner,
            "due_on": c.due_on.isoformat(),
            "completed_on": f.today().isoformat(),
            "note": "Second",
            "version": version,
        }
    if kind == "investment":
        i = records.investment
        return f"/participation/CA/investments/{i.pk}/edit/", {
            "name": i.name,
            "investor": i.investor,
            "sector": i.sector,
            "expected_jobs": 5,
            "notes": "Second",
            "version": version,
        }
    if kind == "advance":
        return f"/participation/CA/investments/{records.investment.pk}/", {
            "stage": "meeting",
            "date": f.today().isoformat(),
            "note": "Second",
            "version": version,
        }
    e = records.experience
    return f"/participation/experiences/{e.pk}/edit/", {
        "title": e.title,
        "problem": e.problem,
        "actions": e.actions,
        "results": "Second",
        "version": version,
    }


KINDS = ["stakeholder", "critique", "commitment", "investment", "advance", "experience"]
NOUNS = {"advance": "investment"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_form_is_refused_with_a_message_and_the_first_change_is_kept(world, records, kind):
    opened_at = {
        "stakeholder": records.stakeholder,
        "critique": records.critique,
        "commitment": records.meeting.decisions.get(),
        "investment": records.investment,
        "advance": records.investment,
        "experience": records.experience,
    }[kind]
    version = type(opened_at).objects.get(pk=opened_at.pk).version
    stored = _first_change(world, records, kind)
    before = snapshot(stored)
    url, data = _stale_post(records, kind, version)
    response = client_for(world.governor_a).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    noun = NOUNS.get(kind, kind)
    assert f"{STALE} {noun} after you opened it. Their change was kept" in html
    assert "Second" in html  # the refused input is still in the form, not lost
    assert snapshot(stored) == before


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_form_with_the_current_version_is_saved(world, records, kind):
    stored = _first_change(world, records, kind)
    url, data = _stale_post(records, kind, stored.version)
    response = client_for(world.governor_a).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    now = type(stored).objects.get(pk=stored.pk)
    assert now.version == stored.version + 1
    assert now.history.latest().history_user == world.governor_a


def test_a_stale_publish_button_is_refused_and_the_experience_stays_as_it_was(world, records):
    experience = records.experience
    shown = experience.version
    services.save_experience(experience, {"results": "First"}, user=world.officer_a)
    before = snapshot(experience)
    client = client_for(world.governor_a)
    response = client.post(
        f"/participation/experiences/{experience.pk}/publish/",
        {"publish": "0", "version": shown},
        follow=True,
    )
    assert STALE in response.content.decode()
    assert snapshot(experience) == before


def test_the_edit_forms_carry_the_version_they_were_opened_on(world, records):
    client = client_for(world.governor_a)
    records.stakeholder.refresh_from_db()
    html = client.get(
        f"/participation/CA/stakeholders/{records.stakeholder.pk}/edit/"
    ).content.decode()
    assert f'name="version" value="{records.stakeholder.version}"' in html
    html = client.get(f"/participation/CA/critiques/{records.critique.pk}/").content.decode()
    records.critique.refresh_from_db()
    assert f'name="version" value="{records.critique.version}"' in html


# --- the API --------------------------------------------------------------------------------


def _api_change(world, records, kind: str, version: int) -> tuple[str, str, dict[str, Any]]:
    if kind == "stakeholder":
        return "patch", f"/api/v1/stakeholders/{records.stakeholder.pk}/", {"description": "API"}
    if kind == "commitment":
        c = records.meeting.decisions.get()
        return "patch", f"/api/v1/commitments/{c.pk}/", {"note": "API"}
    if kind == "critique":
        return (
            "post",
            f"/api/v1/critiques/{records.critique.pk}/answer/",
            {"response": "API", "status": "answered", "responded_on": f.today().isoformat()},
        )
    if kind == "investment":
        return "patch", f"/api/v1/investments/{records.investment.pk}/", {"notes": "API"}
    if kind == "advance":
        return (
            "post",
            f"/api/v1/investments/{records.investment.pk}/advance/",
            {"stage": "meeting", "date": f.today().isoformat()},
        )
    if kind == "publish":
        return "post", f"/api/v1/experiences/{records.experience.pk}/publish/", {"publish": False}
    return "patch", f"/api/v1/experiences/{records.experience.pk}/", {"results": "API"}


API_KINDS = [*KINDS, "publish"]


@pytest.mark.parametrize("kind", API_KINDS)
def test_the_api_answers_409_to_a_stale_version_and_changes_nothing(world, records, kind):
    stored = _first_change(world, records, "experience" if kind == "publish" else kind)
    before = snapshot(stored)
    method, url, data = _api_change(world, records, kind, stored.version)
    response = getattr(api(world.governor_a), method)(
        url, {**data, "version": stored.version - 1}, format="json"
    )
    assert response.status_code == 409, response.json()
    assert "Someone else changed this item" in response.json()["detail"]
    assert snapshot(stored) == before


@pytest.mark.parametrize("kind", API_KINDS)
def test_the_api_needs_the_version_and_accepts_the_current_one(world, records, kind):
    stored = _first_change(world, records, "experience" if kind == "publish" else kind)
    before = snapshot(stored)
    method, url, data = _api_change(world, records, kind, stored.version)
    client = api(world.governor_a)
    missing = getattr(client, method)(url, data, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert snapshot(stored) == before
    ok = getattr(client, method)(url, {**data, "version": stored.version}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["version"] == stored.version + 1


def test_a_feature_based_on_an_older_version_is_refused(world, records):
    experience = records.experience
    services.save_experience(experience, {"results": "First"}, user=world.governor_a)
    before = snapshot(experience)
    response = api(world.ministry).post(
        f"/api/v1/experiences/{experience.pk}/feature/",
        {"version": experience.version - 1},
        format="json",
    )
    assert response.status_code == 409
    assert snapshot(experience) == before
