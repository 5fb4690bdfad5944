"""The pages of the data approval workflow: the data entry form, a submission's page with the
reviewer's decision, the review list, provenance, and the workbench and county page blocks.

Each page is refused to whoever may not use it (anonymous, an analyst, the governor of another
county, the officer of another province); values typed in Persian digits are read; blocking
checks show next to the value; a stale edit is detected; the review list's queries are bounded.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from counties.models import Indicator
from counties.services import ensure_default_catalogue
from submissions import services
from submissions.choices import SubmissionState
from submissions.models import Submission, SubmittedValue
from tests import personas
from tests.conftest import client_for, visible_text
from tests.observations import observe

PERIOD = "1403"
PREVIOUS = "1402"


@pytest.fixture
def catalogue(db) -> dict[str, Indicator]:
    ensure_default_catalogue()
    return {i.code: i for i in Indicator.objects.filter(is_county_reported=True)}


@pytest.fixture
def officer_b(world):
    return personas.provincial_officer_of(world.province_b, "officer_b")


def entry_url(county, period: str = PERIOD) -> str:
    return reverse("submissions:entry", args=[county.code, period])


def entry_data(values: dict[str, str], version: int | None = None, action: str = "save") -> dict:
    data = {f"value_{code}": text for code, text in values.items()}
    data["version"] = "" if version is None else str(version)
    data["action"] = action
    return data


def submitted(world, catalogue, values: dict[str, float] | None = None) -> Submission:
    """County A's submission for PERIOD, entered and submitted by its governor."""
    values = values or {"waste_per_capita": 0.8, "new_jobs": 10}
    draft = services.save_draft(
        world.county_a,
        PERIOD,
        {catalogue[code].pk: (value, "") for code, value in values.items()},
        user=world.governor_a,
        expected_version=None,
    )
    return services.submit_submission(draft, user=world.governor_a, expected_version=draft.version)


def persona(world, name: str, officer_b=None):
    return officer_b if name == "officer_b" else world.persona(name)


# --- who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("governor_b", 403),
        ("analyst", 403),
        ("ministry", 403),
        ("officer_b", 403),
        ("governor_a", 200),
        ("officer_a", 200),
    ],
)
def test_only_the_countys_governor_and_its_provinces_officer_open_the_entry_form(
    world, catalogue, officer_b, name, status
):
    response = client_for(persona(world, name, officer_b)).get(entry_url(world.county_a))
    assert response.status_code == status
    if status == 302:
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["governor_b", "analyst", "officer_b"])
def test_others_cannot_post_values_for_a_county(world, catalogue, officer_b, name):
    client = client_for(persona(world, name, officer_b))
    response = client.post(entry_url(world.county_a), entry_data({"new_jobs": "12"}))
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_entry_form_refuses_a_future_year_and_anything_but_a_year(world, catalogue):
    client = client_for(world.governor_a)
    assert client.get(entry_url(world.county_a, "1499")).status_code == 404
    assert client.get(entry_url(world.county_a, "1403-Q2")).status_code == 404
    assert client.get(entry_url(world.county_a, "soon")).status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("governor_b", 403),
        ("analyst", 403),
        ("officer_b", 403),
        ("governor_a", 200),
        ("officer_a", 200),
        ("ministry", 200),
    ],
)
def test_a_submitted_submissions_page_is_for_its_county_its_province_and_the_ministry(
    world, catalogue, officer_b, name, status
):
    submission = submitted(world, catalogue)
    response = client_for(persona(world, name, officer_b)).get(
        reverse("submissions:detail", args=[submission.pk])
    )
    assert response.status_code == status


@pytest.mark.parametrize("name", ["anonymous", "governor_b", "analyst", "officer_b", "governor_a"])
def test_only_an_approver_may_decide(world, catalogue, officer_b, name):
    submission = submitted(world, catalogue)
    response = client_for(persona(world, name, officer_b)).post(
        reverse("submissions:decide", args=[submission.pk]),
        {"action": "approve", "comment": "fine"},
    )
    if name == "anonymous":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED


@pytest.mark.parametrize(
    ("name", "status"),
    [("anonymous", 302), ("governor_a", 403), ("governor_b", 403), ("analyst", 403)],
)
def test_the_review_list_is_for_approvers_only(world, name, status):
    assert client_for(world.persona(name)).get(reverse("submissions:review-list")).status_code == (
        status
    )


