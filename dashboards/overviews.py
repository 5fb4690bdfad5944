"""The dashboards' panels: national and provincial overviews, county overviews, comparisons
and county work, each built in a bounded number of queries and cached per score run
(dashboards.caching)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from statistics import mean
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties import charts as county_charts
from counties.models import County, Indicator, Observation, Province
from dashboards import charts
from dashboards.caching import cached, overview_key
from dashboards.filters import Choices, Filters, run_dimensions
from dashboards.panels import Col, Panel
from governance.dates import local_date
from governance.templatetags.tavazon import digits, num, period_label
from scores.completeness import PeriodStatus, RunPeriods, county_standing, run_periods
from scores.models import Score, ScoreDecomposition, ScoreRun
from scores.shortfalls import ShortfallNote, note_of, shortfall_notes, shortfall_periods

MOVERS = 10


def overview(run: ScoreRun, filters: Filters, options: Choices) -> dict[str, Any]:
    """Every panel of the national or provincial dashboard, cached per run, language, filters."""
    return cached(overview_key(run, filters), lambda: _overview(run, filters, options))


def _score_rows(run: ScoreRun, period: str, province: str) -> list[Score]:
    rows = (
        Score.objects.filter(run=run, period=period)
        .select_related("county__province")
        .defer("county__geometry", "county__province__geometry", "area_scores")
        .order_by("national_rank", "county__code")
    )
    if province:
        rows = rows.filter(county__province__code=province)
    return list(rows)


def _overview(run: ScoreRun, filters: Filters, options: Choices) -> dict[str, Any]:
    dimensions = run_dimensions(run)
    status = options.statuses.get(filters.period)
    all_rows = _score_rows(run, filters.period, filters.province)
    rows = [s for s in all_rows if filters.tier is None or s.tier == filters.tier]
    # Counties with data but below the minimum coverage: listed as "not enough data", never
    # ranked; they have no tier, so a tier filter leaves them out.
    short = shortfall_notes(run, status, province=filters.province)
    listed = list(short.values()) if filters.tier is None else []
    synthetic = any(s.is_synthetic for s in rows)
    ranking = _ranking(rows, dimensions, synthetic, listed)
    provisional = options.statuses.is_provisional(filters.period)
    panels = [
        _county_map(rows, all_rows, filters.province, synthetic, short, status),
        _province_map(run, filters, synthetic, status),
        _scatter(rows, filters, options),
        _distribution(rows, synthetic, status),
        _decomposition(run, options.statuses),
        None if provisional else _movers(run, rows, filters),
        _stability(run, rows, filters.period),
    ]
    return {"ranking": ranking, "panels": [p for p in panels if p is not None]}


def ranked_note(status: PeriodStatus | None) -> str:
    """«۴۲۹ از ۴۷۸ شهرستان رتبه‌بندی شده‌اند (۱۴۰۳).» — how many counties a figure uses."""
    if status is None:
        return ""
    return _("%(ranked)s in %(period)s.") % {
        "ranked": status.ranked_label,
        "period": period_label(status.period),
    }


def _ranking(
    rows: list[Score],
    dimensions: list[tuple[str, str]],
    synthetic: bool,
    short: list[ShortfallNote] | None = None,
) -> Panel:
    columns = [
        Col("national_rank", _("Rank"), "int"),
        Col("county_code", _("County code")),
        Col("county_name", _("County")),
        Col("province_name", _("Province")),
        Col("provincial_rank", _("Rank in province"), "int"),
        Col("score", _("Score"), "number", 1),
        *[Col(f"dim_{code}", name, "number", 1) for code, name in dimensions],
        Col("tier", _("Tier"), "int"),
        Col("balance", _("Within-county imbalance"), "number", 4),
        Col("is_synthetic", _("Synthetic"), "bool"),
        Col("note", _("Note")),
    ]
    data = [
        {
            "national_rank": s.national_rank,
            "county_code": s.county.code,
            "county_name": s.county.name,
            "province_name": s.county.province.name,
            "provincial_rank": s.provincial_rank,
            "score": float(s.composite),
            **{f"dim_{code}": s.dimensions.get(code) for code, _name in dimensions},
            "tier": s.tier,
            "balance": float(s.balance) if s.balance is not None else None,
            "is_synthetic": s.is_synthetic,
            "note": "",
        }
        for s in rows
    ]
    data += [
        {
            "national_rank": None,
            "county_code": n.county.code,
            "county_name": n.county.name,
            "province_name": n.county.province.name,
            "provincial_rank": None,
            "score": None,
            **{f"dim_{code}": None for code, _name in dimensions},
            "tier": None,
            "balance": None,
            "is_synthetic": n.county.is_synthetic,
            "note": n.sentence,
        }
        for n in short or []
        if n.county is not None
    ]
    # The page writes a county without enough data as one row: rank, county, province, then
    # the note across the remaining visible columns (codes and the synthetic flag are hidden).
    note_span = len(columns) - 2 - 3
    return Panel(
        "ranking",
        _("Ranking of counties"),
        columns,
        data,
        has_synthetic=synthetic,
        extra={"note_span": note_span},
    )


def _county_map(
    rows: list[Score],
    scored: list[Score],
    province: str,
    synthetic: bool,
    short: dict[int, ShortfallNote],
    status: PeriodStatus | None,
) -> Panel:
    """The counties of `rows` by score; the counties of the scope without any score (`scored`
    is every score of the period, whatever the tier) are drawn grey: "not enough data" for those
    with some data below the minimum coverage (`short`), "no data" for the others."""
    unscored = County.objects.exclude(pk__in=[s.county_id for s in scored])
    if province:
        unscored = unscored.filter(province__code=province)
    shapes = list(
        County.objects.filter(
            Q(pk__in=[s.county_id for s in rows]) | Q(pk__in=unscored.values("pk"))
        ).only("code", "name_fa", "name_en", "geometry")
    )
    by_county = {s.county_id: float(s.composite) for s in rows}
    figure = charts.choropleth(
        shapes,
        [by_county.get(c.pk) for c in shapes],
        _("Score"),
        short={c.code for c in shapes if c.pk in short},
    )
    data = [
        {
            "county_code": s.county.code,
            "county_name": s.county.name,
            "score": float(s.composite),
            "note": "",
        }
        for s in rows
    ] + [
        {
            "county_code": n.county.code,
            "county_name": n.county.name,
            "score": None,
            "note": n.sentence,
        }
        for n in short.values()
        if n.county is not None
    ]
    return Panel(
        "county-map",
        _("Map of county scores"),
        [
            Col("county_code", _("County code")),
            Col("county_name", _("County")),
            Col("score", _("Score"), "number", 1),
            Col("note", _("Note")),
        ],
        data,
        figure=figure if any(c.geometry for c in shapes) else None,
        has_synthetic=synthetic,
        note=ranked_note(status),
        extra={"map": True},
    )


def _province_map(
    run: ScoreRun, filters: Filters, synthetic: bool, status: PeriodStatus | None
) -> Panel:
    """Provinces coloured by the mean score of their ranked counties (all tiers)."""
    values: dict[int, list[float]] = defaultdict(list)
    for province_id, composite in Score.objects.filter(run=run, period=filters.period).values_list(
        "county__province_id", "composite"
    ):
        values[province_id].append(float(composite))
    # Under a province filter the province is outlined among all the others: alone, it would
    # be one shape in one colour, telling nothing.
    provinces = Province.objects.filter(pk__in=values).order_by("code")
    shapes = list(provinces.only("code", "name_fa", "name_en", "geometry"))
    means = {p.pk: round(mean(values[p.pk]), 2) for p in shapes}
    figure = charts.choropleth(
        shapes, [means[p.pk] for p in shapes], _("Mean score"), highlight=filters.province or None
    )
    data = [
        {
            "province_code": p.code,
            "province_name": p.name,
            "counties": len(values[p.pk]),
            "mean_score": means[p.pk],
        }
        for p in shapes
    ]
    return Panel(
        "province-map",
        _("Map of provinces: mean county score"),
        [
            Col("province_code", _("Province code")),
            Col("province_name", _("Province")),
            Col("counties", _("Counties ranked"), "int"),
            Col("mean_score", _("Mean score"), "number", 1),
        ],
        data,
        figure=figure if any(p.geometry for p in shapes) else None,
        has_synthetic=synthetic,
        note=_("Unweighted mean of the scores of the province's ranked counties.")
        + " "
        + ranked_note(status),
        extra={"map": True},
    )


def _scatter(rows: list[Score], filters: Filters, options: Choices) -> Panel | None:
    indicators = {i.code: i for i in options.indicators}
    x, y = indicators.get(filters.x), indicators.get(filters.y)
    if x is None or y is None:
        return None
    values: dict[tuple[int, int], tuple[float, bool]] = {}
    for county_id, indicator_id, value, synthetic in Observation.objects.filter(
        indicator_id__in=[x.pk, y.pk],
        county_id__in=[s.county_id for s in rows],
        area__isnull=True,
        period=filters.period,
    ).values_list("county_id", "indicator_id", "value", "is_synthetic"):
        values[(county_id, indicator_id)] = (value, synthetic)
    points = []
    for s in rows:
        vx, vy = values.get((s.county_id, x.pk)), values.get((s.county_id, y.pk))
        if vx is None or vy is None:
            continue
        points.append(
            {
                "county_code": s.county.code,
                "county_name": s.county.name,
                "province": s.county.province.code,
                "province_name": s.county.province.name,
                "x": vx[0],
                "y": vy[0],
                "is_synthetic": vx[1] or vy[1],
            }
        )
    names = {s.county.province.code: s.county.province.name for s in rows}
    x_label, y_label = _indicator_label(x), _indicator_label(y)
    return Panel(
        "scatter",
        _("%(x)s against %(y)s") % {"x": x.name, "y": y.name},
        [
            Col("county_code", _("County code")),
            Col("county_name", _("County")),
            Col("province_name", _("Province")),
            Col("x", x_label, "number", x.display_decimals),
            Col("y", y_label, "number", y.display_decimals),
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        points,
        figure=charts.scatter(points, x_label, y_label, names) if points else None,
        has_synthetic=any(p["is_synthetic"] for p in points),
        extra={"scatter": True},
    )


def _indicator_label(indicator: Indicator) -> str:
    unit = indicator.unit_label
    return f"{indicator.name} ({unit})" if unit else indicator.name


def _distribution(rows: list[Score], synthetic: bool, status: PeriodStatus | None) -> Panel:
    counts = [0] * 20
    for s in rows:
        counts[min(19, int(float(s.composite) // 5))] += 1
    data = [{"from": 5 * i, "to": 5 * (i + 1), "counties": n} for i, n in enumerate(counts)]
    return Panel(
        "distribution",
        _("Distribution of scores"),
        [
            Col("from", _("From"), "int"),
            Col("to", _("To"), "int"),
            Col("counties", _("Counties"), "int"),
        ],
        data,
        figure=charts.distribution([float(s.composite) for s in rows]) if rows else None,
        has_synthetic=synthetic,
        note=ranked_note(status),
    )


def _decomposition(run: ScoreRun, statuses: RunPeriods) -> Panel:
    """Theil T between and within provinces over the complete periods of the run (ranked
    counties only: provisional periods, a few counties each, would distort the trend)."""
    complete = set(statuses.complete)
    trend = [
        d
        for d in ScoreDecomposition.objects.filter(run=run).order_by("period")
        if d.period in complete
    ]
    data = [
        {
            "period": d.period,
            "counties": d.county_count,
            "total": float(d.total),
            "between": float(d.between),
            "within": float(d.within),
        }
        for d in trend
    ]
    return Panel(
        "decomposition",
        _("Inequality between and within provinces over time"),
        [
            Col("period", _("Period"), "period"),
            Col("counties", _("Counties"), "int"),
            Col("total", _("Theil T"), "number", 4),
            Col("between", _("between provinces"), "number", 4),
            Col("within", _("within provinces"), "number", 4),
        ],
        data,
        figure=county_charts.decomposition_trend(trend) if len(trend) > 1 else None,
        note=_(
            "Theil T of the scores of the ranked counties, national, whatever the filters; "
            "complete periods only."
        )
        + " "
        + ranked_note(statuses.get(statuses.default)),
    )


def _movers(run: ScoreRun, rows: list[Score], filters: Filters) -> Panel | None:
    if not filters.period_from:
        return None
    before = dict(
        Score.objects.filter(
            run=run, period=filters.period_from, county_id__in=[s.county_id for s in rows]
        ).values_list("county_id", "national_rank")
    )
    changes: list[dict[str, Any]] = [
        {
            "county_code": s.county.code,
            "county_name": s.county.name,
            "rank_from": before[s.county_id],
            "rank_to": s.national_rank,
            "rank_change": before[s.county_id] - s.national_rank,
            "is_synthetic": s.is_synthetic,
        }
        for s in rows
        if s.county_id in before
    ]
    changes = [c for c in changes if c["rank_change"]]
    changes.sort(key=lambda c: (-abs(c["rank_change"]), c["county_code"]))
    biggest = changes[:MOVERS]
    return Panel(
        "movers",
        _("Biggest movers in the national ranking"),
        [
            Col("county_code", _("County code")),
            Col("county_name", _("County")),
            Col("rank_from", _("Rank before"), "int"),
            Col("rank_to", _("Rank now"), "int"),
            Col("rank_change", _("Places climbed"), "int"),
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        biggest,
        figure=charts.movers(biggest) if biggest else None,
        has_synthetic=any(c["is_synthetic"] for c in biggest),
    )


ROBUSTNESS_DRAWS = 200


def rank_bands(run: ScoreRun, period: str) -> dict[int, tuple[float, float, float]]:
    """County id -> (5th percentile, median, 95th percentile) of its national rank under
    perturbed weights, normalisation and aggregation; cached per run and period."""
    return cached(f"dash:bands:{run.pk}:{period}", lambda: _rank_bands(run, period))


def _rank_bands(run: ScoreRun, period: str) -> dict[int, tuple[float, float, float]]:
    import math

    import numpy as np

    from scores.scoring import rank_robustness

    spec = (run.methodology_snapshot or {}).get("spec") or {}
    codes = [i["code"] for d in spec.get("dimensions", []) for i in d.get("indicators", [])]
    county_ids = list(
        Score.objects.filter(run=run, period=period)
        .order_by("county_id")
        .values_list("county_id", flat=True)
    )
    if not codes or len(county_ids) < 2:
        return {}
    position = {pk: i for i, pk in enumerate(county_ids)}
    data = {code: np.full(len(county_ids), np.nan) for code in codes}
    for county_id, code, value in Observation.objects.filter(
        period=period, area__isnull=True, indicator__code__in=codes, county_id__in=county_ids
    ).values_list("county_id", "indicator__code", "value"):
        data[code][position[county_id]] = value
    try:
        result = rank_robustness(data, spec, n=ROBUSTNESS_DRAWS, seed=run.pk)
    except ValueError:  # the spec's missing-data rule refuses this period's data
        return {}
    return {
        pk: (float(result.p05_rank[i]), float(result.median_rank[i]), float(result.p95_rank[i]))
        for pk, i in position.items()
        if not math.isnan(result.median_rank[i])
    }


def _stability(run: ScoreRun, rows: list[Score], period: str) -> Panel:
    bands = rank_bands(run, period)
    data = [
        {
            "county_code": s.county.code,
            "county_name": s.county.name,
            "national_rank": s.national_rank,
            "rank_p05": bands[s.county_id][0],
            "rank_median": bands[s.county_id][1],
            "rank_p95": bands[s.county_id][2],
            "is_synthetic": s.is_synthetic,
        }
        for s in rows
        if s.county_id in bands
    ]
    return Panel(
        "stability",
        _("Rank stability bands"),
        [
            Col("county_code", _("County code")),
            Col("county_name", _("County")),
            Col("national_rank", _("Rank"), "int"),
            Col("rank_p05", _("Best plausible rank (5%)"), "number", 0),
            Col("rank_median", _("Median rank"), "number", 0),
            Col("rank_p95", _("Worst plausible rank (95%)"), "number", 0),
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        data,
        figure=charts.rank_bands(data) if data else None,
        has_synthetic=any(d["is_synthetic"] for d in data),
        note=_(
            "Ranks over %(n)s draws with weights varied by ±25%%, another normalisation and "
            "another aggregation, from the counties' own values: a narrow band is a robust rank."
        )
        % {"n": digits(ROBUSTNESS_DRAWS)},
    )


# --- one county ---------------------------------------------------------------------------------


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def county_periods(run: ScoreRun, county: County) -> tuple[list[str], str]:
    """The periods the county dashboard can show for `county` (those where it has a score or
    some data below the minimum coverage, complete or provisional), and the one it opens on:
    the run's latest complete period, as every output of the county (3 queries)."""
    statuses = run_periods(run)
    own = set(Score.objects.filter(run=run, county=county).values_list("period", flat=True))
    short = shortfall_periods(run, county, statuses)
    periods = [p for p in statuses.periods if p in own or p in short]
    # The period county_standing (and so the county PDF) opens on: the latest complete one.
    return periods, statuses.default


