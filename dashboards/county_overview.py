"""One county's dashboard panels (public statistics): its score, its dimensions, its trend
against the province and national medians, its areas, one indicator over time and the
freshness of its data, built in a bounded number of queries and cached per score run."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import County, Indicator, Observation
from dashboards import charts
from dashboards.caching import cached, page_key
from dashboards.filters import run_dimensions
from dashboards.panels import Col, Panel, indicator_label, synthetic_column
from governance.caching import cached as cached_value
from governance.dates import local_date
from governance.templatetags.tavazon import num, period_label
from scores.completeness import RunPeriods, county_standing, run_periods
from scores.models import Score, ScoreRun
from scores.shortfalls import note_of, shortfall_periods


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


def county_periods_of(run_id: int, county: County) -> tuple[list[str], str]:
    """`county_periods` of the computed run `run_id`, kept in the shared cache: a run's scores
    and shortfalls never change once it is computed, so a visit that finds them reads
    nothing (and one that does not reads the run too)."""
    key = f"county-periods:1:{run_id}:{county.pk}"
    found: tuple[list[str], str] = cached_value(
        key, lambda: county_periods(ScoreRun.objects.get(pk=run_id), county)
    )
    return found


def county_overview(
    run: ScoreRun, county: County, indicator: Indicator | None, period: str = ""
) -> dict[str, Any]:
    """A county's score panels (public statistics) in `period` (one of `county_periods`),
    cached per run, county, language, indicator and period."""
    code = indicator.code if indicator else ""
    key = page_key("county", run, county.pk, code, period)
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
    figure = _against_medians(periods, county.name, "score", data, _("Score (0-100)"))
    return Panel(
        "score-trend",
        _("Score over time against the province and national medians"),
        [
            Col("period", _("Period"), "period"),
            Col("score", _("Score"), "number", 1),
            *_median_columns(1),
            Col("ranked", _("Counties ranked"), "int"),
            Col("national_rank", _("Rank"), "int"),
            Col("tier", _("Tier"), "int"),
            synthetic_column(),
        ],
        data,
        figure=figure if len(data) > 1 else None,
        has_synthetic=any(d["is_synthetic"] for d in data),
        note=_(
            "Medians of the ranked counties of each complete period; provisional periods are "
            "left out."
        ),
    )


def _against_medians(
    periods: list[str], name: str, key: str, data: list[dict[str, Any]], label: str
) -> dict[str, Any]:
    """The county's series (`key` of each row of `data`) against the province and national
    medians of the same rows, over `periods`."""
    return charts.lines(
        periods,
        [
            (name, [d[key] for d in data]),
            (_("province median"), [d["province_median"] for d in data]),
            (_("national median"), [d["national_median"] for d in data]),
        ],
        label,
    )


def _median_columns(decimals: int) -> list[Col]:
    """The province and national median columns of a trend against the medians."""
    return [
        Col("province_median", _("province median"), "number", decimals),
        Col("national_median", _("national median"), "number", decimals),
    ]


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
    label = indicator_label(indicator)
    figure = _against_medians(periods, county.name, "value", data, label)
    decimals = indicator.display_decimals
    return Panel(
        "indicator-trend",
        _("%(indicator)s over time against the province and national medians")
        % {"indicator": indicator.name},
        [
            Col("period", _("Period"), "period"),
            Col("value", label, "number", decimals),
            *_median_columns(decimals),
            Col("counties", _("Counties in the national median"), "int"),
            synthetic_column(),
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
