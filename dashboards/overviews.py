"""The national and provincial dashboard's panels (ranking, maps, scatter, distribution,
inequality, movers, rank stability), built in a bounded number of queries and cached per score
run (dashboards.caching). One county's panels are in dashboards.county_overview, comparisons in
dashboards.comparison, a county's work in dashboards.county_work."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from counties import charts as county_charts
from counties.models import County, Observation, Province
from dashboards import charts, sampling
from dashboards.caching import cached, overview_key
from dashboards.filters import Choices, Filters, run_dimensions
from dashboards.inequality import inequality_panels
from dashboards.panels import (
    Col,
    Panel,
    county_cells,
    county_columns,
    indicator_label,
    synthetic_column,
)
from governance.templatetags.tavazon import digits, num, period_label
from scores.completeness import PeriodStatus, RunPeriods
from scores.models import Score, ScoreDecomposition, ScoreRun
from scores.queries import period_rows
from scores.shortfalls import ShortfallNote, shortfall_notes
from scores.uncertainty import ROBUSTNESS_DRAWS, rank_bands

MOVERS = 10


def overview(
    run: ScoreRun, filters: Filters, options: Choices, geography: str | None = None
) -> dict[str, Any]:
    """Every panel of the national or provincial dashboard, cached per run, language, filters."""
    key = overview_key(run, filters, geography)
    return cached(key, lambda: _overview(run, filters, options))


def _overview(run: ScoreRun, filters: Filters, options: Choices) -> dict[str, Any]:
    dimensions = run_dimensions(run)
    status = options.statuses.get(filters.period)
    all_rows = list(period_rows(run, filters.period, filters.province))
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
        *inequality_panels(run, filters.province),
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
        *county_columns(),
        Col("province_name", _("Province")),
        Col("provincial_rank", _("Rank in province"), "int"),
        Col("score", _("Score"), "number", 1),
        *[Col(f"dim_{code}", name, "number", 1) for code, name in dimensions],
        Col("tier", _("Tier"), "int"),
        Col("balance", _("Within-county imbalance"), "number", 4),
        synthetic_column(),
        Col("note", _("Note")),
    ]
    data = [
        {
            "national_rank": s.national_rank,
            **county_cells(s.county),
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
            **county_cells(n.county),
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
    data = [{**county_cells(s.county), "score": float(s.composite), "note": ""} for s in rows] + [
        {**county_cells(n.county), "score": None, "note": n.sentence}
        for n in short.values()
        if n.county is not None
    ]
    return Panel(
        "county-map",
        _("Map of county scores"),
        [*county_columns(), Col("score", _("Score"), "number", 1), Col("note", _("Note"))],
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
                **county_cells(s.county),
                "province": s.county.province.code,
                "province_name": s.county.province.name,
                "x": vx[0],
                "y": vy[0],
                "is_synthetic": vx[1] or vy[1],
            }
        )
    names = {s.county.province.code: s.county.province.name for s in rows}
    x_label, y_label = indicator_label(x), indicator_label(y)
    drawn = _scatter_drawn(points)
    caption = _drawn_caption(len(drawn), len(points))
    return Panel(
        "scatter",
        _("%(x)s against %(y)s") % {"x": x.name, "y": y.name},
        [
            *county_columns(),
            Col("province_name", _("Province")),
            Col("x", x_label, "number", x.display_decimals),
            Col("y", y_label, "number", y.display_decimals),
            synthetic_column(),
        ],
        points,
        figure=charts.scatter(drawn, x_label, y_label, names, caption) if points else None,
        has_synthetic=any(p["is_synthetic"] for p in points),
        note=_sampled_note(caption, _("Outliers: beyond 1.5 interquartile ranges on either axis.")),
        extra={"scatter": True},
    )


def _scatter_drawn(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points the scatter draws: all of them up to the limit; above it, every outlier on
    either axis and the others spread evenly over each province's (dashboards.sampling)."""
    outlier = [
        a or b
        for a, b in zip(
            sampling.outside_fences([float(p["x"]) for p in points]),
            sampling.outside_fences([float(p["y"]) for p in points]),
            strict=True,
        )
    ]
    order = sorted(
        range(len(points)), key=lambda i: (points[i]["province"], points[i]["x"], points[i]["y"])
    )
    return [points[i] for i in sampling.keep_outliers(order, outlier, sampling.DRAWN_LIMIT)]


