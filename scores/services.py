"""Score runs: load observations into arrays, call scores.scoring, store and publish the results.

The pipeline is split so that the benchmark can time its parts: `fetch_score_rows` reads the
database (a handful of queries, whatever the number of counties), `compute_scores` is pure
Python/numpy around the scoring engine, and `write_scores` stores the results with bulk inserts.
`queue_score_rebuild`, `run_score_rebuild` and `publish_score_run` are the service functions
that views, commands and tasks call.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import IntegrityError, OperationalError, models, transaction
from django.db.models import Count, IntegerField, Max, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from numpy.typing import NDArray

from counties.catalogue import DEFAULT_METHODOLOGY
from counties.models import Area, County, Indicator, Observation
from governance.persian import format_number
from scores import scoring
from scores.choices import RunTrigger, ScoreRunStatus
from scores.models import (
    CoverageShortfall,
    Methodology,
    Score,
    ScoreDecomposition,
    ScorePeriod,
    ScoreRun,
)
from scores.signals import score_run_computed, score_run_published

if TYPE_CHECKING:
    from governance.models import User

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

POPULATION_CODE = "population"
# The computing process touches its run's heartbeat between steps (a few seconds apart); a run
# without one for this long lost its worker (killed, out of memory): it is failed and retried.
ABANDONED_AFTER = datetime.timedelta(seconds=90)
# A queued run older than this when someone asks again is sent to the workers again (its task
# may have given up or been lost); tasks are idempotent, so a duplicate does nothing.
RESEND_QUEUED_AFTER = datetime.timedelta(minutes=1)
# Score rows are kept for this many published runs (older runs keep their row, not their scores).
KEEP_PUBLISHED_RUNS = 3
_BATCH = 2000


class ScoreRunBusy(Exception):
    """Another run is computing; this one stays queued and is retried later."""

    def __init__(self, run_id: int, running_id: int | None) -> None:
        super().__init__(run_id, running_id)  # args as given: the exception pickles (Celery)
        self.run_id = run_id
        self.running_id = running_id

    def __str__(self) -> str:
        return f"another score run ({self.running_id}) is running; run {self.run_id} waits"


class RunAbandoned(Exception):
    """The run was declared abandoned (no heartbeat) while this process still computed it."""


# --- reading ------------------------------------------------------------------------------


@dataclass
class ScoreRows:
    """Everything a rebuild reads from the database, as plain columns."""

    codes: list[str]
    county_ids: IntArray
    county_province: IntArray
    area_ids: IntArray
    area_county: IntArray
    area_population: FloatArray
    indicator_code: dict[int, str]
    # Observation columns (one entry per row); area 0 = county-level value.
    obs_indicator: IntArray
    obs_county: IntArray
    obs_area: IntArray
    obs_period: list[str]
    obs_value: FloatArray
    obs_synthetic: NDArray[np.bool_]


def fetch_score_rows(codes: Sequence[str]) -> ScoreRows:
    """Read counties, areas and the observations of `codes` (plus population): four queries."""
    rows = fetch_score_units(codes)
    return with_observations(rows, fetch_observation_columns(list(rows.indicator_code)))


def fetch_score_units(codes: Sequence[str]) -> ScoreRows:
    """Counties, areas and the indicators of `codes` (plus population), with no observation:
    three queries. `with_observations` adds the observation columns."""
    codes = list(dict.fromkeys(codes))
    counties = list(County.objects.order_by("pk").values_list("pk", "province_id"))
    areas = list(Area.objects.order_by("pk").values_list("pk", "county_id", "population"))
    indicators = fetch_indicator_codes(codes)
    return ScoreRows(
        codes=codes,
        county_ids=np.array([c[0] for c in counties], dtype=np.int64),
        county_province=np.array([c[1] for c in counties], dtype=np.int64),
        area_ids=np.array([a[0] for a in areas], dtype=np.int64),
        area_county=np.array([a[1] for a in areas], dtype=np.int64),
        area_population=np.array(
            [np.nan if a[2] is None else a[2] for a in areas], dtype=np.float64
        ),
        indicator_code=indicators,
        **_observation_fields(ObservationColumns.empty()),
    )


def fetch_indicator_codes(codes: Sequence[str]) -> dict[int, str]:
    """Primary key -> code of the indicators of `codes` and population: one query."""
    return dict(
        Indicator.objects.filter(code__in=[*codes, POPULATION_CODE]).values_list("pk", "code")
    )


@dataclass
class ObservationColumns:
    """Observation rows as columns (one entry per row; area 0 = a county-level value)."""

    indicator: IntArray
    county: IntArray
    area: IntArray
    period: list[str]
    value: FloatArray
    synthetic: NDArray[np.bool_]

    @classmethod
    def empty(cls) -> ObservationColumns:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none, [], np.zeros(0), np.zeros(0, dtype=bool))

    @classmethod
    def concatenate(cls, parts: Sequence[ObservationColumns]) -> ObservationColumns:
        """The rows of every part, in the parts' order."""
        if not parts:
            return cls.empty()
        return cls(
            indicator=np.concatenate([p.indicator for p in parts]),
            county=np.concatenate([p.county for p in parts]),
            area=np.concatenate([p.area for p in parts]),
            period=[key for p in parts for key in p.period],
            value=np.concatenate([p.value for p in parts]),
            synthetic=np.concatenate([p.synthetic for p in parts]),
        )


