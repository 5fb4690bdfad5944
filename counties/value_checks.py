"""Checks on values before they are approved: valid range, rules between indicators, outliers.

`check_values` returns, for each candidate value, its flags. Range and rule violations block
(the value cannot be true); outliers only warn (the value is unusual, a reviewer should look,
and approving it asks for a comment). The statistics are in counties/outliers.py; the
rules are declared in the catalogue (counties.catalogue.VALIDATION_RULES). Candidates are
compared with the approved observations (the only values counties.Observation holds), a
candidate taking the place of the approved value of the same indicator, place and period.
docs/methodology.md ("Validation and outlier checks") explains the thresholds.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.catalogue import VALIDATION_RULES, ValidationRule
from counties.models import County, Indicator, Observation
from counties.outliers import change_outliers, peer_outliers
from governance import calendars
from governance.periods import Period, PeriodError, parse_period, period_label
from governance.persian import format_number

RANGE = "range"
RULE = "rule"
CHANGE = "change"
PROVINCE = "province"


@dataclass(frozen=True)
class Candidate:
    """One value to check: an indicator's value for a county (or an area of it) and period."""

    indicator: Indicator
    county: County
    period: str
    value: float
    area_id: int | None = None


@dataclass(frozen=True)
class Flag:
    """Something wrong (blocking) or unusual (a warning) about one candidate value."""

    code: str  # RANGE | RULE | CHANGE | PROVINCE
    blocking: bool
    params: dict = field(default_factory=dict)  # numbers for the message, JSON-safe

    def as_json(self) -> dict:
        """The flag as stored on a submitted value (SubmittedValue.flags)."""
        return {"code": self.code, "blocking": self.blocking, "params": dict(self.params)}


def previous_period(key: str) -> str | None:
    """The period before `key` of the same kind: the year before, the previous quarter or month
    (None for text that is not a period), in the profile's calendar."""
    return _previous_period(key, calendars.active_calendar())


@functools.lru_cache(maxsize=4096)
def _previous_period(key: str, calendar: str) -> str | None:
    """previous_period, cached per calendar (a key such as "2016" reads differently in each)."""
    try:
        period = parse_period(key)
    except PeriodError:
        return None
    if period.kind == "quarter":
        if period.index == 1:
            return Period(period.year - 1, "quarter", 4).key
        return Period(period.year, "quarter", period.index - 1).key
    if period.kind == "month":
        if period.index == 1:
            return Period(period.year - 1, "month", 12).key
        return Period(period.year, "month", period.index - 1).key
    return Period(period.year - 1).key


def check_values(
    candidates: Sequence[Candidate], rules: Iterable[ValidationRule] = VALIDATION_RULES
) -> list[list[Flag]]:
    """The flags of each candidate (one list per candidate, in order), from at most two queries
    whatever their number: the ids of the rules' other indicators (when a candidate takes part
    in a rule), and the approved values of the candidates' indicators in their periods and
    previous periods (all counties, for the statistics) with the rules' other indicators."""
    n = len(candidates)
    if n == 0:
        return []
    batch = _Batch(
        indicator=np.fromiter((c.indicator.id for c in candidates), np.int64, n),
        county=np.fromiter((c.county.id for c in candidates), np.int64, n),
        area=np.fromiter((c.area_id or 0 for c in candidates), np.int64, n),
        period=[c.period for c in candidates],
        value=np.fromiter((float(c.value) for c in candidates), float, n),
    )
    indicators = {c.indicator.id: c.indicator for c in candidates}
    provinces = {c.county.id: c.county.province_id for c in candidates}
    found = _check(batch, indicators, provinces, tuple(rules))
    return [found.get(k, []) for k in range(n)]


def check_rows(
    indicator_ids: Sequence[int],
    county_ids: Sequence[int],
    area_ids: Sequence[int | None],
    periods: Sequence[str],
    values: Sequence[float],
    *,
    indicators: dict[int, Indicator] | None = None,
    rules: Iterable[ValidationRule] = VALIDATION_RULES,
) -> dict[int, list[Flag]]:
    """check_values for values given as columns of ids (an import's rows), without model
    instances: the same flags, for the flagged rows only (row index -> flags), with at most two
    queries more (the indicators unless given, the provinces of counties without an approved
    value in the periods checked)."""
    n = len(values)
    if n == 0:
        return {}
    batch = _Batch(
        indicator=np.asarray(indicator_ids, dtype=np.int64),
        county=np.asarray(county_ids, dtype=np.int64),
        area=np.fromiter((a or 0 for a in area_ids), np.int64, n),
        period=list(periods),
        value=np.asarray(values, dtype=float),
    )
    if indicators is None:
        indicators = Indicator.objects.in_bulk(set(batch.indicator.tolist()))
    return _check(batch, indicators, None, tuple(rules))


