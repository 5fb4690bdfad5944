"""Monte-Carlo uncertainty analysis of composite ranks (Saisana, Saltelli & Tarantola 2005)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .aggregation import aggregate
from .composite import collect_data, composite
from .normalization import normalize
from .ranking import rank, rank_rows
from .spec import AGGREGATIONS, BOUNDED_NORMALIZATIONS, NORMALIZATIONS, validate_spec

FloatArray = NDArray[np.float64]

DEFAULT_NORMALIZATIONS: tuple[str, ...] = ("minmax", "goalposts", "rank")


@dataclass(frozen=True)
class RobustnessResult:
    """Rank distribution per unit over ``n`` draws (rank 1 = best; NaN for unscored units)."""

    median_rank: FloatArray
    p05_rank: FloatArray
    p95_rank: FloatArray
    base_rank: FloatArray
    n: int


def rank_robustness(
    data: Mapping[str, ArrayLike],
    spec: Mapping[str, Any],
    n: int = 500,
    seed: int = 0,
    weight_jitter: float = 0.25,
    normalizations: Sequence[str] = DEFAULT_NORMALIZATIONS,
    aggregations: Sequence[str] = AGGREGATIONS,
) -> RobustnessResult:
    """Seeded Monte-Carlo of ranks under perturbed weights, normalisation and aggregation.

    Each draw multiplies every indicator and dimension weight by an independent U(1 - j, 1 + j)
    factor, picks one normalisation for all indicators ("goalposts" falls back to "minmax" for an
    indicator without min/max, "target" to "minmax" without a target) and one aggregation used
    at both levels. Units whose base score is NaN are excluded and get NaN ranks.
    """
    methods, schemes = checked_options(n, weight_jitter, normalizations, aggregations)

    # Validates spec and data and enforces the spec's missing-data rule once, up front.
    base = composite(data, spec)
    checked = validate_spec(spec)
    raw = collect_data(data, checked)
    entries = [ind for dimension in checked["dimensions"] for ind in dimension["indicators"]]

    # Normalisation does not depend on the weights, so each candidate is computed once.
    normalized = {
        method: np.stack([normalize(raw[e["code"]], e, fallback(method, e)) for e in entries])
        for method in set(methods)
    }
    draws = _Draws.make(checked, entries, methods, schemes, n, seed, weight_jitter)
    ranks = draws.ranks(normalized, units=base.score.size)

    unscored = np.isnan(base.score)
    ranks[:, unscored] = np.nan
    p05, median, p95 = np.percentile(ranks, [5, 50, 95], axis=0)
    base_rank = rank(base.score).astype(float)
    base_rank[unscored] = np.nan
    for array in (median, p05, p95, base_rank):
        array.flags.writeable = False
    return RobustnessResult(
        median_rank=median, p05_rank=p05, p95_rank=p95, base_rank=base_rank, n=int(n)
    )


def checked_options(
    n: int, weight_jitter: float, normalizations: Sequence[str], aggregations: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The normalisations and aggregations to draw from, once the arguments are checked."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not 0 <= weight_jitter < 1:
        raise ValueError(f"weight_jitter must be in [0, 1), got {weight_jitter!r}")
    methods = _options(normalizations, NORMALIZATIONS, "normalizations")
    schemes = _options(aggregations, AGGREGATIONS, "aggregations")
    if "geometric" in schemes and not set(methods) <= BOUNDED_NORMALIZATIONS:
        raise ValueError('"zscore" cannot be drawn together with "geometric" aggregation')
    return methods, schemes


@dataclass(frozen=True)
class _Draws:
    """The ``n`` seeded draws: a normalisation and an aggregation index, and jittered weights."""

    methods: tuple[str, ...]
    schemes: tuple[str, ...]
    members: list[slice]  # each dimension's rows among the indicators
    method_draw: NDArray[np.int64]
    scheme_draw: NDArray[np.int64]
    indicator_weights: FloatArray  # (n, indicators)
    dimension_weights: FloatArray  # (n, dimensions)

    @classmethod
    def make(
        cls,
        checked: Mapping[str, Any],
        entries: list[Mapping[str, Any]],
        methods: tuple[str, ...],
        schemes: tuple[str, ...],
        n: int,
        seed: int,
        weight_jitter: float,
    ) -> _Draws:
        members, start = [], 0
        for dimension in checked["dimensions"]:
            members.append(slice(start, start + len(dimension["indicators"])))
            start += len(dimension["indicators"])
        # The order of the draws is part of the result for a seed: keep it.
        rng = np.random.default_rng(seed)
        method_draw = rng.integers(len(methods), size=n)
        scheme_draw = rng.integers(len(schemes), size=n)
        low, high = 1.0 - weight_jitter, 1.0 + weight_jitter
        indicator_weights = np.array([e["weight"] for e in entries]) * rng.uniform(
            low, high, size=(n, len(entries))
        )
        dimension_weights = np.array([d["weight"] for d in checked["dimensions"]]) * rng.uniform(
            low, high, size=(n, len(members))
        )
        return cls(
            methods,
            schemes,
            members,
            method_draw,
            scheme_draw,
            indicator_weights,
            dimension_weights,
        )

    def ranks(self, normalized: Mapping[str, FloatArray], units: int) -> FloatArray:
        """Each draw's ranks of the units, (n, units), from the normalised indicators."""
        stacks = [normalized[method] for method in self.methods]
        return draw_ranks(
            stacks,
            self.method_draw,
            self.schemes,
            self.scheme_draw,
            self.members,
            self.indicator_weights,
            self.dimension_weights,
            units,
        )


def draw_ranks(
    stacks: Sequence[FloatArray],
    stack_draw: NDArray[np.int64],
    schemes: Sequence[str],
    scheme_draw: NDArray[np.int64],
    members: Sequence[slice],
    indicator_weights: FloatArray,
    dimension_weights: FloatArray,
    units: int,
) -> FloatArray:
    """Ranks (n, units) of n draws: draw d aggregates the normalised indicators
    ``stacks[stack_draw[d]]`` (indicators, units) with its weights (rows of
    ``indicator_weights`` and ``dimension_weights``) and ``schemes[scheme_draw[d]]`` at both
    levels; ``members`` are each dimension's rows among the indicators."""
    ranks = np.empty((stack_draw.size, units), dtype=float)
    for m, values in enumerate(stacks):
        for s, scheme in enumerate(schemes):
            draws = np.flatnonzero((stack_draw == m) & (scheme_draw == s))
            if draws.size == 0:
                continue
            dims = np.stack(
                [
                    aggregate(values[part], indicator_weights[draws][:, part], scheme)
                    for part in members
                ],
                axis=1,
            )
            scores = aggregate(dims, dimension_weights[draws], scheme)
            ranks[draws] = rank_rows(scores)
    return ranks


def fallback(method: str, indicator: Mapping[str, Any]) -> str:
    """Use ``method`` if the indicator has the parameters it needs, else observed min-max."""
    if method == "goalposts" and (indicator["min"] is None or indicator["max"] is None):
        return "minmax"
    if method == "target" and indicator["target"] is None:
        return "minmax"
    return method


def _options(chosen: Sequence[str], allowed: Sequence[str], name: str) -> tuple[str, ...]:
    items = (chosen,) if isinstance(chosen, str) else tuple(chosen)
    if not items:
        raise ValueError(f"{name} must not be empty")
    for item in items:
        if item not in allowed:
            raise ValueError(f"{name}: unknown option {item!r}; choose from {list(allowed)}")
    return items
