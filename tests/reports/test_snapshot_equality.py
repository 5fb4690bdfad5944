"""One snapshot behind every output: the county PDF says what the county dashboard says (run,
period, score, ranks, tier, coverage) for every county of the synthetic demo; a provisional
period is never a default and is labelled when asked for; the briefing pack has one period;
exports, PDFs and the API never read a draft run.

The synthetic demo (12 counties, 1390-1404) already holds a partial 1404: monthly values for a
few counties, none of them with enough data to be ranked, so 1404 is provisional and 1403 is the
latest complete period.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from counties.models import County, Observation, Province
from dashboards import county_overview
from governance.models import User
from governance.templatetags.tavazon import digits, num
from reports import report_data
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.completeness import run_periods
from scores.models import CoverageShortfall, Score, ScoreRun
from tests.conftest import client_for, visible_text
from tests.downloads import csv_rows
from tests.reports.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

DEFAULT = "1403"  # the latest complete period of the synthetic demo
PARTIAL = "1404"  # a few counties with some monthly values: provisional


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The synthetic demo, seeded once for the module inside a transaction rolled back
    afterwards (a flush would delete what data migrations put in the test database)."""
    with django_db_blocker.unblock():
        seeded = transaction.atomic()
        seeded.__enter__()
        try:
            call_command(
                "seed_demo", data_dir=tmp_path_factory.mktemp("no-data"), force=True, verbosity=0
            )
            yield
        finally:
            transaction.set_rollback(True)
            seeded.__exit__(None, None, None)


@pytest.fixture
def run(demo) -> ScoreRun:
    published = ScoreRun.objects.latest_published()
    assert published is not None
    statuses = run_periods(published)
    # The demo is what these tests say it is, or they would prove nothing.
    assert statuses.default == DEFAULT and statuses.is_provisional(PARTIAL)
    assert CoverageShortfall.objects.filter(run=published, period=PARTIAL).exists()
    return published


def _dashboard_headline(run: ScoreRun, county: County) -> dict[str, object]:
    """What the county dashboard headlines, read from the dashboard's own queries."""
    _periods, period = county_overview.county_periods(run, county)
    headline = county_overview.county_overview(run, county, None, period)["headline"]
    score = headline.get("score")
    status = run_periods(run).get(period)
    assert status is not None
    return {
        "run": run.pk,
        "period": period,
        "score": float(score.composite) if score else None,
        "national_rank": score.national_rank if score else None,
        "provincial_rank": score.provincial_rank if score else None,
        "tier": score.tier if score else None,
        "coverage": float(score.coverage) if score else None,
        "ranked_count": headline.get("counties", status.ranked),
    }


def test_every_countys_pdf_data_is_its_dashboards_headline(run):
    counties = list(County.objects.select_related("province").order_by("code"))
    assert len(counties) == 12
    for county in counties:
        report = report_data.county_report(county, with_charts=False)
        assert report.headline() == _dashboard_headline(run, county), county.code
        assert report.period == DEFAULT and report.score is not None, county.code
        assert report.score.period == DEFAULT


@pytest.mark.parametrize("code", ["S1-4", "S2-3", "S3-4"])
def test_the_pdf_prints_the_numbers_the_dashboard_page_prints(run, tmp_path, code):
    county = County.objects.select_related("province").get(code=code)
    score = Score.objects.get(run=run, county=county, period=DEFAULT)
    html = client_for(User.objects.get(username="ministry"), "fa").get(
        f"/dashboards/county/{code}/"
    )
    page = visible_text(html.content.decode().split('id="headline"', 1)[1].split("</section>")[0])
    with translation.override("fa"):
        shown = {
            "score": num(score.composite, 1),
            "national": digits(score.national_rank),
            "of": digits(run_periods(run).get(DEFAULT).ranked),
            "provincial": digits(score.provincial_rank),
            "tier": digits(score.tier),
            "period": digits(DEFAULT),
        }
        pdf = report_data.county_report_pdf(
            county, User.objects.get(username="ministry"), with_charts=False
        )
    assert f"{shown['score']} " in page
    assert f"{shown['national']} / {shown['of']}" in page
    assert f"رتبه در استان {shown['provincial']}" in page
    assert f"طبقه {shown['tier']}" in page
    assert f"امتیاز در {shown['period']}" in page
    text = pdf_text(pdf, tmp_path)
    heading = f"اجرای منتشرشدهٔ شمارهٔ {digits(run.pk)} · دورهٔ {shown['period']}"
    assert _printed(heading, text)
    # The score table's row: period, score, national rank / ranked, provincial rank, tier.
    row = next(line for line in text.splitlines() if shown["score"] in line.split())
    cells = row.split()
    for key in ("period", "national", "of", "provincial", "tier"):
        assert shown[key] in cells, (key, row)
    assert "موقت" not in text


def _joined(text: str) -> str:
    """Words, not layout: pdftotext writes a hamza above (ٔ) before its letter and drops ZWNJs."""
    return " ".join(text.replace("\u0654", "").replace("\u200c", "").split())


def _tokens(text: str) -> tuple[set[str], list[str]]:
    """The words and the numbers of a text. pdftotext lays a right-to-left line with numbers
    out in visual order, gluing a number to the next word: compare these, not the order."""
    text = _joined(text)
    numbers = re.findall(r"[۰-۹0-9][۰-۹0-9٫٬.,]*", text)
    words = set(re.sub(r"[۰-۹0-9٫٬.,·:;()٪%؛،]", " ", text).split())
    return words, numbers


def _printed(phrase: str, text: str) -> bool:
    """Whether one line of the PDF text holds the phrase's words and numbers."""
    words, numbers = _tokens(phrase)
    for line in text.splitlines():
        line_words, line_numbers = _tokens(line)
        if words <= line_words and all(line_numbers.count(n) >= numbers.count(n) for n in numbers):
            return True
    return False


