"""The county page's two small maps drawn on the server as inline SVG: the county among the
counties of its province, and the county's areas over its outline.

Neither map needs what plotly.js brings (zoom, colour scales, a projection at run time): drawn
here, the county page loads no plotly.js at all (1.6 MB, 430-530 KB compressed, was 80% of a
cold load). The shapes are projected as the plotly maps project them (Mercator, fitted to the
shapes), simplified to under half a pixel and rounded to whole units of a drawing 1,000 units
across, so a province of 30 counties weighs a few kilobytes of the page. The drawing of a level
is built once per version of its boundaries (counties.boundaries) and cached; names, colours
and hover texts are put on per page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import shapely.geometry
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from shapely.errors import ShapelyError

from counties.boundaries import boundary_version
from counties.charts import number_texts
from counties.models import Area, County

# The same colours as the plotly maps (counties.charts): Okabe-Ito vermilion on a light grey.
HIGHLIGHT = "#D55E00"
NEUTRAL = "#CFD8DC"
COUNTY_OUTLINE = "#F1F4F5"
SIZE = 1000  # the longer side of the drawing, in viewBox units
PAD = 6  # room for the borders at the drawing's edge
TOLERANCE = 1.0  # simplification, in viewBox units: under half a pixel at a 450-px-wide map
CACHE_SECONDS = 7 * 24 * 3600  # drawings are keyed by their boundaries' version: nothing expires
# Raise it whenever what a cached drawing holds changes.
FORMAT = 1


@dataclass(frozen=True)
class Shape:
    """One place of a map: its SVG path, fill colour and hover text."""

    path: str
    fill: str
    title: str
    code: str = ""
    outline: bool = False
    marked: bool = False  # drawn hatched with a dark border too (deprived: not by colour alone)


@dataclass(frozen=True)
class SvgMap:
    """A map to place inline: a viewBox `width` x `height`, its shapes in drawing order and the
    legend's (colour, label) entries."""

    width: int
    height: int
    shapes: list[Shape]
    legend: list[tuple[str, str]]
    marked_label: str = ""  # the legend's entry of the hatched (marked) shapes, when any


def _mercator(coords: np.ndarray) -> np.ndarray:
    """Longitude/latitude in degrees as Mercator x/y (y growing southward, as SVG's does)."""
    lon = coords[:, 0]
    lat = np.clip(coords[:, 1], -85.0, 85.0)
    y = np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))
    return np.column_stack([lon, -y])


