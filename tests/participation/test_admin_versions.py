"""Every admin of a versioned participation record (stakeholders, commitments, also as rows of a
meeting, critiques, investments, experiences) raises the version, shows it read-only, refuses an
admin form opened before someone else's change, and makes a page opened before it stale."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participation import services
from participation.models import Commitment
from tests.admin_versions import (
    STALE,
    admin_client,
    admin_form_opened_before_another_change_is_refused,
    admin_save_raises_the_version,
    change_url,
    page_form,
    page_opened_before_an_admin_change_is_refused,
    stored,
    version_of,
)
from tests.conftest import client_for
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

KINDS = ["stakeholder", "commitment", "critique", "investment", "experience"]


def record_of(records: Any, kind: str) -> Any:
    if kind == "commitment":
        return records.meeting.decisions.get()
    return getattr(records, kind)


# kind -> (an admin's change, the record's page, the governor's change there)
CHANGES: dict[str, tuple[dict[str, str], str, dict[str, str]]] = {
    "stakeholder": (
        {"contact_person": "Admin's contact"},
        "/participation/CA/stakeholders/{pk}/edit/",
        {"description": "Governor's"},
    ),
    "commitment": (
        {"owner": "Admin's owner"},
        "/participation/CA/commitments/{pk}/",
        {"note": "Governor's"},
    ),
    "critique": (
        {"topic": "Admin's topic"},
        "/participation/CA/critiques/{pk}/",
        {"response": "Governor's", "status": "answered"},
    ),
    "investment": (
        {"investor": "Admin's investor"},
        "/participation/CA/investments/{pk}/edit/",
        {"notes": "Governor's"},
    ),
    "experience": (
        {"actions": "Admin's actions"},
        "/participation/experiences/{pk}/edit/",
        {"results": "Governor's"},
    ),
}


def other_change(world: Any, record: Any, kind: str) -> None:
    """Someone (the province) saves the record through its page's service."""
    officer = world.officer_a
    if kind == "stakeholder":
        services.save_stakeholder(record, {"description": "First"}, user=officer)
    elif kind == "commitment":
        services.update_commitment(record, status="in_progress", note="First", user=officer)
    elif kind == "critique":
        services.answer_critique(
            record, response="First", status="answered", responded_on=f.today(), user=officer
        )
    elif kind == "investment":
        services.update_investment(record, {"notes": "First"}, user=officer)
    else:
        services.save_experience(record, {"results": "First"}, user=officer)


@pytest.mark.parametrize("kind", KINDS)
def test_an_admin_save_raises_the_version_which_is_read_only(world, records, kind):
    record = record_of(records, kind)
    client = admin_client(world)
    assert "version" not in page_form(client, change_url(record))
    admin_save_raises_the_version(client, record, CHANGES[kind][0])


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_opened_before_an_admin_change_is_refused(world, records, kind):
    record = record_of(records, kind)
    admin_change, page, page_change = CHANGES[kind]
    page_opened_before_an_admin_change_is_refused(
        client_for(world.governor_a),
        admin_client(world),
        record,
        page=page.format(pk=record.pk),
        page_change=page_change,
        admin_change=admin_change,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_an_admin_form_opened_before_another_change_is_refused(world, records, kind):
    record = record_of(records, kind)
    admin_form_opened_before_another_change_is_refused(
        admin_client(world), record, CHANGES[kind][0], lambda: other_change(world, record, kind)
    )


# --- commitments as rows of their meeting ---------------------------------------------------


def _meeting_form(client: Any, meeting: Any) -> tuple[str, dict[str, list[str]], str]:
    """The meeting's admin form and the name of its first commitment row's owner field."""
    url = change_url(meeting)
    data = page_form(client, url)
    owner = next(name for name in data if name.endswith("-owner"))
    return url, data, owner


def test_a_commitment_changed_as_a_row_of_its_meeting_gets_a_new_version(world, records):
    commitment = record_of(records, "commitment")
    before = commitment.version
    client = admin_client(world)
    url, data, owner = _meeting_form(client, records.meeting)
    assert not any(name.endswith("-version") for name in data)  # read-only there too
    saved = client.post(url, {**data, owner: "Admin's owner"})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert Commitment.objects.get(pk=commitment.pk).version == before + 1


def test_a_meeting_form_opened_before_a_commitment_changed_refuses_that_row(world, records):
    commitment = record_of(records, "commitment")
    client = admin_client(world)
    url, data, owner = _meeting_form(client, records.meeting)
    other_change(world, commitment, "commitment")
    before = stored(commitment), stored(records.meeting)
    refused = client.post(url, {**data, owner: "Admin's owner", "agenda": "Admin's agenda"})
    assert refused.status_code == 200 and STALE in refused.content.decode()
    assert (stored(commitment), stored(records.meeting)) == before


def test_a_row_shown_as_it_is_stored_is_neither_checked_nor_saved(world, records):
    commitment = record_of(records, "commitment")
    client = admin_client(world)
    url, data, _owner = _meeting_form(client, records.meeting)
    # A new version with the same values (a status set again): the row on the page is current.
    services.update_commitment(commitment, status=commitment.status, user=world.officer_a)
    before = stored(commitment)
    saved = client.post(url, {**data, "agenda": "Admin's agenda"})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert stored(commitment) == before


def test_reverting_to_an_old_record_in_the_admin_is_checked_and_a_new_version(world, records):
    stakeholder = records.stakeholder
    first = stakeholder.history.earliest()
    other_change(world, stakeholder, "stakeholder")
    current = version_of(stakeholder)
    client = admin_client(world)
    url = reverse(
        "admin:participation_stakeholder_simple_history", args=[stakeholder.pk, first.history_id]
    )
    opened = page_form(client, url)
    assert opened["opened_version"] == [str(current)]  # the stored version, not the old one
    other_change(world, stakeholder, "stakeholder")
    before = stored(stakeholder)
    refused = client.post(url, opened)
    assert refused.status_code == 200 and STALE in refused.content.decode()
    assert stored(stakeholder) == before
    reverted = client.post(url, page_form(client, url))
    assert reverted.status_code == 302, reverted.content.decode()[:3000]
    assert version_of(stakeholder) == before[0]["version"] + 1
    assert stakeholder.__class__.objects.get(pk=stakeholder.pk).description == first.description
