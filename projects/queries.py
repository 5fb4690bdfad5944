"""Reads of flagship projects and plans: state, indicator progress, budget share, workbench.

Each function runs a fixed number of queries whatever the number of rows, then applies the pure
rules of projects.progress in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from counties.models import Observation
from governance.periods import year_bounds
from projects.choices import ActionStatus
from projects.models import (
    ActionPlan,
    FlagshipProject,
    Milestone,
    PlanAction,
    PlanTarget,
    ProjectKPI,
)
from projects.progress import (
    BudgetLocation,
    Status,
    deprived_budget_share,
    target_on_track,
    target_progress,
)

if TYPE_CHECKING:
    from projects.models.projects import ProjectQuerySet

# A queryset of rows with a period (period_start, period_end), kept as the caller's own class.
_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def today() -> datetime.date:
    return timezone.localdate()


def overlapping(queryset: _Rows, start: datetime.date, end: datetime.date) -> _Rows:
    """Rows whose period overlaps [start, end]."""
    return queryset.filter(period_start__lte=end, period_end__gte=start)


def with_states(
    projects: Iterable[FlagshipProject], day: datetime.date | None = None
) -> list[FlagshipProject]:
    """The projects as a list, each with `.st` (its ProjectState) computed once."""
    day = day or today()
    result = list(projects)
    for project in result:
        project.st = project.state(day)  # type: ignore[attr-defined]
    return result


def filter_projects(
    queryset: ProjectQuerySet,
    *,
    dimension: Any = None,
    year: int | None = None,
    area: Any = None,
    status: str = "",
    day: datetime.date | None = None,
) -> ProjectQuerySet:
    """The one project filter of the pages and the API, all in SQL: challenge, year (of the
    profile's calendar) the period overlaps, area, and derived status on `day` ("stale" for
    the stale ones)."""
    if dimension:
        queryset = queryset.filter(dimension=dimension)
    if year:
        queryset = overlapping(queryset, *year_bounds(year))
    if area:
        queryset = queryset.filter(areas=area)
    if status:
        queryset = queryset.with_derived_status(status, day or today())
    return queryset


def status_counts(projects: Sequence[FlagshipProject]) -> list[tuple[Status, int]]:
    counts: dict[Status, int] = defaultdict(int)
    for project in projects:
        counts[project.st.status] += 1  # type: ignore[attr-defined]
    return [(status, counts[status]) for status in Status]


def budget_location(project: FlagshipProject) -> BudgetLocation:
    areas = list(project.areas.all())
    return BudgetLocation(
        budget=float(project.planned_budget or 0),
        areas=len(areas),
        deprived_areas=sum(1 for a in areas if a.is_deprived),
    )


@dataclass
class CountyBudget:
    """Flagship budget of a county and the share of it located in deprived areas."""

    county: Any
    projects: int
    budget: float
    deprived_share: float | None


def budget_by_county(projects: Sequence[FlagshipProject]) -> list[CountyBudget]:
    """Per county: number of projects, planned budget, share located in deprived areas."""
    grouped: dict[int, list[FlagshipProject]] = defaultdict(list)
    for project in projects:
        grouped[project.county_id].append(project)
    rows = []
    for items in grouped.values():
        locations = [budget_location(p) for p in items]
        rows.append(
            CountyBudget(
                county=items[0].county,
                projects=len(items),
                budget=sum(loc.budget for loc in locations),
                deprived_share=deprived_budget_share(locations),
            )
        )
    return sorted(rows, key=lambda r: r.county.name)


@dataclass
class IndicatorProgress:
    """A KPI or plan target with the indicator's latest value and the progress it means."""

    item: Any
    indicator: Any
    baseline: float
    target: float
    deadline: datetime.date
    current: float | None
    current_period: str | None
    current_synthetic: bool
    progress: float | None
    on_track: bool | None


def _indicator_rows(
    items: Sequence[Any], target_attr: str, start_of: Any, day: datetime.date
) -> list[IndicatorProgress]:
    observations = Observation.objects.filter(
        indicator_id__in={i.indicator_id for i in items}, county_id__in={i.county.pk for i in items}
    ).only("indicator_id", "county_id", "value", "period", "period_start", "is_synthetic")
    latest = {(o.indicator_id, o.county_id): o for o in observations.latest_values()}
    rows: list[IndicatorProgress] = []
    for item in items:
        observation = latest.get((item.indicator_id, item.county.pk))
        current = observation.value if observation is not None else None
        target = getattr(item, target_attr)
        rows.append(
            IndicatorProgress(
                item=item,
                indicator=item.indicator,
                baseline=item.baseline,
                target=target,
                deadline=item.deadline,
                current=current,
                current_period=observation.period if observation is not None else None,
                current_synthetic=bool(observation and observation.is_synthetic),
                progress=target_progress(item.baseline, target, current),
                on_track=target_on_track(
                    baseline=item.baseline,
                    target=target,
                    current=current,
                    start=start_of(item),
                    deadline=item.deadline,
                    today=day,
                ),
            )
        )
    return rows


