"""Template helpers for scores: the county page's score panel and small filters."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import County, Dimension
from governance.templatetags.tavazon import digits, number_filter
from scores.completeness import RunPeriods, county_standing, run_periods
from scores.models import Score, ScoreRun
from scores.shortfalls import note_of, shortfall_periods

register = template.Library()


@register.filter
def dict_get(mapping: Any, key: str) -> Any:
    """mapping[key], or None (for JSON fields such as Score.dimensions)."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
@number_filter
def compact_num(number: float) -> str:
    """A number with no trailing zeros (0.3, 40, 1.25), digits in the active language."""
    text = f"{number:.3f}".rstrip("0").rstrip(".") if number % 1 else f"{number:.0f}"
    if get_language() == "fa":
        text = text.replace(".", "٫")
    return digits(text)


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@register.inclusion_tag("scores/_period_options.html")
def period_options(
    statuses: RunPeriods, selected: str, only: Iterable[str] | None = None
) -> dict[str, Any]:
    """The <option>s of a period menu, newest first: complete periods as they are, provisional
    ones marked «(موقت)»; `only` keeps a subset (the periods a county has data in)."""
    wanted = set(only) if only is not None else None
    options = [
        statuses.statuses[p] for p in reversed(statuses.periods) if wanted is None or p in wanted
    ]
    return {"options": options, "selected": selected, "provisional_mark": _("(provisional)")}


@register.inclusion_tag("scores/_county_score.html", takes_context=True)
def county_score_panel(context: template.Context, county: County) -> dict[str, Any]:
    """The county's score, ranks, tier and within-county balance in the latest complete period
    of the published run (or the period asked for with ?period=); "not enough data" with the
    missing indicators when the county has data there but too little to be ranked."""
    run = ScoreRun.objects.latest_published()
    statuses = run_periods(run)
    request = context.get("request")
    asked = request.GET.get("period", "") if request is not None else ""
    score = None
    previous = None
    shortfall = None
    period = ""
    available: list[str] = []
    totals: dict[str, int] = {}
    dimensions: list[tuple[str, Any]] = []
    if run is not None:
        scores = list(Score.objects.filter(run=run, county=county).defer("area_scores"))
        own = {s.period for s in scores}
        short = shortfall_periods(run, county, statuses)
        available = [p for p in statuses.periods if p in own or p in short]
        # The same standing as the county dashboard and the county PDF (one truth).
        standing = county_standing(run, county, asked, periods=statuses, scores=scores)
        period, score, previous = standing.period, standing.score, standing.previous
        shortfall = note_of(standing.shortfall, standing.status)
        if score is not None:
            status = statuses.get(period)
            totals = {
                "national": status.ranked if status else 0,
                "provincial": Score.objects.filter(
                    run=run, period=period, county__province_id=county.province_id
                ).count(),
            }
            codes = list(score.dimensions)
            names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
            dimensions = [(names.get(code, code), score.dimensions[code]) for code in codes]
    change = None
    if score is not None and previous is not None:
        change = score.composite - previous.composite
    return {
        "county": county,
        "run": run,
        "statuses": statuses,
        "period": period,
        "status": statuses.get(period),
        "available": available,
        "score": score,
        "shortfall": shortfall,
        "previous": previous,
        "change": change,
        "totals": totals,
        "dimensions": dimensions,
    }
