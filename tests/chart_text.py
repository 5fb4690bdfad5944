"""What a Plotly figure (as JSON) would draw in Latin digits or with the Latin '%' sign.

Plotly writes every number it formats itself (axis ticks, hover values, an indicator's number) in
Latin digits, whatever the page's language. Under Persian a figure must therefore hand Plotly
ready-made texts: tick values with tick texts, hover templates that only place prepared strings,
annotations instead of an indicator's number. `latin_text` lists every place that breaks this.
"""

from __future__ import annotations

import re
from typing import Any

LATIN = re.compile(r"[0-9%]")
PLACEHOLDER = re.compile(r"%\{([^}:|]+)[^}]*\}")
# Traces drawn only to explain the colours in the legend.
_LEGEND_ONLY = ({"x": [None], "y": [None]},)


def _strings(values: Any) -> list[Any]:
    if values is None:
        return []
    return list(values) if isinstance(values, (list, tuple)) else [values]


def _latin(where: str, values: Any, problems: list[str]) -> None:
    for value in _strings(values):
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{where}: number {value!r} drawn by Plotly")
        elif LATIN.search(value):
            problems.append(f"{where}: {value!r}")


def _placed(trace: dict[str, Any], field: str) -> list[Any]:
    """The values a hover placeholder such as 'y' or 'customdata[1]' puts in the text."""
    match = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", field.strip())
    if match is None:
        return [field]
    name, column = match.group(1), match.group(2)
    values = trace.get(name)
    if column is None:
        return _strings(values)
    return [row[int(column)] for row in _strings(values) if row is not None]


def _axis_key(ref: str) -> str:
    return f"{ref[0]}axis{ref[1:]}"


def latin_text(figure: dict[str, Any]) -> list[str]:
    """Every text of `figure` that would show Latin digits or '%' (empty when all is Persian)."""
    problems: list[str] = []
    layout = figure.get("layout", {})
    axis_values: dict[str, list[Any]] = {}
    for index, trace in enumerate(figure.get("data", [])):
        where = f"trace {index} ({trace.get('type', 'scatter')})"
        if {"x": trace.get("x"), "y": trace.get("y")} in _LEGEND_ONLY:
            _latin(f"{where} legend", trace.get("name"), problems)
            continue
        if trace.get("showlegend") is not False and trace.get("type") != "choropleth":
            _latin(f"{where} legend", trace.get("name"), problems)
        _latin(f"{where} text", trace.get("text"), problems)
        if trace.get("type") == "indicator":
            if "number" in trace.get("mode", "number"):
                problems.append(f"{where}: the indicator's number is formatted by Plotly")
            axis = trace.get("gauge", {}).get("axis", {})
            if axis.get("showticklabels", True):
                if "ticktext" not in axis:
                    problems.append(f"{where}: gauge ticks formatted by Plotly")
                _latin(f"{where} gauge ticks", axis.get("ticktext"), problems)
            continue
        if trace.get("showscale", True) and "colorscale" in trace:
            bar = trace.get("colorbar", {})
            if "ticktext" not in bar:
                problems.append(f"{where}: colour bar ticks formatted by Plotly")
            _latin(f"{where} colour bar", bar.get("ticktext"), problems)
        if trace.get("hoverinfo") not in ("skip", "none"):
            templates = _strings(trace.get("hovertemplate"))
            if not templates:
                problems.append(f"{where}: Plotly's own hover text")
            for template in templates:
                static = PLACEHOLDER.sub("", template.replace("<extra></extra>", ""))
                _latin(f"{where} hover", static, problems)
                for field in PLACEHOLDER.findall(template):
                    _latin(f"{where} hover %{{{field}}}", _placed(trace, field), problems)
        if trace.get("type") in (None, "scatter", "bar", "histogram"):
            for letter in ("x", "y"):
                key = _axis_key(trace.get(f"{letter}axis", letter))
                axis_values.setdefault(key, []).extend(_strings(trace.get(letter)))
            if trace.get("orientation") == "h" and trace.get("base") is not None:
                axis_values.setdefault(_axis_key(trace.get("xaxis", "x")), []).append(0)
    for key, values in axis_values.items():
        axis = layout.get(key, {})
        if axis.get("showticklabels") is False:
            continue
        if "ticktext" in axis:
            _latin(f"{key} ticks", axis["ticktext"], problems)
        elif any(not isinstance(v, str) for v in values if v is not None) or axis.get("type") in (
            "date",
            "linear",
        ):
            problems.append(f"{key}: tick labels formatted by Plotly")
        else:
            _latin(f"{key} categories", [v for v in values if v is not None], problems)
    for annotation in layout.get("annotations", []):
        _latin("annotation", annotation.get("text"), problems)
    return problems