@pytest.mark.parametrize(("name", "status"), [("anonymous", 302), ("analyst", 403)])
def test_the_index_is_for_those_who_enter_figures(world, name, status):
    assert client_for(world.persona(name)).get(reverse("submissions:index")).status_code == status


def test_ministry_staff_start_from_the_review_list(world):
    response = client_for(world.ministry).get(reverse("submissions:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:review-list")


def test_index_lists_the_officers_counties_with_the_state_of_each_period(world, catalogue):
    submitted(world, catalogue)
    response = client_for(world.officer_a).get(reverse("submissions:index"))
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "County A" in text and "County A2" in text and "County B" not in text
    assert entry_url(world.county_a) in response.content.decode()
    assert 'data-state="submitted"' in response.content.decode()


# --- the data entry form ----------------------------------------------------------------------


def test_values_typed_in_persian_digits_are_saved_as_a_draft(world, catalogue):
    client = client_for(world.governor_a, "fa")
    response = client.post(
        entry_url(world.county_a),
        entry_data({"waste_per_capita": "۰٫۸", "new_jobs": "۱٬۰۰۰", "waste_recycling": "١٢"}),
    )
    assert response.status_code == 302
    submission = Submission.objects.get(county=world.county_a, period=PERIOD)
    assert submission.state == SubmissionState.DRAFT
    values = dict(
        SubmittedValue.objects.filter(submission=submission).values_list("indicator__code", "value")
    )
    assert values == {"waste_per_capita": 0.8, "new_jobs": 1000.0, "waste_recycling": 12.0}


def test_form_shows_units_ranges_and_previous_values_in_persian_digits(world, catalogue):
    observe(world.county_a, "waste_per_capita", PREVIOUS, 0.9)
    response = client_for(world.governor_a, "fa").get(entry_url(world.county_a))
    html = response.content.decode()
    row = html[html.index('data-indicator="waste_per_capita"') :]
    row = row[: row.index("</tr>")]
    assert "۰–۵" in row  # the valid range
    assert "۰٫۹" in row  # the approved value of 1402
    assert 'inputmode="decimal"' in row
    assert all(f'data-indicator="{code}"' in html for code in catalogue)


def test_a_value_outside_its_range_is_refused_next_to_it(world, catalogue):
    response = client_for(world.governor_a).post(
        entry_url(world.county_a), entry_data({"waste_collection_coverage": "150"})
    )
    assert response.status_code == 400
    html = response.content.decode()
    row = html[html.index('data-indicator="waste_collection_coverage"') :]
    row = row[: row.index("</tr>")]
    assert "field-error" in row and "valid range" in visible_text(row)
    assert not Submission.objects.exists()


def test_values_breaking_a_rule_between_indicators_are_refused(world, catalogue):
    response = client_for(world.governor_a).post(
        entry_url(world.county_a),
        entry_data({"waste_recycling": "60", "sanitary_landfill_share": "70"}),
    )
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_mistyped_number_is_refused_in_the_readers_language(world, catalogue):
    response = client_for(world.governor_a, "fa").post(
        entry_url(world.county_a), entry_data({"new_jobs": "دوازده"})
    )
    assert response.status_code == 400
    assert "یک عدد وارد کنید" in visible_text(response.content.decode())


def test_a_stale_edit_is_detected_and_the_other_change_kept(world, catalogue):
    governor, officer = client_for(world.governor_a), client_for(world.officer_a)
    assert governor.post(entry_url(world.county_a), entry_data({"new_jobs": "10"})).status_code == (
        302
    )
    version = Submission.objects.get().version
    assert officer.post(
        entry_url(world.county_a), entry_data({"new_jobs": "11"}, version)
    ).status_code == (302)
    response = governor.post(entry_url(world.county_a), entry_data({"new_jobs": "12"}, version))
    assert response.status_code == 400
    assert "Someone else changed this submission" in visible_text(response.content.decode())
    assert SubmittedValue.objects.get().value == 11


def test_unusual_values_are_shown_before_they_are_submitted(world, catalogue):
    observe(world.county_a, "new_jobs", PREVIOUS, 10)
    client = client_for(world.governor_a)
    url = entry_url(world.county_a)
    response = client.post(url, entry_data({"new_jobs": "40"}, None, "submit"))
    # Saved as a draft, not submitted: the page shows the remark and asks again.
    assert response.status_code == 302 and response["Location"].endswith("?confirm=1")
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.DRAFT
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'id="entry-warnings"' in html and "data-warning" in html
    assert 'id="submit-anyway"' in html
    response = client.post(
        entry_url(world.county_a), entry_data({"new_jobs": "40"}, submission.version, "confirm")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert SubmittedValue.objects.get().flags


def test_ordinary_values_are_submitted_at_once(world, catalogue):
    response = client_for(world.governor_a).post(
        entry_url(world.county_a), entry_data({"new_jobs": "10"}, None, "submit")
    )
    submission = Submission.objects.get()
    assert response["Location"] == reverse("submissions:detail", args=[submission.pk])
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.submitted_by == world.governor_a


def test_a_submitted_submission_cannot_be_changed_from_the_form(world, catalogue):
    submission = submitted(world, catalogue)
    client = client_for(world.governor_a)
    assert 'id="entry-form"' in client.get(entry_url(world.county_a)).content.decode()
    assert 'id="submit-values"' not in client.get(entry_url(world.county_a)).content.decode()
    client.post(entry_url(world.county_a), entry_data({"new_jobs": "99"}, submission.version))
    assert SubmittedValue.objects.get(indicator__code="new_jobs").value == 10


# --- the decision -----------------------------------------------------------------------------


def decide(client, submission, action: str, comment: str = ""):
    return client.post(
        reverse("submissions:decide", args=[submission.pk]),
        {"action": action, "comment": comment},
    )


def test_returning_needs_a_comment_and_the_governor_reads_it_on_the_workbench(world, catalogue):
    submission = submitted(world, catalogue)
    officer = client_for(world.officer_a)
    response = decide(officer, submission, "return")
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    response = decide(officer, submission, "return", "Jobs look too high: check the register.")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETURNED

    bench = client_for(world.governor_a).get(
        reverse("projects:workbench", args=[world.county_a.code])
    )
    html = bench.content.decode()
    assert 'id="returned-submissions"' in html
    assert "Jobs look too high: check the register." in visible_text(html)
    assert entry_url(world.county_a) in html
    entry = client_for(world.governor_a).get(entry_url(world.county_a)).content.decode()
    assert "Jobs look too high" in entry and 'id="submit-values"' in entry


def test_approving_a_flagged_value_asks_for_a_comment(world, catalogue):
    observe(world.county_a, "new_jobs", PREVIOUS, 10)
    submission = submitted(world, catalogue, {"new_jobs": 40})
    assert SubmittedValue.objects.get().flags
    officer = client_for(world.officer_a)
    page = officer.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert "a comment is required to approve them" in visible_text(page)
    assert "data-flag" in page
    response = decide(officer, submission, "approve")
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    response = decide(officer, submission, "approve", "Checked with the labour office.")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED


def test_the_submission_page_shows_who_did_what_and_when(world, catalogue):
    submission = submitted(world, catalogue)
    decide(client_for(world.officer_a), submission, "return", "Please check.")
    html = (
        client_for(world.governor_a)
        .get(reverse("submissions:detail", args=[submission.pk]))
        .content.decode()
    )
    history = html[html.index('id="submission-history"') :]
    assert [s for s in ("draft", "submitted", "returned") if f'data-state="{s}"' in history] == [
        "draft",
        "submitted",
        "returned",
    ]
    assert "gov_a" in history and "officer_a" in history and "Please check." in history


def test_the_officer_sees_county_submissions_awaiting_decision_with_flag_counts(
    world, catalogue, officer_b, django_assert_max_num_queries
):
    observe(world.county_a, "new_jobs", PREVIOUS, 10)
    first = submitted(world, catalogue, {"new_jobs": 40, "waste_per_capita": 0.8})
    governor_a2 = personas.governor_of(world.county_a2, "gov_a2")
    for period in ("1400", "1401", "1402"):
        draft = services.save_draft(
            world.county_a2,
            period,
            {catalogue["new_jobs"].pk: (5, "")},
            user=governor_a2,
            expected_version=None,
        )
        services.submit_submission(draft, user=governor_a2, expected_version=draft.version)
    officer = client_for(world.officer_a)
    with django_assert_max_num_queries(12):
        response = officer.get(reverse("submissions:review-list"))
    html = response.content.decode()
    assert html.count("data-submission=") == 4
    row = html[html.index(f'data-submission="{first.pk}"') :]
    assert '<span class="badge text-bg-warning">1</span>' in row[: row.index("</tr>")]
    other = client_for(officer_b).get(reverse("submissions:review-list")).content.decode()
    assert "data-submission=" not in other


# --- provenance and the county page -----------------------------------------------------------


def test_provenance_names_the_submission_its_submitter_and_its_approver(world, catalogue):
    submission = submitted(world, catalogue, {"new_jobs": 10})
    services.approve_submission(submission, user=world.officer_a, comment="")
    value = SubmittedValue.objects.get()
    url = reverse("submissions:provenance", args=[value.observation_id])
    response = client_for(world.governor_a).get(url)
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "gov_a" in text and "officer_a" in text and "Data entry form" in text
    assert reverse("counties:observation-history", args=[value.observation_id]) in (
        response.content.decode()
    )
    county_page = client_for(world.governor_a).get(
        reverse("counties:county", args=[world.county_a.code])
    )
    assert url in county_page.content.decode()


def test_provenance_of_a_value_from_before_approval_says_so(world, catalogue):
    observation = observe(world.county_a, "new_jobs", PREVIOUS, 10)
    response = client_for(world.analyst).get(
        reverse("submissions:provenance", args=[observation.pk])
    )
    assert response.status_code == 200
    assert "Recorded before data approval existed" in visible_text(response.content.decode())


@pytest.mark.parametrize(("name", "status"), [("anonymous", 302), ("governor_b", 403)])
def test_provenance_is_refused_as_the_values_history_is(world, catalogue, name, status):
    observation = observe(world.county_a, "new_jobs", PREVIOUS, 10)
    response = client_for(world.persona(name)).get(
        reverse("submissions:provenance", args=[observation.pk])
    )
    assert response.status_code == status


def test_the_entry_link_shows_only_to_those_who_enter_figures(world, catalogue):
    county_url = reverse("counties:county", args=[world.county_a.code])
    bench_url = reverse("projects:workbench", args=[world.county_a.code])
    for user, shown in ((world.governor_a, True), (world.analyst, False), (world.ministry, False)):
        client = client_for(user)
        assert ('id="data-entry-link"' in client.get(county_url).content.decode()) is shown
        assert ('id="workbench-entry-link"' in client.get(bench_url).content.decode()) is shown


def test_the_workbench_counts_submissions_awaiting_the_officers_decision(world, catalogue):
    submitted(world, catalogue)
    html = (
        client_for(world.officer_a)
        .get(reverse("projects:workbench", args=[world.county_a.code]))
        .content.decode()
    )
    assert "1 submission of this county awaits your decision." in visible_text(html)


def test_the_entry_form_and_a_submissions_page_run_a_bounded_number_of_queries(
    world, catalogue, django_assert_max_num_queries
):
    observe(world.county_a, "new_jobs", PREVIOUS, 10)
    submission = submitted(world, catalogue, {code: 1 for code in catalogue})
    services.return_submission(submission, user=world.officer_a, comment="Check.")
    client = client_for(world.governor_a)
    with django_assert_max_num_queries(18):
        assert client.get(entry_url(world.county_a)).status_code == 200
    with django_assert_max_num_queries(18):
        response = client.get(reverse("submissions:detail", args=[submission.pk]))
    assert response.content.decode().count("data-indicator=") == len(catalogue)


def test_an_import_awaits_the_ministry_and_its_page_names_each_values_county_and_period(
    world, catalogue
):
    from counties.models import ImportJob
    from submissions.choices import SubmissionOrigin

    job = ImportJob.objects.create(original_name="waste-1403.csv", uploaded_by=world.analyst)
    submission = Submission.objects.create(
        origin=SubmissionOrigin.IMPORT,
        state=SubmissionState.SUBMITTED,
        import_job=job,
        created_by=world.analyst,
        submitted_by=world.analyst,
    )
    for county in (world.county_a, world.county_b):
        SubmittedValue.objects.create(
            submission=submission,
            indicator=catalogue["waste_recycling"],
            county=county,
            period=PERIOD,
            value=12,
        )
    ministry = client_for(world.ministry)
    listed = ministry.get(reverse("submissions:review-list")).content.decode()
    assert f'data-submission="{submission.pk}"' in listed and "waste-1403.csv" in listed
    officer_list = client_for(world.officer_a).get(reverse("submissions:review-list"))
    assert f'data-submission="{submission.pk}"' not in officer_list.content.decode()
    page = ministry.get(reverse("submissions:detail", args=[submission.pk]))
    text = visible_text(page.content.decode())
    assert "Import of waste-1403.csv" in text
    assert "County A" in text and "County B" in text and 'id="approve"' in page.content.decode()
    assert (
        client_for(world.officer_a)
        .get(reverse("submissions:detail", args=[submission.pk]))
        .status_code
        == 403
    )
