"""A county's work: its flagship projects, plan targets and participation measures, each with
the table behind it. Cached under what it derives from (governance.caching): the day (a
project's state and a target's progress depend on it), the newest history id of projects,
milestones, plans and targets and the newest progress update, the observations stamp and the
catalogue's digest; so any edit, import or new day shows on the next visit, and an unchanged
county's work is read from the cache in 2 queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import County, Observation
from counties.queries import catalogue_stamp
from dashboards.panels import Col, Panel, synthetic_column
from governance.caching import cached, versioned_key
from governance.pagination import history_stamp


def county_work(
    county: County, private: bool, stamps: tuple[object, ...] | None = None
) -> dict[str, Any]:
    """Flagship projects (public ones unless `private`), plan targets (only `private`), and the
    latest participation measures, from the cache when nothing they derive from has changed
    (`stamps`: `work_stamps(county, private)` when the caller has them already)."""
    key = versioned_key("county-work", *(stamps or work_stamps(county, private)))
    return cached(key, lambda: build_county_work(county, private))


def work_stamps(county: County, private: bool) -> tuple[object, ...]:
    """What a county's work derives from (2 queries of index lookups): the county, the viewer's
    flag, the day, the newest history ids of projects, milestones, plans, targets and
    observations (the observations stamp) and the newest progress update, and the catalogue's
    digest."""
    from projects import queries as project_queries
    from projects.models import ActionPlan, FlagshipProject, Milestone, PlanTarget, ProgressUpdate

    stamp = history_stamp(
        FlagshipProject, Milestone, ActionPlan, PlanTarget, Observation, plain=(ProgressUpdate,)
    )
    return (
        county.pk,
        county.code,  # in the projects' links
        int(private),
        project_queries.today().isoformat(),
        "-".join(map(str, stamp or ())),
        catalogue_stamp(),
    )


def build_county_work(county: County, private: bool) -> dict[str, Any]:
    """What `county_work` caches, in a fixed number of queries."""
    from projects import charts as project_charts
    from projects import queries as project_queries
    from projects.models import ActionPlan, FlagshipProject, PlanTarget

    projects_qs = FlagshipProject.objects.filter(county=county).active()
    if not private:
        projects_qs = projects_qs.public()
    day = project_queries.today()
    projects = project_queries.with_states(
        projects_qs.order_by("period_start", "pk").with_state_data(), day
    )
    gantt = None
    if projects:
        first = min(p.period_start for p in projects)
        last = max(max(p.period_end for p in projects), day + datetime.timedelta(days=30))
        gantt = project_charts.gantt(
            projects,
            today=day,
            first=first,
            last=last,
            labels=project_charts.chart_labels(),
            language=get_language() or "fa",
        )
    targets: list[Any] = []
    if private:
        plans = ActionPlan.objects.filter(county=county, archived_at__isnull=True)
        targets = project_queries.target_rows(
            list(
                PlanTarget.objects.filter(plan__in=plans)
                .select_related("plan__county", "indicator")
                .defer("plan__county__geometry")
                .order_by("deadline", "pk")
            ),
            day,
        )
    participation = list(
        Observation.objects.filter(indicator__dimension__code="participation", county=county)
        .select_related("indicator")
        .order_by("indicator__code")
        .latest_values()
    )
    panels = [_projects_panel(projects)]
    if private:  # the plan targets panel (and so its CSV) exists only for who may see it
        panels.append(_targets_panel(targets))
    panels.append(_participation_panel(participation))
    return {
        "projects": projects,
        "today": day,  # the phone list of the timeline marks overdue milestones
        "gantt": gantt,
        "targets": targets,
        "participation": participation,
        "work_panels": {p.key: p for p in panels},
    }


def _projects_panel(projects: list[Any]) -> Panel:
    """The flagship projects table as data (its CSV): what the page lists, nothing more."""
    from projects.choices import ProjectStatus

    data = [
        {
            "title": p.title,
            "start": p.period_start,
            "end": p.period_end,
            "status": str(ProjectStatus(p.st.status.value).label),
            "progress": round(p.st.progress, 1),
            "is_public": p.is_public,
            "is_demo": p.is_demo,
        }
        for p in projects
    ]
    return Panel(
        "projects",
        _("Flagship projects"),
        [
            Col("title", _("Project")),
            Col("start", _("Start"), "date"),
            Col("end", _("End"), "date"),
            Col("status", _("Status")),
            Col("progress", _("Progress (%)"), "number", 0),
            Col("is_public", _("Public"), "bool"),
            Col("is_demo", _("Demo content"), "bool"),
        ],
        data,
        has_synthetic=any(p.is_demo for p in projects),
    )


def _targets_panel(targets: list[Any]) -> Panel:
    """The plan targets with the indicator's latest value and the progress it means."""
    data = [
        {
            "plan": t.item.plan.title,
            "indicator_code": t.indicator.code,
            "indicator": t.indicator.name,
            "baseline": t.baseline,
            "target": t.target,
            "current": t.current,
            "current_period": t.current_period,
            "deadline": t.deadline,
            "progress": round(t.progress, 1) if t.progress is not None else None,
            "on_track": t.on_track,
            "is_synthetic": t.current_synthetic,
        }
        for t in targets
    ]
    return Panel(
        "targets",
        _("Plan targets"),
        [
            Col("plan", _("Plan")),
            Col("indicator_code", _("Indicator code")),
            Col("indicator", _("Indicator")),
            Col("baseline", _("Baseline"), "number", 1),
            Col("target", _("Target"), "number", 1),
            Col("current", _("Latest value"), "number", 1),
            Col("current_period", _("Period of the latest value"), "period"),
            Col("deadline", _("Deadline"), "date"),
            Col("progress", _("Progress (%)"), "number", 0),
            Col("on_track", _("On track"), "bool"),
            synthetic_column(),
        ],
        data,
        has_synthetic=any(t.current_synthetic for t in targets),
    )


def _participation_panel(observations: list[Observation]) -> Panel:
    """The latest value of each participation measure."""
    data = [
        {
            "indicator_code": o.indicator.code,
            "measure": o.indicator.name,
            "value": o.value,
            "period": o.period,
            "is_synthetic": o.is_synthetic,
        }
        for o in observations
    ]
    return Panel(
        "participation",
        _("Participation measures"),
        [
            Col("indicator_code", _("Indicator code")),
            Col("measure", _("Measure")),
            Col("value", _("Value"), "number", 1),
            Col("period", _("Period"), "period"),
            synthetic_column(),
        ],
        data,
        has_synthetic=any(o.is_synthetic for o in observations),
    )
