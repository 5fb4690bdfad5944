"""The scores export for any published run keeping its scores (`?run=<id>`, latest by default)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from counties.models import Observation
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import Score, ScoreRun
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.observations import GOOD, scoring_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_runs(world):
    """Run 1, then county B's 1402 data improves to the good profile, then run 2."""
    scoring_world(world, periods=("1401", "1402"))
    first = scores.rebuild_scores_now(publish=True)
    for code, value in GOOD.items():
        Observation.objects.filter(
            county=world.county_b, indicator__code=code, period="1402"
        ).update(value=value)
    second = scores.rebuild_scores_now(publish=True)
    assert first.status == second.status == ScoreRunStatus.PUBLISHED
    world.first, world.second = first, second
    return world


def _scores(run: ScoreRun) -> dict[tuple[str, str], Score]:
    return {
        (s.period, s.county.code): s for s in Score.objects.filter(run=run).select_related("county")
    }


def _assert_rows_are_the_runs(
    rows: list[dict[str, str]], run: ScoreRun, period: str | None = None
) -> None:
    expected = {k: s for k, s in _scores(run).items() if period in (None, k[0])}
    assert len(rows) == len(expected) == (6 if period is None else 3)
    for row in rows:
        assert row["Score run"] == str(run.pk)
        score = expected[(row["Period"], row["County code"])]
        assert float(row["Score (0-100)"]) == pytest.approx(float(score.composite))
        assert int(row["National rank"]) == score.national_rank
        assert int(row["Tier"]) == score.tier


def test_the_numbers_come_from_the_chosen_run(two_runs):
    first, second = two_runs.first, two_runs.second
    # The two runs really differ for county B in 1402, or this test would prove nothing.
    assert _scores(first)[("1402", "CB")].composite != _scores(second)[("1402", "CB")].composite
    client = client_for(two_runs.analyst)
    response = client.get(f"/reports/tables/scores.csv?run={first.pk}&period=all")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="tavazon-scores-run{first.pk}.csv"'
    )
    _assert_rows_are_the_runs(csv_rows(response), first)
    _assert_rows_are_the_runs(
        csv_rows(client.get(f"/reports/tables/scores.csv?run={second.pk}&period=all")), second
    )


def test_without_a_choice_the_latest_published_run_in_its_latest_complete_period_is_exported(
    two_runs,
):
    response = client_for(two_runs.governor_b).get("/reports/tables/scores.csv")
    assert response.status_code == 200
    assert f"run{two_runs.second.pk}.csv" in response["Content-Disposition"]
    _assert_rows_are_the_runs(csv_rows(response), two_runs.second, "1402")


def test_the_xlsx_of_an_older_run_names_it_on_the_about_sheet(two_runs):
    first = two_runs.first
    response = client_for(two_runs.ministry).get(
        f"/reports/tables/scores.xlsx?run={first.pk}&period=all"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header, *body = list(workbook.worksheets[0].iter_rows(values_only=True))
    score = header.index("Score (0-100)")  # county codes come with their names beside them
    expected = _scores(first)
    assert {(r[0], r[1]): r[score] for r in body} == pytest.approx(
        {key: float(s.composite) for key, s in expected.items()}
    )
    about = " ".join(str(c) for r in workbook.worksheets[1].iter_rows(values_only=True) for c in r)
    assert f"Score run {first.pk} published" in about


@pytest.mark.parametrize(
    ("run", "message"),
    [
        ("abc", "“abc” is not a score run number."),
        ("999999", "Score run 999999 does not exist or has not been published."),
    ],
)
def test_a_bad_run_gives_the_exports_page_with_the_reason(two_runs, run, message):
    response = client_for(two_runs.analyst).get(f"/reports/tables/scores.csv?run={run}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_an_unpublished_or_failed_run_is_refused(two_runs):
    failed = ScoreRun.objects.create(status=ScoreRunStatus.FAILED, error="boom")
    queued = ScoreRun.objects.create(status=ScoreRunStatus.QUEUED)
    client = client_for(two_runs.analyst)
    for run in (failed, queued):
        response = client.get(f"/reports/tables/scores.xlsx?run={run.pk}")
        assert response.status_code == 400
        assert f"Score run {run.pk} does not exist or has not been published." in (
            response.content.decode()
        )


def test_a_published_run_whose_scores_were_dropped_is_refused_with_the_reason(two_runs):
    Score.objects.filter(run=two_runs.first).delete()  # as publishing a fourth run would
    response = client_for(two_runs.analyst).get(
        f"/reports/tables/scores.csv?run={two_runs.first.pk}"
    )
    assert response.status_code == 400
    assert "are no longer kept" in response.content.decode()
    page = client_for(two_runs.analyst).get("/reports/").content.decode()
    assert f'value="{two_runs.first.pk}"' not in page


def test_the_error_is_translated_into_persian(two_runs):
    client = client_for(two_runs.analyst)
    two_runs.analyst.language = "fa"
    two_runs.analyst.save(update_fields=["language"])
    client.cookies["django_language"] = "fa"
    response = client.get("/reports/tables/scores.csv?run=999999")
    assert response.status_code == 400
    assert "منتشر نشده" in response.content.decode()


def test_the_exports_page_offers_each_published_run_latest_first(two_runs):
    page = client_for(two_runs.governor_a).get("/reports/").content.decode()
    first, second = two_runs.first.pk, two_runs.second.pk
    assert page.index(f'<option value="{second}"') < page.index(f'<option value="{first}"')
    assert 'name="run" form="export-scores"' in page
    assert "(latest)" in page


def test_with_no_published_run_the_scores_export_has_headers_only(world):
    response = client_for(world.analyst).get("/reports/tables/scores.csv")
    assert response.status_code == 200
    assert csv_rows(response) == []
    assert client_for(world.analyst).get("/reports/").status_code == 200