def kpi_rows(project: FlagshipProject, day: datetime.date | None = None) -> list[IndicatorProgress]:
    """The project's KPIs with the current values from the observations (2 queries)."""
    kpis = list(
        ProjectKPI.objects.filter(project=project).select_related("indicator", "project__county")
    )
    return _indicator_rows(kpis, "target", lambda k: k.project.period_start, day or today())


def target_rows(
    targets: Sequence[PlanTarget], day: datetime.date | None = None
) -> list[IndicatorProgress]:
    """Plan targets (with plan, county, indicator loaded) and their progress (1 query)."""
    return _indicator_rows(
        list(targets), "target_value", lambda t: t.plan.period_start, day or today()
    )


def plans_for(queryset: QuerySet) -> QuerySet:
    """Plans with their targets and actions loaded."""
    return queryset.select_related("county", "dimension").prefetch_related(
        Prefetch("targets", queryset=PlanTarget.objects.select_related("indicator")),
        "actions",
    )


@dataclass
class Workbench:
    """Everything the governor's workbench shows for one county."""

    projects: list[FlagshipProject]
    period_projects: list[FlagshipProject]
    counts: list[tuple[Status, int]]
    upcoming: list[Milestone]
    overdue: list[Milestone]
    stale: list[FlagshipProject]
    targets: list[IndicatorProgress]
    off_track: list[IndicatorProgress]
    overdue_actions: list[PlanAction]
    plans: list[ActionPlan]
    budget: list[CountyBudget]


def workbench(
    county: Any, year: int, day: datetime.date | None = None, upcoming_days: int = 30
) -> Workbench:
    """The county's active projects and plans, what is due, overdue, stale and off track."""
    day = day or today()
    projects = with_states(
        FlagshipProject.objects.active().filter(county=county).with_state_data(), day
    )
    first, last = year_bounds(year)
    period_projects = [p for p in projects if p.period_start <= last and p.period_end >= first]
    milestones = _open_milestones(projects, day + datetime.timedelta(days=upcoming_days))
    plans = _active_plans(county)
    targets = [t for plan in plans for t in plan.targets.all()]
    rows = target_rows(targets, day)
    return Workbench(
        projects=projects,
        period_projects=period_projects,
        counts=status_counts(projects),
        upcoming=_by_date(m for m in milestones if m.planned_date >= day),
        overdue=_by_date(m for m in milestones if m.planned_date < day),
        stale=[p for p in projects if p.st.stale],  # type: ignore[attr-defined]
        targets=rows,
        off_track=[r for r in rows if r.on_track is False],
        overdue_actions=_overdue_actions(plans, day),
        plans=plans,
        budget=budget_by_county(projects),
    )


def _open_milestones(projects: list[FlagshipProject], until: datetime.date) -> list[Milestone]:
    """The projects' open milestones planned on or before `until`, each with its project."""
    milestones = [
        m
        for p in projects
        for m in p.milestones.all()
        if m.done_date is None and m.planned_date <= until
    ]
    by_id = {p.pk: p for p in projects}
    for m in milestones:
        m.project = by_id[m.project_id]  # reuse the loaded project: no query per milestone
    return milestones


def _by_date(milestones: Iterable[Milestone]) -> list[Milestone]:
    return sorted(milestones, key=lambda m: m.planned_date)


def _overdue_actions(plans: list[ActionPlan], day: datetime.date) -> list[Any]:
    overdue = (a for plan in plans for a in plan.actions.all() if a.is_overdue(day))
    return sorted(overdue, key=lambda a: a.due_date)


def _active_plans(county: Any) -> list[ActionPlan]:
    """The county's active plans with their targets and actions, linked back without queries."""
    plans = list(plans_for(ActionPlan.objects.active().filter(county=county)))
    for plan in plans:
        plan.county = county
        for t in plan.targets.all():
            t.plan = plan
        for a in plan.actions.all():
            a.plan = plan
    return plans


def action_counts(plan: ActionPlan, day: datetime.date | None = None) -> dict[str, int]:
    """How many of the plan's actions are done, open and overdue (uses prefetched actions)."""
    day = day or today()
    actions = list(plan.actions.all())
    return {
        "total": len(actions),
        "done": sum(1 for a in actions if a.status == ActionStatus.DONE),
        "overdue": sum(1 for a in actions if a.is_overdue(day)),
    }
