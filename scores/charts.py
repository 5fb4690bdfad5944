"""Plotly figures of the scores domain, returned as JSON-able dicts; templates only place them."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from counties.charts import number_axis, number_texts, to_json, value_axis
from governance.persian import format_number

if TYPE_CHECKING:
    from scores.method_comparison import MethodComparison

# Every compared county is a thin grey line; the largest moves are drawn over them in colour.
OTHERS = "rgba(120,120,120,0.25)"
UP, DOWN = "#009E73", "#D55E00"  # Okabe-Ito green and vermilion, readable by colour-blind users


def rank_slope(comparison: MethodComparison) -> dict[str, Any]:
    """A slope chart: each county's rank under methodology A (left) and B (right), rank 1 at
    the top; the TOP_MOVES largest moves coloured (green up, vermilion down) and named."""
    language = get_language()
    rtl = get_language_bidi()
    a, b = str(comparison.a.name), str(comparison.b.name)
    if a == b:  # two categories are needed even when two methodologies share a name
        a, b = f"{a} ({comparison.a.code})", f"{b} ({comparison.b.code})"
    xs: list[str | None] = []
    ys: list[int | None] = []
    for move in comparison.moves:  # one trace for all: a gap (None) between counties
        xs += [a, b, None]
        ys += [move.old_rank, move.new_rank, None]
    traces: list[go.Scatter] = [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": OTHERS, "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    for move in reversed(comparison.top_moves):
        text = _("%(county)s: %(old)s → %(new)s") % {
            "county": move.county.name,
            "old": format_number(move.old_rank, 0, language),
            "new": format_number(move.new_rank, 0, language),
        }
        traces.append(
            go.Scatter(
                x=[a, b],
                y=[move.old_rank, move.new_rank],
                mode="lines+markers",
                line={"color": UP if move.change > 0 else DOWN, "width": 2},
                name=move.county.name,
                customdata=[text, text],
                hovertemplate="%{customdata}<extra></extra>",
                showlegend=False,
            )
        )
    last = max((max(m.old_rank, m.new_rank) for m in comparison.moves), default=1)
    fig = go.Figure(traces)
    fig.update_layout(
        height=480,
        margin={"l": 50, "r": 50, "t": 10, "b": 40},
        # Read from the reader's side: A on the right and the ranks on the right under Persian.
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [b, a] if rtl else [a, b],
        },
        yaxis={
            "side": "right" if rtl else "left",
            "title": {"text": _("National rank (1 = best)")},
            "range": [last + 0.5, 0.5],
            **number_axis(1, last, language),
        },
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
    )
    return to_json(fig)


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
    series = [
        ([r[key] for r in rows], label, colour)
        for key, label, colour in (
            ("versus_national", _("against the national median"), NATIONAL),
            ("versus_provincial", _("against the provincial median"), PROVINCIAL),
        )
    ]
    gaps = [value for values, _label, _colour in series for value in values]
    fig = _grouped_bars(names, series, language)
    fig.update_layout(
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


FIRST_ORDER, TOTAL_EFFECT = "#0072B2", "#E69F00"  # Okabe-Ito blue and orange


def sensitivity_chart(rows: Sequence[tuple[str, float | None, float | None]]) -> dict[str, Any]:
    """Grouped bars per assumption: its first-order (S1) and total-effect (ST) Sobol index of
    the rank, 0 to 1 (the share of the rank's variance it causes alone / with the others)."""
    language = get_language()
    names = [row[0] for row in rows]
    series = [
        ([row[1] for row in rows], _("alone (first-order S1)"), FIRST_ORDER),
        ([row[2] for row in rows], _("with interactions (total effect ST)"), TOTAL_EFFECT),
    ]
    # An estimate a little below zero is zero (sampling noise); its hover text keeps it.
    fig = _grouped_bars(names, series, language, floor=0.0)
    fig.update_layout(
        height=max(260, 56 * len(rows) + 120),
        # The legend above the bars: below, it would meet the axis title on a phone.
        margin={"l": 10, "r": 10, "t": 50, "b": 45},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        xaxis={
            "title": {"text": _("Share of the rank's variance")},
            "range": [0, 1.02],
            **number_axis(0, 1, language),
        },
        yaxis={"automargin": True, "type": "category", "autorange": "reversed"},
    )
    return to_json(fig)


def _grouped_bars(
    names: Sequence[str],
    series: Sequence[tuple[Sequence[float | None], str, str]],
    language: str | None,
    floor: float | None = None,
) -> go.Figure:
    """Horizontal grouped bars, one trace per (values, label, colour), hover texts with two
    decimals in the language's digits; bars drawn no lower than `floor` when given."""
    fig = go.Figure()
    for values, label, colour in series:
        drawn = values if floor is None else [floor if v is None else max(v, floor) for v in values]
        fig.add_trace(
            go.Bar(
                x=drawn,
                y=names,
                name=label,
                orientation="h",
                marker={"color": colour},
                customdata=number_texts(values, 2, language),
                hovertemplate="%{y}: %{customdata}<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    return fig
