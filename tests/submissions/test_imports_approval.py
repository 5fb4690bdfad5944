"""Imports and the approval workflow: held for approval unless ministry staff approve national
statistics on upload; the operator's command approves on import; only approved values reach
the scores; all or nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from counties import imports
from counties.imports import import_observations
from counties.models import Observation
from scores import services as scores
from scores.models import Score, ScoreRun
from submissions import services
from submissions.models import Submission, SubmittedValue
from tests.observations import scoring_world
from tests.submissions.helpers import refused

pytestmark = pytest.mark.django_db

FILE = b"indicator,county,period,value,source\nnew_jobs,CA,1403,4,Survey\nnew_jobs,CB,1403,6,\n"


def test_an_import_not_approved_on_upload_writes_nothing_and_waits_for_ministry_staff(site):
    plan = import_observations(
        FILE, "jobs.csv", user=site.analyst, approve=False, record_as="import", default_source="Lab"
    )
    assert plan.ok and plan.held and not plan.written and plan.score_run is None
    assert not Observation.objects.exists() and not ScoreRun.objects.exists()
    submission = plan.submission
    assert (submission.origin, submission.state, submission.submitted_by) == (
        "import",
        "submitted",
        site.analyst,
    )
    assert sorted(submission.values.values_list("county__code", "value", "source")) == [
        ("CA", 4.0, "Survey"),
        ("CB", 6.0, "Lab"),
    ]
    assert submission.history.get().history_user == site.analyst


def test_approving_an_import_writes_its_observations_by_the_uploader(site):
    plan = import_observations(FILE, "jobs.csv", user=site.analyst, approve=False)
    approved = services.approve_submission(plan.submission, user=site.ministry)
    assert approved.state == "approved" and approved.decided_by == site.ministry
    stored = {o.county.code: (o.value, o.source, o.updated_by) for o in Observation.objects.all()}
    assert stored == {"CA": (4.0, "Survey", site.analyst), "CB": (6.0, "", site.analyst)}
    assert not SubmittedValue.objects.filter(observation__isnull=True).exists()
    assert ScoreRun.objects.get().trigger == "approval"


def test_a_ministry_import_approved_on_upload_is_written_and_recorded_approved(site):
    plan = import_observations(
        FILE, "jobs.csv", user=site.ministry, approve=True, record_as="import"
    )
    assert plan.written and plan.score_run is not None
    submission = plan.submission
    assert (submission.state, submission.decided_by, submission.submitted_by) == (
        "approved",
        site.ministry,
        site.ministry,
    )
    assert submission.values.count() == Observation.objects.count() == 2
    for value in submission.values.all():
        assert value.observation.value == value.value


def test_nobody_approves_their_own_import_not_even_ministry_staff(site):
    plan = import_observations(FILE, "jobs.csv", user=site.ministry, approve=False)
    with refused("own_submission"):
        services.approve_submission(plan.submission, user=site.ministry)


def test_an_imports_values_are_flagged_for_the_reviewer(site, flag_value):
    flag_value(6.0)
    plan = import_observations(FILE, "jobs.csv", user=site.analyst, approve=False)
    flags = dict(plan.submission.values.values_list("county__code", "flags"))
    assert flags["CA"] == [] and flags["CB"][0]["code"] == "change"
    with refused("comment_required"):
        services.approve_submission(plan.submission, user=site.ministry)


def test_a_returned_import_cannot_be_submitted_again(site):
    plan = import_observations(FILE, "jobs.csv", user=site.analyst, approve=False)
    services.return_submission(plan.submission, user=site.ministry, comment="Wrong year")
    with refused("not_editable"):
        services.submit_submission(plan.submission, user=site.analyst, expected_version=None)


def test_the_command_records_an_approved_submission_for_what_it_wrote(site, tmp_path, capsys):
    path = tmp_path / "jobs.csv"
    path.write_bytes(FILE)
    call_command("import_observations", str(path))
    submission = Submission.objects.get()
    assert (submission.origin, submission.state) == ("command", "approved")
    assert submission.comment == "approved on import by the operator: jobs.csv"
    assert submission.values.count() == Observation.objects.count() == 2
    assert not submission.values.filter(observation__isnull=True).exists()
    assert f"data submission {submission.pk}" in capsys.readouterr().out
    call_command("import_observations", str(path))  # unchanged: nothing written, no record
    assert Submission.objects.count() == 1


def test_a_dry_run_of_the_command_records_nothing(site, tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_bytes(FILE)
    call_command("import_observations", str(path), dry_run=True)
    assert not Submission.objects.exists() and not Observation.objects.exists()


def test_an_import_is_all_or_nothing_with_its_record(site, monkeypatch):
    def explode(record):
        raise RuntimeError("cannot record")

    monkeypatch.setattr(imports, "_recorder", explode)
    with pytest.raises(RuntimeError):
        import_observations(FILE, "jobs.csv", user=site.ministry, record_as="import")
    assert not Observation.objects.exists() and not ScoreRun.objects.exists()
    assert not Submission.objects.exists()


def test_only_approved_values_reach_the_scores(site, django_capture_on_commit_callbacks):
    scoring_world(site, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    before = dict(Score.objects.values_list("county__code", "composite"))
    data = b"county,period,new_jobs,unemployment_rate\nCA,1402,1,40\nCA2,1402,30,2\nCB,1402,1,40\n"
    plan = import_observations(data, "bold.csv", user=site.analyst, approve=False)
    assert plan.held
    scores.rebuild_scores_now(publish=True)
    latest = ScoreRun.objects.latest_published()
    assert dict(Score.objects.filter(run=latest).values_list("county__code", "composite")) == before

    services.approve_submission(plan.submission, user=site.ministry)
    scores.rebuild_scores_now(publish=True)
    latest = ScoreRun.objects.latest_published()
    after = dict(Score.objects.filter(run=latest).values_list("county__code", "composite"))
    assert after != before and after["CA2"] > before["CA2"]


def test_a_large_held_import_is_stored_in_few_statements_and_approved_with_history(
    site, django_assert_max_num_queries
):
    """The partial national file of the issue has 11,472 rows: holding them is a bounded number
    of statements (bulk inserts), whatever the row count."""
    from tests import personas

    codes = [f"Z{n:03d}" for n in range(240)]
    for code in codes:
        personas.make_county(site.province_b, code)
    lines = ["indicator,county,period,value"] + [
        f"new_jobs,{code},1404-{month:02d},{(n + month) % 50}"
        for n, code in enumerate(codes)
        for month in range(1, 13)
    ]
    data = "\n".join(lines).encode()
    plan = imports.plan_import(data, "monthly.csv")
    assert plan.ok and len(plan.creates) == 240 * 12
    with django_assert_max_num_queries(60):
        held = import_observations(data, "monthly.csv", user=site.analyst, approve=False)
    assert held.submission.values.count() == 240 * 12
    assert not Observation.objects.exists()

    # Approving it takes the writer's fast path (same rows and history) and links every value.
    assert services.FAST_APPROVAL_ROWS <= 240 * 12
    services.approve_submission(held.submission, user=site.ministry, comment="Checked")
    assert Observation.objects.count() == 240 * 12
    assert Observation.history.filter(history_user=site.analyst).count() == 240 * 12
    assert not held.submission.values.filter(observation__isnull=True).exists()
    sample = held.submission.values.select_related("observation").first()
    assert sample.observation.value == sample.value