def county_overview(
    run: ScoreRun, county: County, indicator: Indicator | None, period: str = ""
) -> dict[str, Any]:
    """A county's score panels (public statistics) in `period` (one of `county_periods`),
    cached per run, county, language, indicator and period."""
    code = indicator.code if indicator else ""
    key = f"dash:county:{run.pk}:{county.pk}:{get_language()}:{code}:{period}"
    return cached(key, lambda: _county_overview(run, county, indicator, period))


def _county_overview(
    run: ScoreRun, county: County, indicator: Indicator | None, period: str
) -> dict[str, Any]:
    dimensions = run_dimensions(run)
    statuses = run_periods(run)
    counts = statuses.ranked_counts()
    own = list(Score.objects.filter(run=run, county=county).order_by("period").defer("area_scores"))
    # Provisional periods (a new year with few counties reported) would distort the trend.
    complete = set(statuses.complete)
    history = [s for s in own if s.period in complete]
    # One truth: the county PDF, briefing pack and API headline the same standing.
    standing = county_standing(run, county, period, periods=statuses, scores=own)
    current, previous = standing.score, standing.previous
    shortfall = note_of(standing.shortfall, standing.status)
    panels: list[Panel] = []
    headline: dict[str, Any] = {}
    if current is not None:
        headline = {
            "score": current,
            "previous": previous,
            "score_change": float(current.composite - previous.composite) if previous else None,
            "rank_change": previous.national_rank - current.national_rank if previous else None,
            "rank_moved": abs(previous.national_rank - current.national_rank) if previous else 0,
            "counties": counts.get(current.period, 0),
        }
        panels.append(_radar(current, dimensions, county))
    if history:
        panels.append(_score_trend(run, county, history, counts))
    if current is not None:
        panels.append(_areas(run, county, current))
    if indicator is not None:
        panels.append(_indicator_trend(county, indicator, statuses))
    panels.append(_freshness(county))
    return {
        "headline": headline,
        "shortfall": shortfall,
        "panels": panels,
        "trend_periods": [s.period for s in history],
        "periods": [s.period for s in history],
        "standing": standing,
    }


