"""Checks on values before they are approved: valid range, rules between indicators, outliers.

`check_values` returns, for each candidate value, its flags. Range and rule violations block
(the value cannot be true); outliers only warn (the value is unusual, a reviewer should look,
and approving it asks for a comment). The statistics are in counties/scoring/outliers.py; the
rules are declared in the catalogue (counties.catalogue.VALIDATION_RULES). Candidates are
compared with the approved observations (the only values counties.Observation holds), a
candidate taking the place of the approved value of the same indicator, place and period.
docs/methodology.md ("Validation and outlier checks") explains the thresholds.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.catalogue import VALIDATION_RULES, ValidationRule
from counties.models import County, Indicator, Observation
from counties.periods import Period, PeriodError, parse_period, period_label
from counties.scoring.outliers import change_outliers, peer_outliers
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


@functools.lru_cache(maxsize=4096)
def previous_period(key: str) -> str | None:
    """The period before `key` of the same kind: the year before, the previous quarter or month
    (None for text that is not a period)."""
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


# (indicator id, period) -> {(county id, area id or 0): value}
_Values = dict[tuple[int, str], dict[tuple[int, int], float]]


def check_values(
    candidates: Sequence[Candidate], rules: Iterable[ValidationRule] = VALIDATION_RULES
) -> list[list[Flag]]:
    """The flags of each candidate (one list per candidate, in order), from at most three
    queries whatever their number: the rules' indicator ids, and the approved values of the
    candidates' indicators in their periods and previous periods (all counties, for the
    statistics) together with the other indicators of the rules in those periods."""
    flags: list[list[Flag]] = [[] for _candidate in candidates]
    if not candidates:
        return flags
    rules = tuple(rules)
    rule_ids = _rule_indicator_ids(candidates, rules)
    values, province_of = _merged_values(candidates, rules, rule_ids)
    for i, candidate in enumerate(candidates):
        if (flag := _range_flag(candidate)) is not None:
            flags[i].append(flag)
    _add_rule_flags(candidates, rules, rule_ids, values, flags)
    _add_change_flags(candidates, values, flags)
    _add_province_flags(candidates, values, province_of, flags)
    return flags


def _rule_indicator_ids(
    candidates: Sequence[Candidate], rules: tuple[ValidationRule, ...]
) -> dict[str, int]:
    """Indicator code -> id for every indicator of a rule that a candidate takes part in."""
    codes = {c.indicator.code for c in candidates}
    needed = {code for rule in rules if codes & set(rule.codes) for code in rule.codes}
    known = {c.indicator.code: c.indicator.pk for c in candidates if c.indicator.code in needed}
    missing = needed - set(known)
    if missing:
        known.update(Indicator.objects.filter(code__in=missing).values_list("code", "pk"))
    return known


def _merged_values(
    candidates: Sequence[Candidate], rules: tuple[ValidationRule, ...], rule_ids: dict[str, int]
) -> tuple[_Values, dict[int, int]]:
    """The approved values the checks compare with, candidates in place of approved values of
    the same key; and each county's province."""
    periods: dict[int, set[str]] = defaultdict(set)
    for c in candidates:
        periods[c.indicator.pk].add(c.period)
        if (before := previous_period(c.period)) is not None:
            periods[c.indicator.pk].add(before)
        for rule in rules:
            if c.indicator.code in rule.codes:
                for code in rule.codes:
                    if code in rule_ids:
                        periods[rule_ids[code]].add(c.period)
    query = Q()
    for indicator_id, keys in periods.items():
        query |= Q(indicator_id=indicator_id, period__in=sorted(keys))
    values: _Values = defaultdict(dict)
    province_of: dict[int, int] = {}
    rows = (
        Observation.objects.filter(query)
        .order_by()
        .values_list(
            "indicator_id", "period", "county_id", "area_id", "value", "county__province_id"
        )
    )
    for indicator_id, period, county_id, area_id, value, province_id in rows.iterator(2000):
        values[(indicator_id, period)][(county_id, area_id or 0)] = value
        province_of[county_id] = province_id
    for c in candidates:
        values[(c.indicator.pk, c.period)][(c.county.pk, c.area_id or 0)] = float(c.value)
        province_of[c.county.pk] = c.county.province_id
    return values, province_of


def _range_flag(candidate: Candidate) -> Flag | None:
    indicator, value = candidate.indicator, float(candidate.value)
    low, high = indicator.min_value, indicator.max_value
    if math.isfinite(value) and (low is None or value >= low) and (high is None or value <= high):
        return None
    return Flag(
        RANGE,
        True,
        {
            **_unit(indicator),
            "value": _number(value),
            "min": _number(low),
            "max": _number(high),
        },
    )


