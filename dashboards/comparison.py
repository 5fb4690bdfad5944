"""Comparing counties: side-by-side scores of up to MAX_COMPARED counties in one period and
their trends over the run's complete periods, in a bounded number of queries, cached per run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from counties.models import County
from dashboards import charts
from dashboards.caching import cached, page_key
from dashboards.filters import run_dimensions
from dashboards.overviews import ranked_note
from dashboards.panels import Col, Panel
from governance.templatetags.tavazon import period_label
from scores.completeness import run_periods
from scores.models import Score, ScoreRun
from scores.shortfalls import shortfall_notes

MAX_COMPARED = 6


def compare(run: ScoreRun, counties: list[County], period: str = "") -> dict[str, Any]:
    """Side-by-side scores of the chosen counties in `period` (the latest complete period when
    empty) and their trends over the complete periods of the run (a bounded number of
    queries)."""
    codes = ",".join(c.code for c in counties)
    key = page_key("compare", run, codes, period)
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
