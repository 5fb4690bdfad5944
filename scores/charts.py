"""Plotly figures of the score pages, returned as JSON-able dicts; templates only place them."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.charts import number_texts, to_json, value_axis

# Okabe-Ito blue and orange (as dashboards.charts): told apart with every common colour blindness.
NATIONAL = "#0072B2"
PROVINCIAL = "#E69F00"


def drivers_chart(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Diverging bars: each indicator's contribution to the county's score minus the median
    county's contribution, nationally and in the province (points of the 0-100 score; right of
    zero = the indicator lifts the county above the median county)."""
    language = get_language()
    # Long names on two lines or more: the bars keep room on a phone.
    names = ["<br>".join(textwrap.wrap(r["name"], 20)) or r["name"] for r in rows]
    fig = go.Figure()
    gaps: list[float | None] = []
    for key, label, colour in (
        ("versus_national", _("against the national median"), NATIONAL),
        ("versus_provincial", _("against the provincial median"), PROVINCIAL),
    ):
        values = [r[key] for r in rows]
        gaps.extend(values)
        fig.add_trace(
            go.Bar(
                x=values,
                y=names,
                name=label,
                orientation="h",
                marker={"color": colour},
                customdata=number_texts(values, 2, language),
                hovertemplate="%{y}: %{customdata}<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        height=max(260, 48 * len(rows) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 45},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
        legend={"orientation": "h", "y": -0.12, "x": 0},
        xaxis={
            "title": {"text": _("Contribution to the score minus the median's (points)")},
            "zeroline": True,
            "zerolinewidth": 2,
            **value_axis(gaps, language),
        },
        yaxis={"automargin": True, "type": "category", "autorange": "reversed"},
    )
    return to_json(fig)
