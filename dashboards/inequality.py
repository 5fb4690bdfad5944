"""Inequality and convergence of the county scores over a published run's complete periods:
population-weighted Gini, Atkinson, Theil T and L and Williamson per period (with Theil between
and within provinces nationally), σ-convergence and β-convergence. Three panels of the national
and provincial dashboards, cached per run, province and language; they depend on the run alone,
never on who asks. The maths is in scores.scoring (inequality, convergence)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from counties.models import County, Province
from dashboards import charts
from dashboards.caching import cached, page_key
from dashboards.panels import Col, Panel
from governance.templatetags.tavazon import num
from scores import scoring
from scores.completeness import run_periods
from scores.models import Score, ScoreRun
from scores.services import county_populations

EPSILONS = (0.5, 1.0, 2.0)
DECIMALS = 4


@dataclass(frozen=True)
class PeriodScores:
    """One period's ranked counties with a known population: scores 0-100, weights, provinces."""

    period: str
    county_ids: list[int]
    scores: np.ndarray
    weights: np.ndarray
    provinces: np.ndarray


def inequality_panels(run: ScoreRun, province: str = "") -> list[Panel]:
    """The inequality, σ- and β-convergence panels of the nation (or of one province)."""
    return cached(page_key("inequality", run, province), lambda: _panels(run, province))


def _panels(run: ScoreRun, province: str) -> list[Panel]:
    periods = period_scores(run, province)
    synthetic = _any_synthetic(run, province, [p.period for p in periods])
    return [
        _inequality_panel(periods, national=not province, synthetic=synthetic),
        _sigma_panel(periods, synthetic),
        _beta_panel(periods, synthetic),
    ]


def period_scores(run: ScoreRun, province: str = "") -> list[PeriodScores]:
    """The scores of the run's complete periods (ranked counties of `province`, or all), each
    with the population the run weights it by (scores.services.county_populations)."""
    statuses = run_periods(run)
    complete = sorted(statuses.complete)
    if not complete:
        return []
    scores = Score.objects.filter(run=run, period__in=complete)
    if province:
        scores = scores.filter(county__province__code=province)
    by_period: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for period, county_id, province_id, composite in scores.order_by(
        "period", "county_id"
    ).values_list("period", "county_id", "county__province_id", "composite"):
        by_period[period].append((county_id, province_id, float(composite)))
    county_ids, population = county_populations(complete)
    position = {int(pk): i for i, pk in enumerate(county_ids.tolist())}
    out = []
    for row, period in enumerate(complete):
        kept = [
            (c, p, s, float(population[row, position[c]]))
            for c, p, s in by_period.get(period, [])
            if c in position and population[row, position[c]] > 0  # NaN compares false
        ]
        if not kept:
            continue
        out.append(
            PeriodScores(
                period=period,
                county_ids=[k[0] for k in kept],
                scores=np.array([k[2] for k in kept]),
                weights=np.array([k[3] for k in kept]),
                provinces=np.array([k[1] for k in kept]),
            )
        )
    return out


def shown(rows: list[dict[str, Any]], columns: list[Col]) -> list[dict[str, Any]]:
    """The rows with each number rounded as its column shows it: the page, the CSV and the XLSX
    give the same figures."""
    places = {c.key: c.decimals for c in columns if c.kind == "number"}
    return [
        {k: round(v, places[k]) if k in places and v is not None else v for k, v in row.items()}
        for row in rows
    ]


def _any_synthetic(run: ScoreRun, province: str, periods: list[str]) -> bool:
    scores = Score.objects.filter(run=run, period__in=periods, is_synthetic=True)
    if province:
        scores = scores.filter(county__province__code=province)
    return scores.exists()


