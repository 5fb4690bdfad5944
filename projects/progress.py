"""Status and progress of flagship projects and plan targets: pure, no Django.

Everything here takes plain values (dates, numbers) and returns plain values, so that the rules
can be read and tested alone. Services and views load rows, call these, and show the result.

Rules (docs/projects.md explains them for users):
- Progress is the larger of two measures: the weighted share of milestones done (each
  milestone counting by its weight) and the latest reported estimate (the percent of the most
  recent progress update). Milestones are the checkpoints, the estimate tells how far the work
  between them has gone, so a report of 15 % moves a project whose first milestone is not yet
  done. While a milestone is open the project is never shown as complete: the estimate counts
  up to 99 % at most. Without milestones or reports, progress is 0.
- Status is derived, never typed, from milestones against today:
  done          every milestone is done (without milestones: 100% reported);
  not started   the period has not begun and nothing is done yet;
  delayed       a milestone is overdue by more than `tolerance_days`, or the period has ended
                and the work is not done;
  at risk       a milestone is overdue, but by no more than `tolerance_days`;
  on track      otherwise.
  Without milestones, the reported percent is compared with the share of the period elapsed.
- A project is stale when it has had no progress update and no milestone completed for more than
  `stale_days` days while under way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_TOLERANCE_DAYS = 30
DEFAULT_STALE_DAYS = 30
# Without milestones: how far (in percentage points) reported progress may trail elapsed time.
BEHIND_AT_RISK_POINTS = 15.0
BEHIND_DELAYED_POINTS = 35.0
# Plan targets: how far progress may trail the time elapsed towards the deadline.
TARGET_BEHIND_POINTS = 20.0


class Status(StrEnum):
    """The derived status of a project; the order is the order pages list them in."""

    DELAYED = "delayed"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    NOT_STARTED = "not_started"
    DONE = "done"


@dataclass(frozen=True)
class MilestoneFact:
    """What the rules need to know about a milestone."""

    planned: datetime.date
    done: datetime.date | None
    weight: float = 1.0

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done is None and self.planned < today

    def days_late(self, today: datetime.date) -> int:
        return (today - self.planned).days if self.is_overdue(today) else 0


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules need to know about a project."""

    start: datetime.date
    end: datetime.date
    milestones: Sequence[MilestoneFact] = ()
    reported_percent: float | None = None
    last_update: datetime.date | None = None


@dataclass(frozen=True)
class ProjectState:
    """A project's derived progress (0-100), status, and whether it is stale."""

    progress: float
    status: Status
    stale: bool
    overdue_milestones: int
    expected_progress: float
    milestone_progress: float | None = None
    reported_percent: float | None = None


def milestone_progress(milestones: Iterable[MilestoneFact]) -> float | None:
    """Weighted share of milestones done, 0-100; None without milestones (or zero weight)."""
    items = list(milestones)
    total = sum(max(m.weight, 0.0) for m in items)
    if not items or total <= 0:
        return None
    done = sum(max(m.weight, 0.0) for m in items if m.done is not None)
    return round(100.0 * done / total, 1)


def expected_milestone_progress(
    milestones: Iterable[MilestoneFact], today: datetime.date
) -> float | None:
    """Weighted share of milestones planned on or before today: where progress should be."""
    items = list(milestones)
    total = sum(max(m.weight, 0.0) for m in items)
    if not items or total <= 0:
        return None
    due = sum(max(m.weight, 0.0) for m in items if m.planned <= today)
    return round(100.0 * due / total, 1)


def elapsed_share(start: datetime.date, end: datetime.date, today: datetime.date) -> float:
    """Share of the period elapsed on `today`, 0-100."""
    if today <= start:
        return 0.0
    if today >= end:
        return 100.0
    return round(100.0 * (today - start).days / max((end - start).days, 1), 1)


# While a milestone is open, a reported estimate counts up to this percent: only milestones
# (or, without any, a report of 100 %) complete a project.
OPEN_MILESTONES_CEILING = 99.0


def project_progress(facts: ProjectFacts) -> float:
    """Progress 0-100: the larger of the milestones done by weight and the latest reported
    estimate, the estimate held below 100 while a milestone is open; 0 without either."""
    reported = float(min(max(facts.reported_percent or 0.0, 0.0), 100.0))
    rolled = milestone_progress(facts.milestones)
    if rolled is None:
        return reported
    if rolled < 100.0:
        reported = min(reported, OPEN_MILESTONES_CEILING)
    return max(rolled, reported)


