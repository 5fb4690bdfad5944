"""Template helpers for scores: the county page's score and drivers panels, small filters."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import County
from counties.queries import observations_stamp
from governance.templatetags.tavazon import digits, number_filter
from scores import county_slot, drivers, panels, sensitivity
from scores.completeness import RunPeriods
from scores.models import ScoreRun
from scores.queries import PublishedRunStamp, published_run_stamp

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


@register.simple_tag(takes_context=True)
def county_drivers_panel(context: template.Context, county: County) -> SafeString:
    """What drives the county's score (scores.drivers, cached per published run) in the page's
    period (the county dashboard's), else the one asked for with ?period=, else the run's latest
    complete one. (The county page has it in `county_score_slot`, drawn without plotly.js.)"""
    request = context.get("request")
    period = context.get("period")
    if not isinstance(period, str) or not period:
        period = request.GET.get("period", "") if request is not None else ""
    stamp = context.get("observations_stamp")
    return drivers.county_drivers_panel(
        _published_run(context), county, period, stamp if isinstance(stamp, int) else None
    )


@register.simple_tag(takes_context=True)
def county_score_slot(context: template.Context, county: County) -> SafeString:
    """The county page's panels that derive from the published run, in the period asked for
    with ?period=, as one cached fragment (scores.county_slot). A cached visit reads the run's
    stamp, with its analyses' marker, and this fragment."""
    request = context.get("request")
    asked = request.GET.get("period", "") if request is not None else ""
    run = context.get("run")
    if isinstance(run, ScoreRun):
        published: PublishedRunStamp | None = PublishedRunStamp(
            run.pk, run.published_at, sensitivity.analyses_marker(run)
        )
    else:
        run, published = None, published_run_stamp()
    if published is None:
        return panels.county_score_panel(None, county, asked)
    stamp = context.get("observations_stamp")
    stamp = stamp if isinstance(stamp, int) else observations_stamp()
    return county_slot.county_score_slot(published, county, asked, stamp, run)


def _published_run(context: template.Context) -> ScoreRun | None:
    """The latest published run: the page's own (`run` in its context), else read once per
    request for every panel of the page."""
    run = context.get("run")
    if isinstance(run, ScoreRun):
        return run
    request = context.get("request")
    if not isinstance(request, HttpRequest):  # none, or a cached body's (governance.bodies)
        return ScoreRun.objects.latest_published()
    if not hasattr(request, "_published_run"):
        request._published_run = ScoreRun.objects.latest_published()  # type: ignore[attr-defined]
    found: ScoreRun | None = request._published_run  # type: ignore[attr-defined]
    return found