def fetch_observation_columns(
    indicator_ids: Sequence[int],
    *,
    provinces: Sequence[int] | None = None,
    year: str | None = None,
) -> ObservationColumns:
    """The observations of these indicators (of the counties of `provinces` only, and in the
    periods of `year` only, when given) as columns: one query."""
    query = Observation.objects.filter(indicator_id__in=list(indicator_ids))
    if provinces is not None:
        query = query.filter(county__province_id__in=list(provinces))
    if year is not None:
        query = query.filter(period__startswith=year)
    rows = list(
        query.order_by()
        .annotate(area_or_zero=Coalesce("area_id", Value(0), output_field=IntegerField()))
        .values_list("indicator_id", "county_id", "area_or_zero", "period", "value", "is_synthetic")
    )
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [()] * 6
    return ObservationColumns(
        indicator=np.array(columns[0], dtype=np.int64),
        county=np.array(columns[1], dtype=np.int64),
        area=np.array(columns[2], dtype=np.int64),
        period=list(columns[3]),
        value=np.array(columns[4], dtype=np.float64),
        synthetic=np.array(columns[5], dtype=bool),
    )


def _observation_fields(columns: ObservationColumns) -> dict[str, Any]:
    return {
        "obs_indicator": columns.indicator,
        "obs_county": columns.county,
        "obs_area": columns.area,
        "obs_period": columns.period,
        "obs_value": columns.value,
        "obs_synthetic": columns.synthetic,
    }


def with_observations(units: ScoreRows, columns: ObservationColumns) -> ScoreRows:
    """`units` (from fetch_score_units) with these observation columns."""
    return replace(units, **_observation_fields(columns))


# --- computing ----------------------------------------------------------------------------


@dataclass
class CountyScore:
    county_id: int
    period: str
    composite: float
    dimensions: dict[str, float | None]
    coverage: float
    national_rank: int
    provincial_rank: int
    tier: int
    balance: float | None
    area_count: int
    area_scores: dict[str, float]
    is_synthetic: bool


@dataclass
class Decomposition:
    period: str
    county_count: int
    mean_score: float
    total: float
    between: float
    within: float


@dataclass
class Shortfall:
    """A county with data in a period but below the minimum coverage: not ranked."""

    county_id: int
    period: str
    coverage: float
    missing: list[str]


@dataclass
class PeriodSummary:
    """A period's completeness: `ranked` of `counties` ranked (see scoring.completeness)."""

    period: str
    counties: int
    with_data: int
    ranked: int
    mean_coverage: float
    is_complete: bool


@dataclass(frozen=True)
class Completeness:
    """The methodology's completeness rules (docs/methodology.md §5)."""

    min_coverage: float = 0.8
    min_ranked_share: float = 0.85


@dataclass
class ComputedScores:
    periods: list[str]
    scores: list[CountyScore] = field(default_factory=list)
    decompositions: list[Decomposition] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    period_summaries: list[PeriodSummary] = field(default_factory=list)


@dataclass
class _Cube:
    """Yearly values: array (years, indicators, units), NaN where missing."""

    years: list[int]
    values: FloatArray
    synthetic: NDArray[np.bool_]  # (years, units): a spec indicator's value was synthetic


def compute_scores(
    rows: ScoreRows, spec: dict[str, Any], rules: Completeness | None = None
) -> ComputedScores:
    """Scores of every county and year with data, ranks, tiers, balance and decomposition.

    Only counties whose coverage reaches `rules.min_coverage` are scored, ranked and tiered,
    and the scores (normalisation included) are computed among those counties only; the others
    become shortfalls. Each period gets a summary saying whether it is complete.

    Pure: no database access. Sub-annual observations (months, quarters) are averaged into
    their year (of the keys' calendar) where the year itself has no value.
    """
    rules = rules or Completeness()
    checked = scoring.validate_spec(spec)
    layout = _layout(rows, checked)
    out = ComputedScores(periods=[f"{y:04d}" for y in layout.years])
    if not layout.years:
        return out
    codes, years = layout.codes, layout.years
    county_cube = _county_cube(rows, layout)
    area_cube = _cube(
        years,
        len(codes),
        rows.area_ids.size,
        layout.usable & layout.at_area,
        layout.row_year,
        layout.slot,
        layout.area_pos,
        rows,
        layout.kind_year,
    )
    population = _population(
        years,
        rows.county_ids.size,
        layout.is_population & layout.at_county & (layout.row_year >= 0),
        layout.row_year,
        layout.county_pos,
        rows,
    )
    area_members = _members(rows.area_county, rows.county_ids)

    for y, year in enumerate(years):
        _score_year(
            out,
            f"{year:04d}",
            y,
            checked,
            codes,
            county_cube,
            area_cube,
            population,
            rows,
            area_members,
            rules,
        )
    return out


@dataclass
class _Layout:
    """Where each observation row goes: its indicator's slot in the spec, its county or area,
    its year among the years scored."""

    codes: list[str]
    years: list[int]
    kind_year: NDArray[np.bool_]
    row_year: IntArray
    slot: IntArray
    county_pos: IntArray
    area_pos: IntArray
    at_county: NDArray[np.bool_]
    at_area: NDArray[np.bool_]
    usable: NDArray[np.bool_]
    is_population: NDArray[np.bool_]


def _layout(rows: ScoreRows, checked: dict[str, Any]) -> _Layout:
    codes = [i["code"] for d in checked["dimensions"] for i in d["indicators"]]
    code_index = {code: j for j, code in enumerate(codes)}
    kind_year, years_of_rows, known = _period_columns(rows.obs_period)
    lookup = np.full(max(rows.indicator_code, default=0) + 1, -1, dtype=np.int64)
    for pk, code in rows.indicator_code.items():
        lookup[pk] = code_index.get(code, -1)
    slot = lookup[np.clip(rows.obs_indicator, 0, lookup.size - 1)]
    population_pk = next((pk for pk, c in rows.indicator_code.items() if c == POPULATION_CODE), 0)
    county_pos = _positions(rows.county_ids, rows.obs_county)
    area_pos = _positions(rows.area_ids, rows.obs_area)
    at_county = (rows.obs_area == 0) & (county_pos >= 0)
    in_spec = (slot >= 0) & known
    years = sorted({int(y) for y in np.unique(years_of_rows[in_spec & at_county])})
    year_pos = np.full(int(years_of_rows.max(initial=0)) + 1, -1, dtype=np.int64)
    year_pos[years] = np.arange(len(years))
    row_year = np.where(known, year_pos[np.clip(years_of_rows, 0, year_pos.size - 1)], -1)
    return _Layout(
        codes=codes,
        years=years,
        kind_year=kind_year,
        row_year=row_year,
        slot=slot,
        county_pos=county_pos,
        area_pos=area_pos,
        at_county=at_county,
        at_area=(rows.obs_area != 0) & (area_pos >= 0),
        usable=in_spec & (row_year >= 0),
        is_population=rows.obs_indicator == population_pk,
    )