def derive_status(
    facts: ProjectFacts,
    today: datetime.date,
    *,
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
) -> Status:
    """The project's status on `today`, from its milestones (or reported percent) and period."""
    progress = project_progress(facts)
    milestones = list(facts.milestones)
    if milestones and all(m.done is not None for m in milestones):
        return Status.DONE
    if not milestones and progress >= 100.0:
        return Status.DONE
    started = progress > 0 or any(m.done is not None for m in milestones)
    if today < facts.start and not started:
        return Status.NOT_STARTED
    if today > facts.end:
        return Status.DELAYED
    if milestones:
        return _status_by_milestones(milestones, today, tolerance_days)
    return _status_by_elapsed_time(facts, today, progress)


def _status_by_milestones(
    milestones: Sequence[MilestoneFact], today: datetime.date, tolerance_days: int
) -> Status:
    """Under way with milestones: the most overdue one decides."""
    worst = max(m.days_late(today) for m in milestones)
    if worst > tolerance_days:
        return Status.DELAYED
    if worst > 0:
        return Status.AT_RISK
    return Status.ON_TRACK


def _status_by_elapsed_time(facts: ProjectFacts, today: datetime.date, progress: float) -> Status:
    """Under way without milestones: how far the reported percent trails the time elapsed."""
    behind = elapsed_share(facts.start, facts.end, today) - progress
    if behind > BEHIND_DELAYED_POINTS:
        return Status.DELAYED
    if behind > BEHIND_AT_RISK_POINTS:
        return Status.AT_RISK
    return Status.ON_TRACK


def last_activity(facts: ProjectFacts) -> datetime.date:
    """The last day anything was reported: an update, a milestone done, or else the start."""
    days = [facts.start]
    if facts.last_update is not None:
        days.append(facts.last_update)
    days.extend(m.done for m in facts.milestones if m.done is not None)
    return max(days)


def is_stale(
    facts: ProjectFacts,
    today: datetime.date,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    status: Status | None = None,
) -> bool:
    """Under way (not done, not yet to start) and nothing reported for more than `stale_days`."""
    status = status or derive_status(facts, today)
    if status in (Status.DONE, Status.NOT_STARTED):
        return False
    return (today - last_activity(facts)).days > stale_days


def project_state(
    facts: ProjectFacts,
    today: datetime.date,
    *,
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> ProjectState:
    """Progress, status, staleness and overdue count of a project on `today`, in one call."""
    status = derive_status(facts, today, tolerance_days=tolerance_days)
    expected = expected_milestone_progress(facts.milestones, today)
    if expected is None:
        expected = elapsed_share(facts.start, facts.end, today)
    return ProjectState(
        progress=project_progress(facts),
        status=status,
        stale=is_stale(facts, today, stale_days=stale_days, status=status),
        overdue_milestones=sum(1 for m in facts.milestones if m.is_overdue(today)),
        expected_progress=expected,
        milestone_progress=milestone_progress(facts.milestones),
        reported_percent=facts.reported_percent,
    )


# --- plan targets and indicators ---------------------------------------------------------


def target_progress(baseline: float, target: float, current: float | None) -> float | None:
    """How far the indicator has moved from baseline towards target, in percent (not clipped).

    Works whichever way the target lies: a target below the baseline (fewer people in informal
    settlements) counts a fall as progress. None when there is no current value or no distance.
    """
    if current is None or target == baseline:
        return None if current is None else (100.0 if current == target else 0.0)
    return round(100.0 * (current - baseline) / (target - baseline), 1)


def target_on_track(
    *,
    baseline: float,
    target: float,
    current: float | None,
    start: datetime.date,
    deadline: datetime.date,
    today: datetime.date,
) -> bool | None:
    """Whether a target keeps pace with the time elapsed towards its deadline (None: no data)."""
    progress = target_progress(baseline, target, current)
    if progress is None:
        return None
    if progress >= 100.0:
        return True
    if today >= deadline:
        return False
    return progress >= elapsed_share(start, deadline, today) - TARGET_BEHIND_POINTS


# --- where flagship money goes ------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLocation:
    """A project's planned budget and how many of its areas there are, and how many deprived."""

    budget: float
    areas: int
    deprived_areas: int


def deprived_budget_share(projects: Iterable[BudgetLocation]) -> float | None:
    """Share (0-100) of planned budget located in deprived areas.

    A project's budget is split evenly between its areas; a project with no area is county-wide
    and counts as not located in a deprived area. None when there is no budget at all.
    """
    total = 0.0
    deprived = 0.0
    for project in projects:
        if project.budget <= 0:
            continue
        total += project.budget
        if project.areas:
            deprived += project.budget * project.deprived_areas / project.areas
    if total <= 0:
        return None
    return round(100.0 * deprived / total, 1)
