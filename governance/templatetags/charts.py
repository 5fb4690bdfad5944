"""Place a Plotly figure (built in Python) on a page; static/js/charts.js draws it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, json_script

register = template.Library()

# Trace types drawn on a map: only the full bundle (static/vendor/plotly/plotly.min.js) has them.
GEO_TRACES = frozenset({"choropleth", "scattergeo"})


def needs_geo(figure: dict[str, Any]) -> bool:
    """Whether drawing `figure` needs plotly.js's maps (the full bundle, not the basic one)."""
    if "geo" in (figure.get("layout") or {}):
        return True
    return any(
        isinstance(trace, dict) and trace.get("type") in GEO_TRACES
        for trace in figure.get("data") or []
    )


@register.simple_tag
def plotly_chart(figure: dict[str, Any], element_id: str, label: str = "") -> str:
    """A chart container plus its figure as a JSON script element; `data-geo` marks a map.

    A figure, not an image: an image's content is presentational, and plotly.js puts focusable
    controls (its mode bar) inside the container (axe-core: nested-interactive).
    """
    script_id = f"{element_id}-data"
    return format_html(
        '<div id="{}" class="plotly-chart" data-figure="{}"{} role="figure" aria-label="{}">'
        "</div>{}",
        element_id,
        script_id,
        format_html(" {}", "data-geo") if needs_geo(figure) else "",
        label,
        json_script(figure, script_id),
    )
