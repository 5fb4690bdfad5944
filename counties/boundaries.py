"""The boundaries maps draw, served as files: one URL per level (provinces, counties, the
counties of one province, the areas of one county) carrying the level's geometry version, so a
browser fetches each once and keeps it, and pages carry only the URL (plotly.js fetches a
choropleth's `geojson` given as a URL).

The version is a hash of the level's row count and newest `updated_at` (one indexed query): any
import, admin save or deletion changes it. Files are built once per version (simplified for the
map's zoom, rounded, rewound for d3) and cached with their gzip and Brotli encodings.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import brotli
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.urls import Resolver404, resolve, reverse

from counties.geometry import map_geometry
from counties.models import Area, County, Province

# Raise it whenever `map_geometry` changes what a file holds (the LEVELS' details are in the
# version already): every URL changes with it, so no browser keeps old shapes under a new meaning.
FORMAT = 1
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Detail:
    """How finely a level is drawn: simplification tolerance and rounding, in degrees."""

    tolerance: float
    decimals: int


# The national maps are about 600 px across the country (a pixel is 3-4 km, 0.03°); a county's
# location map and the province page show one province (down to 0.002° a pixel for the
# smallest); an area map one county. Tolerances stay below a pixel, so neighbours' shared
# borders show no gaps; positions are rounded to a tenth of the tolerance or finer.
LEVELS: dict[str, Detail] = {
    "provinces": Detail(tolerance=0.01, decimals=3),
    "counties": Detail(tolerance=0.01, decimals=3),
    "province-counties": Detail(tolerance=0.001, decimals=4),
    "areas": Detail(tolerance=0.0001, decimals=5),
}
# The levels that are the places of one province (by its code) or of one county (by its code).
SCOPED: dict[str, type[Province] | type[County]] = {
    "province-counties": Province,
    "areas": County,
}


def area_key(area: Area | int) -> str:
    """The feature id of an area: its code is unique only within its county, and optional."""
    return f"area-{area if isinstance(area, int) else area.pk}"


def _places(level: str, code: str | None) -> QuerySet[Any]:
    if level == "provinces":
        return Province.objects.order_by("code")
    if level == "counties":
        # Neighbours side by side compress better (a fifth smaller) than codes in order.
        return County.objects.order_by("province__code", "code")
    if level == "province-counties":
        return County.objects.filter(province__code=code).order_by("code")
    return Area.objects.filter(county__code=code).order_by("pk")


def boundary_version(level: str, code: str | None = None) -> str:
    """The version of a level's boundaries (of one province's counties or one county's areas,
    by its `code`, for the SCOPED levels): it changes whenever a row of it is created, saved or
    deleted. One query."""
    stamp = _places(level, code).aggregate(rows=Count("pk"), newest=Max("updated_at"))
    return version_of(level, code, stamp["rows"], stamp["newest"])


def version_of(level: str, code: str | None, rows: int, newest: datetime.datetime | None) -> str:
    """The version of a level's boundaries from its number of rows and their newest
    `updated_at`, read by `boundary_version` or with other rows (the county page reads its
    province's with the county)."""
    stamp = newest.isoformat() if newest else "-"
    text = f"{FORMAT}:{LEVELS[level]}:{level}:{code or ''}:{rows}:{stamp}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def boundary_url(level: str, code: str | None = None, version: str | None = None) -> str:
    """The URL of a level's boundaries at `version` (the current one by default)."""
    version = version or boundary_version(level, code)
    if level in SCOPED:
        return reverse(f"counties:boundaries-{level}", args=[version, code])
    return reverse("counties:boundaries", args=[version, level])


def boundary_url_of(places: Sequence[Any]) -> str:
    """The URL of the national boundaries of `places` (provinces, else counties)."""
    return boundary_url("provinces" if places and isinstance(places[0], Province) else "counties")


def boundary_collection(level: str, code: str | None = None) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of a level's places that have a boundary, each identified
    as the charts locate it (a code, or `area_key`), drawn at the level's detail."""
    detail = LEVELS[level]
    rows = _places(level, code).filter(geometry__isnull=False)
    key = "pk" if level == "areas" else "code"
    features = [
        {
            "type": "Feature",
            "id": area_key(ident) if level == "areas" else ident,
            "geometry": map_geometry(geometry, detail.tolerance, detail.decimals),
        }
        for ident, geometry in rows.values_list(key, "geometry").iterator()
        if geometry
    ]
    return {"type": "FeatureCollection", "features": features}


def boundary_files(level: str, version: str, code: str | None = None) -> dict[str, bytes]:
    """A level's collection at `version` as bytes: "identity", "gzip" and "br" (built once per
    version and cached; the caller has checked that `version` is current)."""

    def build() -> dict[str, bytes]:
        raw = json.dumps(boundary_collection(level, code), separators=(",", ":")).encode()
        return {
            "identity": raw,
            "gzip": gzip.compress(raw, compresslevel=9, mtime=0),
            "br": brotli.compress(raw, mode=brotli.MODE_TEXT, quality=9),
        }

    key = f"geo:{level}:{code or ''}:{version}"
    files: dict[str, bytes] = cache.get_or_set(key, build, CACHE_SECONDS)  # type: ignore[assignment]
    return files


def inline_boundaries(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure with each boundaries URL of its traces replaced by the collection itself, for
    drawing without a server to fetch from (kaleido's images for PDFs)."""
    collections: dict[str, dict[str, Any]] = {}
    data = []
    for trace in figure.get("data", []):
        url = trace.get("geojson") if isinstance(trace, dict) else None
        if isinstance(url, str):
            if url not in collections:
                collections[url] = _collection_at(url)
            trace = {**trace, "geojson": collections[url]}
        data.append(trace)
    return {**figure, "data": data}


def _collection_at(url: str) -> dict[str, Any]:
    """The collection a boundaries URL names (its current shapes, whatever its version)."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        match = None
    if match is None or not (match.url_name or "").startswith("boundaries"):
        raise ValueError(f"not a boundaries URL: {url}")
    return boundary_collection(match.kwargs["level"], match.kwargs.get("code"))
