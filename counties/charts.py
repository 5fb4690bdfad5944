"""Plotly figures of the counties domain, returned as JSON-able dicts; templates only place them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from counties.geometry import rewind_for_d3
from counties.models import County

# Okabe-Ito / viridis-like palettes stay readable for colour-blind users.
HIGHLIGHT = "#D55E00"
NEUTRAL = "#CFD8DC"
SEQUENTIAL = "Viridis"


def _feature_collection(counties: Sequence[County]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": c.code,
                "properties": {"name": c.name},
                "geometry": rewind_for_d3(c.geometry),
            }
            for c in counties
            if c.geometry
        ],
    }


def _map_layout(fig: go.Figure, height: int) -> None:
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
    )


def to_json(fig: go.Figure) -> dict[str, Any]:
    """Plain JSON-able dict of a figure (numpy arrays turned into lists by plotly's encoder)."""
    return json.loads(fig.to_json())


def county_location_map(county: County, province_counties: Sequence[County]) -> dict[str, Any]:
    """The county highlighted among the other counties of its province."""
    shapes = [c for c in province_counties if c.geometry]
    fig = go.Figure(
        go.Choropleth(
            geojson=_feature_collection(shapes),
            locations=[c.code for c in shapes],
            z=[1 if c.pk == county.pk else 0 for c in shapes],
            text=[c.name for c in shapes],
            hovertemplate="%{text}<extra></extra>",
            colorscale=[[0, NEUTRAL], [1, HIGHLIGHT]],
            zmin=0,
            zmax=1,
            showscale=False,
            marker_line_color="#ffffff",
            marker_line_width=0.8,
        )
    )
    _map_layout(fig, 360)
    return to_json(fig)


def indicator_choropleth(
    counties: Sequence[County],
    values: Sequence[float | None],
    label: str,
    reverse: bool,
    no_data_label: str = "no data",
) -> dict[str, Any]:
    """Counties coloured by an indicator; `reverse` when lower values are better."""
    shapes = [(c, v) for c, v in zip(counties, values, strict=True) if c.geometry]
    missing = [c for c, v in shapes if v is None]
    fig = go.Figure()
    if missing:  # counties without a value stay visible, in grey, labelled "no data"
        fig.add_trace(
            go.Choropleth(
                geojson=_feature_collection(missing),
                locations=[c.code for c in missing],
                z=[0] * len(missing),
                text=[c.name for c in missing],
                hovertemplate="%{text}: " + str(no_data_label) + "<extra></extra>",
                colorscale=[[0, NEUTRAL], [1, NEUTRAL]],
                showscale=False,
                marker_line_color="#ffffff",
                marker_line_width=0.6,
            )
        )
    shapes = [(c, v) for c, v in shapes if v is not None]
    fig.add_trace(
        go.Choropleth(
            geojson=_feature_collection([c for c, _ in shapes]),
            locations=[c.code for c, _ in shapes],
            z=[v for _, v in shapes],
            text=[c.name for c, _ in shapes],
            hovertemplate="%{text}: %{z}<extra></extra>",
            colorscale=SEQUENTIAL,
            reversescale=reverse,
            colorbar={"title": {"text": label}, "thickness": 12},
            marker_line_color="#ffffff",
            marker_line_width=0.6,
        )
    )
    _map_layout(fig, 420)
    return to_json(fig)


def decomposition_trend(decompositions: Sequence[Any]) -> dict[str, Any]:
    """Stacked bars per period: inequality of county scores between and within provinces."""
    from django.utils.translation import gettext as _

    from governance.templatetags.tavazon import digits

    periods = [digits(d.period) for d in decompositions]
    fig = go.Figure(
        [
            go.Bar(
                name=_("between provinces"),
                x=periods,
                y=[float(d.between) for d in decompositions],
                marker_color="#0072B2",
            ),
            go.Bar(
                name=_("within provinces"),
                x=periods,
                y=[float(d.within) for d in decompositions],
                marker_color="#E69F00",
            ),
        ]
    )
    fig.update_layout(
        barmode="stack",
        height=280,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        yaxis_title=_("Theil T"),
        legend={"orientation": "h", "y": 1.12},
        xaxis={"type": "category"},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
    )
    return to_json(fig)