@dataclass
class _Batch:
    """Candidate values as columns: indicator, county and area ids (0: the county as a whole),
    period keys and values."""

    indicator: np.ndarray
    county: np.ndarray
    area: np.ndarray
    period: list[str]
    value: np.ndarray


@dataclass
class _Merged:
    """The approved values with the candidates in place of the approved values of their keys,
    sorted by key. Indicators, counties and areas are positions in `indicators`, `counties`,
    `areas` (their ids, sorted; area id 0 is the county as a whole); periods are numbers."""

    key: np.ndarray
    indicator: np.ndarray
    county: np.ndarray
    area: np.ndarray
    period: np.ndarray
    value: np.ndarray
    indicators: np.ndarray
    counties: np.ndarray
    areas: np.ndarray
    periods: int

    def encode(
        self, indicator: np.ndarray, county: np.ndarray, area: np.ndarray, period: np.ndarray
    ) -> np.ndarray:
        """One int64 per (indicator, county, area, period) position."""
        return (
            (indicator * self.counties.size + county) * self.areas.size + area
        ) * self.periods + period

    def position(self, keys: np.ndarray) -> np.ndarray:
        """Where each key is (-1 where absent)."""
        if self.key.size == 0:
            return np.full(keys.shape, -1)
        at = np.minimum(np.searchsorted(self.key, keys), self.key.size - 1)
        return np.where(self.key[at] == keys, at, -1)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key (NaN where absent)."""
        at = self.position(keys)
        return np.where(at >= 0, self.value[np.maximum(at, 0)], np.nan)

    def indicator_position(self, indicator_id: int) -> int:
        """The position of an indicator id (-1 when no value of it is known)."""
        at = int(np.searchsorted(self.indicators, indicator_id))
        found = at < self.indicators.size and self.indicators[at] == indicator_id
        return at if found else -1


def _check(
    batch: _Batch,
    indicators: dict[int, Indicator],
    provinces: dict[int, int] | None,
    rules: tuple[ValidationRule, ...],
) -> dict[int, list[Flag]]:
    """The flags of the flagged candidates (candidate index -> flags)."""
    n = batch.value.shape[0]
    flags: dict[int, list[Flag]] = defaultdict(list)
    rules, code_ids = _rules_and_codes(indicators, rules)
    # Periods: the candidates' and the ones before them, numbered.
    own_periods = sorted(set(batch.period))
    before = {p: previous_period(p) for p in own_periods}
    universe = sorted(set(own_periods) | {p for p in before.values() if p is not None})
    number = {p: i for i, p in enumerate(universe)}
    previous = np.array([number.get(before.get(p) or "", -1) for p in universe], dtype=np.int64)
    cand_period = np.fromiter((number[p] for p in batch.period), np.int64, n)

    approved, province_of = _approved(batch, rules, code_ids, number, before)
    _add_provinces(province_of, provinces, batch)
    merged, at = _merge(approved, batch, cand_period, len(universe))

    _range_flags(batch, indicators, flags)
    _rule_flags(batch, at, merged, rules, code_ids, indicators, flags)
    pairs = np.unique(merged.indicator[at] * merged.periods + merged.period[at])
    _change_flags(batch, at, merged, pairs, previous, universe, indicators, flags)
    _province_flags(batch, at, merged, pairs, province_of, indicators, flags)
    return dict(flags)


def _rules_and_codes(
    indicators: dict[int, Indicator], rules: tuple[ValidationRule, ...]
) -> tuple[tuple[ValidationRule, ...], dict[str, int]]:
    """The rules that concern these indicators, and the id of every indicator they name."""
    codes = {indicator.code for indicator in indicators.values()}
    rules = tuple(rule for rule in rules if codes & set(rule.codes))
    code_ids = {ind.code: pk for pk, ind in indicators.items()}
    needed = {code for rule in rules for code in rule.codes} - set(code_ids)
    if needed:
        code_ids.update(Indicator.objects.filter(code__in=needed).values_list("code", "pk"))
    return rules, code_ids


def _add_provinces(
    province_of: dict[int, int], provinces: dict[int, int] | None, batch: _Batch
) -> None:
    """Complete the county -> province map with the ones given and those of the candidates."""
    if provinces is not None:
        province_of.update(provinces)
    missing = set(batch.county.tolist()) - set(province_of)
    if missing:
        province_of.update(County.objects.filter(pk__in=missing).values_list("pk", "province_id"))


def _approved(
    batch: _Batch,
    rules: tuple[ValidationRule, ...],
    code_ids: dict[str, int],
    number: dict[str, int],
    before: dict[str, str | None],
) -> tuple[tuple[np.ndarray, ...], dict[int, int]]:
    """The approved values the checks compare with (one query), as columns: indicator, county,
    area, period number and value; and the province of each of their counties."""
    wanted = _wanted_periods(batch, rules, code_ids, before)
    query = Q()
    for indicator_id, keys in wanted.items():
        query |= Q(indicator_id=indicator_id, period__in=sorted(keys))
    rows = list(
        Observation.objects.filter(query)
        .order_by()
        .values_list(
            "indicator_id", "county_id", "area_id", "period", "value", "county__province_id"
        )
    )
    province_of = {row[1]: row[5] for row in rows}
    m = len(rows)
    columns = (
        np.fromiter((r[0] for r in rows), np.int64, m),
        np.fromiter((r[1] for r in rows), np.int64, m),
        np.fromiter((r[2] or 0 for r in rows), np.int64, m),
        np.fromiter((number[r[3]] for r in rows), np.int64, m),
        np.fromiter((r[4] for r in rows), float, m),
    )
    return columns, province_of


def _wanted_periods(
    batch: _Batch,
    rules: tuple[ValidationRule, ...],
    code_ids: dict[str, int],
    before: dict[str, str | None],
) -> dict[int, set[str]]:
    """Indicator id -> the periods of approved values the checks need: the candidates' periods,
    the periods before them, and the periods of the indicators their rules compare with."""
    code_of = {pk: code for code, pk in code_ids.items()}
    wanted: dict[int, set[str]] = defaultdict(set)
    for indicator_id, period in set(zip(batch.indicator.tolist(), batch.period, strict=True)):
        wanted[indicator_id].add(period)
        if (earlier := before[period]) is not None:
            wanted[indicator_id].add(earlier)
        for rule in rules:
            if code_of.get(indicator_id) in rule.codes:
                for other in rule.codes:
                    if other in code_ids:
                        wanted[code_ids[other]].add(period)
    return wanted


def _merge(
    approved: tuple[np.ndarray, ...], batch: _Batch, cand_period: np.ndarray, periods: int
) -> tuple[_Merged, np.ndarray]:
    """Approved values and candidates in one sorted table, a candidate replacing the approved
    value of its key (and a later candidate an earlier one of the same key); and where each
    candidate's key is in it."""
    a_ind, a_county, a_area, a_period, a_value = approved
    inds, ind_at = np.unique(np.concatenate([a_ind, batch.indicator]), return_inverse=True)
    counties, county_at = np.unique(np.concatenate([a_county, batch.county]), return_inverse=True)
    areas, area_at = np.unique(np.concatenate([a_area, batch.area]), return_inverse=True)
    period = np.concatenate([a_period, cand_period])
    value = np.concatenate([a_value, batch.value])
    empty = np.zeros(0, np.int64)
    table = _Merged(empty, empty, empty, empty, empty, value, inds, counties, areas, periods)
    keys = table.encode(ind_at, county_at, area_at, period)
    # The last occurrence of each key wins: unique over the reversed keys finds it first.
    unique, first_reversed = np.unique(keys[::-1], return_index=True)
    last = keys.shape[0] - 1 - first_reversed
    merged = _Merged(
        unique,
        ind_at[last],
        county_at[last],
        area_at[last],
        period[last],
        value[last],
        inds,
        counties,
        areas,
        periods,
    )
    return merged, merged.position(keys[a_value.shape[0] :])


