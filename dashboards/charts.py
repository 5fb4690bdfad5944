"""Plotly figures of the dashboards, returned as JSON-able dicts; templates only place them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from plotly.subplots import make_subplots

from counties.boundaries import boundary_url_of
from counties.charts import (
    MAP_LEGEND,
    NO_DATA,
    SEQUENTIAL,
    number_axis,
    number_texts,
    to_json,
    value_axis,
)
from governance.periods import period_label
from governance.persian import format_number

# Okabe-Ito: distinguishable with every common form of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# With more groups than colours, marker shapes tell them apart too.
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]
UP = "#009E73"
DOWN = "#D55E00"
# Counties with some data but too little to be ranked: lighter than "no data", off the scale.
NOT_ENOUGH_DATA = "#DADADA"


def _layout(fig: go.Figure, height: int, **extra: Any) -> None:
    settings: dict[str, Any] = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 20, "b": 45},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "Vazirmatn, sans-serif"},
    }
    fig.update_layout(**{**settings, **extra})


def choropleth(
    shapes: Sequence[Any],
    values: Sequence[float | None],
    label: str,
    highlight: str | None = None,
    short: Collection[str] = frozenset(),
) -> dict[str, Any]:
    """Counties or provinces (rows with code, name, geometry; the map fetches their boundaries
    by URL, `counties.boundaries`) coloured by a 0-100 score;
    the shape coded `highlight` is outlined (a province among the others). Shapes without a
    value are grey: "not enough data" (lighter) for the codes in `short`, else "no data".

    The same figure as counties.charts.indicator_choropleth, written as a plain dict: plotly's
    validation of hundreds of boundaries takes seconds, and the dashboards draw two such maps.
    """
    language = get_language()
    drawn = [(c, v) for c, v in zip(shapes, values, strict=True) if c.geometry]
    missing = [c for c, v in drawn if v is None and c.code not in short]
    lacking = [c for c, v in drawn if v is None and c.code in short]
    present = [(c, v) for c, v in drawn if v is not None]

    url = boundary_url_of(shapes)

    def line(places: Sequence[Any]) -> dict[str, Any]:
        return _outline(places, highlight)

    data: list[dict[str, Any]] = []
    if missing:  # shapes without a value stay visible, in grey, named "no data" in the legend
        data.append(_grey_trace(missing, str(_("no data")), NO_DATA, line(missing), url))
    if lacking:  # some data, below the minimum coverage: not ranked, told apart from "no data"
        grey = _grey_trace(lacking, str(_("not enough data")), NOT_ENOUGH_DATA, line(lacking), url)
        data.append(grey)
    data.append(_score_trace(present, label, language, line([c for c, _v in present]), url))
    return {"data": data, "layout": _map_layout(420)}


def _score_trace(
    present: list[tuple[Any, float]], label: str, language: str, line: dict[str, Any], url: str
) -> dict[str, Any]:
    """The shapes with a score, coloured on the sequential scale with its colour bar (their
    boundaries at `url`)."""
    scores = [float(v) for _c, v in present]
    return {
        "type": "choropleth",
        "geojson": url,
        "locations": [c.code for c, _v in present],
        "z": scores,
        "text": [c.name for c, _v in present],
        "customdata": number_texts(scores, 1, language),
        "hovertemplate": "%{text}: %{customdata}<extra></extra>",
        "colorscale": SEQUENTIAL,
        # A vertical title beside the bar: a long one at the top is cut off by the edge.
        "colorbar": {
            "title": {"text": label, "side": "right"},
            "thickness": 12,
            **(number_axis(min(scores), max(scores), language) if scores else {}),
        },
        "showlegend": False,
        "marker": {"line": line},
    }


def _map_layout(height: int) -> dict[str, Any]:
    return {
        "geo": {
            "fitbounds": "locations",
            "visible": False,
            "projection": {"type": "mercator"},
        },
        "height": height,
        "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "Vazirmatn, sans-serif"},
        "legend": MAP_LEGEND,
    }


def _outline(places: Sequence[Any], highlight: str | None) -> dict[str, Any]:
    """The shapes' borders: white, the one coded `highlight` thick and black."""
    if highlight is None:
        return {"color": "#ffffff", "width": 0.6}
    chosen = [c.code == highlight for c in places]
    return {
        "color": ["#000000" if h else "#ffffff" for h in chosen],
        "width": [2.5 if h else 0.6 for h in chosen],
    }


