"""Static images of Plotly figures for PDFs, drawn by kaleido in the system Chromium."""

from __future__ import annotations

import base64
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio


def figure_png(figure: dict[str, Any], width: int = 900, height: int = 450) -> bytes:
    """PNG bytes of a figure dict (as built by the apps' charts modules)."""
    fig = go.Figure(figure)
    fig.update_layout(width=width, height=height, paper_bgcolor="white")
    return pio.to_image(fig, format="png", width=width, height=height, scale=2)


def figure_data_uri(figure: dict[str, Any], width: int = 900, height: int = 450) -> str:
    """A data: URI of the PNG, to place in an <img> of a PDF template."""
    encoded = base64.b64encode(figure_png(figure, width, height)).decode("ascii")
    return f"data:image/png;base64,{encoded}"