def _drawn_caption(drawn: int, total: int) -> str:
    """What a sampled chart draws, said on the chart: "500 of 5,000 counties drawn, every
    outlier kept" ('' when it draws every county). The Persian begins and ends with a word, not
    a number: plotly.js writes its texts left to right, where a leading number would jump to
    the end of a right-to-left sentence."""
    if drawn >= total:
        return ""
    return _("%(drawn)s of %(total)s counties drawn, every outlier kept") % {
        "drawn": num(drawn),
        "total": num(total),
    }


def _sampled_note(caption: str, outliers: str) -> str:
    """The panel's note under a sampled chart's title: what is drawn, what counts as an outlier,
    and where the rest is."""
    if not caption:
        return ""
    return f"{caption}. {outliers} " + _("The data table and its CSV list every county.")


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
        figure=charts.distribution(counts) if rows else None,
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
            **county_cells(s.county),
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
            *county_columns(),
            Col("rank_from", _("Rank before"), "int"),
            Col("rank_to", _("Rank now"), "int"),
            Col("rank_change", _("Places climbed"), "int"),
            synthetic_column(),
        ],
        biggest,
        figure=charts.movers(biggest) if biggest else None,
        has_synthetic=any(c["is_synthetic"] for c in biggest),
    )


def _stability(run: ScoreRun, rows: list[Score], period: str) -> Panel:
    bands = rank_bands(run, period)
    data: list[dict[str, Any]] = [
        {
            **county_cells(s.county),
            "national_rank": s.national_rank,
            "rank_p05": bands[s.county_id][0],
            "rank_median": bands[s.county_id][1],
            "rank_p95": bands[s.county_id][2],
            "is_synthetic": s.is_synthetic,
        }
        for s in rows
        if s.county_id in bands
    ]
    # Above the limit: every county whose band is unusually wide or narrow, or whose rank lies
    # outside its band, and the others evenly spread over the ranks (the rows are in rank order).
    widths = sampling.outside_fences([d["rank_p95"] - d["rank_p05"] for d in data])
    outlier = [
        wide or not d["rank_p05"] <= d["national_rank"] <= d["rank_p95"]
        for wide, d in zip(widths, data, strict=True)
    ]
    kept = sampling.keep_outliers(range(len(data)), outlier, sampling.DRAWN_LIMIT)
    drawn = [data[i] for i in kept]
    caption = _drawn_caption(len(drawn), len(data))
    note = _(
        "Ranks over %(n)s draws with weights varied by ±25%%, another normalisation and "
        "another aggregation, from the counties' own values: a narrow band is a robust rank."
    ) % {"n": digits(ROBUSTNESS_DRAWS)}
    outliers = _(
        "Outliers: a band more than 1.5 interquartile ranges wider or narrower than most, or a "
        "rank outside its band."
    )
    return Panel(
        "stability",
        _("Rank stability bands"),
        [
            *county_columns(),
            Col("national_rank", _("Rank"), "int"),
            Col("rank_p05", _("Best plausible rank (5%)"), "number", 0),
            Col("rank_median", _("Median rank"), "number", 0),
            Col("rank_p95", _("Worst plausible rank (95%)"), "number", 0),
            synthetic_column(),
        ],
        data,
        figure=charts.rank_bands(drawn, caption) if data else None,
        has_synthetic=any(d["is_synthetic"] for d in data),
        note=f"{note} {_sampled_note(caption, outliers)}".strip(),
    )
