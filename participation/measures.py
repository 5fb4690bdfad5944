"""Participation measures, computed from plain dates and codes. Imports no Django.

The service layer (`participation.services.measures.store_participation_measures`) loads rows,
turns them into the small records below, calls `county_measures` and stores the result as
observations.
Every measure is None when it is undefined (nothing to measure), never a silent zero.
See docs/participation.md for the definitions.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MEASURE_CODES: tuple[str, ...] = (
    "participation_ring_coverage",
    "participation_meeting_regularity",
    "participation_commitment_completion",
    "participation_critique_response_rate",
    "participation_critique_response_days",
    "participation_investor_conversion",
    "participation_realized_jobs",
)


@dataclass(frozen=True)
class Window:
    """A closed range of days [start, end]."""

    start: datetime.date
    end: datetime.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class SeriesRecord:
    """A periodic meeting series: first period start, months per period, held meeting dates."""

    starts_on: datetime.date
    months: int
    held_on: tuple[datetime.date, ...] = ()
    active_until: datetime.date | None = None


@dataclass(frozen=True)
class CommitmentRecord:
    due_on: datetime.date
    status: str
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class CritiqueRecord:
    received_on: datetime.date
    responded_on: datetime.date | None = None


@dataclass(frozen=True)
class InvestmentRecord:
    """An investment's history: (date, stage, realized jobs) events in date order."""

    events: tuple[tuple[datetime.date, str, int], ...]


