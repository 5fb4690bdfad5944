"""Plotly figures of the participation domain, returned as JSON-able dicts; templates place them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language

from counties.charts import number_axis, number_texts, to_json, value_axis
from governance.periods import period_label

# Okabe-Ito: readable for colour-blind users, as in counties.charts.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"


def _layout(fig: go.Figure, height: int, rtl: bool) -> None:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
        legend={"orientation": "h", "y": -0.2},
    )
    if rtl:
        fig.update_xaxes(autorange="reversed")


def pipeline_funnel(labels: Sequence[str], counts: Sequence[int], title: str) -> dict[str, Any]:
    """How many investments reached each stage of the pipeline, as a funnel: the stage names
    beside the bars, the count and share inside, never smaller than 11 px (a narrow last stage
    would otherwise shrink its text to a few pixels)."""
    fig = go.Figure(
        go.Funnel(
            y=list(labels),
            x=list(counts),
            textinfo="value+percent initial",
            textposition="auto",
            textfont={"size": 13},
            insidetextanchor="middle",
            marker={"color": BLUE},
            connector={"line": {"color": "#9aa5b1"}},
        )
    )
    _layout(fig, 360, rtl=False)
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        uniformtext={"minsize": 11, "mode": "show"},
        # Room for the stage names: Plotly's automatic margin mis-measures right-to-left text
        # and clips it to its first letter.
        margin={"l": 150, "r": 10, "t": 40, "b": 10},
    )
    fig.update_yaxes(showticklabels=True, tickfont={"size": 13}, automargin=False)
    return to_json(fig)


def jobs_over_time(
    periods: Sequence[str],
    realized: Sequence[int],
    expected_total: int,
    labels: dict[str, str],
    rtl: bool = False,
) -> dict[str, Any]:
    """Realized jobs at the end of each quarter, with the pipeline's expected jobs for scale."""
    language = get_language()
    fig = _bars_and_line(
        periods,
        {
            "y": list(realized),
            "name": labels["realized"],
            "marker_color": GREEN,
            "customdata": number_texts(list(realized), 0, language),
            "hovertemplate": "%{x}: %{customdata}<extra></extra>",
        },
        {
            "y": [expected_total] * len(periods),
            "name": labels["expected"],
            "mode": "lines",
            "line": {"color": ORANGE, "dash": "dash"},
        },
        rtl,
    )
    fig.update_yaxes(
        rangemode="tozero",
        title={"text": labels["axis"]},
        **value_axis([*realized, expected_total], language),
    )
    return to_json(fig)


def critique_response_over_time(
    periods: Sequence[str],
    rates: Sequence[float | None],
    median_days: Sequence[float | None],
    labels: dict[str, str],
    rtl: bool = False,
) -> dict[str, Any]:
    """Response rate (bars, %) and median days to respond (line) per quarter."""
    language = get_language()
    fig = _bars_and_line(
        periods,
        {"y": list(rates), "name": labels["rate"], "marker_color": BLUE},
        {
            "y": list(median_days),
            "name": labels["days"],
            "mode": "lines+markers",
            "line": {"color": VERMILLION},
            "yaxis": "y2",
        },
        rtl,
    )
    fig.update_layout(
        yaxis={
            "range": [0, 100],
            "title": {"text": "%"},
            **number_axis(0, 100, language, percent=True),
        },
        # Its own round ticks: left alone, Plotly lines them up with the rate's gridlines at
        # values such as 3.65, 7.31, 10.96.
        yaxis2={
            "overlaying": "y",
            "side": "left" if rtl else "right",
            "rangemode": "tozero",
            **value_axis(list(median_days), language),
            "title": {"text": labels["days_axis"]},
            "showgrid": False,
        },
    )
    if rtl:
        fig.update_layout(yaxis={"side": "right"})
    return to_json(fig)


def _bars_and_line(
    periods: Sequence[str], bars: dict[str, Any], line: dict[str, Any], rtl: bool
) -> go.Figure:
    """A figure over quarters: a bar per quarter and a line across them (Plotly `Bar` and
    `Scatter` properties), laid out 300 px high."""
    x = _period_labels(periods)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, **bars))
    fig.add_trace(go.Scatter(x=x, **line))
    _layout(fig, 300, rtl)
    return fig


def _period_labels(periods: Sequence[str]) -> list[str]:
    """Period keys as the axis shows them: «فصل ۳ ۱۴۰۵» under fa, '1405-Q3' under en."""
    language = get_language()
    return [period_label(p, language, gregorian=False) for p in periods]
