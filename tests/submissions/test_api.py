"""/api/v1/submissions/: the same rules as the pages, Persian digits, versions and actions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from counties.models import Observation
from submissions import services
from submissions.models import Submission

pytestmark = pytest.mark.django_db

URL = "/api/v1/submissions/"


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def create(client, jobs, county="CA", value="۱۲٫۵", period="۱۴۰۳", version=None):
    body = {
        "county": county,
        "period": period,
        "values": [{"indicator": jobs.code, "value": value, "note": "یادداشت"}],
    }
    if version is not None:
        body["version"] = version
    return client.post(URL, body, format="json")


def test_a_governor_creates_a_draft_in_persian_digits(site, jobs):
    response = create(api(site.governor_a), jobs)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["county"], body["period"], body["version"]) == (
        "draft",
        "CA",
        "1403",
        1,
    )
    assert [(v["indicator"], v["value"], v["note"]) for v in body["values"]] == [
        ("new_jobs", 12.5, "یادداشت")
    ]
    assert body["value_count"] == 1 and body["flagged_count"] == 0


@pytest.mark.parametrize(
    ("name", "status"),
    [("anonymous", {401, 403}), ("governor_b", {403}), ("ministry", {403}), ("analyst", {403})],
)
def test_others_may_not_create_a_countys_draft(site, jobs, name, status):
    client = api(site.persona(name))
    assert create(client, jobs).status_code in status
    assert not Submission.objects.exists()


def test_an_edit_needs_the_version_read_and_an_older_one_is_409(site, jobs):
    client = api(site.governor_a)
    pk = create(client, jobs).json()["id"]
    edited = client.patch(
        f"{URL}{pk}/",
        {"values": [{"indicator": "new_jobs", "value": 13}], "version": 1},
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.patch(
        f"{URL}{pk}/",
        {"values": [{"indicator": "new_jobs", "value": 14}], "version": 1},
        format="json",
    )
    assert stale.status_code == 409
    assert Submission.objects.get().values.get().value == 13.0
    assert create(client, jobs, value=15, version=1).status_code == 409


def test_a_value_out_of_range_is_a_400_naming_the_indicator(site, jobs):
    response = create(api(site.governor_a), jobs, value=jobs.max_value * 10)
    assert response.status_code == 400 and "new_jobs" in response.json()
    assert not Submission.objects.exists()


def test_an_indicator_that_is_not_county_reported_is_a_400(site, jobs):
    response = api(site.governor_a).post(
        URL,
        {
            "county": "CA",
            "period": "1403",
            "values": [{"indicator": "unemployment_rate", "value": 3}],
        },
        format="json",
    )
    assert response.status_code == 400


def test_the_whole_path_submit_return_resubmit_approve(site, jobs, flag_value):
    flag_value(88.0)
    governor, officer = api(site.governor_a), api(site.officer_a)
    pk = create(governor, jobs, value="۸۸").json()["id"]
    submitted = governor.post(f"{URL}{pk}/submit/", {"version": 1}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    flags = submitted.json()["values"][0]["flags"]
    assert [(f["code"], f["blocking"]) for f in flags] == [("change", False)]
    assert flags[0]["message"]  # described in the request's language

    assert governor.post(f"{URL}{pk}/approve/", {}, format="json").status_code == 403
    awaiting = officer.get(URL, {"awaiting_me": "true"}).json()["results"]
    assert [s["id"] for s in awaiting] == [pk]
    no_comment = officer.post(f"{URL}{pk}/return/", {"comment": ""}, format="json")
    assert no_comment.status_code == 400
    returned = officer.post(f"{URL}{pk}/return/", {"comment": "Too many jobs?"}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"

    version = returned.json()["version"]
    governor.patch(
        f"{URL}{pk}/",
        {"values": [{"indicator": "new_jobs", "value": "۹"}], "version": version},
        format="json",
    )
    again = governor.post(f"{URL}{pk}/submit/", {"version": version + 1}, format="json")
    assert again.json()["state"] == "submitted"
    approved = officer.post(f"{URL}{pk}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["state"] == "approved" and approved.json()["decided_by"] == "officer_a"
    assert Observation.objects.get().value == 9.0
    assert approved.json()["values"][0]["observation"] == Observation.objects.get().pk


def test_approving_a_flagged_value_without_a_comment_is_a_400(site, jobs, flag_value):
    flag_value(88.0)
    submission = services.save_draft(
        site.county_a, "1403", {jobs.pk: (88.0, "")}, user=site.governor_a, expected_version=None
    )
    services.submit_submission(submission, user=site.governor_a, expected_version=1)
    client = api(site.officer_a)
    refused = client.post(f"{URL}{submission.pk}/approve/", {}, format="json")
    assert refused.status_code == 400 and "comment" in refused.json()
    approved = client.post(
        f"{URL}{submission.pk}/approve/", {"comment": "Checked by phone"}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["comment"] == "Checked by phone"


def test_approving_a_draft_is_a_400(site, jobs):
    pk = create(api(site.governor_a), jobs).json()["id"]
    assert api(site.officer_a).post(f"{URL}{pk}/approve/", {}, format="json").status_code == 400


@pytest.mark.parametrize("name", ["anonymous", "governor_b", "officer_b", "analyst"])
def test_others_may_not_see_or_act_on_a_countys_submission(site, jobs, name):
    submission = services.save_draft(
        site.county_a, "1403", {jobs.pk: (10.0, "")}, user=site.governor_a, expected_version=None
    )
    services.submit_submission(submission, user=site.governor_a, expected_version=1)
    client = api(site.persona(name))
    expected = {401, 403}
    assert client.get(f"{URL}{submission.pk}/").status_code in expected
    assert client.get(f"{URL}{submission.pk}/values/").status_code in expected
    for verb in ("approve", "return"):
        answer = client.post(f"{URL}{submission.pk}/{verb}/", {"comment": "x"}, format="json")
        assert answer.status_code in expected
    answer = client.post(f"{URL}{submission.pk}/submit/", {"version": 2}, format="json")
    assert answer.status_code in expected
    listed = client.get(URL)
    if name != "anonymous":
        assert listed.json()["results"] == []
    assert Submission.objects.get().state == "submitted"


def test_lists_filter_by_state_county_and_period(site, jobs):
    for county, user in ((site.county_a, site.governor_a), (site.county_a2, site.officer_a)):
        services.save_draft(county, "1403", {jobs.pk: (1.0, "")}, user=user, expected_version=None)
    client = api(site.ministry)
    assert len(client.get(URL).json()["results"]) == 2
    assert [s["county"] for s in client.get(URL, {"county": "CA2"}).json()["results"]] == ["CA2"]
    assert len(client.get(URL, {"period": "۱۴۰۳"}).json()["results"]) == 2
    assert client.get(URL, {"period": "1402"}).json()["results"] == []
    assert client.get(URL, {"state": "submitted"}).json()["results"] == []
    assert client.get(URL, {"state": "nonsense"}).status_code == 400


def test_an_imports_values_are_paged_with_their_flags(site, jobs, flag_value):
    from counties.imports import import_observations

    flag_value(88.0)
    data = b"indicator,county,period,value\nnew_jobs,CA,1403,88\nnew_jobs,CB,1403,4\n"
    plan = import_observations(data, "f.csv", user=site.analyst, approve=False, record_as="import")
    pk = plan.submission.pk
    client = api(site.ministry)
    detail = client.get(f"{URL}{pk}/").json()
    assert (detail["origin"], detail["value_count"], detail["flagged_count"]) == ("import", 2, 1)
    flagged = client.get(f"{URL}{pk}/values/", {"flagged": "true"}).json()["results"]
    assert [(v["county"], v["value"]) for v in flagged] == [("CA", 88.0)]
    assert len(client.get(f"{URL}{pk}/values/").json()["results"]) == 2
    # The analyst who uploaded it sees it, and may not approve it.
    analyst = api(site.analyst)
    assert analyst.get(f"{URL}{pk}/").status_code == 200
    assert analyst.post(f"{URL}{pk}/approve/", {"comment": "x"}, format="json").status_code == 403


def test_the_flag_messages_follow_the_requests_language(site, jobs, flag_value):
    from django.utils import translation

    from counties.value_checks import describe_flag

    flag_value(88.0)
    submission = services.save_draft(
        site.county_a, "1403", {jobs.pk: (88.0, "")}, user=site.governor_a, expected_version=None
    )
    stored = submission.values.get().flags[0]
    for language in ("fa", "en"):
        with translation.override(language):
            expected = describe_flag(stored)
        body = api(site.governor_a, language).get(f"{URL}{submission.pk}/").json()
        assert body["values"][0]["flags"][0]["message"] == expected


def test_the_list_runs_a_bounded_number_of_queries(site, jobs, django_assert_max_num_queries):
    for county, user in (
        (site.county_a, site.governor_a),
        (site.county_a2, site.officer_a),
        (site.county_b, site.governor_b),
    ):
        services.save_draft(county, "1403", {jobs.pk: (1.0, "")}, user=user, expected_version=None)
    client = api(site.ministry)
    client.get(URL)
    with django_assert_max_num_queries(6):
        assert len(client.get(URL).json()["results"]) == 3


def test_the_schema_documents_the_submission_endpoints(site):
    schema = api(site.ministry).get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/submissions/",
        "/api/v1/submissions/{id}/",
        "/api/v1/submissions/{id}/submit/",
        "/api/v1/submissions/{id}/approve/",
        "/api/v1/submissions/{id}/return/",
        "/api/v1/submissions/{id}/values/",
    ):
        assert path in schema["paths"]
