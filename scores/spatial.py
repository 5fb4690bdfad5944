"""Spatial autocorrelation of county scores (no Django): global Moran's I (Moran 1950) and local
indicators of spatial association, LISA (Anselin 1995), computed by PySAL's `esda` over
`libpysal` weights from a neighbour list (counties.contiguity). docs/methodology.md, "Spatial
clusters", says what they mean.

The statistics are PySAL's own; this module only wires them: which counties take part, the
row-standardised weights, seeded permutations and the categories at the significance level.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import esda
import libpysal
import numpy as np

# Pseudo p-values from 999 conditional permutations can be as small as 1/1000; a fixed seed
# makes every page, CSV and test show the same p-values for the same scores.
PERMUTATIONS = 999
SEED = 1995
SIGNIFICANCE = 0.05


class Quadrant(StrEnum):
    """A county's LISA category: its score high or low, its neighbours' mean high or low."""

    HIGH_HIGH = "HH"
    LOW_LOW = "LL"
    HIGH_LOW = "HL"
    LOW_HIGH = "LH"
    NOT_SIGNIFICANT = "NS"


# esda's Moran_Local.q: 1 high-high, 2 low-high, 3 low-low, 4 high-low.
_ESDA_QUADRANTS = {
    1: Quadrant.HIGH_HIGH,
    2: Quadrant.LOW_HIGH,
    3: Quadrant.LOW_LOW,
    4: Quadrant.HIGH_LOW,
}


@dataclass(frozen=True)
class GlobalMoran:
    """Moran's I, its expectation under no autocorrelation, and its permutation z and p."""

    i: float
    expected: float
    z: float
    p: float


@dataclass(frozen=True)
class Local:
    """One county's local Moran's I, pseudo p-value and category."""

    i: float
    p: float
    quadrant: Quadrant


@dataclass(frozen=True)
class Autocorrelation:
    """The global and local statistics, by county key; `isolated` are the counties with a
    value but no neighbour with one (left out: a statistic of neighbours needs neighbours)."""

    moran: GlobalMoran | None
    local: dict[str, Local]
    isolated: list[str] = field(default_factory=list)
    permutations: int = PERMUTATIONS
    significance: float = SIGNIFICANCE


def weights(neighbours: Mapping[str, Sequence[str]]) -> libpysal.weights.W:
    """Row-standardised libpysal weights of a neighbour list, in the order of its keys."""
    ids = list(neighbours)
    w = libpysal.weights.W(
        {k: list(v) for k, v in neighbours.items()}, id_order=ids, silence_warnings=True
    )
    w.transform = "r"
    return w


def participating(
    values: Mapping[str, float], neighbours: Mapping[str, Sequence[str]]
) -> tuple[dict[str, list[str]], list[str]]:
    """The neighbour list restricted to counties with a value (keys sorted), and the counties
    with a value left without a neighbour that has one (sorted)."""
    keys = sorted(k for k in values if k in neighbours)
    kept = set(keys)
    near = {k: [n for n in neighbours[k] if n in kept] for k in keys}
    isolated = sorted(k for k, found in near.items() if not found)
    return {k: found for k, found in near.items() if found}, isolated


def autocorrelation(
    values: Mapping[str, float],
    neighbours: Mapping[str, Sequence[str]],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    significance: float = SIGNIFICANCE,
) -> Autocorrelation:
    """Global Moran's I and LISA of `values` (county key -> score) over Queen `neighbours`
    (removing an isolated county leaves no other isolated: it neighboured none)."""
    near, isolated = participating(values, neighbours)
    y = np.array([float(values[k]) for k in near])
    if len(near) < 3 or not np.ptp(y):
        return Autocorrelation(None, {}, isolated, permutations, significance)
    w = weights(near)
    # esda.Moran draws its permutations from numpy's global generator: seed it for this call
    # only, and give the process its state back.
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        moran = esda.Moran(y, w, permutations=permutations)
    finally:
        np.random.set_state(state)
    with warnings.catch_warnings():
        # esda 2.9 announces that a later release will test two-sided by default; this one
        # (pinned) folds the p-value toward the observed side, as GeoDa does (docs say so).
        warnings.filterwarnings("ignore", "The alternative hypothesis", DeprecationWarning)
        lisa = esda.Moran_Local(y, w, permutations=permutations, seed=seed, keep_simulations=False)
    local = {
        key: Local(
            float(lisa.Is[n]),
            float(lisa.p_sim[n]),
            _ESDA_QUADRANTS[int(lisa.q[n])]
            if lisa.p_sim[n] <= significance
            else Quadrant.NOT_SIGNIFICANT,
        )
        for n, key in enumerate(near)
    }
    overall = GlobalMoran(float(moran.I), float(moran.EI), float(moran.z_sim), float(moran.p_sim))
    return Autocorrelation(overall, local, isolated, permutations, significance)


def clusters(keys: Sequence[str], neighbours: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The connected groups of `keys` over `neighbours` (each sorted; largest first, then by
    first key): libpysal's connected components of the neighbour graph among `keys`."""
    chosen = sorted(set(keys))
    if not chosen:
        return []
    inside = set(chosen)
    near = {k: [n for n in neighbours.get(k, []) if n in inside] for k in chosen}
    w = libpysal.weights.W(near, id_order=chosen, silence_warnings=True)
    groups: dict[int, list[str]] = {}
    for key, label in zip(chosen, w.component_labels.tolist(), strict=True):
        groups.setdefault(int(label), []).append(key)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