def _county_cube(rows: ScoreRows, layout: _Layout) -> _Cube:
    return _cube(
        layout.years,
        len(layout.codes),
        rows.county_ids.size,
        layout.usable & layout.at_county,
        layout.row_year,
        layout.slot,
        layout.county_pos,
        rows,
        layout.kind_year,
    )


def period_values(rows: ScoreRows, spec: dict[str, Any], period: str) -> FloatArray | None:
    """The counties' values in one yearly period as a rebuild scores them (indicators in the
    spec's order, counties in `rows.county_ids` order; sub-annual values averaged into their
    year), or None when the period has no value. Pure, like compute_scores."""
    layout = _layout(rows, scoring.validate_spec(spec))
    if not period.isdigit() or int(period) not in layout.years:
        return None
    return _county_cube(rows, layout).values[layout.years.index(int(period))]


def _period_columns(periods: list[str]) -> tuple[NDArray[np.bool_], IntArray, NDArray[np.bool_]]:
    """Per row: is it a whole year, its year, and is the period key well formed."""
    unique, inverse = np.unique(np.array(periods, dtype=str), return_inverse=True)
    is_year = np.array([len(p) == 4 for p in unique], dtype=bool)
    year = np.array([int(p[:4]) if p[:4].isdigit() else 0 for p in unique], dtype=np.int64)
    inverse = inverse.ravel()
    return is_year[inverse], year[inverse], year[inverse] > 0


def _positions(sorted_ids: IntArray, ids: IntArray) -> IntArray:
    """Index of each id in `sorted_ids`, -1 where absent."""
    if sorted_ids.size == 0:
        return np.full(ids.size, -1, dtype=np.int64)
    pos = np.searchsorted(sorted_ids, ids)
    pos = np.clip(pos, 0, sorted_ids.size - 1)
    return np.where(sorted_ids[pos] == ids, pos, -1)


def _cube(
    years: list[int],
    n_indicators: int,
    n_units: int,
    mask: NDArray[np.bool_],
    row_year: IntArray,
    slot: IntArray,
    unit_pos: IntArray,
    rows: ScoreRows,
    kind_year: NDArray[np.bool_],
) -> _Cube:
    shape = (len(years), n_indicators, n_units)
    size = math.prod(shape)
    values = np.full(size, np.nan)
    flat = (row_year * n_indicators + slot) * n_units + unit_pos
    yearly = mask & kind_year
    values[flat[yearly]] = rows.obs_value[yearly]
    sub = mask & ~kind_year
    if sub.any():
        sums = np.bincount(flat[sub], weights=rows.obs_value[sub], minlength=size)
        counts = np.bincount(flat[sub], minlength=size)
        fill = np.isnan(values) & (counts > 0)
        values[fill] = sums[fill] / counts[fill]
    synthetic_flat = (
        row_year[mask & rows.obs_synthetic] * n_units + unit_pos[mask & rows.obs_synthetic]
    )
    synthetic = np.bincount(synthetic_flat, minlength=len(years) * n_units) > 0
    return _Cube(years, values.reshape(shape), synthetic.reshape(len(years), n_units))


def _population(
    years: list[int],
    n_counties: int,
    mask: NDArray[np.bool_],
    row_year: IntArray,
    county_pos: IntArray,
    rows: ScoreRows,
) -> FloatArray:
    """County population per year; years without a figure take the nearest earlier, else later."""
    pop = np.full((len(years), n_counties), np.nan)
    if mask.any():
        sums = np.zeros(pop.size)
        counts = np.zeros(pop.size)
        flat = row_year[mask] * n_counties + county_pos[mask]
        np.add.at(sums, flat, rows.obs_value[mask])
        np.add.at(counts, flat, 1)
        with np.errstate(invalid="ignore"):
            pop = (sums / np.where(counts > 0, counts, np.nan)).reshape(pop.shape)
    for direction in (1, -1):  # forward fill, then backward fill, along the years
        view = pop[::direction]
        index = np.where(~np.isnan(view), np.arange(len(years))[:, None], 0)
        np.maximum.accumulate(index, axis=0, out=index)
        filled = view[index, np.arange(n_counties)]
        view[...] = np.where(np.isnan(view), filled, view)
    return pop


def county_populations(periods: Sequence[str]) -> tuple[IntArray, FloatArray]:
    """County ids (sorted) and their population in each of the year `periods` (one row per
    period), as a score run weights its inequality figures: the population indicator's county
    values, a year without one taking the nearest earlier, else later. Four queries."""
    years = sorted({int(p) for p in periods})
    units = fetch_score_units([])  # the indicators it reads are the population alone
    rows = with_observations(units, fetch_observation_columns(list(units.indicator_code)))
    _kind, years_of_rows, known = _period_columns(rows.obs_period)
    year_pos = {year: i for i, year in enumerate(years)}
    row_year = np.array([year_pos.get(int(y), -1) for y in years_of_rows], dtype=np.int64)
    county_pos = _positions(rows.county_ids, rows.obs_county)
    at_county = (rows.obs_area == 0) & (county_pos >= 0) & known & (row_year >= 0)
    population = _population(years, rows.county_ids.size, at_county, row_year, county_pos, rows)
    order = [year_pos[int(p)] for p in periods]
    return rows.county_ids, population[order]


