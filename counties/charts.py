"""Plotly figures of the counties domain, returned as JSON-able dicts; templates only place them."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.boundaries import boundary_url
from counties.models import County
from governance.persian import format_number, format_percent

# The county page's own small maps are drawn as SVG instead (counties/svg_maps.py).
# Places without a value: a mid grey that no viridis colour resembles, named in the legend.
NO_DATA = "#9E9E9E"
# The legend of a map (its "no data" entry) sits under the map, clear of the colour bar.
MAP_LEGEND = {"orientation": "h", "x": 0, "y": 0, "yanchor": "top", "bgcolor": "rgba(0,0,0,0)"}
# Viridis stays readable for colour-blind users.
SEQUENTIAL = "Viridis"


def _map_layout(fig: go.Figure, height: int) -> None:
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(
        height=height,
        legend=MAP_LEGEND,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
    )


def to_json(fig: go.Figure) -> dict[str, Any]:
    """Plain JSON-able dict of a figure (numpy arrays turned into lists by plotly's encoder)."""
    return json.loads(fig.to_json())


# Plotly writes every number it formats itself (ticks, hover values) in Latin digits, whatever the
# page's language. The figures therefore hand it ready-made texts: hover templates place strings
# from `customdata`, and under Persian numeric axes get their tick values and texts from here.


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering lo..hi, as close to
    `count` of them as such steps allow, and the decimals they need."""
    lo, hi = min(lo, hi), max(lo, hi)
    span = hi - lo or abs(hi) or 1.0
    magnitude = 10 ** math.floor(math.log10(span / max(count, 1)))
    steps = [m * magnitude * k for k in (0.1, 1, 10) for m in (1, 2, 5)]

    def ticks(step: float) -> int:
        return math.floor(hi / step + 1e-9) - math.ceil(lo / step - 1e-9) + 1

    # Closest to `count`; on a tie, the finer step.
    step = min(steps, key=lambda s: (abs(ticks(s) - count), s))
    decimals = 0
    while abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(i * step, decimals + 1) for i in range(first, last + 1)], decimals


def number_axis(
    lo: float, hi: float, language: str | None, *, percent: bool = False, count: int = 5
) -> dict[str, Any]:
    """Settings of a numeric axis (or colour bar): ticks at round values (1, 2 or 5 times a power
    of ten apart) over lo..hi, with texts in the language's digits and percent sign."""
    values, decimals = nice_ticks(lo, hi, count)
    write = format_percent if percent else format_number
    return {
        "tickmode": "array",
        "tickvals": values,
        "ticktext": [write(v, decimals, language) for v in values],
    }


def value_axis(
    values: Sequence[float | None], language: str | None, *, zero: bool = True, **kwargs: Any
) -> dict[str, Any]:
    """`number_axis` over the range of `values` (and zero, for bars), {} when there is none."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return {}
    if zero:
        present.append(0.0)
    return number_axis(min(present), max(present), language, **kwargs)


def number_texts(values: Sequence[float | None], decimals: int, language: str | None) -> list[str]:
    """Each value as the language writes it, for hover texts ('—' when missing)."""
    return ["—" if v is None else format_number(v, decimals, language) for v in values]


def indicator_choropleth(
    counties: Sequence[County],
    values: Sequence[float | None],
    label: str,
    reverse: bool,
    no_data_label: str = "no data",
    decimals: int = 1,
    province_code: str | None = None,
) -> dict[str, Any]:
    """Counties coloured by an indicator; `reverse` when lower values are better. Counties of
    one province (coded `province_code`) are drawn in that province's finer boundaries."""
    language = get_language()
    shapes = [(c, v) for c, v in zip(counties, values, strict=True) if c.geometry]
    missing = [c for c, v in shapes if v is None]
    if province_code:
        url = boundary_url("province-counties", province_code)
    else:
        url = boundary_url("counties")
    fig = go.Figure()
    if missing:  # counties without a value stay visible, in grey, labelled "no data"
        fig.add_trace(_no_data_trace(missing, str(no_data_label), url))
    shapes = [(c, v) for c, v in shapes if v is not None]
    present = [float(v) for _, v in shapes if v is not None]
    fig.add_trace(
        go.Choropleth(
            geojson=url,
            locations=[c.code for c, _ in shapes],
            z=present,
            text=[c.name for c, _ in shapes],
            customdata=number_texts(present, decimals, language),
            hovertemplate="%{text}: %{customdata}<extra></extra>",
            colorscale=SEQUENTIAL,
            reversescale=reverse,
            colorbar={
                "title": {"text": label, "side": "right"},
                "thickness": 12,
                **(number_axis(min(present), max(present), language) if present else {}),
            },
            marker_line_color="#ffffff",
            marker_line_width=0.6,
        )
    )
    _map_layout(fig, 420)
    return to_json(fig)


def _no_data_trace(missing: list[County], no_data_label: str, url: str) -> go.Choropleth:
    """The counties without a value, in grey, labelled `no_data_label` (boundaries at `url`)."""
    return go.Choropleth(
        geojson=url,
        locations=[c.code for c in missing],
        z=[0] * len(missing),
        text=[c.name for c in missing],
        hovertemplate="%{text}: " + no_data_label + "<extra></extra>",
        colorscale=[[0, NO_DATA], [1, NO_DATA]],
        showscale=False,
        name=no_data_label,
        showlegend=True,
        marker_line_color="#ffffff",
        marker_line_width=0.6,
    )


def decomposition_trend(decompositions: Sequence[Any]) -> dict[str, Any]:
    """Stacked bars per period: inequality of county scores between and within provinces."""

    from governance.periods import period_label

    language = get_language()
    periods = [period_label(d.period, language, gregorian=False) for d in decompositions]
    parts = [
        (_("between provinces"), [float(d.between) for d in decompositions], "#0072B2"),
        (_("within provinces"), [float(d.within) for d in decompositions], "#E69F00"),
    ]
    fig = go.Figure(
        [
            go.Bar(
                name=name,
                x=periods,
                y=values,
                customdata=number_texts(values, 4, language),
                hovertemplate=f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
                marker_color=colour,
            )
            for name, values, colour in parts
        ]
    )
    totals = [sum(pair) for pair in zip(parts[0][1], parts[1][1], strict=True)]
    fig.update_layout(
        barmode="stack",
        height=280,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        yaxis={"title": {"text": _("Theil T")}, **number_axis(0, max(totals, default=0), language)},
        legend={"orientation": "h", "y": 1.12},
        xaxis={"type": "category"},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
    )
    return to_json(fig)
