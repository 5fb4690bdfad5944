"""What a county report and a province briefing pack contain, and their PDF rendering.

Figures come from the same queries and chart builders as the pages (projects.queries,
projects.charts); charts become PNG images through kaleido and the system Chromium, one browser
session per process, images cached by figure (governance.exports.chart_images).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from counties.models import County, Dimension, Indicator, Observation, Province
from governance import access
from governance.exports.chart_images import Chart, figure_data_uris, start_session
from governance.exports.pdf_export import render_pdf
from governance.periods import current_year
from governance.persian import format_percent
from participation.choices import OPEN_COMMITMENT_STATUSES, CritiqueStatus
from participation.models import Commitment, Critique
from projects import charts as project_charts
from projects import queries as project_queries
from projects.choices import ProjectStatus
from scores.completeness import CountyStanding, RunPeriods, county_standing, run_periods
from scores.models import Score, ScoreRun

OPEN_CRITIQUE = [CritiqueStatus.OPEN]
OPEN_COMMITMENT = list(OPEN_COMMITMENT_STATUSES)


@dataclass
class CountyReport:
    county: County
    figures: list[Observation]
    # The run, period and score shown: scores.completeness.county_standing, as on the county
    # dashboard, so a PDF never says other numbers than the page.
    standing: CountyStanding
    projects: list[Any]
    status_counts: list[tuple[Any, int]]
    targets: list[Any]
    critiques: list[Critique]
    commitments: list[Commitment]
    charts: dict[str, str] = field(default_factory=dict)
    synthetic: bool = False
    # The score's pillars (dimensions): (name, score 0-100 or None), in the methodology's order.
    pillars: list[tuple[str, float | None]] = field(default_factory=list)
    # When the county is not ranked in the period: names of the indicators it has no value for.
    missing: list[str] = field(default_factory=list)

    @property
    def run(self) -> ScoreRun | None:
        return self.standing.run

    @property
    def period(self) -> str:
        return self.standing.period

    @property
    def score(self) -> Score | None:
        return self.standing.score

    @property
    def previous(self) -> Score | None:
        return self.standing.previous

    @property
    def score_change(self) -> float | None:
        return self.standing.score_change

    @property
    def coverage_text(self) -> str:
        """The county's data coverage in the period as a percent («۸۳٪»), "—" without data."""
        coverage = self.standing.coverage
        return "—" if coverage is None else format_percent(100 * coverage, 0, get_language())

    @property
    def min_coverage_text(self) -> str:
        status = self.standing.status
        if status is None:
            return "—"
        return format_percent(100 * status.min_coverage, 0, get_language())

    def headline(self) -> dict[str, Any]:
        """The figures the county dashboard's headline shows too (compared by a test)."""
        score = self.score
        return {
            "run": self.run.pk if self.run else None,
            "period": self.period,
            "score": float(score.composite) if score else None,
            "national_rank": score.national_rank if score else None,
            "provincial_rank": score.provincial_rank if score else None,
            "tier": score.tier if score else None,
            "coverage": self.standing.coverage,
            "ranked_count": self.standing.ranked_count,
        }


def _pillars(score: Score, run: ScoreRun | None) -> list[tuple[str, float | None]]:
    """The score's dimension scores by name, in the order of the run's methodology."""
    spec = ((run.methodology_snapshot if run else None) or {}).get("spec") or {}
    codes = [d["code"] for d in spec.get("dimensions", [])] or list(score.dimensions)
    names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
    return [(names.get(code, code), score.dimensions.get(code)) for code in codes]


