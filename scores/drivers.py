"""What drives a county's score: the panel of the county page and the county dashboard.

The figures come from the engine (scores.scoring.drivers) on the values the published run
scored: its methodology snapshot's spec, the period's observations read by the rebuild's own
loader (services.fetch_score_units / fetch_observation_columns / period_values) and the counties
ranked in that period (the run's Score rows), so that the contributions add up to the stored
score. The panel derives from the run, the county, the period and the observations only, never
from who is asking; it is cached per run, county, period, observations stamp and language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from counties.models import County, Indicator
from counties.queries import observations_stamp
from governance.caching import cached, versioned_key
from scores import services
from scores.charts import drivers_chart
from scores.completeness import county_standing, run_periods
from scores.models import Score, ScoreRun
from scores.scoring import SpecError
from scores.scoring.drivers import contributions, group_medians, levers

TEMPLATE = "scores/_county_drivers.html"
LEVERS_SHOWN = 3
# Stored scores have two decimals on the 0-100 scale; a recomputed score further away than this
# was computed from other data (observations changed after the run).
SAME_SCORE = 0.011


@dataclass
class PeriodData:
    """The raw values a run scored in one period: indicators (spec order) by ranked county."""

    spec: dict[str, Any]
    codes: list[str]
    county_ids: list[int]
    provinces: list[int]
    values: list[list[float]]

    def data(self) -> dict[str, np.ndarray]:
        array = np.array(self.values, dtype=float).reshape(len(self.codes), len(self.county_ids))
        return {code: array[j] for j, code in enumerate(self.codes)}


def period_data(
    run: ScoreRun, period: str, spec: dict[str, Any] | None = None
) -> PeriodData | None:
    """The values `run` scored in `period` (or, with `spec`, those another methodology reads),
    among the counties it ranked there (4 queries), or None when it ranked none (or has no
    valid methodology snapshot)."""
    if spec is None:
        try:
            spec, _rules = services.snapshot_spec(run)
        except (KeyError, TypeError, SpecError):
            return None  # a run recorded without a methodology snapshot has nothing to split
    codes = services.spec_codes(spec)
    ranked = set(Score.objects.filter(run=run, period=period).values_list("county_id", flat=True))
    units = services.fetch_score_units(codes)
    columns = services.fetch_observation_columns(list(units.indicator_code), year=period[:4])
    values = services.period_values(services.with_observations(units, columns), spec, period)
    keep = np.isin(units.county_ids, sorted(ranked))
    if values is None or not keep.any():
        return None
    return PeriodData(
        spec=spec,
        codes=codes,
        county_ids=units.county_ids[keep].tolist(),
        provinces=units.county_province[keep].tolist(),
        values=values[:, keep].tolist(),
    )


def county_drivers_context(
    run: ScoreRun, county: County, asked: str = "", stamp: int | None = None
) -> dict[str, Any]:
    """What the panel shows for `county` in the period `asked` (else the run's default one):
    per indicator its raw value, normalised value, weight, contribution and the national and
    provincial medians; the levers; the chart. {} when the county has no score there."""
    stamp = observations_stamp() if stamp is None else stamp
    standing = county_standing(run, county, asked)
    if standing.score is None:
        return {}
    period = standing.period
    found = cached(f"drivers-data:{run.pk}:{period}:{stamp}", lambda: period_data(run, period))
    if found is None or county.pk not in found.county_ids:
        return {}
    unit = found.county_ids.index(county.pk)
    data = found.data()
    raw = np.stack([data[code] for code in found.codes])
    split = contributions(data, found.spec)
    provinces = np.array(found.provinces)
    province = provinces == county.province_id
    everyone = np.ones(provinces.size, dtype=bool)
    raw_medians = {
        "national": group_medians(raw, everyone),
        "provincial": group_medians(raw, province),
    }
    part_medians = {
        "national": group_medians(split.contributions, everyone),
        "provincial": group_medians(split.contributions, province),
    }
    moves = levers(
        data, found.spec, unit, dict(zip(found.codes, raw_medians["provincial"], strict=True))
    )
    catalogue = Indicator.objects.select_related("dimension").in_bulk(
        found.codes, field_name="code"
    )
    rows = []
    for j, code in enumerate(found.codes):
        indicator = catalogue.get(code)
        part = _points(split.contributions[j, unit])
        rows.append(
            {
                "code": code,
                "name": indicator.name if indicator else code,
                "dimension": indicator.dimension.name if indicator else "",
                "unit": indicator.unit_label if indicator else "",
                "decimals": indicator.display_decimals if indicator else 1,
                "raw": _value(raw[j, unit]),
                "normalized": _points(split.normalized[j, unit]),
                "weight": _points(split.weights[j, unit]),
                "contribution": part,
                "national_median": _value(raw_medians["national"][j]),
                "provincial_median": _value(raw_medians["provincial"][j]),
                "versus_national": _gap(part, part_medians["national"][j]),
                "versus_provincial": _gap(part, part_medians["provincial"][j]),
                "target": _value(moves.targets[j]),
                "change": _points(moves.changes[j]),
            }
        )
    recomputed = 100 * float(split.score[unit])
    best = sorted(
        (r for r in rows if r["change"] is not None and r["change"] > 0.005),
        key=lambda r: -r["change"],
    )
    return {
        "county": county,
        "run": run,
        "period": period,
        "score": standing.score,
        "rows": rows,
        "levers": best[:LEVERS_SHOWN],
        "total": round(recomputed, 2),
        "same_data": abs(recomputed - float(standing.score.composite)) <= SAME_SCORE,
        "aggregation": found.spec["aggregation"],
        "chart": drivers_chart(rows),
    }


def county_drivers_panel(
    run: ScoreRun | None,
    county: County,
    asked: str = "",
    stamp: int | None = None,
    light: bool = False,
) -> SafeString:
    """The panel's HTML ('' without a published run or a score for the county there), cached
    per run, county, period asked, observations stamp (read when not given), language and
    variant: `light` draws the bars in HTML and CSS (`bars`), for a page that loads no plotly.js
    (the county page: docs/performance.md, "Light in the browser")."""
    if run is None:
        return mark_safe("")
    period = run_periods(run).choose(asked) if asked else "default"
    stamp = observations_stamp() if stamp is None else stamp
    key = versioned_key(
        f"county-drivers:{run.pk}", county.pk, county.province_id, period, stamp, int(light)
    )

    def build() -> str:
        context = county_drivers_context(run, county, asked, stamp)
        if not context:
            return ""
        if light:
            context = {**context, "chart": None, "bars": bars(context["rows"])}
        return render_to_string(TEMPLATE, context)

    return mark_safe(cached(key, build))  # our own template rendered it, escaping included


def bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The diverging bars of the light chart: each indicator's contribution minus the median
    county's, nationally and in the province, as a share (0-50 %) of the track's half on the
    side of its sign, scaled to the largest gap."""
    gaps = [abs(r[key]) for r in rows for key in ("versus_national", "versus_provincial") if r[key]]
    largest = max(gaps, default=0.0) or 1.0

    def bar(value: float | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {"value": value, "up": value >= 0, "width": round(50 * abs(value) / largest, 2)}

    return [
        {
            "name": r["name"],
            "national": bar(r["versus_national"]),
            "provincial": bar(r["versus_provincial"]),
        }
        for r in rows
    ]


def _points(value: float) -> float | None:
    """A 0-1 figure on the 0-100 scale of the scores (None when missing)."""
    return None if np.isnan(value) else round(100 * float(value), 2)


def _value(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _gap(part: float | None, median: float) -> float | None:
    if part is None or np.isnan(median):
        return None
    return round(part - 100 * float(median), 2)
