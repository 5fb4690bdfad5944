"""A commitment's owner's account (Commitment.owner_user): offered in the form to whoever may
read the county, refused by the service for anyone else, read and written through the API,
kept in the commitment's history; and the access rules that pick each event's recipients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from governance import access
from participation import services as participation
from participation.forms import CommitmentForm
from tests import personas
from tests.conftest import client_for, visible_text
from tests.submissions.helpers import refused

pytestmark = pytest.mark.django_db


def test_the_form_offers_the_users_who_may_read_the_county(people, commitment_due):
    commitment = commitment_due(5)
    form = CommitmentForm(county=people.county_a)
    offered = set(form.fields["owner_user"].queryset)
    assert offered == {
        people.governor_a,
        people.officer_a,
        people.ministry,
        people.analyst,
    }  # not county B's governor
    page = (
        client_for(people.governor_a)
        .get(f"/participation/CA/commitments/{commitment.pk}/")
        .content.decode()
    )
    assert 'name="owner_user"' in page and "gov_b" not in page


def test_the_page_saves_the_owners_account_and_the_history_shows_it(people, commitment_due):
    commitment = commitment_due(5)
    client = client_for(people.governor_a)
    response = client.post(
        f"/participation/CA/commitments/{commitment.pk}/",
        {
            "status": "open",
            "owner": commitment.owner,
            "owner_user": people.officer_a.pk,
            "due_on": commitment.due_on.isoformat(),
            "version": commitment.version,
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.owner_user == people.officer_a and commitment.version == 2
    assert commitment.history.first().owner_user_id == people.officer_a.pk
    history = client.get(f"/participation/CA/commitments/{commitment.pk}/history/")
    assert "Owner's account : — → officer_a" in visible_text(history.content.decode())


def test_another_countys_governor_is_refused_as_owner(people, commitment_due):
    commitment = commitment_due(5)
    with refused("other_county") as caught:
        participation.update_commitment(
            commitment, status="open", owner_user=people.governor_b, expected_version=1
        )
    assert "owner_user" in caught.value.message_dict
    commitment.refresh_from_db()
    assert commitment.owner_user is None and commitment.version == 1


def test_leaving_the_owners_account_out_keeps_it_and_none_clears_it(people, commitment_due):
    commitment = commitment_due(5)
    participation.update_commitment(
        commitment, status="open", owner_user=people.governor_a, expected_version=1
    )
    participation.update_commitment(commitment, status="in_progress", expected_version=2)
    commitment.refresh_from_db()
    assert commitment.owner_user == people.governor_a
    participation.update_commitment(commitment, status="open", owner_user=None, expected_version=3)
    commitment.refresh_from_db()
    assert commitment.owner_user is None


def test_the_api_reads_and_writes_the_owners_account_by_username(people, commitment_due):
    commitment = commitment_due(5)
    client = client_for(people.governor_a)
    url = f"/api/v1/commitments/{commitment.pk}/"
    assert client.get(url).json()["owner_user"] is None
    response = client.patch(
        url, {"owner_user": "officer_a", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner_user"] == "officer_a"
    response = client.patch(
        url, {"owner_user": "gov_b", "version": 2}, content_type="application/json"
    )
    assert response.status_code == 400 and "owner_user" in response.json()
    response = client.patch(
        url, {"status": "in_progress", "version": 2}, content_type="application/json"
    )
    assert response.json()["owner_user"] == "officer_a"  # left out: kept


# --- who is told: governance.access ----------------------------------------------------------


def test_the_recipients_follow_the_access_rules(people):
    inactive = personas.governor_of(people.county_a, "gov_a_old")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    assert list(access.governors_of(people.county_a)) == [people.governor_a]
    assert list(access.provincial_officers_of(people.province_a.pk)) == [people.officer_a]
    assert list(access.provincial_officers_of(people.province_b.pk)) == []
    assert list(access.provincial_officers_of(None)) == []
    assert list(access.ministry_staff()) == [people.ministry]


def test_users_who_may_view_a_county_match_the_predicate(people):
    for county in (people.county_a, people.county_a2, people.county_b):
        listed = set(access.users_who_may_view(county))
        users = type(people.governor_a).objects.all()
        assert listed == {u for u in users if access.can_view_county(u, county)}
    assert not access.can_view_county(AnonymousUser(), people.county_a)