def _range_flags(
    batch: _Batch, indicators: dict[int, Indicator], flags: dict[int, list[Flag]]
) -> None:
    lows = {pk: -np.inf if i.min_value is None else i.min_value for pk, i in indicators.items()}
    highs = {pk: np.inf if i.max_value is None else i.max_value for pk, i in indicators.items()}
    ids = batch.indicator.tolist()
    low = np.fromiter((lows[i] for i in ids), float, len(ids))
    high = np.fromiter((highs[i] for i in ids), float, len(ids))
    value = batch.value
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(value) | (value < low) | (value > high)
    for k in np.flatnonzero(bad).tolist():
        indicator = indicators[ids[k]]
        flags[k].append(
            Flag(
                RANGE,
                True,
                {
                    **_unit(indicator),
                    "value": _number(value[k]),
                    "min": _number(indicator.min_value),
                    "max": _number(indicator.max_value),
                },
            )
        )


def _rule_flags(
    batch: _Batch,
    at: np.ndarray,
    merged: _Merged,
    rules: tuple[ValidationRule, ...],
    code_ids: dict[str, int],
    indicators: dict[int, Indicator],
    flags: dict[int, list[Flag]],
) -> None:
    for rule in rules:
        if not set(rule.codes) <= set(code_ids):
            continue
        involved = np.flatnonzero(np.isin(batch.indicator, [code_ids[c] for c in rule.codes]))
        if involved.size == 0:
            continue
        place = at[involved]
        found: dict[str, np.ndarray] = {}
        for code in rule.codes:
            position = merged.indicator_position(code_ids[code])
            keys = merged.encode(
                np.full(involved.size, max(position, 0)),
                merged.county[place],
                merged.area[place],
                merged.period[place],
            )
            found[code] = merged.lookup(keys) if position >= 0 else np.full(involved.size, np.nan)
        total = np.sum([found[code] for code in rule.parts], axis=0)
        limit = found[rule.whole] if rule.whole else np.full(involved.size, float(rule.limit or 0))
        known = np.logical_and.reduce([np.isfinite(v) for v in found.values()])
        with np.errstate(invalid="ignore"):
            broken = known & (total > limit + 1e-9)
        for j in np.flatnonzero(broken).tolist():
            k = int(involved[j])
            flags[k].append(
                Flag(
                    RULE,
                    True,
                    {
                        **_unit(indicators[int(batch.indicator[k])]),
                        "rule": rule.code,
                        "total": _number(total[j]),
                        "limit": _number(limit[j]),
                        "values": {code: _number(v[j]) for code, v in found.items()},
                    },
                )
            )