def _members(area_county: IntArray, county_ids: IntArray) -> dict[int, IntArray]:
    """County position -> indices of its areas."""
    pos = _positions(county_ids, area_county)
    order = np.argsort(pos, kind="stable")
    groups: dict[int, IntArray] = {}
    if order.size:
        boundaries = np.flatnonzero(np.diff(pos[order])) + 1
        for chunk in np.split(order, boundaries):
            if pos[chunk[0]] >= 0:
                groups[int(pos[chunk[0]])] = chunk
    return groups


def _composite(
    values: FloatArray,
    codes: list[str],
    spec: dict[str, Any],
    among: NDArray[np.bool_] | None = None,
) -> tuple[scoring.CompositeResult, NDArray[np.bool_]] | None:
    """The engine (the spec's method) on the units that have at least one value (others are
    left out), and only on the units of `among` when given."""
    has_data = ~np.all(np.isnan(values), axis=0)
    if among is not None:
        has_data &= among
    if not has_data.any():
        return None
    data = {code: values[j, has_data] for j, code in enumerate(codes)}
    return scoring.index(data, spec), has_data


def _score_year(
    out: ComputedScores,
    period: str,
    y: int,
    spec: dict[str, Any],
    codes: list[str],
    county_cube: _Cube,
    area_cube: _Cube,
    population: FloatArray,
    rows: ScoreRows,
    area_members: dict[int, IntArray],
    rules: Completeness,
) -> None:
    """Score one year (`y`, the cube's index of `period`) into `out`: its coverage summary and
    shortfalls, its ranked counties' scores, and its inequality decomposition."""
    values = county_cube.values[y]
    computed = _composite(values, codes, spec)
    if computed is None:
        return
    first, with_data = computed
    reaches, ranked = _record_coverage(out, period, values, codes, first, with_data, rows, rules)
    # Scores, normalisation included, among the ranked counties only.
    if not reaches.all():
        computed = _composite(values, codes, spec, among=ranked)
        if computed is None:
            return
    result, has_data = computed
    present = ~np.isnan(result.score)
    units = np.flatnonzero(has_data)[present]
    if units.size == 0:
        return
    score = np.asarray(result.score)[present]
    national = scoring.rank(score)
    tiers = scoring.quantile_tiers(score)
    provinces = rows.county_province[units]
    provincial = _provincial_ranks(score, provinces)
    area_scores = np.full(rows.area_ids.size, np.nan)
    area_computed = _composite(area_cube.values[y], codes, spec)
    if area_computed is not None:
        area_scores[np.flatnonzero(area_computed[1])] = area_computed[0].score
    dims = {code: np.asarray(values)[present] for code, values in result.dimensions.items()}
    coverage = np.asarray(result.coverage)[present]
    for k, unit in enumerate(units.tolist()):
        balance, scored_areas = _balance(area_members.get(unit), area_scores, rows)
        out.scores.append(
            CountyScore(
                county_id=int(rows.county_ids[unit]),
                period=period,
                composite=round(100 * float(score[k]), 2),
                dimensions={
                    code: None if np.isnan(v[k]) else round(100 * float(v[k]), 2)
                    for code, v in dims.items()
                },
                coverage=round(float(coverage[k]), 3),
                national_rank=int(national[k]),
                provincial_rank=int(provincial[k]),
                tier=int(tiers[k]),
                balance=balance,
                area_count=len(scored_areas),
                area_scores=scored_areas,
                is_synthetic=bool(county_cube.synthetic[y, unit])
                or any(area_cube.synthetic[y, a] for a in (area_members.get(unit, ()))),
            )
        )
    _record_decomposition(out, period, score, provinces, population[y, units])


def _record_coverage(
    out: ComputedScores,
    period: str,
    values: FloatArray,
    codes: list[str],
    first: scoring.CompositeResult,
    with_data: NDArray[np.bool_],
    rows: ScoreRows,
    rules: Completeness,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Record a period's shortfalls and summary from its first composite (on every county with
    data); return which of those reach the coverage to be ranked, and the ranked counties."""
    coverage_all = np.asarray(first.coverage)
    reaches = scoring.ranked_mask(coverage_all, rules.min_coverage) & ~np.isnan(first.score)
    ranked = np.zeros(with_data.size, dtype=bool)
    ranked[np.flatnonzero(with_data)[reaches]] = True
    for unit, cover in zip(
        np.flatnonzero(with_data)[~reaches].tolist(), coverage_all[~reaches].tolist(), strict=True
    ):
        out.shortfalls.append(
            Shortfall(
                county_id=int(rows.county_ids[unit]),
                period=period,
                coverage=0.0 if np.isnan(cover) else round(float(cover), 3),
                missing=[code for j, code in enumerate(codes) if np.isnan(values[j, unit])],
            )
        )
    completeness = scoring.period_completeness(
        int(ranked.sum()), rows.county_ids.size, rules.min_ranked_share
    )
    out.period_summaries.append(
        PeriodSummary(
            period=period,
            counties=completeness.counties,
            with_data=int(with_data.sum()),
            ranked=completeness.ranked,
            mean_coverage=round(float(np.nanmean(coverage_all)), 3) if coverage_all.size else 0.0,
            is_complete=completeness.is_complete,
        )
    )
    return reaches, ranked


def _provincial_ranks(score: FloatArray, provinces: IntArray) -> IntArray:
    """Each county's rank among the scored counties of its province."""
    provincial = np.zeros(score.size, dtype=np.int64)
    for province in np.unique(provinces):
        members = provinces == province
        provincial[members] = scoring.rank(score[members])
    return provincial


