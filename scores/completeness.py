"""Which periods of a score run are complete, which are provisional, and which one pages open on.

Every page, export, PDF and API list asks `run_periods(run)`: the default period is the latest
*complete* period (docs/methodology.md §5), never a provisional one; a provisional period is
shown only when asked for, and always with `PeriodStatus.provisional_label`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import County
from governance.caching import cached
from governance.persian import format_number
from scores.choices import ScoreRunStatus
from scores.models import CoverageShortfall, Score, ScorePeriod, ScoreRun
from scores.scoring import period_completeness

# Runs computed before the completeness rules had no ScorePeriod rows: their periods are judged
# by the number of counties scored against this default share.
LEGACY_MIN_RANKED_SHARE = 0.85


@dataclass(frozen=True)
class PeriodStatus:
    """One period of a run: `ranked` of `counties` counties ranked; complete or provisional."""

    period: str
    ranked: int
    counties: int
    with_data: int
    mean_coverage: float
    min_coverage: float
    min_ranked_share: float
    is_complete: bool

    @property
    def is_provisional(self) -> bool:
        return not self.is_complete

    @property
    def unranked(self) -> int:
        """Counties with some data in the period but not enough to be ranked."""
        return max(self.with_data - self.ranked, 0)

    @property
    def provisional_label(self) -> str:
        """«موقت: ۵ از ۴۷۸ شهرستان دادهٔ کافی دارند» — empty for a complete period."""
        if self.is_complete:
            return ""
        return _("Provisional: %(ranked)s of %(counties)s counties have enough data") % {
            "ranked": _number(self.ranked),
            "counties": _number(self.counties),
        }

    @property
    def ranked_label(self) -> str:
        """«۴۷۰ از ۴۷۸ شهرستان رتبه‌بندی شده‌اند» — how many counties medians and tiers use."""
        return _("%(ranked)s of %(counties)s counties ranked") % {
            "ranked": _number(self.ranked),
            "counties": _number(self.counties),
        }


@dataclass(frozen=True)
class RunPeriods:
    """The periods of one run, oldest first, with their completeness."""

    run_id: int | None
    statuses: dict[str, PeriodStatus] = field(default_factory=dict)

    @property
    def periods(self) -> list[str]:
        return list(self.statuses)

    @property
    def complete(self) -> list[str]:
        return [p for p, s in self.statuses.items() if s.is_complete]

    @property
    def provisional(self) -> list[str]:
        return [p for p, s in self.statuses.items() if not s.is_complete]

    @property
    def default(self) -> str:
        """The latest complete period; "" when no period is complete (pages then say so)."""
        complete = self.complete
        return complete[-1] if complete else ""

    def get(self, period: str) -> PeriodStatus | None:
        return self.statuses.get(period)

    def choose(self, requested: str | None) -> str:
        """`requested` when the run has that period (complete or provisional), else the
        default."""
        return requested if requested and requested in self.statuses else self.default

    def is_provisional(self, period: str) -> bool:
        status = self.statuses.get(period)
        return status is not None and not status.is_complete

    def ranked_counts(self) -> dict[str, int]:
        """Period -> number of counties ranked in it."""
        return {p: s.ranked for p, s in self.statuses.items()}


def run_periods(run: ScoreRun | None) -> RunPeriods:
    """The completeness of every period of `run` (one query; two for a legacy run), kept on the
    run object and, once the run is computed, in the cache: its periods never change then."""
    if run is None:
        return RunPeriods(run_id=None)
    kept = getattr(run, "_run_periods", None)
    if kept is not None and kept.run_id == run.pk:
        return kept
    if run.status not in (ScoreRunStatus.DRAFT, ScoreRunStatus.PUBLISHED):
        return _read_run_periods(run)
    # Computed runs' periods never change: kept in the shared cache too, so a page's panels do
    # not read them again on each visit.
    periods: RunPeriods = cached(f"run-periods:1:{run.pk}", lambda: _read_run_periods(run))
    run._run_periods = periods  # type: ignore[attr-defined]
    return periods


def _read_run_periods(run: ScoreRun) -> RunPeriods:
    rows = list(ScorePeriod.objects.filter(run=run).order_by("period"))
    if rows:
        return RunPeriods(
            run_id=run.pk,
            statuses={
                row.period: PeriodStatus(
                    period=row.period,
                    ranked=row.ranked_count,
                    counties=row.county_count,
                    with_data=row.with_data_count,
                    mean_coverage=float(row.mean_coverage),
                    min_coverage=float(row.min_coverage),
                    min_ranked_share=float(row.min_ranked_share),
                    is_complete=row.is_complete,
                )
                for row in rows
            },
        )
    return _legacy_run_periods(run)


def _legacy_run_periods(run: ScoreRun) -> RunPeriods:
    counts = dict(
        Score.objects.filter(run=run).values_list("period").annotate(n=Count("pk")).order_by()
    )
    counties = County.objects.count()
    statuses = {}
    for period in sorted(counts):
        ranked = min(counts[period], counties)
        statuses[period] = PeriodStatus(
            period=period,
            ranked=ranked,
            counties=counties,
            with_data=ranked,
            mean_coverage=0.0,
            min_coverage=0.0,
            min_ranked_share=LEGACY_MIN_RANKED_SHARE,
            is_complete=period_completeness(ranked, counties, LEGACY_MIN_RANKED_SHARE).is_complete,
        )
    return RunPeriods(run_id=run.pk, statuses=statuses)


def county_shortfall(run: ScoreRun | None, county: County, period: str) -> CoverageShortfall | None:
    """Why `county` has no score in `period` of `run` when it has some data: its coverage and
    the indicators it lacks; None when it is ranked or has no data at all."""
    if run is None or not period:
        return None
    return CoverageShortfall.objects.filter(run=run, county=county, period=period).first()


@dataclass(frozen=True)
class CountyStanding:
    """What every output headlines for one county in one run: the period shown and the
    county's score there, or, when it has too little data to be ranked, its shortfall."""

    run: ScoreRun | None
    period: str
    status: PeriodStatus | None
    score: Score | None
    previous: Score | None  # its score in the latest complete period before a complete `period`
    shortfall: CoverageShortfall | None

    @property
    def is_ranked(self) -> bool:
        return self.score is not None

    @property
    def coverage(self) -> float | None:
        """The county's data coverage (0-1) in the period, ranked or not; None without data."""
        if self.score is not None:
            return float(self.score.coverage)
        if self.shortfall is not None:
            return float(self.shortfall.coverage)
        return None

    @property
    def is_provisional(self) -> bool:
        return self.status is not None and self.status.is_provisional

    @property
    def provisional_label(self) -> str:
        return self.status.provisional_label if self.status else ""

    @property
    def ranked_count(self) -> int:
        return self.status.ranked if self.status else 0

    @property
    def county_count(self) -> int:
        return self.status.counties if self.status else 0

    @property
    def score_change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return float(self.score.composite - self.previous.composite)


