"""Which places border which, from their GeoJSON boundaries (no Django): the contiguity the
spatial statistics use (scores.spatial, dashboards.clusters).

Queen contiguity: two places are neighbours when their boundaries share at least one point (an
edge or a corner). GEOS answers it (shapely's STRtree with the `intersects` predicate) rather
than libpysal's `Queen.from_iterable`, which matches shared *vertices* only: boundaries drawn
separately meet at T-junctions (a corner of one on an edge of another) that share no vertex,
and simplification moves vertices apart. On the Iranian county boundaries both find the same
1,318 pairs; on hand-made squares (tests) both agree too. The neighbours are then handed to
libpysal as a `W`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import shapely
import shapely.geometry
from shapely.errors import ShapelyError
from shapely.strtree import STRtree

from counties.geometry import geometry_problem


@dataclass(frozen=True)
class Contiguity:
    """Each place's neighbours (by key, sorted), and the places left out for want of a usable
    boundary (`unusable`, sorted)."""

    neighbours: dict[str, list[str]]
    unusable: list[str] = field(default_factory=list)

    @property
    def islands(self) -> list[str]:
        """Places with a boundary but no neighbour (an island, or a gap all round)."""
        return sorted(key for key, near in self.neighbours.items() if not near)


def queen_contiguity(boundaries: Mapping[str, Any]) -> Contiguity:
    """Queen neighbours of the places `boundaries` maps (key -> GeoJSON Polygon or
    MultiPolygon, or None); a place without a usable boundary is listed in `unusable`."""
    keys: list[str] = []
    shapes: list[Any] = []
    unusable: list[str] = []
    for key, geometry in boundaries.items():
        shape = _shape(geometry)
        if shape is None:
            unusable.append(key)
        else:
            keys.append(key)
            shapes.append(shape)
    near: dict[str, set[str]] = {key: set() for key in keys}
    if shapes:
        left, right = STRtree(shapes).query(shapes, predicate="intersects")
        for i, j in zip(left.tolist(), right.tolist(), strict=True):
            if i != j:
                near[keys[i]].add(keys[j])
    return Contiguity({key: sorted(found) for key, found in near.items()}, sorted(unusable))


def _shape(geometry: Any) -> Any:
    """The shapely shape of a boundary (repaired when self-intersecting), or None."""
    if geometry_problem(geometry) is not None:
        return None
    try:
        shape = shapely.geometry.shape(geometry)
        if not shape.is_valid:
            shape = shapely.make_valid(shape)
    except (ShapelyError, ValueError, TypeError):
        return None
    return None if shape.is_empty else shape
