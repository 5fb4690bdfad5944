"""Plotly figures of the counties domain, returned as JSON-able dicts; templates only place them."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.core.cache import cache
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.boundaries import area_key, boundary_url, boundary_version
from counties.models import Area, County
from governance.persian import format_number, format_percent
from governance.templatetags.charts import plotly_chart

# Okabe-Ito / viridis-like palettes stay readable for colour-blind users.
HIGHLIGHT = "#D55E00"
NEUTRAL = "#CFD8DC"
# A county's own outline under its areas' map: lighter than any area.
COUNTY_OUTLINE = "#F1F4F5"
# Places without a value: a mid grey that no viridis colour resembles, named in the legend.
NO_DATA = "#9E9E9E"
# The legend of a map (its "no data" entry) sits under the map, clear of the colour bar.
MAP_LEGEND = {"orientation": "h", "x": 0, "y": 0, "yanchor": "top", "bgcolor": "rgba(0,0,0,0)"}
SEQUENTIAL = "Viridis"
# A county's location map is cached per version of the counties' boundaries: nothing to expire.
MAP_CACHE_SECONDS = 24 * 3600


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


def county_location_map(county: County, version: str | None = None) -> dict[str, Any]:
    """The county highlighted among the other counties of its province, built once per version
    of the counties' boundaries (`version`, read when not given), county and language
    (cached)."""
    version = version or boundary_version("province-counties", county.province.code)
    key = f"county-location-map:{version}:{county.pk}:{get_language()}"
    figure: dict[str, Any] = cache.get_or_set(  # type: ignore[assignment]
        key, lambda: _county_location_map(county, version), MAP_CACHE_SECONDS
    )
    return figure


def county_location_chart(county: County, version: str) -> SafeString:
    """The location map as the county page places it (governance's `plotly_chart`: its
    container and its figure's JSON), cached as such per boundaries `version`, county and
    language: a visit reads one string instead of a figure to write out as JSON."""
    key = f"county-location-chart:{version}:{county.pk}:{get_language()}"
    chart: SafeString = cache.get_or_set(  # type: ignore[assignment]
        key,
        lambda: plotly_chart(county_location_map(county, version), "county-map", county.name),
        MAP_CACHE_SECONDS,
    )
    return chart


def _county_location_map(county: County, version: str) -> dict[str, Any]:
    shapes = list(
        County.objects.filter(province_id=county.province_id, geometry__isnull=False).only(
            "code", "name_fa", "name_en"
        )
    )
    fig = go.Figure(
        go.Choropleth(
            geojson=boundary_url("province-counties", county.province.code, version),
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


def area_map(county: County, areas: Sequence[Area]) -> dict[str, Any]:
    """The county's areas that have a boundary, deprived ones highlighted (named in the legend),
    over the county's own outline."""
    language = get_language()
    fig = go.Figure()
    if _has_boundary(county):
        fig.add_trace(
            go.Choropleth(
                geojson=boundary_url("province-counties", county.province.code),
                locations=[county.code],
                z=[0],
                colorscale=[[0, COUNTY_OUTLINE], [1, COUNTY_OUTLINE]],
                showscale=False,
                hoverinfo="skip",
                marker_line_color=NEUTRAL,
                marker_line_width=1.2,
            )
        )
    shapes = [a for a in areas if _has_boundary(a)]
    for deprived, colour, name in (
        (False, NEUTRAL, _("other areas")),
        (True, HIGHLIGHT, _("deprived")),
    ):
        group = [a for a in shapes if a.is_deprived == deprived]
        if group:
            fig.add_trace(_area_trace(group, colour, name, language, county.code))
    _map_layout(fig, 360)
    return to_json(fig)


def _has_boundary(place: County | Area) -> bool:
    """Whether the place has a boundary: read from its `has_boundary` annotation when its
    geometry was not loaded (the county page defers it)."""
    annotated = getattr(place, "has_boundary", None)
    return bool(place.geometry) if annotated is None else bool(annotated)


def _area_trace(
    areas: list[Area], colour: str, name: str, language: str, county_code: str
) -> go.Choropleth:
    """Areas in one colour, named `name` in the legend; hover: name, kind and population."""
    texts = []
    for area, population in zip(
        areas, number_texts([a.population for a in areas], 0, language), strict=True
    ):
        parts = [area.name, str(area.get_kind_display())]
        if area.population is not None:
            parts.append(_("population %(n)s") % {"n": population})
        texts.append(" · ".join(parts))
    return go.Choropleth(
        geojson=boundary_url("areas", county_code),
        locations=[area_key(a) for a in areas],
        z=[0] * len(areas),
        text=texts,
        hovertemplate="%{text}<extra></extra>",
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        name=name,
        showlegend=True,
        marker_line_color="#ffffff",
        marker_line_width=0.8,
    )


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
    from django.utils.translation import gettext as _

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