def _index(compute: Any, *args: Any) -> float | None:
    """An index rounded for display, None where it is undefined (a score of 0 under a log)."""
    try:
        value = float(compute(*args))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def inequality_row(p: PeriodScores, *, national: bool) -> dict[str, Any]:
    """A period's population-weighted indices (and Theil T between/within provinces)."""
    y, w = p.scores, p.weights
    row: dict[str, Any] = {
        "period": p.period,
        "counties": len(p.county_ids),
        "mean_score": float(np.average(y, weights=w)),
        "gini": _index(scoring.gini, y, w),
        **{_atkinson_key(e): _index(scoring.atkinson, y, e, w) for e in EPSILONS},
        "theil_t": _index(scoring.theil_t, y, w),
        "theil_l": _index(scoring.theil_l, y, w),
        "williamson": _index(scoring.williamson, y, w),
    }
    if national:
        try:
            parts = scoring.theil_decomposition(y, p.provinces, w, "T")
            row.update(between=parts.between, within=parts.within)
        except ValueError:
            row.update(between=None, within=None)
    return row


def _atkinson_key(epsilon: float) -> str:
    return f"atkinson_{str(epsilon).replace('.', '_')}"


def _inequality_panel(periods: list[PeriodScores], *, national: bool, synthetic: bool) -> Panel:
    measures = [
        ("gini", _("Gini")),
        *[(_atkinson_key(e), _("Atkinson (ε = %(e)s)") % {"e": _eps(e)}) for e in EPSILONS],
        ("theil_t", _("Theil T")),
        ("theil_l", _("Theil L")),
        ("williamson", _("Williamson (coefficient of variation)")),
    ]
    columns = [
        Col("period", _("Period"), "period"),
        Col("counties", _("Counties"), "int"),
        Col("mean_score", _("Mean score"), "number", 1),
        *[Col(key, label, "number", DECIMALS) for key, label in measures],
    ]
    if national:
        columns += [
            Col("between", _("Theil T between provinces"), "number", DECIMALS),
            Col("within", _("Theil T within provinces"), "number", DECIMALS),
        ]
    rows = shown([inequality_row(p, national=national) for p in periods], columns)
    note = _(
        "Population-weighted inequality of the scores of the ranked counties in each complete "
        "period: 0 means every county has the same score, and a falling line means counties are "
        "becoming more equal."
    )
    if national:
        note += " " + _(
            "Theil T splits into inequality between provinces and within them (between + within "
            "= Theil T)."
        )
    figure = None
    if len(rows) > 1:
        figure = charts.lines(
            [r["period"] for r in rows],
            [(label, [r[key] for r in rows]) for key, label in measures],
            _("Inequality index"),
        )
    return Panel(
        "inequality",
        _("Inequality of scores over time"),
        columns,
        rows,
        figure=figure,
        has_synthetic=synthetic,
        note=note,
        extra={"xlsx": True},
    )


def _eps(epsilon: float) -> str:
    return num(epsilon, 0 if float(epsilon).is_integer() else 1)


def sigma_row(p: PeriodScores) -> dict[str, Any]:
    """A period's population-weighted coefficient of variation and SD of the log scores."""
    return {
        "period": p.period,
        "counties": len(p.county_ids),
        "cv": _index(scoring.williamson, p.scores, p.weights),
        "log_sd": _index(scoring.log_sd, p.scores, p.weights),
    }


def _sigma_panel(periods: list[PeriodScores], synthetic: bool) -> Panel:
    columns = [
        Col("period", _("Period"), "period"),
        Col("counties", _("Counties"), "int"),
        Col("cv", _("Coefficient of variation"), "number", DECIMALS),
        Col("log_sd", _("Standard deviation of log scores"), "number", DECIMALS),
    ]
    rows = shown([sigma_row(p) for p in periods], columns)
    series = [
        (_("Coefficient of variation"), [r["cv"] for r in rows]),
        (_("Standard deviation of log scores"), [r["log_sd"] for r in rows]),
    ]
    return Panel(
        "sigma-convergence",
        _("σ-convergence: dispersion of scores over time"),
        columns,
        rows,
        figure=charts.lines([r["period"] for r in rows], series, _("Dispersion"))
        if len(rows) > 1
        else None,
        has_synthetic=synthetic,
        note=_(
            "σ-convergence: if the spread of the scores (population-weighted) shrinks from one "
            "period to the next, counties are becoming more alike."
        ),
        extra={"xlsx": True},
    )