def county_report(
    county: County,
    *,
    with_charts: bool = True,
    run: ScoreRun | None = None,
    period: str = "",
    periods: RunPeriods | None = None,
) -> CountyReport:
    """Everything the county report shows (the caller has checked `access.can_view_county`):
    the published run (`run` must be a published one when given) in `period`, by default the
    run's latest complete period."""
    if with_charts:  # a process's first report: its browser starts while the figures are read
        start_session()
    latest = list(
        Observation.objects.filter(county=county)
        .select_related("indicator__dimension")
        .order_by("indicator__dimension__order", "indicator__code")
        .latest_values()
    )
    run = run or ScoreRun.objects.latest_published()
    standing = county_standing(run, county, period, periods=periods)
    day = project_queries.today()
    year = current_year(day)
    bench = project_queries.workbench(county, year, day)
    for project in bench.projects:
        project.status_label = str(ProjectStatus(project.st.status.value).label)  # type: ignore[attr-defined]
    critiques = list(
        Critique.objects.filter(county=county, status__in=OPEN_CRITIQUE)
        .select_related("challenge")
        .order_by("received_on", "pk")
    )
    commitments = list(
        Commitment.objects.filter(county=county, status__in=OPEN_COMMITMENT)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    report = CountyReport(
        county=county,
        figures=latest,
        standing=standing,
        projects=bench.projects,
        status_counts=bench.counts,
        targets=bench.targets,
        critiques=critiques,
        commitments=commitments,
        synthetic=county.is_synthetic
        or any(o.is_synthetic for o in latest)
        or bool(standing.score and standing.score.is_synthetic),
    )
    if standing.score is not None:
        report.pillars = _pillars(standing.score, run)
    elif standing.shortfall is not None:
        report.missing = _indicator_names(standing.shortfall.missing)
    if with_charts:
        labels = project_charts.chart_labels()
        charts = {}
        if bench.period_projects:
            charts["gantt"] = Chart(
                project_charts.year_gantt(
                    bench.period_projects, year=year, today=day, labels=labels
                ),
                height=max(250, 60 + 40 * len(bench.period_projects)),
            )
        if bench.targets:
            charts["targets"] = Chart(
                project_charts.target_bullets(bench.targets, labels=labels),
                height=max(200, 60 + 50 * len(bench.targets)),
            )
        if charts:  # drawn together, in the process's one browser session
            report.charts = figure_data_uris(charts)
    return report


def _indicator_names(codes: list[str]) -> list[str]:
    """Indicator names in the active language, in the order given (codes of removed ones)."""
    by_code = {i.code: i.name for i in Indicator.objects.filter(code__in=codes)}
    return [by_code.get(code, code) for code in codes]


def county_report_pdf(
    county: County, user: Any, period: str = "", *, with_charts: bool = True
) -> bytes:
    """The county report as PDF, in `period` of the published run (its default when empty)."""
    report = county_report(county, period=period, with_charts=with_charts)
    return render_pdf(
        "reports/county_report.pdf.html",
        {
            "report": report,
            "generated": timezone.localtime(),
            "show_private": access.can_view_contacts(user, county),
        },
    )


def briefing_counties(user: Any, province: Province) -> list[County]:
    """The province's counties the user may read in full (the briefing refuses otherwise)."""
    return list(
        County.objects.viewable_by(user)
        .filter(province=province)
        .select_related("province")
        .defer("geometry", "province__geometry")
        .order_by("code")
    )


@dataclass
class Briefing:
    """A province briefing pack: every county in ONE period of ONE published run."""

    province: Province
    run: ScoreRun | None
    period: str
    periods: RunPeriods
    reports: list[CountyReport]

    @property
    def status(self) -> Any:
        return self.periods.get(self.period)


def province_briefing(
    province: Province,
    user: Any,
    period: str = "",
    progress: Callable[[int], None] | None = None,
) -> Briefing:
    """The briefing pack's contents: the published run's default period unless `period` names
    another period of the run; counties without enough data in it are listed as such."""
    run = ScoreRun.objects.latest_published()
    periods = run_periods(run)
    shown = periods.choose(period)
    counties = briefing_counties(user, province)
    reports = []
    for index, county in enumerate(counties, start=1):
        reports.append(
            county_report(county, with_charts=False, run=run, period=shown, periods=periods)
        )
        if progress:
            progress(int(90 * index / max(len(counties), 1)))
    return Briefing(province=province, run=run, period=shown, periods=periods, reports=reports)


def province_briefing_pdf(
    province: Province,
    user: Any,
    progress: Callable[[int], None] | None = None,
    period: str = "",
) -> bytes:
    briefing = province_briefing(province, user, period, progress)
    return render_pdf(
        "reports/province_briefing.pdf.html",
        {
            "briefing": briefing,
            "province": province,
            "reports": briefing.reports,
            "generated": timezone.localtime(),
            "synthetic": any(r.synthetic for r in briefing.reports),
        },
    )
