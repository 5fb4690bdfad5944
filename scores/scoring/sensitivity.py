"""Variance-based sensitivity analysis of composite ranks (Sobol indices, Saltelli's sampler).

Four groups of assumptions are varied at once by Monte-Carlo (Saisana, Saltelli & Tarantola
2005; JRC COINr's ``get_sensitivity``): the **weights** (every indicator and dimension weight
multiplied by its own U(1 - j, 1 + j) factor), the **normalisation** (one method for every
indicator), the **aggregation** (arithmetic or geometric at both levels) and the
**missing-data rule** (skip and reweight, impute the indicator's mean, or impute its worst
value). For each unit the variance of its rank is attributed to the groups:

- first-order index S1 of a group: the share of the rank's variance that the group causes on
  its own (Saltelli et al. 2010, their eq. (b): ``mean(f_B (f_ABi - f_A)) / V``);
- total-effect index ST: the share it causes alone or together with the others (Jansen 1999:
  ``mean((f_A - f_ABi)^2) / 2V``).

Sampler (Saltelli 2002/2010): two N x k matrices A and B of a scrambled Sobol sequence of
dimension 2k (scipy.stats.qmc, seeded), k = indicators + dimensions + 3 factors; for each
group i, AB_i is A with the group's columns taken from B. The model is run on A, B and the
four AB_i: N (2 + 4) evaluations. N is rounded up to a power of two (Sobol balance).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import qmc

from .composite import collect_data, composite
from .normalization import normalize
from .ranking import rank
from .robustness import DEFAULT_NORMALIZATIONS, checked_options, draw_ranks, fallback
from .spec import AGGREGATIONS, validate_spec

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]

GROUPS: tuple[str, ...] = ("weights", "normalisation", "aggregation", "missing")
# What a missing value becomes: skipped with the weights renormalised over the present
# indicators (the engine's "reweight"), the indicator's mean normalised value, or its worst.
MISSING_CHOICES: tuple[str, ...] = ("reweight", "mean", "worst")
DEFAULT_N = 512


@dataclass(frozen=True)
class SensitivityResult:
    """Sobol indices of every unit's rank per group (groups, units) and its rank band.

    Indices are NaN for an unscored unit and for a unit whose rank never moves (no variance to
    attribute). The band is the 5th/50th/95th percentile of the rank over the 2N draws of A
    and B (independent draws of every assumption)."""

    groups: tuple[str, ...]
    first_order: FloatArray
    total: FloatArray
    p05_rank: FloatArray
    median_rank: FloatArray
    p95_rank: FloatArray
    base_rank: FloatArray
    n: int
    evaluations: int

    def mean_indices(self) -> tuple[FloatArray, FloatArray]:
        """Mean S1 and ST per group over the units whose rank varies (NaN if none does)."""
        with np.errstate(invalid="ignore"):
            return _nanmean(self.first_order), _nanmean(self.total)


def sobol_indices(
    f_a: FloatArray, f_b: FloatArray, f_ab: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """First-order (Saltelli 2010) and total-effect (Jansen 1999) indices.

    ``f_a`` and ``f_b`` are model outputs (N, outputs) on A and B, ``f_ab`` (groups, N, outputs)
    on each AB_i. Returns S1 and ST (groups, outputs), NaN where the output does not vary.
    Outputs are centred first (as SALib does), which lowers the first-order estimator's error."""
    both = np.concatenate([f_a, f_b])
    centre = both.mean(axis=0)
    f_a, f_b, f_ab = f_a - centre, f_b - centre, f_ab - centre
    variance = np.var(both, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.mean(f_b * (f_ab - f_a), axis=1) / variance
        total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=1) / variance
    flat = variance <= 1e-12
    first[:, flat] = np.nan
    total[:, flat] = np.nan
    return first, total


