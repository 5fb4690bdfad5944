"""Plain computations on GeoJSON geometries (no Django): validation, area, bounds, the
simplified and rounded shapes maps draw."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import shapely.geometry
from shapely.errors import ShapelyError

EARTH_RADIUS_M = 6378137.0

Ring = Sequence[Sequence[float]]


def polygons_of(geometry: dict[str, Any]) -> list[list[Ring]]:
    """Return the polygons (each a list of rings) of a Polygon or MultiPolygon geometry."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return [coordinates]  # type: ignore[list-item]
    if kind == "MultiPolygon":
        return list(coordinates)  # type: ignore[arg-type]
    raise ValueError(f"expected Polygon or MultiPolygon, got {kind!r}")


def geometry_problem(geometry: Any) -> str | None:
    """Describe what is wrong with a boundary geometry, or None when it is usable."""
    if not isinstance(geometry, dict):
        return "missing geometry"
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return f"geometry type {geometry.get('type')!r} is not Polygon or MultiPolygon"
    try:
        polygons = polygons_of(geometry)
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 4:
                    return "a ring has fewer than 4 positions"
                for lon, lat, *_ in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        return f"coordinate out of range: {lon}, {lat}"
    except (TypeError, ValueError):
        return "malformed coordinates"
    return None


def _ring_area_m2(ring: Ring) -> float:
    # Spherical approximation of Chamberlain & Duquette (2007), as used by geojson-area.
    total = 0.0
    count = len(ring)
    for i in range(count):
        lon1, lat1 = ring[i][0], ring[i][1]
        lon2, lat2 = ring[(i + 1) % count][0], ring[(i + 1) % count][1]
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    return abs(total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2.0)


def area_km2(geometry: dict[str, Any]) -> float:
    """Approximate surface area of a (Multi)Polygon in square kilometres (holes subtracted)."""
    total = 0.0
    for polygon in polygons_of(geometry):
        outer, *holes = polygon
        total += _ring_area_m2(outer) - sum(_ring_area_m2(hole) for hole in holes)
    return total / 1_000_000.0


def bounds(geometries: Iterable[dict[str, Any]]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) over all the geometries."""
    lons: list[float] = []
    lats: list[float] = []
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for position in ring:
                    lons.append(position[0])
                    lats.append(position[1])
    return min(lons), min(lats), max(lons), max(lats)


def _planar_signed_area(ring: Ring) -> float:
    count = len(ring)
    return (
        sum(
            ring[i][0] * ring[(i + 1) % count][1] - ring[(i + 1) % count][0] * ring[i][1]
            for i in range(count)
        )
        / 2.0
    )


def _oriented(ring: Ring, clockwise: bool) -> list[Sequence[float]]:
    is_clockwise = _planar_signed_area(ring) < 0
    return list(ring) if is_clockwise == clockwise else list(reversed(ring))


def rewind_for_d3(geometry: dict[str, Any]) -> dict[str, Any]:
    """Orient rings as d3-geo (and so plotly.js) expects: exteriors clockwise, holes not.

    GeoJSON (RFC 7946) prescribes the opposite; d3 reads a counter-clockwise exterior as
    "the whole globe except this shape" and paints the map solid.
    """
    polygons = [
        [_oriented(ring, clockwise=index == 0) for index, ring in enumerate(polygon)]
        for polygon in polygons_of(geometry)
    ]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _rounded_ring(ring: Ring, decimals: int) -> list[list[float]]:
    """The ring's positions rounded to `decimals`, without the repeats rounding makes."""
    out: list[list[float]] = []
    for position in ring:
        point = [round(float(position[0]), decimals), round(float(position[1]), decimals)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def map_geometry(geometry: dict[str, Any], tolerance: float, decimals: int) -> dict[str, Any]:
    """A boundary as maps draw it: simplified within `tolerance` degrees (shapes kept valid),
    positions rounded to `decimals`, rings oriented for d3 (`rewind_for_d3`).

    Rings that rounding leaves with fewer than 4 positions are dropped (a polygon with its
    exterior); a geometry shapely cannot simplify is only rounded.
    """
    simple = geometry
    if tolerance > 0:
        try:
            shape = shapely.geometry.shape(geometry).simplify(tolerance, preserve_topology=True)
            if not shape.is_empty:
                simple = shapely.geometry.mapping(shape)
        except (ShapelyError, ValueError):
            simple = geometry
    polygons = []
    for polygon in polygons_of(simple):
        rings = [_rounded_ring(ring, decimals) for ring in polygon]
        if len(rings[0]) >= 4:
            polygons.append([ring for ring in rings if len(ring) >= 4])
    return rewind_for_d3({"type": "MultiPolygon", "coordinates": polygons})