def _record_decomposition(
    out: ComputedScores,
    period: str,
    score: FloatArray,
    provinces: IntArray,
    weights: FloatArray,
) -> None:
    """Record the period's population-weighted Theil T between and within provinces, when two
    counties at least have a population and some score is above zero."""
    known = ~np.isnan(weights) & (weights > 0)
    if known.sum() >= 2 and score[known].max() > 0:
        parts = scoring.theil_decomposition(score[known], provinces[known], weights[known], "T")
        out.decompositions.append(
            Decomposition(
                period=period,
                county_count=int(known.sum()),
                mean_score=round(100 * float(np.average(score[known], weights=weights[known])), 2),
                total=round(parts.total, 6),
                between=round(parts.between, 6),
                within=round(parts.within, 6),
            )
        )


def _balance(
    members: IntArray | None, area_scores: FloatArray, rows: ScoreRows
) -> tuple[float | None, dict[str, float]]:
    """Population-weighted Theil T across a county's scored areas (None under two areas)."""
    if members is None:
        return None, {}
    values = area_scores[members]
    scored = ~np.isnan(values)
    listed = {
        str(int(rows.area_ids[a])): round(100 * float(v), 2)
        for a, v in zip(members[scored], values[scored], strict=True)
    }
    weights = rows.area_population[members]
    usable = scored & ~np.isnan(weights) & (weights > 0)
    if usable.sum() < 2 or values[usable].max() <= 0:
        return None, listed
    return round(scoring.theil_t(values[usable], weights=weights[usable]), 5), listed


# --- writing and publishing ---------------------------------------------------------------


def write_scores(run: ScoreRun, computed: ComputedScores, rules: Completeness | None = None) -> int:
    """Insert the run's scores, decompositions, shortfalls and period summaries (bulk); return
    the number of scores."""
    rules = rules or Completeness()
    _insert_results(Score, run, computed.scores)
    _insert_results(ScoreDecomposition, run, computed.decompositions)
    _insert_results(CoverageShortfall, run, computed.shortfalls)
    ScorePeriod.objects.bulk_create(
        ScorePeriod(
            run_id=run.pk,
            period=p.period,
            county_count=p.counties,
            with_data_count=p.with_data,
            ranked_count=p.ranked,
            mean_coverage=f"{p.mean_coverage:.3f}",
            min_coverage=f"{rules.min_coverage:.3f}",
            min_ranked_share=f"{rules.min_ranked_share:.3f}",
            is_complete=p.is_complete,
        )
        for p in computed.period_summaries
    )
    return len(computed.scores)


def _insert_results(model: type[models.Model], run: ScoreRun, items: Iterable[Any]) -> None:
    """Store each computed item as a row of `model` for `run`: every field of the item goes to
    the model's field of the same name, a decimal written as text at that field's places."""
    places = {
        f.attname: f.decimal_places
        for f in model._meta.concrete_fields
        if isinstance(f, models.DecimalField)
    }
    model._default_manager.bulk_create(
        (
            model(
                run_id=run.pk,
                **{
                    name: _fixed(getattr(item, name), places.get(name))
                    for name in (f.name for f in dataclass_fields(item))
                },
            )
            for item in items
        ),
        batch_size=_BATCH,
    )


def _fixed(value: Any, places: int | None) -> Any:
    """`value` as text with `places` decimals (None and non-decimal fields are left as they are)."""
    return value if places is None or value is None else f"{value:.{places}f}"


def current_methodology() -> Methodology | None:
    """The methodology rebuilds use."""
    return Methodology.objects.filter(is_current=True).first()


def data_version() -> str:
    """A fingerprint of the observations and areas: changes whenever either changes."""
    observations = Observation.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    history = Observation.history.aggregate(last=Max("history_id"))
    areas = Area.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    text = f"{observations}|{history}|{areas}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _snapshot(methodology: Methodology) -> dict[str, Any]:
    return {
        "id": methodology.pk,
        "code": methodology.code,
        "name_fa": methodology.name_fa,
        "name_en": methodology.name_en,
        "version": methodology.version,
        "spec": methodology.spec,
        "completeness": {
            "min_coverage": float(methodology.min_coverage),
            "min_ranked_share": float(methodology.min_ranked_share),
        },
    }


def completeness_rules(methodology: Methodology) -> Completeness:
    """The completeness rules a methodology sets (stored with its version)."""
    return Completeness(
        min_coverage=float(methodology.min_coverage),
        min_ranked_share=float(methodology.min_ranked_share),
    )


def queue_score_rebuild(
    *,
    trigger: str = RunTrigger.MANUAL,
    user: User | None = None,
    enqueue: bool = True,
    publish: bool = False,
) -> ScoreRun:
    """Queue a rebuild, coalescing with a run that is already queued; the task starts on commit.

    At most one run is queued at a time (a partial unique index), so a burst of imports gives
    one rebuild. If the queued run we joined starts before our transaction commits, it may not
    see our data; an on-commit check then queues another run.
    """
    existing = ScoreRun.objects.filter(status=ScoreRunStatus.QUEUED).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = ScoreRun.objects.create(
                    trigger=trigger, requested_by=user, publish_when_done=publish
                )
        except IntegrityError:
            existing = ScoreRun.objects.get(status=ScoreRunStatus.QUEUED)
        else:
            if enqueue:
                run_id = existing.pk
                transaction.on_commit(lambda: _enqueue(run_id))
            return existing
    if publish and not existing.publish_when_done:  # joined: the run publishes for us too
        ScoreRun.objects.filter(pk=existing.pk).update(publish_when_done=True)
        existing.publish_when_done = True
    if enqueue:
        run_id = existing.pk
        resend = existing.queued_at < timezone.now() - RESEND_QUEUED_AFTER
        transaction.on_commit(
            lambda: _requeue_if_started(run_id, trigger, resend=resend, publish=publish)
        )
    return existing