def _shape(geometry: dict[str, Any] | None) -> Any:
    if not geometry:
        return None
    try:
        shape = shapely.transform(shapely.geometry.shape(geometry), _mercator)
    except (ShapelyError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return None if shape.is_empty else shape


def _rings(shape: Any) -> Iterable[Any]:
    for polygon in getattr(shape, "geoms", [shape]):
        if polygon.geom_type != "Polygon":
            continue
        yield polygon.exterior
        yield from polygon.interiors


def _path(shape: Any) -> str:
    """The shape as SVG path data in whole viewBox units (rings too small to see dropped)."""
    parts = []
    for ring in _rings(shape):
        points: list[tuple[int, int]] = []
        for x, y in np.rint(np.asarray(ring.coords)[:, :2]).astype(int).tolist():
            if not points or points[-1] != (x, y):
                points.append((x, y))
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(set(points)) < 3:
            continue
        (x0, y0), rest = points[0], points[1:]
        parts.append(f"M{x0} {y0}L" + " ".join(f"{x} {y}" for x, y in rest) + "Z")
    return "".join(parts)


def drawing(geometries: dict[str, dict[str, Any] | None]) -> tuple[int, int, dict[str, str]]:
    """(width, height, path of each key) of the geometries fitted into one drawing whose longer
    side is SIZE units; keys without a usable geometry are left out."""
    shapes = {key: s for key, g in geometries.items() if (s := _shape(g)) is not None}
    if not shapes:
        return SIZE, SIZE // 2, {}
    west, north, east, south = _bounds(shapes.values())
    span = max(east - west, south - north) or 1.0
    scale = (SIZE - 2 * PAD) / span
    width = math.ceil((east - west) * scale) + 2 * PAD
    height = math.ceil((south - north) * scale) + 2 * PAD

    def fit(coords: np.ndarray) -> np.ndarray:
        return (coords - [west, north]) * scale + PAD

    paths = {}
    for key, shape in shapes.items():
        fitted = shapely.transform(shape, fit).simplify(TOLERANCE, preserve_topology=True)
        path = _path(fitted)
        if path:
            paths[key] = path
    return width, height, paths


def _bounds(shapes: Iterable[Any]) -> tuple[float, float, float, float]:
    boxes = np.array([s.bounds for s in shapes])
    return boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()


def county_location_map(county: County, version: str | None = None) -> SvgMap | None:
    """The county highlighted among the counties of its province (None when it has no
    boundary). The province's drawing and names are built once per `version` of its counties'
    boundaries (read when not given: one query)."""
    code = county.province.code
    version = version or boundary_version("province-counties", code)
    key = f"svg-province:{FORMAT}:{code}:{version}"
    width, height, places = cache.get_or_set(  # type: ignore[misc]
        key, lambda: _province_drawing(county.province_id), CACHE_SECONDS
    )
    if county.code not in places:
        return None
    english = get_language() == "en"
    shapes = [
        Shape(path, NEUTRAL, names[english], place)
        for place, (path, names) in places.items()
        if place != county.code
    ]
    path, names = places[county.code]
    shapes.append(Shape(path, HIGHLIGHT, names[english], county.code))  # on top of the others
    return SvgMap(width, height, shapes, [])


def _province_drawing(province_id: int) -> tuple[int, int, dict[str, tuple[str, tuple[str, str]]]]:
    rows = list(
        County.objects.filter(province_id=province_id, geometry__isnull=False)
        .order_by("code")
        .values_list("code", "geometry", "name_fa", "name_en")
    )
    width, height, paths = drawing({code: geometry for code, geometry, _fa, _en in rows})
    names = {code: (fa or en, en or fa) for code, _g, fa, en in rows}  # as County.name reads
    return width, height, {code: (path, names[code]) for code, path in paths.items()}


def _has_boundary(place: County | Area) -> bool:
    """Whether the place has a boundary: its `has_boundary` annotation when its geometry was
    not loaded (the county page defers it), else its geometry."""
    annotated = getattr(place, "has_boundary", None)
    return bool(place.geometry) if annotated is None else bool(annotated)


def area_map(
    county: County,
    areas: Sequence[Area],
    outline: str | None = None,
    fills: Mapping[int, tuple[str, str]] | None = None,
    legend: Sequence[tuple[str, str]] = (),
) -> SvgMap | None:
    """The county's areas that have a boundary over the county's own outline; None when no area
    has a boundary. Without `fills`, deprived ones are highlighted (named in the legend); with
    `fills` (area pk → (colour, text added to its hover title)), each area takes its colour
    (NEUTRAL when it has none), deprived ones are hatched and outlined, and `legend` is the
    map's. Drawn once per version of the county's areas and of its province's counties
    (`outline`, read when not given); the geometries are read only then, two queries."""
    drawn = [a for a in areas if _has_boundary(a)]
    if not drawn:
        return None
    version = boundary_version("areas", county.code)
    outline = outline or boundary_version("province-counties", county.province.code)
    key = f"svg-areas:{FORMAT}:{county.code}:{version}:{outline}"

    def build() -> tuple[int, int, dict[str, str]]:
        own = County.objects.filter(pk=county.pk).values_list("geometry", flat=True)
        geometries: dict[str, dict[str, Any] | None] = {"": own.first()}
        shapes = Area.objects.filter(pk__in=[a.pk for a in drawn]).values_list("pk", "geometry")
        geometries.update({str(pk): geometry for pk, geometry in shapes})
        return drawing(geometries)

    width, height, paths = cache.get_or_set(key, build, CACHE_SECONDS)  # type: ignore[misc]
    shapes = []
    if "" in paths:
        shapes.append(Shape(paths[""], COUNTY_OUTLINE, county.name, outline=True))
    titles = _area_titles(drawn, fills)
    if fills is not None:
        return _filled_areas(width, height, shapes, drawn, paths, titles, fills, legend)
    legend_entries = []
    for deprived, colour, name in (
        (False, NEUTRAL, _("other areas")),
        (True, HIGHLIGHT, _("deprived")),
    ):
        group = [a for a in drawn if a.is_deprived == deprived]
        for area in group:
            if str(area.pk) in paths:
                shapes.append(
                    Shape(paths[str(area.pk)], colour, titles[area.pk], f"area-{area.pk}")
                )
        if group:
            legend_entries.append((colour, str(name)))
    return SvgMap(width, height, shapes, legend_entries)


def _area_titles(
    drawn: Sequence[Area], fills: Mapping[int, tuple[str, str]] | None
) -> dict[int, str]:
    """Each area's hover title: its name, kind, population and (with `fills`) its text."""
    populations = number_texts([a.population for a in drawn], 0, get_language())
    titles = {}
    for area, population in zip(drawn, populations, strict=True):
        parts = [area.name, str(area.get_kind_display())]
        if area.population is not None:
            parts.append(_("population %(n)s") % {"n": population})
        if fills is not None and area.pk in fills and fills[area.pk][1]:
            parts.append(fills[area.pk][1])
        titles[area.pk] = " · ".join(parts)
    return titles


def _filled_areas(
    width: int,
    height: int,
    shapes: list[Shape],
    drawn: Sequence[Area],
    paths: Mapping[str, str],
    titles: Mapping[int, str],
    fills: Mapping[int, tuple[str, str]],
    legend: Sequence[tuple[str, str]],
) -> SvgMap:
    """The areas each in its own colour (NEUTRAL without one), deprived ones hatched."""
    for area in drawn:
        if str(area.pk) in paths:
            colour = fills[area.pk][0] if area.pk in fills else NEUTRAL
            shapes.append(
                Shape(
                    paths[str(area.pk)],
                    colour,
                    titles[area.pk],
                    f"area-{area.pk}",
                    marked=area.is_deprived,
                )
            )
    marked = str(_("deprived")) if any(a.is_deprived for a in drawn) else ""
    return SvgMap(width, height, shapes, list(legend), marked)