def _grey_trace(
    places: Sequence[Any], name: str, colour: str, line: dict[str, Any], url: str
) -> dict[str, Any]:
    """Shapes in one `colour` (grey for those without a score; a category's on `category_map`),
    named `name` in the legend and their hover text (their boundaries at `url`)."""
    return {
        "type": "choropleth",
        "geojson": url,
        "locations": [c.code for c in places],
        "z": [0] * len(places),
        "text": [c.name for c in places],
        "hovertemplate": "%{text}: " + name + "<extra></extra>",
        "colorscale": [[0, colour], [1, colour]],
        "showscale": False,
        "name": name,
        "showlegend": True,
        "marker": {"line": line},
    }


def category_map(groups: Sequence[tuple[str, str, Sequence[Any]]]) -> dict[str, Any]:
    """Counties coloured by category (a LISA map): `groups` are (legend name, colour, counties
    with code, name, geometry), one trace each, in legend order; the boundaries by URL, as
    `choropleth`. Borders are grey, so pale categories stay apart from each other."""
    url = boundary_url_of([c for _name, _colour, places in groups for c in places])
    line = {"color": "#8c8c8c", "width": 0.5}
    data = [
        _grey_trace(drawn, name, colour, line, url)
        for name, colour, places in groups
        if (drawn := [c for c in places if c.geometry])
    ]
    return {"data": data, "layout": _map_layout(420)}


def _caption(fig: go.Figure, text: str, *, top: bool) -> None:
    """Say on the chart what it draws (a sample of the counties: overviews._drawn_caption), in
    small grey type above the axes or, where the legend is, under them."""
    if not text:
        return
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0.5,
        xanchor="center",
        y=1 if top else 0,
        yanchor="bottom" if top else "top",
        yshift=4 if top else -6,
        showarrow=False,
        font={"size": 11, "color": "#555555"},
    )
    margin = fig.layout.margin
    if top:
        fig.update_layout(margin_t=max(margin.t or 0, 40))
    else:
        fig.update_layout(margin_b=max(margin.b or 0, 45))


def scatter(
    points: Sequence[dict[str, Any]],
    x_label: str,
    y_label: str,
    group_names: dict[str, str],
    caption: str = "",
) -> dict[str, Any]:
    """Counties as points of two indicators, in one colour: a colour per province (31 of them)
    cannot be told apart; the province is named in each point's hover text instead. `caption`
    says on the chart which counties it draws, when not all."""
    language = get_language()
    xs = [float(p["x"]) for p in points]
    ys = [float(p["y"]) for p in points]
    texts = [
        f"{p['county_name']} · {group_names.get(p['province'], p['province'])}<br>"
        f"{format_number(x, _decimals(xs), language)} · {format_number(y, _decimals(ys), language)}"
        for p, x, y in zip(points, xs, ys, strict=True)
    ]
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            customdata=texts,
            mode="markers",
            showlegend=False,
            marker={
                "color": OKABE_ITO[0],
                "size": 8,
                "opacity": 0.75,
                "line": {"width": 0.5, "color": "#ffffff"},
            },
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    _layout(
        fig,
        420,
        xaxis={"title": {"text": x_label}, **value_axis(xs, language, zero=False)},
        yaxis={"title": {"text": y_label}, **value_axis(ys, language, zero=False)},
    )
    _caption(fig, caption, top=True)
    return to_json(fig)


def _decimals(values: Sequence[float]) -> int:
    """Decimals that tell the values apart in a hover text (none for counts and large values)."""
    return 0 if all(float(v).is_integer() or abs(v) >= 100 for v in values) else 1


