"""Counties with data but not enough to be ranked, as pages show them: coverage and the names
of the missing indicators in the active language (scores.completeness decides who they are)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import County, Indicator
from counties.queries import county_search
from governance.persian import format_percent
from scores.completeness import PeriodStatus, RunPeriods
from scores.models import CoverageShortfall, ScoreRun


@dataclass(frozen=True)
class ShortfallNote:
    """Why a county has no score, rank or tier in a period: its coverage, the minimum the
    methodology asks for, and the indicators it has no value for (names, active language)."""

    county_id: int
    period: str
    coverage: float
    min_coverage: float
    missing: tuple[str, ...]
    county: County | None = field(default=None, compare=False, repr=False)

    @property
    def coverage_text(self) -> str:
        return format_percent(100 * self.coverage, 0, get_language())

    @property
    def min_coverage_text(self) -> str:
        return format_percent(100 * self.min_coverage, 0, get_language())

    @property
    def missing_text(self) -> str:
        return _(", ").join(self.missing)

    @property
    def sentence(self) -> str:
        """One line for tables and CSVs: «دادهٔ کافی برای این دوره نیست: پوشش ۱۰٪ …»."""
        return _(
            "Not enough data for this period: coverage %(coverage)s (at least %(minimum)s "
            "needed); missing: %(missing)s"
        ) % {
            "coverage": self.coverage_text,
            "minimum": self.min_coverage_text,
            "missing": self.missing_text or "—",
        }


def shortfall_rows(
    run: ScoreRun | None,
    status: PeriodStatus | None,
    *,
    county_ids: Iterable[int] | None = None,
    province: str = "",
    query: str = "",
) -> QuerySet[CoverageShortfall]:
    """The CoverageShortfall rows of `run` in the period of `status`, by county code, with their
    county and province (all of them, or those of `county_ids`, of the province coded
    `province`, of the counties matching `query` as the lists' search box does); none without a
    run or when the period has no such county."""
    if run is None or status is None or not status.unranked:
        return CoverageShortfall.objects.none()
    rows = CoverageShortfall.objects.filter(run=run, period=status.period)
    if county_ids is not None:
        rows = rows.filter(county_id__in=list(county_ids))
    if province:
        rows = rows.filter(county__province__code=province)
    if query:
        rows = rows.filter(county_search(query, "county__"))
    return (
        rows.select_related("county__province")
        .defer("county__geometry", "county__province__geometry")
        .order_by("county__code")
    )


def shortfall_notes(
    run: ScoreRun | None,
    status: PeriodStatus | None,
    *,
    county_ids: Iterable[int] | None = None,
    province: str = "",
) -> dict[int, ShortfallNote]:
    """County id -> ShortfallNote for the counties of `run` below the minimum coverage in the
    period of `status` (all of them, or those of `county_ids` / of the province coded
    `province`); two queries whatever the number, none when the period has no such county."""
    rows = shortfall_rows(run, status, county_ids=county_ids, province=province)
    return notes_of(rows, status)


def notes_of(
    shortfalls: Iterable[CoverageShortfall], status: PeriodStatus | None
) -> dict[int, ShortfallNote]:
    """County id -> ShortfallNote of shortfalls already read (one query for the indicators'
    names, none for no shortfall)."""
    if status is None:
        return {}
    return _notes(list(shortfalls), status.min_coverage)


def shortfall_note(
    run: ScoreRun | None, county: County, status: PeriodStatus | None
) -> ShortfallNote | None:
    """The ShortfallNote of one county in one period, or None (ranked, or no data at all)."""
    return shortfall_notes(run, status, county_ids=[county.pk]).get(county.pk)


def note_of(
    shortfall: CoverageShortfall | None, status: PeriodStatus | None
) -> ShortfallNote | None:
    """The ShortfallNote of a shortfall already read (e.g. a county_standing's), or None."""
    if shortfall is None:
        return None
    return notes_of([shortfall], status).get(shortfall.county_id)


def _notes(shortfalls: list[CoverageShortfall], min_coverage: float) -> dict[int, ShortfallNote]:
    if not shortfalls:
        return {}
    codes = {code for s in shortfalls for code in s.missing}
    names = {i.code: i.name for i in Indicator.objects.filter(code__in=codes)}
    return {
        s.county_id: ShortfallNote(
            county_id=s.county_id,
            period=s.period,
            coverage=float(s.coverage),
            min_coverage=min_coverage,
            missing=tuple(names.get(code, code) for code in s.missing),
            county=s.county,
        )
        for s in shortfalls
    }


def shortfall_periods(run: ScoreRun, county: County, statuses: RunPeriods) -> set[str]:
    """The periods of `run` where `county` has data but too little to be ranked (no query when
    no period of the run has such a county)."""
    if not any(s.unranked for s in statuses.statuses.values()):
        return set()
    rows = CoverageShortfall.objects.filter(run=run, county=county)
    return set(rows.values_list("period", flat=True))
