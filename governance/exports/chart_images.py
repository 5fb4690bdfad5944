"""Static images of Plotly figures for PDFs, drawn by kaleido in the system Chromium.

The browser is the one `governance.exports.chromium.chromium_path` finds; without one, drawing
raises `ChartsUnavailable`, whose message (translated in the active language) says so.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import kaleido
import plotly.graph_objects as go
import plotly.io as pio
from django.conf import settings
from django.utils.translation import gettext

from governance.exports.chromium import ENV_VAR, chromium_path
from governance.exports.figure_preparers import prepared_figure

# Map figures make plotly.js ask for the Natural Earth topojson: kaleido reads the vendored copy
# (plotly's default is its CDN, and Tavazon reads no network at run time).
VENDORED_TOPOJSON = Path(settings.BASE_DIR, "static", "vendor", "topojson-4.0.0").as_uri() + "/"


class ChartsUnavailable(RuntimeError):
    """No browser to draw charts with: a set-up problem, not worth retrying."""

    def __init__(self) -> None:
        super().__init__(
            gettext("Charts could not be drawn: no Chromium browser was found (set %(var)s).")
            % {"var": ENV_VAR}
        )


def figure_png(figure: dict[str, Any], width: int = 900, height: int = 450) -> bytes:
    """PNG bytes of a figure dict (as built by the apps' charts modules)."""
    browser = chromium_path()
    if browser is None:
        raise ChartsUnavailable
    fig = go.Figure(prepared_figure(figure))
    fig.update_layout(width=width, height=height, paper_bgcolor="white")
    # What plotly.io.to_image does, with the browser named instead of searched for by kaleido.
    kopts: dict[str, Any] = {"path": browser}
    for option in ("plotlyjs", "mathjax", "headers"):
        if value := getattr(pio.defaults, option, None):
            kopts[option] = value
    png = kaleido.calc_fig_sync(
        fig.to_dict(),
        opts={"format": "png", "width": width, "height": height, "scale": 2},
        topojson=pio.defaults.topojson or VENDORED_TOPOJSON,
        kopts=kopts,
    )
    return bytes(png)


def figure_data_uri(figure: dict[str, Any], width: int = 900, height: int = 450) -> str:
    """A data: URI of the PNG, to place in an <img> of a PDF template."""
    encoded = base64.b64encode(figure_png(figure, width, height)).decode("ascii")
    return f"data:image/png;base64,{encoded}"
