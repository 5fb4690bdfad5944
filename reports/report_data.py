"""What a county report and a province briefing pack contain, and their PDF rendering.

Figures come from the same queries and chart builders as the pages (counties.project_queries,
counties.project_charts); charts become PNG images through kaleido and the system Chromium.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from counties import project_charts, project_queries
from counties.choices import ProjectStatus
from counties.models import County, Dimension, Observation, Province, Score, ScoreRun
from governance import access
from governance.exports.chart_images import figure_data_uri
from governance.exports.pdf_export import render_pdf
from participation.choices import OPEN_COMMITMENT_STATUSES, CritiqueStatus
from participation.models import Commitment, Critique

OPEN_CRITIQUE = [CritiqueStatus.OPEN]
OPEN_COMMITMENT = list(OPEN_COMMITMENT_STATUSES)


@dataclass
class CountyReport:
    county: County
    figures: list[Observation]
    score: Score | None
    previous: Score | None
    run: ScoreRun | None
    projects: list[Any]
    status_counts: list[tuple[Any, int]]
    targets: list[Any]
    critiques: list[Critique]
    commitments: list[Commitment]
    charts: dict[str, str] = field(default_factory=dict)
    synthetic: bool = False
    # The score's pillars (dimensions): (name, score 0-100 or None), in the methodology's order.
    pillars: list[tuple[str, float | None]] = field(default_factory=list)

    @property
    def score_change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return float(self.score.composite - self.previous.composite)


def _chart_labels() -> dict[str, str]:
    from counties.project_views import chart_labels

    return chart_labels()


def _pillars(score: Score, run: ScoreRun | None) -> list[tuple[str, float | None]]:
    """The score's dimension scores by name, in the order of the run's methodology."""
    spec = ((run.methodology_snapshot if run else None) or {}).get("spec") or {}
    codes = [d["code"] for d in spec.get("dimensions", [])] or list(score.dimensions)
    names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
    return [(names.get(code, code), score.dimensions.get(code)) for code in codes]


def county_report(county: County, *, with_charts: bool = True) -> CountyReport:
    """Everything the county report shows (the caller has checked `access.can_view_county`)."""
    latest: dict[int, Observation] = {}
    observations = (
        Observation.objects.filter(county=county, area__isnull=True)
        .select_related("indicator__dimension")
        .order_by("indicator__dimension__order", "indicator__code", "-period_start")
    )
    for observation in observations:
        latest.setdefault(observation.indicator_id, observation)
    run = ScoreRun.objects.latest_published()
    scores = list(Score.objects.filter(run=run, county=county).order_by("-period")) if run else []
    day = project_queries.today()
    year = project_queries.current_jalali_year(day)
    bench = project_queries.workbench(county, year, day)
    for project in bench.projects:
        project.status_label = str(ProjectStatus(project.st.status.value).label)
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
        figures=list(latest.values()),
        score=scores[0] if scores else None,
        previous=scores[1] if len(scores) > 1 else None,
        run=run,
        projects=bench.projects,
        status_counts=bench.counts,
        targets=bench.targets,
        critiques=critiques,
        commitments=commitments,
        synthetic=county.is_synthetic
        or any(o.is_synthetic for o in latest.values())
        or bool(scores and scores[0].is_synthetic),
    )
    if report.score is not None:
        report.pillars = _pillars(report.score, run)
    if with_charts:
        labels = _chart_labels()
        first, last = project_queries.jalali_year_bounds(year)
        if bench.period_projects:
            report.charts["gantt"] = figure_data_uri(
                project_charts.gantt(
                    bench.period_projects,
                    today=day,
                    first=first,
                    last=last,
                    labels=labels,
                    language=get_language() or "fa",
                ),
                height=max(250, 60 + 40 * len(bench.period_projects)),
            )
        if bench.targets:
            report.charts["targets"] = figure_data_uri(
                project_charts.target_bullets(bench.targets, labels=labels),
                height=max(200, 60 + 50 * len(bench.targets)),
            )
    return report


def county_report_pdf(county: County, user: Any) -> bytes:
    report = county_report(county)
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


def province_briefing_pdf(
    province: Province, user: Any, progress: Callable[[int], None] | None = None
) -> bytes:
    counties = briefing_counties(user, province)
    reports = []
    for index, county in enumerate(counties, start=1):
        reports.append(county_report(county, with_charts=False))
        if progress:
            progress(int(90 * index / max(len(counties), 1)))
    return render_pdf(
        "reports/province_briefing.pdf.html",
        {
            "province": province,
            "reports": reports,
            "generated": timezone.localtime(),
            "synthetic": any(r.synthetic for r in reports),
        },
    )