def _change_flags(
    batch: _Batch,
    at: np.ndarray,
    merged: _Merged,
    pairs: np.ndarray,
    previous: np.ndarray,
    universe: list[str],
    indicators: dict[int, Indicator],
    flags: dict[int, list[Flag]],
) -> None:
    """Changes are compared within one indicator and period, county values with county values
    and area values with area values."""
    pair = merged.indicator * merged.periods + merged.period
    earlier = previous[merged.period]
    sample = np.flatnonzero(np.isin(pair, pairs) & (earlier >= 0))
    then = merged.lookup(
        merged.encode(
            merged.indicator[sample], merged.county[sample], merged.area[sample], earlier[sample]
        )
    )
    keep = np.isfinite(then) & np.isfinite(merged.value[sample])
    sample, then = sample[keep], then[keep]
    is_area = merged.areas[merged.area[sample]] != 0
    result = change_outliers(then, merged.value[sample], pair[sample] * 2 + is_area)
    for k, j in _flagged(batch, at, merged, sample, result.flagged):
        flags[k].append(
            _warning(
                CHANGE,
                batch,
                k,
                indicators,
                previous=_number(then[j]),
                previous_period=universe[int(previous[merged.period[at[k]]])],
                relative=_number(result.relative[j]),
                z=_number(result.z[j]),
                count=int(result.count[j]),
            )
        )


def _province_flags(
    batch: _Batch,
    at: np.ndarray,
    merged: _Merged,
    pairs: np.ndarray,
    province_of: dict[int, int],
    indicators: dict[int, Indicator],
    flags: dict[int, list[Flag]],
) -> None:
    """County values of bounded indicators (rates, shares) only: an area is compared with its
    own past (the change check), not with whole counties; and an unbounded count (population)
    differs between counties by their size, which is no sign of an error."""
    bounded = np.array(
        [
            pk in indicators and indicators[pk].max_value is not None
            for pk in merged.indicators.tolist()
        ],
        dtype=bool,
    )
    pair = merged.indicator * merged.periods + merged.period
    county_level = merged.areas[merged.area] == 0
    sample = np.flatnonzero(np.isin(pair, pairs) & county_level & bounded[merged.indicator])
    provinces = np.array([province_of.get(c, 0) for c in merged.counties.tolist()], np.int64)
    result = peer_outliers(
        merged.value[sample],
        provinces[merged.county[sample]],
        wider=pair[sample],
    )
    for k, j in _flagged(batch, at, merged, sample, result.flagged):
        flags[k].append(
            _warning(
                PROVINCE,
                batch,
                k,
                indicators,
                median=_number(result.median[j]),
                scope=str(result.scope[j]),
                count=int(result.count[j]),
                z=_number(result.z[j]),
            )
        )


