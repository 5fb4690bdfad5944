"""The tables a user may download, built lazily so CSV exports stream in constant memory.

Rows are scoped by governance.access exactly as on the pages: statistics (counties, observations,
scores) for every signed-in user; projects, critiques, commitments and investments only for the
counties the user may view, non-public projects likewise; contact data and private text of
critiques only for whoever `access.can_view_contacts` allows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from counties.baseline import current_baseline
from counties.catalogue import OVERVIEW_INDICATORS
from counties.models import County, Indicator, Observation
from governance import access
from governance.exports.pg_copy import CopySource, county_fields
from governance.exports.table import Column, ExportTable
from governance.money import money_label
from governance.periods import period_label
from governance.templatetags.tavazon import digits, jdate
from participation import exports as participation_exports
from participation.models import Commitment, Critique, Investment
from projects.choices import ProjectStatus
from projects.models import FlagshipProject
from reports.forms import ALL_PERIODS
from scores.completeness import RunPeriods, run_periods
from scores.models import CoverageShortfall, Score, ScoreRun

CHUNK = 5000
# Rows name their county and province (a "county" column): their shapes are never needed.
PLACE_GEOMETRY = ("county__geometry", "county__province__geometry")
COUNTY_GEOMETRY = ("geometry", "province__geometry")

_M = TypeVar("_M", bound=Model)


def counties_table(user: Any) -> ExportTable:
    """Every county with its baseline population and context indicators (county level, the
    baseline period of the country profile)."""
    baseline = current_baseline()
    codes = [baseline.indicator_code, *OVERVIEW_INDICATORS]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    codes = [c for c in codes if c in indicators]
    queryset = (
        County.objects.select_related("province")
        .with_indicator_values(codes, baseline.period)
        .defer("geometry", "province__geometry")
        .order_by("province__code", "code")
    )
    columns = [
        Column("code", _("Code")),
        Column("name", _("County")),
        Column("province", _("Province")),
        Column("province_code", _("Province code")),
    ]
    columns += [
        Column(
            f"ind_{c.replace('-', '_')}",
            f"{indicators[c].name} ({period_label(baseline.period, get_language())})",
            "#,##0.##",
        )
        for c in codes
    ]
    columns.append(Column("is_synthetic", _("Synthetic")))

    def rows() -> Iterator[dict[str, Any]]:
        for county in queryset.iterator(chunk_size=CHUNK):
            row = {
                "code": county.code,
                "name": county.name,
                "province": county.province.name,
                "province_code": county.province.code,
                "is_synthetic": county.is_synthetic,
            }
            for c in codes:
                key = f"ind_{c.replace('-', '_')}"
                row[key] = getattr(county, key)
            yield row

    sources = sorted({indicators[c].source for c in codes if indicators[c].source})
    return ExportTable(
        title=_("Counties"),
        columns=columns,
        rows=rows(),
        sources=sources or ([baseline.source] if baseline.source else []),
        has_synthetic=County.objects.filter(is_synthetic=True).exists(),
    )


def _counties_by_pk() -> dict[int, County]:
    """Every county with its province (a few hundred), for rows read as tuples."""
    return {
        county.pk: county
        for county in County.objects.select_related("province").defer(*COUNTY_GEOMETRY)
    }


def observations_table(user: Any) -> ExportTable:
    """Every indicator value (county and area level) with its source and synthetic flag."""
    after_county = ["area_id", "period", "value", "source", "is_synthetic"]
    values = Observation.objects.order_by("pk").values_list(
        "indicator__code", "county_id", *after_county
    )
    columns = [
        Column("indicator", _("Indicator")),
        Column("county", _("County"), kind="county"),
        Column("area", _("Area")),
        Column("period", _("Period")),
        Column("value", _("Value"), "#,##0.###"),
        Column("source", _("Source")),
        Column("is_synthetic", _("Synthetic")),
    ]

    def rows() -> Iterator[tuple[Any, ...]]:
        counties = _counties_by_pk()
        for indicator, county_id, *rest in values.iterator(chunk_size=CHUNK):
            yield (indicator, counties[county_id], *rest)  # tuples in column order

    copy_queryset, county = county_fields(Observation.objects.all())
    return ExportTable(
        title=_("Observations"),
        columns=columns,
        rows=rows(),
        sources=[_("Sources are given per row.")],
        has_synthetic=Observation.objects.filter(is_synthetic=True).exists(),
        copy_source=CopySource(copy_queryset, ["indicator__code", *county, *after_county]),
    )


def scores_table(user: Any, run: ScoreRun | None = None, period: str = "") -> ExportTable:
    """Scores of a published run (the latest when none is given) in one period: the run's
    latest complete period unless `period` names another ("all": every period). Counties with
    too little data to be ranked come after the ranked ones, without score, rank or tier; every
    row names its run and whether its period is complete or provisional."""
    run = run or ScoreRun.objects.latest_published()
    periods = run_periods(run)
    chosen = ALL_PERIODS if period == ALL_PERIODS else periods.choose(period)
    columns = _score_columns()
    if run is None:  # nothing published yet: the headers alone
        return ExportTable(title=_("Scores"), columns=columns, rows=iter(()))
    scored = Score.objects.filter(run=run)
    shortfalls = CoverageShortfall.objects.filter(run=run)
    if chosen != ALL_PERIODS:
        scored = scored.filter(period=chosen)
        shortfalls = shortfalls.filter(period=chosen)
    statuses = {
        p: s.provisional_label or _("Complete: %(ranked)s") % {"ranked": s.ranked_label}
        for p, s in periods.statuses.items()
    }
    return ExportTable(
        title=_("Scores"),
        columns=columns,
        rows=_score_rows(run, scored, shortfalls, statuses),
        # The methodology as the run used it (its snapshot), not as it may have been edited since.
        sources=[
            _("Tavazon development-balance score, methodology %(code)s")
            % {"code": run.methodology_label or "-"}
        ],
        has_synthetic=scored.filter(is_synthetic=True).exists(),
        notes=_score_notes(run, periods, chosen),
    )


def _score_columns() -> list[Column]:
    return [
        Column("period", _("Period")),
        Column("county", _("County"), kind="county"),
        Column("composite", _("Score (0-100)"), "0.00"),
        Column("national_rank", _("National rank")),
        Column("provincial_rank", _("Provincial rank")),
        Column("tier", _("Tier")),
        Column("coverage", _("Data coverage (0-1)"), "0.000"),
        Column("standing", _("Ranked")),
        Column("period_status", _("Period status")),
        Column("run", _("Score run")),
        Column("is_synthetic", _("Synthetic")),
    ]


def _score_rows(
    run: ScoreRun, scored: Any, shortfalls: Any, statuses: dict[str, str]
) -> Iterator[dict[str, Any]]:
    """The ranked counties, then those with too little data, streamed."""
    values = scored.order_by("period", "national_rank", "county__code").values_list(
        "period",
        "county_id",
        "composite",
        "national_rank",
        "provincial_rank",
        "tier",
        "coverage",
        "is_synthetic",
    )
    not_ranked = _("Not enough data for this period")

    def rows() -> Iterator[dict[str, Any]]:
        counties = _counties_by_pk()
        for (
            p,
            county_id,
            composite,
            national,
            provincial,
            tier,
            coverage,
            synthetic,
        ) in values.iterator(chunk_size=CHUNK):
            yield {
                "period": p,
                "county": counties[county_id],
                "composite": float(composite),
                "national_rank": national,
                "provincial_rank": provincial,
                "tier": tier,
                "coverage": float(coverage),
                "standing": _("yes"),
                "period_status": statuses.get(p, ""),
                "run": run.pk,
                "is_synthetic": synthetic,
            }
        for p, county_id, coverage in shortfalls.order_by("period", "county__code").values_list(
            "period", "county_id", "coverage"
        ):
            yield {
                "period": p,
                "county": counties[county_id],
                "coverage": float(coverage),
                "standing": not_ranked,
                "period_status": statuses.get(p, ""),
                "run": run.pk,
                "is_synthetic": counties[county_id].is_synthetic,
            }

    return rows()


def _score_notes(run: ScoreRun, periods: RunPeriods, chosen: str) -> list[str]:
    """The run, its publication date, and the period shown with its status."""
    notes = [
        _("Score run %(id)s published %(date)s")
        % {"id": digits(run.pk), "date": jdate(run.published_at, True)}
    ]
    if chosen == ALL_PERIODS:
        notes.append(_("Every period of the run; each row says whether its period is complete."))
    elif chosen:
        status = periods.get(chosen)
        notes.append(
            _("Published run %(run)s · period %(period)s")
            % {"run": digits(run.pk), "period": period_label(chosen, get_language())}
        )
        if status is not None:
            notes.append(status.provisional_label or status.ranked_label)
    else:
        notes.append(_("No period of this run is complete yet: choose a period."))
    return notes


def visible_projects(user: Any) -> Any:
    """Projects the user may see: every project of viewable counties, public ones elsewhere."""
    viewable = County.objects.viewable_by(user)
    return FlagshipProject.objects.filter(
        Q(county__in=viewable) | Q(is_public=True, archived_at__isnull=True)
    )


def projects_table(user: Any) -> ExportTable:
    """Flagship projects across counties, with derived progress and status."""
    queryset = (
        visible_projects(user)
        .select_related("county__province")
        .defer(*PLACE_GEOMETRY)
        .order_by("county__code", "period_start", "pk")
        .with_state_data()
    )
    columns = [
        Column("county", _("County"), kind="county"),
        Column("title", _("Project")),
        Column("start", _("Start"), kind="date"),
        Column("end", _("End"), kind="date"),
        Column("status", _("Status")),
        Column("progress", _("Progress (%)"), "0"),
        Column("planned_budget", money_label(_("Planned budget (%(currency)s)")), "#,##0"),
        Column("spent_budget", money_label(_("Spent budget (%(currency)s)")), "#,##0"),
        Column("is_public", _("Public")),
        Column("is_demo", _("Demo content")),
    ]

    def rows() -> Iterator[dict[str, Any]]:
        for project in queryset.iterator(chunk_size=500):
            state = project.state()
            yield {
                "county": project.county,
                "title": project.title,
                "start": project.period_start,
                "end": project.period_end,
                "status": str(ProjectStatus(state.status.value).label),
                "progress": round(state.progress, 1),
                "planned_budget": project.planned_budget,
                "spent_budget": project.spent_budget,
                "is_public": project.is_public,
                "is_demo": project.is_demo,
            }

    return ExportTable(
        title=_("Flagship projects"),
        columns=columns,
        rows=rows(),
        sources=[_("Progress reported by the county governorates")],
        has_synthetic=visible_projects(user).filter(is_demo=True).exists(),
    )


def critiques_table(user: Any) -> ExportTable:
    """Critiques of the counties the user may view; private text and contacts only for staff."""
    viewable = County.objects.viewable_by(user)
    queryset = Critique.objects.viewable_by(user).filter(county__in=viewable)
    return participation_exports.critiques_table(queryset, _contact_counties(user))


def _county_records(user: Any, rows: QuerySet[_M], order: str, *related: str) -> QuerySet[_M]:
    """The `rows` (commitments, investments) of the counties `user` may view, with their
    county and `related` rows, by county code and then `order`."""
    return (
        rows.filter(county__in=County.objects.viewable_by(user))
        .select_related("county__province", *related)
        .defer(*PLACE_GEOMETRY)
        .order_by("county__code", order, "pk")
    )


def _contact_counties(user: Any) -> set[int]:
    """The ids of the counties whose contact data `user` may see."""
    viewable = County.objects.viewable_by(user).only("pk", "province_id")
    return {c.pk for c in viewable if access.can_view_contacts(user, c)}


def _recorded_table(
    title: str, columns: list[Column], rows: Iterator[dict[str, Any]], queryset: QuerySet[Any]
) -> ExportTable:
    """A table of records the county governorates keep, demo content flagged as synthetic."""
    return ExportTable(
        title=title,
        columns=columns,
        rows=rows,
        sources=[_("Recorded by the county governorates")],
        has_synthetic=queryset.filter(is_demo=True).exists(),
    )


def commitments_table(user: Any) -> ExportTable:
    queryset = _county_records(user, Commitment.objects.all(), "due_on", "meeting")
    columns = [
        Column("county", _("County"), kind="county"),
        Column("meeting", _("Meeting")),
        Column("title", _("Decision")),
        Column("owner", _("Owner")),
        Column("due_on", _("Due date"), kind="date"),
        Column("status", _("Status")),
        Column("completed_on", _("Completed on"), kind="date"),
        Column("times_carried", _("Times carried forward")),
        Column("is_demo", _("Demo content")),
    ]

    def rows() -> Iterator[dict[str, Any]]:
        for item in queryset.iterator(chunk_size=1000):
            yield {
                "county": item.county,
                "meeting": item.meeting.title,
                "title": item.title,
                "owner": item.owner,
                "due_on": item.due_on,
                "status": item.get_status_display(),
                "completed_on": item.completed_on,
                "times_carried": item.times_carried,
                "is_demo": item.is_demo,
            }

    return _recorded_table(_("Commitments"), columns, rows(), queryset)


def investments_table(user: Any) -> ExportTable:
    queryset = _county_records(user, Investment.objects.all(), "lead_on")
    contacts = _contact_counties(user)
    columns = [
        Column("county", _("County"), kind="county"),
        Column("name", _("Project")),
        Column("investor", _("Investor or entrepreneur")),
        Column("sector", _("Sector")),
        Column("amount", money_label(_("Amount (%(currency)s)")), "#,##0"),
        Column("expected_jobs", _("Expected jobs"), "#,##0"),
        Column("realized_jobs", _("Realized jobs"), "#,##0"),
        Column("stage", _("Stage")),
        Column("stage_changed_on", _("Stage reached on"), kind="date"),
        Column("is_demo", _("Demo content")),
    ]
    if contacts:
        columns += [
            Column("contact_person", _("Contact person")),
            Column("phone", _("Phone")),
            Column("email", _("Email")),
        ]

    def rows() -> Iterator[dict[str, Any]]:
        for item in queryset.iterator(chunk_size=1000):
            row = {
                "county": item.county,
                "name": item.name,
                "investor": item.investor,
                "sector": item.get_sector_display(),
                "amount": item.amount,
                "expected_jobs": item.expected_jobs,
                "realized_jobs": item.realized_jobs,
                "stage": item.get_stage_display(),
                "stage_changed_on": item.stage_changed_on,
                "is_demo": item.is_demo,
            }
            if item.county_id in contacts:
                row.update(contact_person=item.contact_person, phone=item.phone, email=item.email)
            yield row

    return _recorded_table(_("Investments"), columns, rows(), queryset)


@dataclass(frozen=True)
class TableKind:
    """A downloadable table; `by_run` tables take the chosen score run and period
    (`?run=&period=`)."""

    code: str
    label: Any
    build: Callable[..., ExportTable]
    by_run: bool = False


TABLES = {
    kind.code: kind
    for kind in [
        TableKind("counties", gettext_lazy("Counties and census indicators"), counties_table),
        TableKind("observations", gettext_lazy("All indicator values"), observations_table),
        TableKind("scores", gettext_lazy("Scores of a published run"), scores_table, by_run=True),
        TableKind("projects", gettext_lazy("Flagship projects"), projects_table),
        TableKind("critiques", gettext_lazy("Critiques"), critiques_table),
        TableKind("commitments", gettext_lazy("Commitments"), commitments_table),
        TableKind("investments", gettext_lazy("Investments"), investments_table),
    ]
}