def _enqueue(run_id: int) -> None:
    from governance.queueing import enqueue, fail_waiting
    from scores.tasks import rebuild_scores

    # The broker refused the run's task: fail the run (nothing waits for it) so one can retry.
    not_queued = fail_waiting(
        ScoreRun.objects.filter(pk=run_id, status=ScoreRunStatus.QUEUED),
        ScoreRunStatus.FAILED,
        max_error=5000,
    )
    enqueue(rebuild_scores, run_id, on_failure=not_queued)


def _requeue_if_started(
    run_id: int, trigger: str, *, resend: bool = False, publish: bool = False
) -> None:
    if ScoreRun.objects.filter(pk=run_id, status=ScoreRunStatus.QUEUED).exists():
        if resend:  # its task may have given up long ago: the person asking expects a run
            _enqueue(run_id)
        return
    queue_score_rebuild(trigger=trigger, publish=publish)


def fail_abandoned_runs() -> list[ScoreRun]:
    """Fail the running runs whose heartbeat is older than ABANDONED_AFTER; return them."""
    now = timezone.now()
    with transaction.atomic():
        abandoned: list[ScoreRun] = list(
            ScoreRun.objects.select_for_update()
            .filter(status=ScoreRunStatus.RUNNING)
            .annotate(last_sign=Coalesce("heartbeat_at", "started_at", "queued_at"))
            .filter(last_sign__lt=now - ABANDONED_AFTER)
        )
        if not abandoned:
            return []
        ids = [run.pk for run in abandoned]
        seconds = int(ABANDONED_AFTER.total_seconds())
        ScoreRun.objects.filter(pk__in=ids).update(
            status=ScoreRunStatus.FAILED,
            finished_at=now,
            error=f"Abandoned: no heartbeat from its worker for {seconds} s "
            "(the worker was stopped or killed); the next run replaces it.",
        )
        drop_results(ids)
    for run in abandoned:
        logger.warning("score run %s abandoned by its worker; failed", run.pk)
    return abandoned


def recover_abandoned_runs() -> int:
    """Fail abandoned runs and queue a run in their place (coalesced); return how many."""
    abandoned = fail_abandoned_runs()
    if abandoned:
        queue_score_rebuild(trigger=abandoned[0].trigger, user=abandoned[0].requested_by)
    return len(abandoned)


def beat(run_id: int) -> None:
    """Say the run's worker is alive; RunAbandoned if the run was meanwhile given up on."""
    alive = ScoreRun.objects.filter(pk=run_id, status=ScoreRunStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )
    if not alive:
        raise RunAbandoned(f"score run {run_id} was declared abandoned while it computed")


def _start_run(run_id: int) -> bool:
    """Move a queued run to running. False if it is no longer queued; ScoreRunBusy if blocked."""
    fail_abandoned_runs()  # this run is the retry: no need to queue another
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = ScoreRun.objects.filter(pk=run_id, status=ScoreRunStatus.QUEUED).update(
                status=ScoreRunStatus.RUNNING, started_at=now, heartbeat_at=now
            )
    except IntegrityError as exc:
        running = ScoreRun.objects.filter(status=ScoreRunStatus.RUNNING).first()
        raise ScoreRunBusy(run_id, running.pk if running else None) from exc
    return bool(updated)


def drop_results(run_ids: Sequence[int], *, keep_summaries: bool = False) -> None:
    """Delete runs' results: scores and shortfalls, and (unless kept, as for old published
    runs) their decompositions and period summaries."""
    Score.objects.filter(run_id__in=run_ids).delete()
    CoverageShortfall.objects.filter(run_id__in=run_ids).delete()
    if not keep_summaries:
        ScoreDecomposition.objects.filter(run_id__in=run_ids).delete()
        ScorePeriod.objects.filter(run_id__in=run_ids).delete()


def run_score_rebuild(run_id: int) -> ScoreRun:
    """Compute a queued run's scores from the current methodology and data, in this process.

    The run ends as a draft for ministry staff to review and publish (`publish_score_run`) or
    discard, or published at once when it was asked for with `publish_when_done`. A run that
    is not queued any more is returned untouched (a duplicate task). Any error marks the run
    failed with its message; the published run stays the one shown.
    """
    if not _start_run(run_id):
        return ScoreRun.objects.get(pk=run_id)
    return guard_run(run_id, _rebuild_started)


def _rebuild_started(run_id: int) -> ScoreRun:
    clock = time.perf_counter()
    run, spec, rules = prepare_started_run(run_id)
    rows = fetch_score_rows(spec_codes(spec))
    return finish_started_run(run, rows, spec, rules, {"read": _since(clock)})


def start_run(run_id: int) -> bool:
    """Move a queued run to running (False if it is no longer queued; ScoreRunBusy if another
    run computes), for a process that computes it elsewhere (scores.split_rebuild)."""
    return _start_run(run_id)


def prepare_started_run(run_id: int) -> tuple[ScoreRun, dict[str, Any], Completeness]:
    """Record on a running run the methodology and data version it computes; return the run,
    its validated spec and completeness rules (ValueError without a current methodology)."""
    run = ScoreRun.objects.get(pk=run_id)
    methodology = current_methodology()
    if methodology is None:
        raise ValueError("No current methodology: mark one methodology as current.")
    run.methodology = methodology
    run.methodology_snapshot = _snapshot(methodology)
    run.data_version = data_version()
    run.save(update_fields=["methodology", "methodology_snapshot", "data_version"])
    return run, scoring.validate_spec(methodology.spec), completeness_rules(methodology)


def snapshot_spec(run: ScoreRun) -> tuple[dict[str, Any], Completeness]:
    """The validated spec and completeness rules recorded on a prepared run."""
    snapshot = run.methodology_snapshot
    return scoring.validate_spec(snapshot["spec"]), Completeness(**snapshot["completeness"])


def spec_codes(spec: dict[str, Any]) -> list[str]:
    """The indicator codes a validated spec scores, in its order."""
    return [i["code"] for d in spec["dimensions"] for i in d["indicators"]]