def _radar(current: Score, dimensions: list[tuple[str, str]], county: County) -> Panel:
    data = [{"dimension": name, "score": current.dimensions.get(code)} for code, name in dimensions]
    return Panel(
        "radar",
        _("Dimension scores in %(period)s") % {"period": period_label(current.period)},
        [Col("dimension", _("Dimension")), Col("score", _("Score"), "number", 1)],
        data,
        figure=charts.radar(
            [d["dimension"] for d in data], [d["score"] for d in data], county.name
        ),
        has_synthetic=current.is_synthetic,
    )


def _score_trend(
    run: ScoreRun, county: County, history: list[Score], counts: dict[str, int]
) -> Panel:
    """The county's score over time against the medians of its province and of the nation
    (ranked counties of each complete period only; the table says how many)."""
    periods = [s.period for s in history]
    national: dict[str, list[float]] = defaultdict(list)
    provincial: dict[str, list[float]] = defaultdict(list)
    for period, province_id, composite in Score.objects.filter(
        run=run, period__in=periods
    ).values_list("period", "county__province_id", "composite"):
        national[period].append(float(composite))
        if province_id == county.province_id:
            provincial[period].append(float(composite))
    data: list[dict[str, Any]] = [
        {
            "period": s.period,
            "score": float(s.composite),
            "province_median": _median(provincial[s.period]),
            "national_median": _median(national[s.period]),
            "ranked": counts.get(s.period, len(national[s.period])),
            "national_rank": s.national_rank,
            "tier": s.tier,
            "is_synthetic": s.is_synthetic,
        }
        for s in history
    ]
    figure = charts.lines(
        periods,
        [
            (county.name, [d["score"] for d in data]),
            (_("province median"), [d["province_median"] for d in data]),
            (_("national median"), [d["national_median"] for d in data]),
        ],
        _("Score (0-100)"),
    )
    return Panel(
        "score-trend",
        _("Score over time against the province and national medians"),
        [
            Col("period", _("Period"), "period"),
            Col("score", _("Score"), "number", 1),
            Col("province_median", _("province median"), "number", 1),
            Col("national_median", _("national median"), "number", 1),
            Col("ranked", _("Counties ranked"), "int"),
            Col("national_rank", _("Rank"), "int"),
            Col("tier", _("Tier"), "int"),
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        data,
        figure=figure if len(data) > 1 else None,
        has_synthetic=any(d["is_synthetic"] for d in data),
        note=_(
            "Medians of the ranked counties of each complete period; provisional periods are "
            "left out."
        ),
    )


def _areas(run: ScoreRun, county: County, current: Score) -> Panel:
    """The county's areas by score in the current period: deprived against developed."""
    area_scores = (
        Score.objects.filter(pk=current.pk).values_list("area_scores", flat=True).first() or {}
    )
    areas = {a.pk: a for a in county.areas.all()}
    data: list[dict[str, Any]] = [
        {
            "area_name": areas[int(pk)].name,
            "kind": areas[int(pk)].get_kind_display(),
            "is_deprived": areas[int(pk)].is_deprived,
            "score": float(value),
        }
        for pk, value in area_scores.items()
        if int(pk) in areas and value is not None
    ]
    data.sort(key=lambda d: d["score"])
    return Panel(
        "areas",
        _("Balance across the county's areas in %(period)s")
        % {"period": period_label(current.period)},
        [
            Col("area_name", _("Area")),
            Col("kind", _("Kind")),
            Col("is_deprived", _("Officially deprived"), "bool"),
            Col("score", _("Score"), "number", 1),
        ],
        data,
        figure=charts.area_balance(data) if data else None,
        has_synthetic=current.is_synthetic,
        note=_("Within-county imbalance (Theil T): %(t)s") % {"t": num(current.balance, 4)}
        if current.balance is not None
        else "",
    )


def _indicator_trend(county: County, indicator: Indicator, statuses: RunPeriods) -> Panel:
    """One indicator of the county over time against province and national medians; in a
    provisional period of the run the medians (of a few counties) are left out, and the table
    says how many counties each national median uses."""
    national: dict[str, list[float]] = defaultdict(list)
    provincial: dict[str, list[float]] = defaultdict(list)
    own: dict[str, tuple[float, bool]] = {}
    for period, county_id, province_id, value, synthetic in Observation.objects.filter(
        indicator=indicator, area__isnull=True
    ).values_list("period", "county_id", "county__province_id", "value", "is_synthetic"):
        national[period].append(value)
        if province_id == county.province_id:
            provincial[period].append(value)
        if county_id == county.pk:
            own[period] = (value, synthetic)
    periods = sorted(own)
    data: list[dict[str, Any]] = [
        {
            "period": p,
            "value": own[p][0],
            "province_median": None if statuses.is_provisional(p) else _median(provincial[p]),
            "national_median": None if statuses.is_provisional(p) else _median(national[p]),
            "counties": 0 if statuses.is_provisional(p) else len(national[p]),
            "is_synthetic": own[p][1],
        }
        for p in periods
    ]
    label = _indicator_label(indicator)
    figure = charts.lines(
        periods,
        [
            (county.name, [d["value"] for d in data]),
            (_("province median"), [d["province_median"] for d in data]),
            (_("national median"), [d["national_median"] for d in data]),
        ],
        label,
    )
    decimals = indicator.display_decimals
    return Panel(
        "indicator-trend",
        _("%(indicator)s over time against the province and national medians")
        % {"indicator": indicator.name},
        [
            Col("period", _("Period"), "period"),
            Col("value", label, "number", decimals),
            Col("province_median", _("province median"), "number", decimals),
            Col("national_median", _("national median"), "number", decimals),
            Col("counties", _("Counties in the national median"), "int"),
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        data,
        figure=figure if data else None,
        has_synthetic=any(d["is_synthetic"] for d in data),
        note=_("No median is drawn for a provisional period: too few counties have values.")
        if any(statuses.is_provisional(p) for p in periods)
        else "",
    )


def _freshness(county: County) -> Panel:
    """When each of the county's indicators was last updated, and its latest period."""
    from django.db.models import Max

    rows = (
        Observation.objects.filter(county=county, area__isnull=True)
        .values("indicator__code", "indicator__name_fa", "indicator__name_en")
        .annotate(latest_period=Max("period"), updated=Max("updated_at"))
        .order_by("indicator__code")
    )
    english = get_language() == "en"
    data = [
        {
            "indicator": (r["indicator__name_en"] if english else r["indicator__name_fa"])
            or r["indicator__code"],
            "latest_period": r["latest_period"],
            "updated": local_date(r["updated"]),
        }
        for r in rows
    ]
    return Panel(
        "freshness",
        _("Data freshness"),
        [
            Col("indicator", _("Indicator")),
            Col("latest_period", _("Latest period"), "period"),
            Col("updated", _("Last updated"), "date"),
        ],
        data,
        extra={"table_only": True},
    )


# --- comparison ---------------------------------------------------------------------------------

MAX_COMPARED = 6


def compare(run: ScoreRun, counties: list[County], period: str = "") -> dict[str, Any]:
    """Side-by-side scores of the chosen counties in `period` (the latest complete period when
    empty) and their trends over the complete periods of the run (a bounded number of
    queries)."""
    codes = ",".join(c.code for c in counties)
    key = f"dash:compare:{run.pk}:{get_language()}:{codes}:{period}"
    return cached(key, lambda: _compare(run, counties, period))


def _compare(run: ScoreRun, counties: list[County], period: str) -> dict[str, Any]:
    statuses = run_periods(run)
    period = statuses.choose(period)
    status = statuses.get(period)
    complete = set(statuses.complete)  # provisional periods would distort the trends
    own = list(Score.objects.filter(run=run, county__in=counties).defer("area_scores"))
    history = sorted((s for s in own if s.period in complete), key=lambda s: s.period)
    shown = {s.county_id: s for s in own if s.period == period}
    latest = [shown.get(c.pk) for c in counties]
    short = shortfall_notes(run, status, county_ids=[c.pk for c in counties])
    table = Panel(
        "table",
        _("Side by side in %(period)s") % {"period": period_label(period)},
        [Col("measure", _("Measure"))] + [Col(c.code, c.name, "number", 1) for c in counties],
        _side_by_side_rows(counties, latest, run_dimensions(run), short),
        has_synthetic=any(s.is_synthetic for s in latest if s),
        note=ranked_note(status),
    )
    notes = [(c, short[c.pk]) for c in counties if c.pk in short]
    return {"period": period, "panels": [table, _trends(counties, history)], "shortfalls": notes}


def _side_by_side_rows(
    counties: list[County],
    latest: list[Score | None],
    dimensions: list[tuple[str, str]],
    short: dict[int, Any],
) -> list[dict[str, Any]]:
    """The comparison table: score, rank, tier, each dimension, and a note where data is short."""
    pairs = list(zip(counties, latest, strict=True))

    def row(measure: str, value: Callable[[Score], Any]) -> dict[str, Any]:
        return {"measure": measure, **{c.code: value(s) if s else None for c, s in pairs}}

    def dimension(code: str) -> Callable[[Score], Any]:
        return lambda s: s.dimensions.get(code)

    rows = [
        row(_("Score"), lambda s: float(s.composite)),
        row(_("National rank"), lambda s: s.national_rank),
        row(_("Tier"), lambda s: s.tier),
        *[row(name, dimension(code)) for code, name in dimensions],
    ]
    if short:
        note = _("Not enough data for this period")
        rows.append(
            {"measure": _("Note"), **{c.code: note if c.pk in short else None for c in counties}}
        )
    return rows


def _trends(counties: list[County], history: list[Score]) -> Panel:
    """Each county's score over the complete periods."""
    periods = sorted({s.period for s in history})
    by = {(s.county_id, s.period): s for s in history}
    series = [
        (c.name, [float(by[(c.pk, p)].composite) if (c.pk, p) in by else None for p in periods])
        for c in counties
    ]
    return Panel(
        "trends",
        _("Score over time"),
        [Col("period", _("Period"), "period")]
        + [Col(c.code, c.name, "number", 1) for c in counties],
        [
            {
                "period": p,
                **{c.code: values[i] for c, (_n, values) in zip(counties, series, strict=True)},
            }
            for i, p in enumerate(periods)
        ],
        figure=charts.small_multiples(periods, series, _("Score (0-100)")) if periods else None,
        has_synthetic=any(s.is_synthetic for s in history),
        note=_("Complete periods only: provisional periods are left out."),
    )


# --- a county's work: projects, plan targets, participation (not cached: it changes daily) -----


def county_work(county: County, private: bool) -> dict[str, Any]:
    """Flagship projects (public ones unless `private`), plan targets (only `private`), and the
    latest participation measures; a fixed number of queries."""
    import datetime

    from projects import charts as project_charts
    from projects import queries as project_queries
    from projects.models import ActionPlan, FlagshipProject, PlanTarget
    from projects.views.projects import chart_labels

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
            labels=chart_labels(),
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
    participation = (
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
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        data,
        has_synthetic=any(t.current_synthetic for t in targets),
    )


def _participation_panel(observations: QuerySet[Observation]) -> Panel:
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
            Col("is_synthetic", _("Synthetic"), "bool"),
        ],
        data,
        has_synthetic=any(o.is_synthetic for o in observations),
    )