def _add_rule_flags(
    candidates: Sequence[Candidate],
    rules: tuple[ValidationRule, ...],
    rule_ids: dict[str, int],
    values: _Values,
    flags: list[list[Flag]],
) -> None:
    for i, c in enumerate(candidates):
        place = (c.county.pk, c.area_id or 0)
        for rule in rules:
            if c.indicator.code not in rule.codes or not set(rule.codes) <= set(rule_ids):
                continue
            found = {
                code: values.get((rule_ids[code], c.period), {}).get(place) for code in rule.codes
            }
            if any(value is None for value in found.values()):
                continue  # a rule speaks only once all its values are known
            total = sum(found[code] for code in rule.parts)  # type: ignore[misc]
            limit = found[rule.whole] if rule.whole else rule.limit
            if limit is None or total <= limit + 1e-9:
                continue
            flags[i].append(
                Flag(
                    RULE,
                    True,
                    {
                        **_unit(c.indicator),
                        "rule": rule.code,
                        "total": _number(total),
                        "limit": _number(limit),
                        "values": {code: _number(value) for code, value in found.items()},
                    },
                )
            )


def _add_change_flags(
    candidates: Sequence[Candidate], values: _Values, flags: list[list[Flag]]
) -> None:
    groups: dict[tuple[int, str, bool], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if math.isfinite(float(c.value)) and previous_period(c.period) is not None:
            groups[(c.indicator.pk, c.period, c.area_id is not None)].append(i)
    for (indicator_id, period, is_area), members in groups.items():
        before = previous_period(period)
        assert before is not None
        now, then = values.get((indicator_id, period), {}), values.get((indicator_id, before), {})
        places = [p for p in now if p in then and (p[1] != 0) == is_area]
        index = {place: k for k, place in enumerate(places)}
        result = change_outliers(
            np.array([then[p] for p in places], dtype=float),
            np.array([now[p] for p in places], dtype=float),
        )
        for i in members:
            c = candidates[i]
            k = index.get((c.county.pk, c.area_id or 0))
            if k is None or not result.flagged[k]:
                continue
            flags[i].append(
                Flag(
                    CHANGE,
                    False,
                    {
                        **_unit(c.indicator),
                        "value": _number(float(c.value)),
                        "previous": _number(then[(c.county.pk, c.area_id or 0)]),
                        "previous_period": before,
                        "relative": _number(result.relative[k]),
                        "z": _number(result.z[k]),
                        "count": result.count,
                    },
                )
            )


def _add_province_flags(
    candidates: Sequence[Candidate],
    values: _Values,
    province_of: dict[int, int],
    flags: list[list[Flag]],
) -> None:
    # County values of bounded indicators (rates, shares) only: an area is compared with its
    # own past (the change check), not with whole counties; and an unbounded count (population)
    # differs between counties by their size, which is no sign of an error.
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        bounded = c.indicator.max_value is not None
        if bounded and c.area_id is None and math.isfinite(float(c.value)):
            groups[(c.indicator.pk, c.period)].append(i)
    for (indicator_id, period), members in groups.items():
        now = values.get((indicator_id, period), {})
        counties = [county for county, area in now if area == 0]
        index = {county: k for k, county in enumerate(counties)}
        result = peer_outliers(
            np.array([now[(county, 0)] for county in counties], dtype=float),
            np.array([province_of.get(county, 0) for county in counties]),
        )
        for i in members:
            c = candidates[i]
            k = index[c.county.pk]
            if not result.flagged[k]:
                continue
            flags[i].append(
                Flag(
                    PROVINCE,
                    False,
                    {
                        **_unit(c.indicator),
                        "value": _number(float(c.value)),
                        "median": _number(result.median[k]),
                        "scope": str(result.scope[k]),
                        "count": int(result.count[k]),
                        "z": _number(result.z[k]),
                    },
                )
            )


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
    code = flag.get("code")

    def amount(key: str) -> str:
        return _amount(params.get(key), params, language)

    if code == RANGE:
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
    if code == RULE:
        rule = next((r for r in VALIDATION_RULES if r.code == params.get("rule")), None)
        text = (rule.description_fa if language == "fa" else rule.description_en) if rule else ""
        return _("%(rule)s Total: %(total)s, more than %(limit)s.") % {
            "rule": text,
            "total": amount("total"),
            "limit": amount("limit"),
        }
    if code == CHANGE:
        return _(
            "%(value)s against %(previous)s in the previous period, %(period)s (unusual change)."
        ) % {
            "value": amount("value"),
            "previous": amount("previous"),
            "period": period_label(params.get("previous_period", ""), language, gregorian=False),
        }
    if code == PROVINCE:
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
    return _("Unknown check.")


def _amount(value: Any, params: dict, language: str) -> str:
    """A number with the indicator's unit: '45.0%' / «۴۵٫۰٪», '0.8 kg/day'."""
    if value is None:
        return "—"
    text = format_number(float(value), int(params.get("decimals", 1)), language)
    unit = params.get("unit") or ""
    if unit == "%":
        return text + ("٪" if language == "fa" else "%")
    return f"{text} {_(unit)}" if unit else text
