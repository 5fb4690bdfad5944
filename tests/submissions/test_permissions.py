"""Who may enter, see, edit, approve and return submissions (governance.access), and the
querysets that list them (submissions.queries) following the same rules."""

from __future__ import annotations

import pytest

from governance import access
from submissions import queries, services
from submissions.models import Submission

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "governor_a",
    "governor_b",
    "officer_a",
    "officer_b",
    "ministry",
    "analyst",
]


def persona(site, name):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if name == "anonymous" else getattr(site, name)


@pytest.fixture
def cases(site, jobs):
    """One submission of each kind, all submitted except the approved import."""

    def entered(county, user):
        draft = services.save_draft(
            county, "1403", {jobs.pk: (10.0, "")}, user=user, expected_version=None
        )
        return services.submit_submission(draft, user=user, expected_version=draft.version)

    return {
        "governor_a": entered(site.county_a, site.governor_a),
        "officer_a": entered(site.county_a2, site.officer_a),
        "governor_b": entered(site.county_b, site.governor_b),
        "analyst_import": Submission.objects.create(
            origin="import", state="submitted", created_by=site.analyst, submitted_by=site.analyst
        ),
        "approved_import": Submission.objects.create(
            origin="import",
            state="approved",
            created_by=site.ministry,
            submitted_by=site.ministry,
            decided_by=site.ministry,
        ),
    }


VIEW = {
    "anonymous": set(),
    "governor_a": {"governor_a"},
    "governor_b": {"governor_b"},
    "officer_a": {"governor_a", "officer_a"},
    "officer_b": {"governor_b"},
    "ministry": {"governor_a", "officer_a", "governor_b", "analyst_import", "approved_import"},
    # Analysts: their own import and approved submissions (where a published value came from).
    "analyst": {"analyst_import", "approved_import"},
}
# Who decides each submission (never its submitter): a governor's goes to the provincial
# officer of its province or ministry staff; a provincial officer's and imports to ministry.
APPROVE = {
    "anonymous": set(),
    "governor_a": set(),
    "governor_b": set(),
    "officer_a": {"governor_a"},
    "officer_b": {"governor_b"},
    "ministry": {"governor_a", "officer_a", "governor_b", "analyst_import"},
    "analyst": set(),
}
ENTER = {
    "anonymous": set(),
    "governor_a": {"CA"},
    "governor_b": {"CB"},
    "officer_a": {"CA", "CA2"},
    "officer_b": {"CB"},
    "ministry": set(),  # ministry staff import files; county offices enter their own values
    "analyst": set(),
}


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_see_each_submission(site, cases, name):
    user = persona(site, name)
    allowed = {key for key, s in cases.items() if access.can_view_submission(user, s)}
    assert allowed == VIEW[name]
    listed = set(queries.viewable_by(user).values_list("pk", flat=True))
    assert listed == {cases[key].pk for key in VIEW[name]}


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_approve_or_return_each_submission(site, cases, name):
    user = persona(site, name)
    allowed = {key for key, s in cases.items() if access.can_approve_submission(user, s)}
    assert allowed == APPROVE[name]
    awaiting = set(queries.awaiting_review_by(user).values_list("pk", flat=True))
    assert awaiting == {cases[key].pk for key in APPROVE[name]}


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_enter_a_countys_values(site, name):
    user = persona(site, name)
    counties = [site.county_a, site.county_a2, site.county_b]
    assert {c.code for c in counties if access.can_enter_data(user, c)} == ENTER[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_edit_a_form_submission_and_nobody_edits_an_import(site, cases, name):
    user = persona(site, name)
    editable = {key for key, s in cases.items() if access.can_edit_submission(user, s)}
    expected = {
        "governor_a": {"governor_a"},
        "governor_b": {"governor_b"},
        "officer_a": {"governor_a", "officer_a"},
        "officer_b": {"governor_b"},
    }.get(name, set())
    assert editable == expected


def test_an_inactive_user_may_do_nothing(site, cases):
    site.officer_a.is_active = False
    site.officer_a.save(update_fields=["is_active"])
    assert not access.can_view_submission(site.officer_a, cases["governor_a"])
    assert not access.can_approve_submission(site.officer_a, cases["governor_a"])
    assert not access.can_enter_data(site.officer_a, site.county_a)


def test_a_governors_returned_submission_is_on_their_workbench_and_their_officers(site, cases):
    services.return_submission(cases["governor_a"], user=site.officer_a, comment="Check jobs")
    services.return_submission(cases["governor_b"], user=site.ministry, comment="Check")
    assert list(queries.returned_to(site.governor_a)) == [cases["governor_a"]]
    assert list(queries.returned_to(site.officer_a)) == [cases["governor_a"]]
    assert list(queries.returned_to(site.governor_b)) == [cases["governor_b"]]
    assert not queries.returned_to(site.ministry).exists()
    assert not queries.returned_to(site.analyst).exists()


def test_the_review_list_runs_a_bounded_number_of_queries(
    site, cases, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        rows = [
            (s.county, s.submitted_by, s.province)
            for s in queries.awaiting_review_by(site.ministry)
        ]
    assert len(rows) == 4


def test_the_admin_shows_submissions_but_changes_them_only_through_the_services(site, cases):
    from tests.conftest import client_for

    site.ministry.is_staff = site.ministry.is_superuser = True
    site.ministry.save(update_fields=["is_staff", "is_superuser"])
    client = client_for(site.ministry)
    pk = cases["governor_a"].pk
    assert client.get("/admin/submissions/submission/").status_code == 200
    assert client.get(f"/admin/submissions/submission/{pk}/change/").status_code == 200
    assert client.get("/admin/submissions/submittedvalue/").status_code == 200
    assert client.get("/admin/submissions/submission/add/").status_code == 403
    changed = client.post(f"/admin/submissions/submission/{pk}/change/", {"state": "approved"})
    assert changed.status_code == 403
    assert (
        client.post(f"/admin/submissions/submission/{pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Submission.objects.get(pk=pk).state == "submitted"