def _since(clock: float) -> float:
    return round(time.perf_counter() - clock, 3)


def finish_started_run(
    run: ScoreRun,
    rows: ScoreRows,
    spec: dict[str, Any],
    rules: Completeness,
    timings: dict[str, float],
) -> ScoreRun:
    """Compute a running run's scores from `rows`, write them and end the run as a draft (or
    published when asked); `timings` (seconds per step so far) gains compute and write."""
    run_id = run.pk
    beat(run_id)
    clock = time.perf_counter()
    computed = compute_scores(rows, spec, rules)
    timings["compute"] = _since(clock)
    beat(run_id)
    clock = time.perf_counter()
    with transaction.atomic():
        run.score_count = write_scores(run, computed, rules)
        run.periods = computed.periods
        run.save(update_fields=["score_count", "periods"])
    timings["write"] = _since(clock)
    beat(run_id)
    clock = time.perf_counter()
    _announce_computed(run_id)
    timings["prepare"] = _since(clock)
    if run.publish_when_done:
        return _publish_computed(run_id, timings=timings, user=run.requested_by)
    return _finish_as_draft(run_id, timings=timings)


def guard_run(run_id: int, work: Callable[[int], ScoreRun]) -> ScoreRun:
    """Run `work(run_id)` on a running run: any error fails the run with its message (logged),
    an abandoned run is left without scores, and a database outage puts the run back in the
    queue and re-raises OperationalError for the task to retry."""
    try:
        return work(run_id)
    except RunAbandoned:
        # Another process failed this run and queued its retry: leave no scores behind.
        logger.warning("score run %s was given up on while it computed", run_id)
        with transaction.atomic():
            drop_results([run_id])
        return ScoreRun.objects.get(pk=run_id)
    except OperationalError:
        # The database was unavailable or locked: a transient failure the task retries.
        if _back_to_queue(run_id):
            raise
        logger.exception("score run %s failed", run_id)
        return _fail_run(run_id, "The database was unavailable; a later run will retry.")
    except Exception as exc:  # any other failure is recorded on the run (and logged)
        logger.exception("score run %s failed", run_id)
        return _fail_run(run_id, f"{type(exc).__name__}: {exc}")


def fail_run(run_id: int, message: str) -> ScoreRun:
    """Fail a running run with `message` (its results dropped); a run in any other state is
    left as it is."""
    if ScoreRun.objects.filter(pk=run_id, status=ScoreRunStatus.RUNNING).exists():
        return _fail_run(run_id, message)
    return ScoreRun.objects.get(pk=run_id)


def _back_to_queue(run_id: int) -> bool:
    """Put an interrupted run back in the queue, unless another run is queued already."""
    try:
        with transaction.atomic():
            drop_results([run_id])
            return bool(
                ScoreRun.objects.filter(pk=run_id, status=ScoreRunStatus.RUNNING).update(
                    status=ScoreRunStatus.QUEUED, started_at=None
                )
            )
    except (IntegrityError, OperationalError):
        return False


class RunNotPublishable(Exception):
    """Only a draft run can be published or discarded (`message` says why, translated)."""

    def __init__(self, run_id: int, status: str) -> None:
        super().__init__(run_id, status)  # args as given: the exception pickles
        self.run_id = run_id
        self.status = status

    def __str__(self) -> str:
        return f"score run {self.run_id} is {self.status}; only a draft is published or discarded"

    @property
    def message(self) -> str:
        """The refusal in the active language, for pages and the API."""
        number = format_number(self.run_id, 0, get_language())
        if self.status == ScoreRunStatus.PUBLISHED:
            text = _("Score run %(id)s is already published.")
        elif self.status == ScoreRunStatus.DISCARDED:
            text = _("Score run %(id)s was discarded; its results are gone. Rebuild the scores.")
        else:
            text = _(
                "Score run %(id)s is %(status)s: only a run awaiting review can be published "
                "or discarded."
            )
        return text % {"id": number, "status": ScoreRunStatus(self.status).label}


@transaction.atomic
def _finish_as_draft(run_id: int, *, timings: dict[str, float]) -> ScoreRun:
    """End a computed run as the draft awaiting review; older drafts are discarded."""
    run = ScoreRun.objects.select_for_update().get(pk=run_id)
    if run.status != ScoreRunStatus.RUNNING:
        raise RunAbandoned(f"score run {run_id} is {run.status} meanwhile; not kept as draft")
    now = timezone.now()
    older = list(ScoreRun.objects.drafts().exclude(pk=run_id).values_list("pk", flat=True))
    if older:
        ScoreRun.objects.filter(pk__in=older).update(
            status=ScoreRunStatus.DISCARDED, discarded_at=now
        )
        drop_results(older)
    run.status = ScoreRunStatus.DRAFT
    run.finished_at = now
    run.error = ""
    run.timings = timings
    run.save(update_fields=["status", "finished_at", "error", "timings"])
    transaction.on_commit(_kick_queued)
    return run


@transaction.atomic
def publish_score_run(run_id: int, *, user: User | None = None) -> ScoreRun:
    """Publish a draft run (ministry staff, after review): it becomes the run every page,
    export and API shows; older drafts are discarded and old runs' scores dropped.
    RunNotPublishable unless the run is a draft."""
    run = ScoreRun.objects.select_for_update().get(pk=run_id)
    if run.status != ScoreRunStatus.DRAFT:
        raise RunNotPublishable(run_id, run.status)
    return _publish(run, user=user)


@transaction.atomic
def _publish_computed(run_id: int, *, timings: dict[str, float], user: User | None) -> ScoreRun:
    """Publish the computing process's own run (asked for with `publish_when_done`)."""
    run = ScoreRun.objects.select_for_update().get(pk=run_id)
    if run.status != ScoreRunStatus.RUNNING:
        raise RunAbandoned(f"score run {run_id} is {run.status} meanwhile; not published")
    run.timings = timings
    return _publish(run, user=user)