def test_a_provisional_period_is_labelled_and_unranked_counties_show_not_enough_data(run, tmp_path):
    shortfall = (
        CoverageShortfall.objects.filter(run=run, period=PARTIAL).select_related("county").first()
    )
    ministry = User.objects.get(username="ministry")
    report = report_data.county_report(shortfall.county, with_charts=False, period=PARTIAL)
    assert report.period == PARTIAL and report.standing.is_provisional
    assert report.score is None and report.headline()["national_rank"] is None
    assert report.standing.coverage == pytest.approx(float(shortfall.coverage))
    assert report.missing  # the names of the indicators it lacks
    with translation.override("fa"):
        raw = pdf_text(
            report_data.county_report_pdf(shortfall.county, ministry, PARTIAL, with_charts=False),
            tmp_path,
        )
        text = _joined(raw)
        label = run_periods(run).get(PARTIAL).provisional_label
        coverage = num(100 * float(shortfall.coverage), 0)
    assert "موقت" in label and _printed(label, raw)
    assert _joined("دادهٔ کافی برای این دوره نیست") in text
    assert coverage in text


def test_the_briefing_pack_uses_one_period_and_lists_counties_without_enough_data(run, tmp_path):
    province = Province.objects.get(code="S1")
    ministry = User.objects.get(username="ministry")
    default = report_data.province_briefing(province, ministry)
    assert default.period == DEFAULT
    assert {r.period for r in default.reports} == {DEFAULT}
    assert all(r.score is not None and r.score.period == DEFAULT for r in default.reports)
    partial = report_data.province_briefing(province, ministry, PARTIAL)
    assert {r.period for r in partial.reports} == {PARTIAL} and partial.status.is_provisional
    unranked = [r for r in partial.reports if r.score is None]
    assert unranked and all(r.standing.coverage is not None for r in unranked)
    with translation.override("en"):
        text = _joined(
            pdf_text(
                report_data.province_briefing_pdf(province, ministry, period=PARTIAL), tmp_path
            )
        )
    assert f"Published run {run.pk} · period {PARTIAL}" in text
    assert "Provisional: 0 of 12 counties have enough data" in text
    assert text.count("Not enough data for this period") >= len(unranked)
    assert f"period {DEFAULT}" not in text


def test_exports_default_to_the_latest_complete_period_and_label_a_provisional_one(run):
    client = client_for(User.objects.get(username="analyst"))
    rows = csv_rows(client.get("/reports/tables/scores.csv"))
    assert {r["Period"] for r in rows} == {DEFAULT} and len(rows) == 12
    assert {r["Score run"] for r in rows} == {str(run.pk)}
    assert {r["Period status"] for r in rows} == {"Complete: 12 of 12 counties ranked"}
    partial = csv_rows(client.get(f"/reports/tables/scores.csv?period={PARTIAL}"))
    shortfalls = CoverageShortfall.objects.filter(run=run, period=PARTIAL)
    assert len(partial) == shortfalls.count()
    for row in partial:
        assert row["Period status"] == "Provisional: 0 of 12 counties have enough data"
        assert row["Ranked"] == "Not enough data for this period"
        assert row["National rank"] == row["Tier"] == row["Score (0-100)"] == ""
    persian = client.get("/reports/tables/scores.csv?period=۱۴۰۴")
    assert len(csv_rows(persian)) == shortfalls.count()
    bad = client.get("/reports/tables/scores.csv?period=1380")
    assert bad.status_code == 400 and "no scores for the period" in bad.content.decode()


def test_the_api_defaults_to_the_latest_complete_period(run):
    client = client_for(User.objects.get(username="analyst"))
    rows = client.get("/api/v1/scores/").json()["results"]
    assert {r["period"] for r in rows} == {DEFAULT} and len(rows) == 12
    assert {(r["run"], r["is_provisional"], r["ranked_count"]) for r in rows} == {
        (run.pk, False, 12)
    }
    # No county has enough 1404 data: none appears with a rank.
    assert client.get(f"/api/v1/scores/?period={PARTIAL}").json()["count"] == 0
    periods = client.get("/api/v1/scores/periods/").json()
    assert periods["default"] == DEFAULT
    assert {p["period"]: p["is_complete"] for p in periods["periods"]}[PARTIAL] is False


def test_outputs_never_read_a_draft_run(run, tmp_path):
    """A draft built after the published run (awaiting review) changes no output."""
    Observation.objects.filter(county__code="S3-4", period=DEFAULT).update(value=0)
    draft = scores.rebuild_scores_now()
    assert draft.status == ScoreRunStatus.DRAFT and draft.pk != run.pk
    assert Score.objects.filter(run=draft, period=DEFAULT).exists()
    county = County.objects.select_related("province").get(code="S3-4")
    report = report_data.county_report(county, with_charts=False)
    assert report.run == run and report.score.run_id == run.pk
    briefing = report_data.province_briefing(county.province, User.objects.get(username="ministry"))
    assert briefing.run == run and {r.score.run_id for r in briefing.reports} == {run.pk}
    client = client_for(User.objects.get(username="analyst"))
    rows = csv_rows(client.get("/reports/tables/scores.csv"))
    assert {r["Score run"] for r in rows} == {str(run.pk)}
    assert client.get(f"/reports/tables/scores.csv?run={draft.pk}").status_code == 400
    assert {r["run"] for r in client.get("/api/v1/scores/").json()["results"]} == {run.pk}
    assert client.get(f"/api/v1/scores/?run={draft.pk}").json()["count"] == 0
