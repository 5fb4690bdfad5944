"""Template helpers for scores: the county page's score panel and small filters."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.db.models import Count, Q
from django.utils.translation import get_language

from counties.completeness import run_periods
from counties.models import County, Dimension, Score, ScoreRun
from governance.templatetags.tavazon import digits

register = template.Library()


@register.filter
def dict_get(mapping: Any, key: str) -> Any:
    """mapping[key], or None (for JSON fields such as Score.dimensions)."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def compact_num(value: Any) -> str:
    """A number with no trailing zeros (0.3, 40, 1.25), digits in the active language."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:.3f}".rstrip("0").rstrip(".") if number % 1 else f"{number:.0f}"
    if get_language() == "fa":
        text = text.replace(".", "٫")
    return digits(text)


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@register.inclusion_tag("counties/_county_score.html")
def county_score_panel(county: County) -> dict[str, Any]:
    """The county's latest score, ranks, tier and within-county balance (latest published run)."""
    run = ScoreRun.objects.latest_published()
    score = None
    totals: dict[str, int] = {}
    previous = None
    dimensions: list[tuple[str, Any]] = []
    if run is not None:
        own = {s.period: s for s in Score.objects.filter(run=run, county=county)}
        if own:
            chosen = run_periods(run).default
            period = chosen if chosen in own else max(own)
            score = own[period]
            earlier = [p for p in own if p < period]
            previous = own[max(earlier)] if earlier else None
        if score is not None:
            totals = Score.objects.filter(run=run, period=score.period).aggregate(
                national=Count("pk"),
                provincial=Count("pk", filter=Q(county__province_id=county.province_id)),
            )
            codes = list(score.dimensions)
            names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
            dimensions = [(names.get(code, code), score.dimensions[code]) for code in codes]
    change = None
    if score is not None and previous is not None:
        change = score.composite - previous.composite
    return {
        "county": county,
        "run": run,
        "score": score,
        "previous": previous,
        "change": change,
        "totals": totals,
        "dimensions": dimensions,
    }
