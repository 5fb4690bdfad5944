"""Serve plotly.js straight from the installed plotly package, so its version always matches."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_STATIC_PATH = "vendor/plotly/plotly.min.js"
_PACKAGE_DATA = Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyBundleFinder(BaseFinder):
    """Expose only `plotly.min.js` of the plotly package as vendor/plotly/plotly.min.js."""

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    # Django's own finders also answer [] for a file they don't have; the stubs' overloads say None.
    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        if path == PLOTLY_STATIC_PATH:
            match = str(_PACKAGE_DATA / "plotly.min.js")
            return [match] if find_all or kwargs.get("all") else match
        return []

    def list(self, ignore_patterns: Iterable[str] | None) -> Any:
        storage = FileSystemStorage(location=str(_PACKAGE_DATA))
        storage.prefix = "vendor/plotly"  # type: ignore[attr-defined]
        yield "plotly.min.js", storage