def beta_result(periods: list[PeriodScores]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The β-convergence row between the first and last complete periods (None with fewer
    than two), and the counties behind it (log starting score, growth in % a year)."""
    if len(periods) < 2:
        return None, []
    first, last = periods[0], periods[-1]
    ending = dict(zip(last.county_ids, last.scores.tolist(), strict=True))
    pairs = [
        (c, s, ending[c])
        for c, s in zip(first.county_ids, first.scores.tolist(), strict=True)
        if c in ending and s > 0 and ending[c] > 0
    ]
    years = int(last.period[:4]) - int(first.period[:4])
    row: dict[str, Any] = {
        "period_from": first.period,
        "period_to": last.period,
        "years": years,
        "counties": len(pairs),
    }
    keys = ("beta", "std_error", "ci_low", "ci_high", "r_squared", "speed", "half_life")
    if len(pairs) < 2 or years <= 0:
        return {**row, **dict.fromkeys(keys)}, []
    start = np.array([p[1] for p in pairs])
    end = np.array([p[2] for p in pairs])
    result = scoring.beta_convergence(start, end, years)
    row.update({k: getattr(result, k) for k in keys})
    points = [
        {"county_id": c, "x": math.log(s), "y": 100 * math.log(e / s) / years} for c, s, e in pairs
    ]
    return row | {"intercept": result.intercept}, points


def _named(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points with their county's name and province code, as `charts.scatter` shows them."""
    counties = County.objects.select_related("province").defer("geometry", "province__geometry")
    by_pk = {c.pk: c for c in counties.filter(pk__in=[p["county_id"] for p in points])}
    return [
        {
            **p,
            "county_name": by_pk[p["county_id"]].name,
            "province": by_pk[p["county_id"]].province.code,
        }
        for p in points
    ]


def _beta_panel(periods: list[PeriodScores], synthetic: bool) -> Panel:
    row, points = beta_result(periods)
    columns = [
        Col("period_from", _("From"), "period"),
        Col("period_to", _("To"), "period"),
        Col("years", _("Years"), "int"),
        Col("counties", _("Counties"), "int"),
        Col("beta", _("β (coefficient)"), "number", DECIMALS),
        Col("std_error", _("Standard error"), "number", DECIMALS),
        Col("ci_low", _("Interval, low (95%)"), "number", DECIMALS),
        Col("ci_high", _("Interval, high (95%)"), "number", DECIMALS),
        Col("r_squared", _("R²"), "number", 3),
        Col("speed", _("Speed of convergence (a year)"), "number", DECIMALS),
        Col("half_life", _("Half-life (years)"), "number", 1),
    ]
    note = _(
        "β-convergence: a negative β means counties that started lower improved faster; the "
        "half-life is the number of years it would take, at that pace, to close half the gap."
    )
    if row is None:
        note += " " + _("It needs two complete periods.")
    else:
        note += " " + _(
            "Least squares of each county's yearly growth of its log score on its starting log "
            "score, every county counting once; no speed or half-life when β is not negative."
        )
    figure = None
    if row is not None and points and row["beta"] is not None:
        figure = charts.convergence_scatter(
            _named(points),
            (100 * row["intercept"], 100 * row["beta"]),
            _("Log of the starting score"),
            _("Yearly growth of the log score (%)"),
            {p.code: p.name for p in Province.objects.defer("geometry")},
        )
    table_row = {k: v for k, v in (row or {}).items() if k != "intercept"}
    return Panel(
        "beta-convergence",
        _("β-convergence: do lower-scoring counties catch up?"),
        columns,
        shown([table_row], columns) if row is not None else [],
        figure=figure,
        has_synthetic=synthetic,
        note=note,
        extra={"xlsx": True},
    )
