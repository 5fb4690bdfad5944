"""What publishing a draft score run would change, compared with the published run.

Ministry staff read this on the run's review page (and nobody else: governance.access
.can_publish_scores) before they publish or discard it: the counties whose national rank moves
most in one period, how many change tier, which counties become ranked or stop being ranked,
which periods become complete or provisional, and every period's coverage in both runs. A
bounded number of queries whatever the number of counties (two score reads, two period reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counties.models import County
from scores.completeness import PeriodStatus, RunPeriods, run_periods
from scores.models import Score, ScoreRun

# The review lists this many counties whose rank moves most (by the size of the move).
TOP_MOVES = 20


@dataclass(frozen=True)
class RankMove:
    """One county ranked in both runs in the compared period, with its old and new place."""

    county: County
    old_rank: int
    new_rank: int
    old_tier: int
    new_tier: int

    @property
    def change(self) -> int:
        """Places gained (positive: it moves up towards rank 1)."""
        return self.old_rank - self.new_rank

    @property
    def distance(self) -> int:
        """Places moved, up or down."""
        return abs(self.change)

    @property
    def tier_changed(self) -> bool:
        return self.old_tier != self.new_tier


@dataclass(frozen=True)
class PeriodChange:
    """One period in the published run (`old`) and in the draft (`new`); either may be None."""

    period: str
    old: PeriodStatus | None
    new: PeriodStatus | None

    @property
    def kind(self) -> str:
        """ "new", "dropped", "complete" (becomes complete), "provisional" (becomes
        provisional) or "" (same completeness)."""
        if self.old is None:
            return "new"
        if self.new is None:
            return "dropped"
        if self.new.is_complete and not self.old.is_complete:
            return "complete"
        if self.old.is_complete and not self.new.is_complete:
            return "provisional"
        return ""

    @property
    def unchanged(self) -> bool:
        """Same counts and completeness in both runs."""
        return self.old == self.new


@dataclass
class RunReview:
    """The comparison of `draft` with `published` (None when nothing is published yet)."""

    draft: ScoreRun
    published: ScoreRun | None
    period: str  # the period whose ranks are compared ("" when the draft has no period)
    draft_periods: RunPeriods
    published_periods: RunPeriods
    moves: list[RankMove] = field(default_factory=list)
    compared_count: int = 0  # counties ranked in both runs in `period`
    moved_count: int = 0  # of those, how many change national rank
    tier_change_count: int = 0
    newly_ranked: list[County] = field(default_factory=list)
    no_longer_ranked: list[County] = field(default_factory=list)
    periods: list[PeriodChange] = field(default_factory=list)

    @property
    def default_before(self) -> str:
        return self.published_periods.default

    @property
    def default_after(self) -> str:
        return self.draft_periods.default

    @property
    def becoming_complete(self) -> list[PeriodChange]:
        return [p for p in self.periods if p.kind == "complete"]

    @property
    def becoming_provisional(self) -> list[PeriodChange]:
        return [p for p in self.periods if p.kind == "provisional"]

    @property
    def new_periods(self) -> list[PeriodChange]:
        return [p for p in self.periods if p.kind == "new"]

    @property
    def changed_periods(self) -> list[PeriodChange]:
        """Periods whose counts or completeness differ, newest first."""
        return [p for p in reversed(self.periods) if not p.unchanged]

    @property
    def unchanged_periods(self) -> list[PeriodChange]:
        return [p for p in reversed(self.periods) if p.unchanged]


def review_run(draft: ScoreRun, period: str | None = None) -> RunReview:
    """Compare `draft` with the latest published run; ranks are compared in `period` when the
    draft has it, else in the period pages would open on once it is published (its latest
    complete period, else its latest period)."""
    published = ScoreRun.objects.published().exclude(pk=draft.pk)
    published_run = published.order_by("-published_at", "-pk").first()
    draft_periods = run_periods(draft)
    published_periods = run_periods(published_run)
    chosen = draft_periods.choose(period) or (
        draft_periods.periods[-1] if draft_periods.periods else ""
    )
    review = RunReview(
        draft=draft,
        published=published_run,
        period=chosen,
        draft_periods=draft_periods,
        published_periods=published_periods,
        periods=[
            PeriodChange(p, published_periods.get(p), draft_periods.get(p))
            for p in sorted(set(draft_periods.periods) | set(published_periods.periods))
        ],
    )
    if chosen:
        _compare_ranks(review, chosen)
    return review


def _ranks(run: ScoreRun | None, period: str) -> dict[int, Mapping[str, Any]]:
    if run is None:
        return {}
    rows = Score.objects.filter(run=run, period=period).values("county_id", "national_rank", "tier")
    return {row["county_id"]: row for row in rows}


def ranks_in_both(
    old: Mapping[int, Mapping[str, Any]], new: Mapping[int, Mapping[str, Any]]
) -> list[tuple[int, int, int, int, int]]:
    """(county id, old rank, new rank, old tier, new tier) of the counties in both `old` and
    `new` (county id -> {"national_rank", "tier"}), the largest move first (ties: new rank)."""
    moves = [
        (
            county_id,
            old[county_id]["national_rank"],
            new[county_id]["national_rank"],
            old[county_id]["tier"],
            new[county_id]["tier"],
        )
        for county_id in old.keys() & new.keys()
    ]
    moves.sort(key=lambda m: (-abs(m[1] - m[2]), m[2], m[0]))
    return moves


def _compare_ranks(review: RunReview, period: str) -> None:
    new = _ranks(review.draft, period)
    old = _ranks(review.published, period)
    moves = ranks_in_both(old, new)
    review.compared_count = len(moves)
    review.moved_count = sum(1 for m in moves if m[1] != m[2])
    review.tier_change_count = sum(1 for m in moves if m[3] != m[4])
    top = [m for m in moves if m[1] != m[2]][:TOP_MOVES]
    gained = sorted(new.keys() - old.keys())
    lost = sorted(old.keys() - new.keys())
    # One query for every county the page names.
    counties = (
        County.objects.select_related("province")
        .defer("geometry", "province__geometry")
        .in_bulk([m[0] for m in top] + gained + lost)
    )
    review.moves = [RankMove(counties[m[0]], *m[1:]) for m in top]
    review.newly_ranked = sorted((counties[c] for c in gained), key=lambda c: c.code)
    review.no_longer_ranked = sorted((counties[c] for c in lost), key=lambda c: c.code)