@dataclass
class CountyActivity:
    """Everything one county recorded, reduced to what the measures need."""

    engagements: list[tuple[datetime.date, str]] = field(default_factory=list)
    series: list[SeriesRecord] = field(default_factory=list)
    commitments: list[CommitmentRecord] = field(default_factory=list)
    critiques: list[CritiqueRecord] = field(default_factory=list)
    investments: list[InvestmentRecord] = field(default_factory=list)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def series_slots(
    starts_on: datetime.date, months: int, until: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The periods [start, end] a series expects one meeting in, from its start until `until`."""
    if months < 1:
        raise ValueError("months must be at least 1")
    slots: list[tuple[datetime.date, datetime.date]] = []
    index = 0
    while True:
        start = add_months(starts_on, months * index)
        if start > until:
            return slots
        end = add_months(starts_on, months * (index + 1)) - datetime.timedelta(days=1)
        slots.append((start, end))
        index += 1


def slot_states(
    series: SeriesRecord, today: datetime.date
) -> list[tuple[datetime.date, datetime.date, str]]:
    """Each slot up to today as held, missed (ended without a meeting) or pending."""
    until = min(today, series.active_until) if series.active_until else today
    states = []
    for start, end in series_slots(series.starts_on, series.months, until):
        held = any(start <= day <= end for day in series.held_on)
        if held:
            state = "held"
        elif end < today:
            state = "missed"
        else:
            state = "pending"
        states.append((start, end, state))
    return states


def engaged_types(
    engagements: Iterable[tuple[datetime.date, str]], as_of: datetime.date, days: int
) -> set[str]:
    """Stakeholder types with an engagement in the `days` days ending on `as_of`."""
    since = as_of - datetime.timedelta(days=days - 1)
    return {kind for day, kind in engagements if since <= day <= as_of}


def ring_coverage(
    engagements: Iterable[tuple[datetime.date, str]],
    as_of: datetime.date,
    types: Sequence[str],
    days: int = 90,
) -> float | None:
    """Percentage of `types` engaged in the `days` days ending on `as_of`."""
    if not types:
        return None
    engaged = engaged_types(engagements, as_of, days) & set(types)
    return 100.0 * len(engaged) / len(types)


def meeting_regularity(series: Iterable[SeriesRecord], window: Window) -> tuple[int, int]:
    """(held, scheduled) over the series' slots that end inside the window."""
    held = scheduled = 0
    for record in series:
        until = min(window.end, record.active_until) if record.active_until else window.end
        for start, end in series_slots(record.starts_on, record.months, until):
            if not (window.start <= end <= window.end):
                continue
            scheduled += 1
            held += any(start <= day <= end for day in record.held_on)
    return held, scheduled


def percentage(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def commitment_completion(commitments: Iterable[CommitmentRecord], window: Window) -> float | None:
    """Percentage of commitments due in the window that were done by the window's end."""
    due = [c for c in commitments if c.due_on in window and c.status != "dropped"]
    done = [
        c
        for c in due
        if c.status == "done" and (c.completed_on is None or c.completed_on <= window.end)
    ]
    return percentage(len(done), len(due))


def critique_response(
    critiques: Iterable[CritiqueRecord], window: Window
) -> tuple[float | None, float | None]:
    """(response rate %, median days to respond) of critiques received in the window.

    A critique counts as answered when its response is dated on or before the window's end, so a
    period's figure does not change when late answers arrive afterwards.
    """
    received = [c for c in critiques if c.received_on in window]
    answered = [c for c in received if c.responded_on is not None and c.responded_on <= window.end]
    rate = percentage(len(answered), len(received))
    if not answered:
        return rate, None
    days = [(c.responded_on - c.received_on).days for c in answered]  # type: ignore[operator]
    return rate, float(statistics.median(days))


def stage_on(record: InvestmentRecord, day: datetime.date) -> tuple[str | None, int]:
    """(stage, realized jobs) of an investment on `day`; stage None before its first event."""
    stage: str | None = None
    jobs = 0
    for event_day, event_stage, event_jobs in record.events:
        if event_day > day:
            break
        stage, jobs = event_stage, event_jobs
    return stage, jobs


def investor_conversion(
    investments: Iterable[InvestmentRecord],
    as_of: datetime.date,
    pipeline: Sequence[str],
    converted_from: str,
) -> float | None:
    """Percentage of investments known by `as_of` that had reached `converted_from` or later."""
    threshold = pipeline.index(converted_from)
    known = converted = 0
    for record in investments:
        stage, _ = stage_on(record, as_of)
        if stage is None:
            continue
        known += 1
        converted += stage in pipeline and pipeline.index(stage) >= threshold
    return percentage(converted, known)


def realized_jobs(investments: Iterable[InvestmentRecord], as_of: datetime.date) -> int:
    """Jobs reported as realized by `as_of`, summed over the county's investments."""
    return sum(stage_on(record, as_of)[1] for record in investments)


def county_measures(
    activity: CountyActivity,
    window: Window,
    *,
    coverage_types: Sequence[str],
    pipeline: Sequence[str],
    converted_from: str,
    coverage_days: int = 90,
) -> dict[str, float | None]:
    """All participation measures of one county for one window (keys: MEASURE_CODES)."""
    held, scheduled = meeting_regularity(activity.series, window)
    rate, median_days = critique_response(activity.critiques, window)
    has_investments = any(stage_on(r, window.end)[0] for r in activity.investments)
    return {
        "participation_ring_coverage": ring_coverage(
            activity.engagements, window.end, coverage_types, coverage_days
        ),
        "participation_meeting_regularity": percentage(held, scheduled),
        "participation_commitment_completion": commitment_completion(activity.commitments, window),
        "participation_critique_response_rate": rate,
        "participation_critique_response_days": median_days,
        "participation_investor_conversion": investor_conversion(
            activity.investments, window.end, pipeline, converted_from
        ),
        "participation_realized_jobs": float(realized_jobs(activity.investments, window.end))
        if has_investments
        else None,
    }


def furthest_stage(stages: Iterable[str], pipeline: Sequence[str]) -> str | None:
    """The furthest pipeline stage in an investment's history ("dropped" is not a stage)."""
    reached = [pipeline.index(s) for s in stages if s in pipeline]
    return pipeline[max(reached)] if reached else None


def funnel_counts(furthest: Iterable[str | None], pipeline: Sequence[str]) -> list[int]:
    """How many investments reached at least each stage, given the furthest each reached.

    A dropped investment counts for every stage it passed before it was dropped.
    """
    counts = [0] * len(pipeline)
    for stage in furthest:
        if stage not in pipeline:
            continue
        for index in range(pipeline.index(stage) + 1):
            counts[index] += 1
    return counts