def _publish(run: ScoreRun, *, user: User | None) -> ScoreRun:
    """Mark `run` (locked by the caller) published; discard older drafts, drop old scores."""
    run_id = run.pk
    now = timezone.now()
    run.status = ScoreRunStatus.PUBLISHED
    run.finished_at = run.finished_at or now
    run.published_at = now
    run.reviewed_by = user
    run.error = ""
    run.save(
        update_fields=["status", "finished_at", "published_at", "reviewed_by", "error", "timings"]
    )
    older_drafts = list(
        ScoreRun.objects.drafts().filter(pk__lt=run_id).values_list("pk", flat=True)
    )
    if older_drafts:
        ScoreRun.objects.filter(pk__in=older_drafts).update(
            status=ScoreRunStatus.DISCARDED, discarded_at=now
        )
        drop_results(older_drafts)
    old = list(
        ScoreRun.objects.published()
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[KEEP_PUBLISHED_RUNS:]
    )
    if old:
        drop_results(old, keep_summaries=True)
    transaction.on_commit(_kick_queued)
    transaction.on_commit(lambda: _announce_published(run_id))
    return run


@transaction.atomic
def discard_score_run(run_id: int, *, user: User | None = None) -> ScoreRun:
    """Throw a draft run away: its results are deleted; the published run stays shown."""
    run = ScoreRun.objects.select_for_update().get(pk=run_id)
    if run.status != ScoreRunStatus.DRAFT:
        raise RunNotPublishable(run_id, run.status)
    run.status = ScoreRunStatus.DISCARDED
    run.discarded_at = timezone.now()
    run.reviewed_by = user
    run.save(update_fields=["status", "discarded_at", "reviewed_by"])
    drop_results([run_id])
    return run


def _announce_computed(run_id: int) -> None:
    """Let the readers prepare for a computed run before it becomes a draft or the published
    run (the dashboards warm their caches); RunAbandoned if the run was given up on meanwhile,
    any other failure of theirs is logged, never the run's failure."""
    answers = score_run_computed.send_robust(
        sender=ScoreRun, run_id=run_id, beat=lambda: beat(run_id)
    )
    for receiver, answer in answers:
        if isinstance(answer, RunAbandoned):
            raise answer
        if isinstance(answer, Exception):
            logger.error(
                "%s failed after score run %s was computed", receiver, run_id, exc_info=answer
            )


def _announce_published(run_id: int) -> None:
    """Tell the readers (the dashboards warm their caches); a failure of theirs is logged, never
    the run's failure."""
    for receiver, answer in score_run_published.send_robust(sender=ScoreRun, run_id=run_id):
        if isinstance(answer, Exception):
            logger.error(
                "%s failed after score run %s was published",
                receiver,
                run_id,
                exc_info=answer,
            )


def _fail_run(run_id: int, message: str) -> ScoreRun:
    with transaction.atomic():
        ScoreRun.objects.filter(pk=run_id).update(
            status=ScoreRunStatus.FAILED, finished_at=timezone.now(), error=message[:5000]
        )
        drop_results([run_id])
    transaction.on_commit(_kick_queued)
    return ScoreRun.objects.get(pk=run_id)


def _kick_queued() -> None:
    """A run waiting behind the one that just finished need not wait for its retry delay."""
    waiting = ScoreRun.objects.filter(status=ScoreRunStatus.QUEUED).values_list("pk", flat=True)
    for run_id in waiting:
        _enqueue(run_id)


def rescue_stale_queued_runs(older_than: datetime.timedelta) -> int:
    """Re-enqueue queued runs whose task gave up (retries exhausted, broker lost)."""
    cutoff = timezone.now() - older_than
    stuck = list(
        ScoreRun.objects.filter(status=ScoreRunStatus.QUEUED, queued_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for run_id in stuck:
        _enqueue(run_id)
    return len(stuck)


def rebuild_scores_now(
    *, trigger: str = RunTrigger.MANUAL, user: User | None = None, publish: bool = False
) -> ScoreRun:
    """Queue (or join) a run and compute it in this process: a draft, or published at once
    with `publish` (the completeness rules apply either way)."""
    run = queue_score_rebuild(trigger=trigger, user=user, enqueue=False, publish=publish)
    return run_score_rebuild(run.pk)


def scores_are_stale(*, published_only: bool = False) -> bool:
    """Whether the data or the current methodology changed since the latest computed run (the
    draft awaiting review, else the published run; the published run with `published_only`)."""
    draft = None if published_only else ScoreRun.objects.latest_draft()
    latest = draft or ScoreRun.objects.latest_published()
    methodology = current_methodology()
    if latest is None or methodology is None:
        return methodology is not None
    snapshot = latest.methodology_snapshot or {}
    return (
        latest.data_version != data_version()
        or snapshot.get("id") != methodology.pk
        or snapshot.get("version") != methodology.version
        or snapshot.get("completeness") != _snapshot(methodology)["completeness"]
    )


# --- methodology --------------------------------------------------------------------------


@transaction.atomic
def ensure_default_methodology() -> Methodology:
    """Create Tavazon's default methodology (current if no other is) unless it exists."""
    methodology = Methodology.objects.filter(code=DEFAULT_METHODOLOGY["code"]).first()
    if methodology is None:
        methodology = Methodology.objects.create(
            code=DEFAULT_METHODOLOGY["code"],
            name_fa=DEFAULT_METHODOLOGY["name_fa"],
            name_en=DEFAULT_METHODOLOGY["name_en"],
            description=DEFAULT_METHODOLOGY["description"],
            spec=DEFAULT_METHODOLOGY["spec"],
            is_current=not Methodology.objects.filter(is_current=True).exists(),
        )
    return methodology