def distribution(counts: Sequence[int]) -> dict[str, Any]:
    """The number of counties in each bin of five points (0-5, 5-10, ... 95-100) as adjoining
    bars: the counts, not every county's score, so the figure is the same size at any number of
    counties."""
    language = get_language()
    width = 100 / len(counts)
    lows = [i * width for i in range(len(counts))]
    texts = [
        f"{format_number(low, 0, language)}-{format_number(low + width, 0, language)}: "
        f"{format_number(n, 0, language)}"
        for low, n in zip(lows, counts, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=[low + width / 2 for low in lows],
            y=list(counts),
            width=width,
            customdata=texts,
            marker_color="#0072B2",
            marker_line={"color": "#ffffff", "width": 1},
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    shown = [i for i, n in enumerate(counts) if n]
    low, high = (lows[shown[0]], lows[shown[-1]] + width) if shown else (0, 100)
    _layout(
        fig,
        300,
        xaxis={
            "title": {"text": _("Score (0-100)")},
            "range": [low, high],
            **number_axis(low, high, language),
        },
        yaxis={"title": {"text": _("Counties")}, **value_axis(list(counts), language)},
        bargap=0.05,
    )
    return to_json(fig)


def movers(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars of rank change (positive = climbed) of the biggest movers."""
    ordered = sorted(rows, key=lambda r: r["rank_change"])
    changes = [r["rank_change"] for r in ordered]
    return _named_bars(
        [r["county_name"] for r in ordered],
        changes,
        {"color": [UP if change > 0 else DOWN for change in changes]},
        "%{y}: %{x}<extra></extra>",
        {
            "title": {"text": _("Places climbed in the national ranking")},
            **value_axis(changes, get_language()),
        },
        height=max(260, 24 * len(ordered) + 60),
    )


def _named_bars(
    names: list[str],
    values: list[Any],
    marker: dict[str, Any],
    hovertemplate: str,
    xaxis: dict[str, Any],
    *,
    height: int,
) -> dict[str, Any]:
    """Horizontal bars, one per name, the names on a category axis with room for long ones."""
    fig = go.Figure(
        go.Bar(x=values, y=names, orientation="h", marker=marker, hovertemplate=hovertemplate)
    )
    _layout(
        fig,
        height,
        xaxis=xaxis,
        yaxis={"automargin": True, "type": "category"},
        margin={"l": 150, "r": 10, "t": 20, "b": 45},
    )
    return to_json(fig)


def radar(labels: Sequence[str], values: Sequence[float | None], name: str) -> dict[str, Any]:
    """A county's dimension scores on a 0-100 radar."""
    closed_labels = [*labels, labels[0]] if labels else []
    closed = [*values, values[0]] if values else []
    fig = go.Figure(
        go.Scatterpolar(
            r=[v if v is not None else 0 for v in closed],
            theta=closed_labels,
            fill="toself",
            name=name,
            line_color="#0072B2",
            fillcolor="rgba(0,114,178,0.25)",
        )
    )
    _layout(fig, 360, polar={"radialaxis": {"range": [0, 100]}}, showlegend=False)
    return to_json(fig)


def lines(
    periods: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], y_label: str
) -> dict[str, Any]:
    """Several series over the same periods (Okabe-Ito colours, dashed after the first); the
    vertical axis and hover values in the language's digits."""
    language = get_language()
    x = [period_label(p, language, gregorian=False) for p in periods]
    every = [v for _name, values in series for v in values]
    decimals = _line_decimals(every)
    fig = go.Figure(
        [
            go.Scatter(
                x=x,
                y=list(values),
                name=name,
                mode="lines+markers",
                line={
                    "color": OKABE_ITO[i % len(OKABE_ITO)],
                    "dash": "solid" if i == 0 else "dash",
                },
                connectgaps=False,
                customdata=number_texts(values, decimals, language),
                hovertemplate=f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
            )
            for i, (name, values) in enumerate(series)
        ]
    )
    _layout(
        fig,
        280,
        yaxis={"title": {"text": y_label}, **value_axis(every, language, zero=False)},
        xaxis={"type": "category"},
        legend={"orientation": "h"},
    )
    return to_json(fig)


def _line_decimals(values: Sequence[float | None]) -> int:
    """Decimals that show a series' values: none above 100, four for indices below 1."""
    present = [abs(v) for v in values if v is not None]
    if not present or max(present) >= 100:
        return 0
    return 4 if max(present) < 1 else 1


def convergence_scatter(
    points: Sequence[dict[str, Any]],
    fitted: tuple[float, float],
    x_label: str,
    y_label: str,
    group_names: dict[str, str],
) -> dict[str, Any]:
    """The counties of a β-convergence regression as a `scatter` (x: log of the starting score,
    y: yearly growth), with the fitted line (intercept, slope) dashed across them."""
    figure = scatter(points, x_label, y_label, group_names)
    xs = [float(p["x"]) for p in points]
    ends = [min(xs), max(xs)]
    intercept, slope = fitted
    figure["data"].append(
        {
            "type": "scatter",
            "x": ends,
            "y": [intercept + slope * x for x in ends],
            "mode": "lines",
            "name": str(_("Fitted line (β)")),
            "line": {"color": OKABE_ITO[5], "dash": "dash"},
            "hoverinfo": "skip",
            "showlegend": True,
        }
    )
    # Above the axes: under them, at phone width, it would cover the axis title.
    figure["layout"]["legend"] = {"orientation": "h", "y": 1.02, "yanchor": "bottom"}
    figure["layout"]["margin"]["t"] = max(figure["layout"]["margin"].get("t", 0), 40)
    return figure


def small_multiples(
    periods: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], y_label: str
) -> dict[str, Any]:
    """One small panel per county of its score over time, on a shared 0-100 axis. The panels
    follow the table's column order: left to right, or right to left in a right-to-left page
    (the first county on the right, the shared axis on the right edge)."""
    cols = min(3, max(1, len(series)))
    rows = (len(series) + cols - 1) // cols
    rtl = get_language_bidi()

    def column(i: int) -> int:
        return cols - i % cols if rtl else i % cols + 1

    titles = [""] * (rows * cols)
    for i, (name, _values) in enumerate(series):
        titles[(i // cols) * cols + column(i) - 1] = name
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, shared_yaxes=True)
    x = [period_label(p, get_language(), gregorian=False) for p in periods]
    for i, (name, values) in enumerate(series):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(values),
                name=name,
                mode="lines+markers",
                line={"color": OKABE_ITO[i % len(OKABE_ITO)]},
                showlegend=False,
            ),
            row=i // cols + 1,
            col=column(i),
        )
    fig.update_yaxes(range=[0, 100])
    fig.update_xaxes(type="category")
    _layout(fig, 240 * rows + 40)
    if rtl and cols > 1:
        fig.update_yaxes(showticklabels=False, col=1)
        fig.update_yaxes(showticklabels=True, side="right", title_text=y_label, col=cols)
    else:
        fig.update_yaxes(title_text=y_label, col=1)
    return to_json(fig)