def saltelli_matrices(
    n: int, groups: Sequence[slice], seed: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A, B (N, k) from one scrambled Sobol sequence of dimension 2k, and AB (groups, N, k):
    A with each group's columns from B. N is ``n`` rounded up to a power of two."""
    k = max(part.stop for part in groups)
    sampler = qmc.Sobol(d=2 * k, scramble=True, rng=np.random.default_rng(seed))
    points = sampler.random_base2(int(np.ceil(np.log2(max(n, 2)))))
    a, b = points[:, :k], points[:, k:]
    ab = np.repeat(a[np.newaxis], len(groups), axis=0)
    for i, part in enumerate(groups):
        ab[i][:, part] = b[:, part]
    return a, b, ab


def rank_sensitivity(
    data: Mapping[str, ArrayLike],
    spec: Mapping[str, Any],
    n: int = DEFAULT_N,
    seed: int = 0,
    weight_jitter: float = 0.25,
    normalizations: Sequence[str] = DEFAULT_NORMALIZATIONS,
    aggregations: Sequence[str] = AGGREGATIONS,
    missing_rules: Sequence[str] = MISSING_CHOICES,
    progress: Progress | None = None,
) -> SensitivityResult:
    """Sobol indices of each unit's rank for the four groups of assumptions (module docstring).

    The spec's own missing-data rule is not enforced: it is one of the assumptions varied.
    Units with no indicator at all are left out (NaN). ``progress(done, total)`` is called
    after each of the 2 + 4 blocks of evaluations."""
    methods, schemes = checked_options(n, weight_jitter, normalizations, aggregations)
    rules = tuple(missing_rules)
    if not rules or any(rule not in MISSING_CHOICES for rule in rules):
        raise ValueError(f"missing_rules must be a non-empty subset of {list(MISSING_CHOICES)}")
    checked = validate_spec({**spec, "missing": "reweight"})
    base = composite(data, checked)
    scored = ~np.isnan(base.score)
    raw = {code: values[scored] for code, values in collect_data(data, checked).items()}
    entries = [ind for dimension in checked["dimensions"] for ind in dimension["indicators"]]
    members = _members(checked["dimensions"])
    stacks = _stacks(raw, entries, methods, rules)
    n_ind, n_dim = len(entries), len(members)
    groups = [
        slice(0, n_ind + n_dim),
        slice(n_ind + n_dim, n_ind + n_dim + 1),
        slice(n_ind + n_dim + 1, n_ind + n_dim + 2),
        slice(n_ind + n_dim + 2, n_ind + n_dim + 3),
    ]
    a, b, ab = saltelli_matrices(n, groups, seed)
    blocks = [a, b, *ab]
    indicator_base = np.array([e["weight"] for e in entries])
    dimension_base = np.array([d["weight"] for d in checked["dimensions"]])
    units = int(scored.sum())
    outputs = []
    for done, block in enumerate(blocks, start=1):
        factors = 1.0 - weight_jitter + 2.0 * weight_jitter * block[:, : n_ind + n_dim]
        method = _choose(block[:, n_ind + n_dim], len(methods))
        scheme = _choose(block[:, n_ind + n_dim + 1], len(schemes))
        rule = _choose(block[:, n_ind + n_dim + 2], len(rules))
        outputs.append(
            draw_ranks(
                stacks,
                method * len(rules) + rule,
                schemes,
                scheme,
                members,
                indicator_base * factors[:, :n_ind],
                dimension_base * factors[:, n_ind:],
                units,
            )
        )
        if progress is not None:
            progress(done, len(blocks))
    f_a, f_b = outputs[0], outputs[1]
    first, total = sobol_indices(f_a, f_b, np.stack(outputs[2:]))
    p05, median, p95 = np.percentile(np.concatenate([f_a, f_b]), [5, 50, 95], axis=0)
    base_rank = rank(base.score[scored]).astype(float)
    return SensitivityResult(
        groups=GROUPS,
        first_order=_expand(first, scored),
        total=_expand(total, scored),
        p05_rank=_expand(p05, scored),
        median_rank=_expand(median, scored),
        p95_rank=_expand(p95, scored),
        base_rank=_expand(base_rank, scored),
        n=a.shape[0],
        evaluations=a.shape[0] * len(blocks),
    )


def _members(dimensions: Sequence[Mapping[str, Any]]) -> list[slice]:
    """Each dimension's indicators as a slice of the indicators in spec order."""
    members, start = [], 0
    for dimension in dimensions:
        members.append(slice(start, start + len(dimension["indicators"])))
        start += len(dimension["indicators"])
    return members


def _stacks(
    raw: Mapping[str, FloatArray],
    entries: Sequence[Mapping[str, Any]],
    methods: Sequence[str],
    rules: Sequence[str],
) -> list[FloatArray]:
    """The normalised, imputed indicators for each (normalisation, missing rule) pair, in that
    order: they do not depend on the weights, so each pair is computed once."""
    return [
        _impute(
            np.stack([normalize(raw[e["code"]], e, fallback(method, e)) for e in entries]), rule
        )
        for method in methods
        for rule in rules
    ]


def _choose(u: FloatArray, options: int) -> NDArray[np.int64]:
    """The option a uniform [0, 1) factor picks among ``options`` equally likely ones."""
    return np.minimum((u * options).astype(np.int64), options - 1)


def _impute(values: FloatArray, rule: str) -> FloatArray:
    """Normalised indicators (indicators, units) with missing values treated by ``rule``."""
    if rule == "reweight":
        return values
    present = ~np.isnan(values)
    fill = np.zeros(values.shape[0])
    has = present.any(axis=1)
    if rule == "mean":
        fill[has] = np.nanmean(values[has], axis=1)
    else:  # worst: every normalisation maps "better" to higher values
        fill[has] = np.nanmin(values[has], axis=1)
    return np.where(present, values, fill[:, np.newaxis])


def _expand(values: FloatArray, scored: NDArray[np.bool_]) -> FloatArray:
    """``values`` over the scored units (last axis) placed among all units, NaN elsewhere."""
    out = np.full((*values.shape[:-1], scored.size), np.nan)
    out[..., scored] = values
    out.flags.writeable = False
    return out


def _nanmean(values: FloatArray) -> FloatArray:
    counts = (~np.isnan(values)).sum(axis=1)
    sums = np.nansum(values, axis=1)
    return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