def _flagged(
    batch: _Batch, at: np.ndarray, merged: _Merged, sample: np.ndarray, flagged: np.ndarray
) -> Iterator[tuple[int, int]]:
    """(k, j) for each candidate k with a value whose merged row `at[k]` is the j-th of the
    `sample` a statistic was computed on, and `flagged[j]`."""
    index = np.full(merged.key.shape[0], -1)
    index[sample] = np.arange(sample.shape[0])
    j_of = index[at]
    hit = (j_of >= 0) & np.isfinite(batch.value)
    hit[hit] &= flagged[j_of[hit]]
    for k in np.flatnonzero(hit).tolist():
        yield k, int(j_of[k])


def _warning(
    code: str, batch: _Batch, k: int, indicators: dict[int, Indicator], **params: Any
) -> Flag:
    """An outlier warning on candidate k: its indicator's unit, its value, then `params`."""
    indicator = indicators[int(batch.indicator[k])]
    return Flag(code, False, {**_unit(indicator), "value": _number(batch.value[k]), **params})


def _unit(indicator: Indicator) -> dict[str, Any]:
    return {
        "indicator": indicator.code,
        "unit": indicator.unit,
        "decimals": indicator.display_decimals,
    }


def _number(value: float | None) -> float | None:
    """A JSON-safe number: None for a missing or infinite one."""
    if value is None:
        return None
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


# Messages


def describe_flag(flag: dict) -> str:
    """The flag (a stored `Flag.as_json()`) as a sentence in the active language, its numbers in
    the language's digits with the indicator's unit."""
    params = flag.get("params") or {}
    language = get_language() or "fa"
    describe = _DESCRIBE.get(flag.get("code") or "")
    if describe is None:
        return _("Unknown check.")

    def amount(key: str) -> str:
        return _amount(params.get(key), params, language)

    return describe(params, language, amount)


def _describe_range(params: dict, language: str, amount: Callable[[str], str]) -> str:
    low, high = params.get("min"), params.get("max")
    if low is not None and high is not None:
        return _("%(value)s is outside the valid range %(min)s to %(max)s.") % {
            "value": amount("value"),
            "min": amount("min"),
            "max": amount("max"),
        }
    if low is not None:
        return _("%(value)s is below the lowest valid value %(min)s.") % {
            "value": amount("value"),
            "min": amount("min"),
        }
    return _("%(value)s is above the highest valid value %(max)s.") % {
        "value": amount("value"),
        "max": amount("max"),
    }


def _describe_rule(params: dict, language: str, amount: Callable[[str], str]) -> str:
    rule = next((r for r in VALIDATION_RULES if r.code == params.get("rule")), None)
    if rule is None:  # a stored flag of a rule the catalogue no longer declares
        text = _("A rule between indicators is broken.")
    else:
        text = rule.description_fa if language == "fa" else rule.description_en
    return _("%(rule)s Total: %(total)s, more than %(limit)s.") % {
        "rule": text,
        "total": amount("total"),
        "limit": amount("limit"),
    }


def _describe_change(params: dict, language: str, amount: Callable[[str], str]) -> str:
    return _(
        "%(value)s against %(previous)s in the previous period, %(period)s (unusual change)."
    ) % {
        "value": amount("value"),
        "previous": amount("previous"),
        "period": period_label(params.get("previous_period", ""), language, gregorian=False),
    }


def _describe_province(params: dict, language: str, amount: Callable[[str], str]) -> str:
    count = format_number(params.get("count") or 0, 0, language)
    if params.get("scope") == "national":
        text = _(
            "%(value)s against a national median of %(median)s (%(count)s counties; unusual "
            "distance from the other counties)."
        )
    else:
        text = _(
            "%(value)s against a median of %(median)s in the province (%(count)s counties; "
            "unusual distance from the province)."
        )
    return text % {"value": amount("value"), "median": amount("median"), "count": count}


_DESCRIBE: dict[str, Callable[[dict, str, Callable[[str], str]], str]] = {
    RANGE: _describe_range,
    RULE: _describe_rule,
    CHANGE: _describe_change,
    PROVINCE: _describe_province,
}


def _amount(value: Any, params: dict, language: str) -> str:
    return format_amount(value, params.get("unit") or "", int(params.get("decimals", 1)), language)


def format_amount(value: Any, unit: str, decimals: int = 1, language: str | None = None) -> str:
    """A number with an indicator's unit in the language's digits (the active one by default):
    '45.0%' / «۴۵٫۰٪», '0.8 kg/day' / «۰٫۸ کیلوگرم در روز»; '—' when missing."""
    language = language or get_language() or "fa"
    if value is None:
        return "—"
    text = format_number(float(value), decimals, language)
    if unit == "%":
        return text + ("٪" if language == "fa" else "%")
    return f"{text} {_(unit)}" if unit else text
