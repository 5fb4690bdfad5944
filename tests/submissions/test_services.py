"""The approval workflow's state changes: draft → submitted → approved, or returned with a
comment and submitted again; what each refuses, and what approval writes."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from counties.models import Observation
from governance.versioning import StaleEditError
from scores.models import ScoreRun
from submissions import services
from submissions.models import Submission
from tests.observations import observe
from tests.submissions.helpers import refused

pytestmark = pytest.mark.django_db


def draft(site, jobs, value=12.0, user=None, period="1403"):
    return services.save_draft(
        site.county_a,
        period,
        {jobs.pk: (value, "from the county office")},
        user=user or site.governor_a,
        expected_version=None,
    )


def submitted(site, jobs, value=12.0):
    submission = draft(site, jobs, value)
    return services.submit_submission(
        submission, user=site.governor_a, expected_version=submission.version
    )


def test_a_governor_saves_a_draft_of_their_county_in_persian_digits(site, jobs, waste):
    submission = services.save_draft(
        site.county_a,
        "۱۴۰۳",
        {jobs.pk: (12.0, "note"), waste.pk: (87.5, "")},
        user=site.governor_a,
        expected_version=None,
    )
    assert (submission.state, submission.origin, submission.period) == ("draft", "form", "1403")
    assert submission.province == site.province_a and submission.created_by == site.governor_a
    assert submission.version == 1
    values = {v.indicator.code: (v.value, v.note) for v in submission.values.all()}
    assert values == {"new_jobs": (12.0, "note"), "waste_collection_coverage": (87.5, "")}
    assert not Observation.objects.exists()  # a draft writes no observation
    assert submission.history.get().history_user == site.governor_a


def test_saving_again_edits_the_same_draft_and_removes_a_value_given_as_none(site, jobs, waste):
    first = services.save_draft(
        site.county_a,
        "1403",
        {jobs.pk: (12.0, ""), waste.pk: (80.0, "")},
        user=site.governor_a,
        expected_version=None,
    )
    again = services.save_draft(
        site.county_a,
        "1403",
        {jobs.pk: (14.0, "corrected"), waste.pk: (None, "")},
        user=site.officer_a,
        expected_version=first.version,
    )
    assert again.pk == first.pk and again.version == 2
    assert [(v.indicator_id, v.value, v.note) for v in again.values.all()] == [
        (jobs.pk, 14.0, "corrected")
    ]
    value = again.values.get()
    assert [h.history_user for h in value.history.all()] == [site.officer_a, site.governor_a]


def test_an_edit_based_on_an_older_version_is_refused_and_the_newer_kept(site, jobs):
    first = draft(site, jobs)
    services.save_draft(
        site.county_a, "1403", {jobs.pk: (13.0, "")}, user=site.officer_a, expected_version=1
    )
    with pytest.raises(StaleEditError):
        services.save_draft(
            site.county_a, "1403", {jobs.pk: (99.0, "")}, user=site.governor_a, expected_version=1
        )
    assert Submission.objects.get(pk=first.pk).values.get().value == 13.0


def test_only_county_reported_indicators_are_entered(site):
    from counties.models import Indicator

    unemployment = Indicator.objects.get(code="unemployment_rate")
    with refused("not_county_reported"):
        services.save_draft(
            site.county_a,
            "1403",
            {unemployment.pk: (9.0, "")},
            user=site.governor_a,
            expected_version=None,
        )
    assert not Submission.objects.exists()


def test_a_value_outside_the_indicators_range_is_refused_naming_the_indicator(site, jobs):
    assert jobs.max_value is not None
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        draft(site, jobs, value=jobs.max_value * 10)
    assert "new_jobs" in caught.value.message_dict
    assert jobs.name_en in " ".join(caught.value.message_dict["new_jobs"])
    assert not Submission.objects.exists()


def test_a_bad_period_is_refused(site, jobs):
    with pytest.raises(ValidationError):
        draft(site, jobs, period="1403-13")


def test_non_blocking_flags_are_stored_on_the_value(site, jobs, flag_value):
    flag_value(88.0)
    submission = draft(site, jobs, value=88.0)
    assert submission.values.get().flags == [
        {"code": "change", "blocking": False, "params": {"previous": 1}}
    ]


def test_submitting_a_draft_records_who_and_when_and_checks_again(site, jobs, flag_value):
    submission = draft(site, jobs, value=88.0)
    assert submission.values.get().flags == []
    flag_value(88.0)  # e.g. the previous period's value was corrected meanwhile
    done = services.submit_submission(
        submission, user=site.governor_a, expected_version=submission.version
    )
    assert (done.state, done.submitted_by, done.version) == ("submitted", site.governor_a, 2)
    assert done.submitted_at is not None
    assert done.values.get().flags[0]["code"] == "change"
    latest = done.history.first()
    assert (latest.state, latest.history_user) == ("submitted", site.governor_a)


def test_submitting_needs_the_current_version_and_a_value(site, jobs):
    submission = draft(site, jobs)
    with pytest.raises(StaleEditError):
        services.submit_submission(submission, user=site.governor_a, expected_version=7)
    services.save_draft(
        site.county_a, "1403", {jobs.pk: (None, "")}, user=site.governor_a, expected_version=1
    )
    with refused("empty"):
        services.submit_submission(submission, user=site.governor_a, expected_version=2)


def test_a_submitted_submission_cannot_be_edited_or_submitted_again(site, jobs):
    submission = submitted(site, jobs)
    with refused("not_editable"):
        draft(site, jobs, value=3.0)
    with pytest.raises(ValidationError):
        services.submit_submission(submission, user=site.governor_a, expected_version=None)


def test_approving_a_draft_is_refused(site, jobs):
    submission = draft(site, jobs)
    with refused("wrong_state"):
        services.approve_submission(submission, user=site.officer_a)
    assert Submission.objects.get().state == "draft" and not Observation.objects.exists()


def test_nobody_approves_or_returns_their_own_submission(site, jobs):
    submission = submitted(site, jobs)
    with refused("own_submission"):
        services.approve_submission(submission, user=site.governor_a)
    with refused("own_submission"):
        services.return_submission(submission, user=site.governor_a, comment="no")
    assert Submission.objects.get().state == "submitted"


def test_returning_needs_a_comment(site, jobs):
    submission = submitted(site, jobs)
    with pytest.raises(ValidationError) as caught:
        services.return_submission(submission, user=site.officer_a, comment="  ")
    assert "comment" in caught.value.message_dict
    assert Submission.objects.get().state == "submitted"


def test_a_returned_submission_tells_why_and_is_corrected_and_submitted_again(site, jobs):
    submission = submitted(site, jobs)
    returned = services.return_submission(
        submission, user=site.officer_a, comment="Jobs look too high"
    )
    assert (returned.state, returned.decided_by, returned.comment) == (
        "returned",
        site.officer_a,
        "Jobs look too high",
    )
    corrected = services.save_draft(
        site.county_a,
        "1403",
        {jobs.pk: (9.0, "recounted")},
        user=site.governor_a,
        expected_version=returned.version,
    )
    assert corrected.pk == submission.pk and corrected.state == "returned"
    again = services.submit_submission(
        corrected, user=site.governor_a, expected_version=corrected.version
    )
    assert again.state == "submitted" and again.values.get().value == 9.0
    states = [(h.state, h.history_user) for h in again.history.order_by("history_id")]
    assert states == [
        ("draft", site.governor_a),
        ("submitted", site.governor_a),
        ("returned", site.officer_a),
        ("returned", site.governor_a),  # the correction
        ("submitted", site.governor_a),
    ]


def test_approving_flagged_values_needs_a_comment(site, jobs, flag_value):
    flag_value(88.0)
    submission = submitted(site, jobs, value=88.0)
    with pytest.raises(ValidationError) as caught:
        services.approve_submission(submission, user=site.officer_a)
    assert "comment" in caught.value.message_dict
    assert not Observation.objects.exists()
    approved = services.approve_submission(
        submission, user=site.officer_a, comment="A new factory opened"
    )
    assert (approved.state, approved.comment) == ("approved", "A new factory opened")


def test_approval_writes_observations_by_the_submitter_with_history_and_links(
    site, jobs, django_capture_on_commit_callbacks
):
    submission = submitted(site, jobs, value=12.0)
    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        approved = services.approve_submission(submission, user=site.officer_a)
    assert (approved.state, approved.decided_by) == ("approved", site.officer_a)
    assert approved.decided_at is not None
    stored = Observation.objects.get()
    assert (stored.indicator, stored.county, stored.period, stored.value) == (
        jobs,
        site.county_a,
        "1403",
        12.0,
    )
    assert stored.updated_by == site.governor_a and stored.note == "from the county office"
    assert stored.source == f"ثبت‌شده توسط فرمانداری {site.county_a.name_fa}"  # no catalogue source
    record = stored.history.get()
    assert (record.history_user, record.history_type) == (site.governor_a, "+")
    assert approved.values.get().observation == stored
    run = ScoreRun.objects.get()
    assert (run.trigger, run.requested_by, run.publish_when_done) == (
        "approval",
        site.officer_a,
        False,  # a draft run for ministry staff to review
    )
    delay.assert_called_once_with(run.pk)


def test_approval_corrects_an_existing_observation_and_keeps_its_old_value_in_history(site, jobs):
    old = observe(site.county_a, "new_jobs", "1403", 5.0, source="Old survey")
    submission = submitted(site, jobs, value=12.0)
    services.approve_submission(submission, user=site.ministry)
    old.refresh_from_db()
    assert old.value == 12.0 and old.updated_by == site.governor_a
    assert [h.value for h in old.history.order_by("history_id")] == [5.0, 12.0]
    assert submission.values.get().observation == old


def test_an_entered_value_takes_the_catalogue_source_when_there_is_one(site, jobs):
    jobs.source = "County employment reports"
    jobs.save(update_fields=["source"])
    services.approve_submission(submitted(site, jobs), user=site.officer_a)
    assert Observation.objects.get().source == "County employment reports"


def test_after_approval_a_new_draft_of_the_same_county_and_period_may_start(site, jobs):
    first = submitted(site, jobs)
    services.approve_submission(first, user=site.officer_a)
    second = draft(site, jobs, value=13.0)
    assert second.pk != first.pk and second.state == "draft"
    with refused("wrong_state"):
        services.approve_submission(first, user=site.ministry)  # decided once only


def test_a_draft_edited_after_its_approval_is_a_stale_edit(site, jobs):
    first = submitted(site, jobs)
    services.approve_submission(first, user=site.officer_a)
    with pytest.raises(StaleEditError):
        services.save_draft(
            site.county_a,
            "1403",
            {jobs.pk: (3.0, "")},
            user=site.governor_a,
            expected_version=first.version,
        )
