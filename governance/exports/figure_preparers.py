"""What apps do to a figure before it is drawn without a web page (kaleido's images for PDFs).

A page's figure may name resources its browser fetches (the counties' maps give their boundaries
as a URL); kaleido has no server to fetch from, so the app that builds such figures registers a
function here, in its AppConfig.ready, that puts them inline. The base knows no app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Figure = dict[str, Any]

_PREPARERS: list[Callable[[Figure], Figure]] = []


def add_figure_preparer(prepare: Callable[[Figure], Figure]) -> None:
    """Have `prepare` applied to every figure drawn as an image (once, however often called)."""
    if prepare not in _PREPARERS:
        _PREPARERS.append(prepare)


def prepared_figure(figure: Figure) -> Figure:
    """The figure as every registered preparer leaves it, ready to draw without a server."""
    for prepare in _PREPARERS:
        figure = prepare(figure)
    return figure