def county_standing(
    run: ScoreRun | None,
    county: County,
    period: str = "",
    *,
    periods: RunPeriods | None = None,
    scores: list[Score] | None = None,
) -> CountyStanding:
    """The one answer to "which period, score, rank and tier does an output show for this
    county": the run's default (latest complete) period unless `period` names another of its
    periods (a provisional one is labelled); no score when the county is not ranked there,
    never a fallback to another period. The county dashboard, county PDF, briefing pack and
    API all call this (2-3 queries; pass `periods`, and the county's scores of the run in
    `scores` when already read, to save them)."""
    periods = periods if periods is not None else run_periods(run)
    shown = periods.choose(period)
    if run is None or not shown:
        return CountyStanding(run, shown, None, None, None, None)
    complete = set(periods.complete)
    if scores is None:
        scores = list(
            Score.objects.filter(run=run, county=county, period__lte=shown)
            .defer("area_scores")
            .order_by("period")
        )
    history = sorted((s for s in scores if s.period <= shown), key=lambda s: s.period)
    score = next((s for s in history if s.period == shown), None)
    # A provisional period ranks a few counties among themselves: no change is read against
    # a complete period.
    previous = None
    if shown in complete:
        previous = next(
            (s for s in reversed(history) if s.period < shown and s.period in complete), None
        )
    return CountyStanding(
        run=run,
        period=shown,
        status=periods.get(shown),
        score=score,
        previous=previous,
        shortfall=None if score is not None else county_shortfall(run, county, shown),
    )


def _number(value: int | float | Decimal) -> str:
    return format_number(value, 0, get_language())