def area_balance(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The county's areas by score, most deprived first, coloured on viridis."""
    ordered = sorted(rows, key=lambda r: r["score"])
    scores = [r["score"] for r in ordered]
    return _named_bars(
        [r["area_name"] for r in ordered],
        scores,
        {"color": scores, "colorscale": "Viridis", "cmin": 0, "cmax": 100},
        "%{y}: %{x:.1f}<extra></extra>",
        {"range": [0, 100], "title": _("Score (0-100)")},
        height=max(240, 22 * len(ordered) + 60),
    )


def rank_bands(rows: Sequence[dict[str, Any]], caption: str = "") -> dict[str, Any]:
    """Each county's official rank (dot) within its 5-95% band of plausible ranks; `caption`
    says on the chart which counties it draws, when not all."""
    x = [r["county_name"] for r in rows]
    fig = go.Figure(
        [
            go.Scatter(
                x=x,
                y=[r["rank_median"] for r in rows],
                mode="markers",
                name=_("Median rank"),
                marker={"color": "#0072B2", "size": 6, "symbol": "line-ew-open"},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [r["rank_p95"] - r["rank_median"] for r in rows],
                    "arrayminus": [r["rank_median"] - r["rank_p05"] for r in rows],
                    "color": "#56B4E9",
                    "thickness": 3,
                    "width": 0,
                },
            ),
            go.Scatter(
                x=x,
                y=[r["national_rank"] for r in rows],
                mode="markers",
                name=_("Rank"),
                marker={"color": "#D55E00", "size": 7},
            ),
        ]
    )
    _layout(
        fig,
        360,
        yaxis={"autorange": "reversed", "title": _("Rank")},
        xaxis={"type": "category", "showticklabels": len(rows) <= 40},
        legend={"orientation": "h", "y": 1.1},
    )
    _caption(fig, caption, top=False)
    return to_json(fig)
