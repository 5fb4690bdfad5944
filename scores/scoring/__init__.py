"""Pure-numpy scoring engine for Tavazon: composite indices, inequality, planners' rankings.

No Django imports here: the Django layer turns observations into arrays and calls these.
See docs/methodology.md for every formula and convention.
"""

from __future__ import annotations

from .aggregation import GEOMETRIC_FLOOR, aggregate
from .completeness import PeriodCompleteness, period_completeness, ranked_mask
from .composite import CompositeResult, composite
from .convergence import (
    BetaConvergence,
    Dispersion,
    beta_convergence,
    dispersion,
    half_life,
    implied_speed,
    log_sd,
)
from .errors import DataError, MissingDataError, SpecError
from .inequality import (
    TheilDecomposition,
    atkinson,
    gini,
    theil_decomposition,
    theil_l,
    theil_t,
    williamson,
)
from .methods import effective_weights, index
from .normalization import goalposts, minmax, normalize, percentile_rank, target, zscore
from .planners import hellwig_taxonomy, morris_index, topsis
from .ranking import NO_TIER, quantile_tiers, rank
from .robustness import DEFAULT_NORMALIZATIONS, RobustnessResult, rank_robustness
from .sensitivity import GROUPS, SensitivityResult, rank_sensitivity, sobol_indices
from .spec import (
    AGGREGATIONS,
    DIRECTIONS,
    METHODS,
    MISSING_RULES,
    NORMALIZATIONS,
    PLANNERS_METHODS,
    TRANSFORMS,
    validate_spec,
)

__all__ = [
    "AGGREGATIONS",
    "DEFAULT_NORMALIZATIONS",
    "DIRECTIONS",
    "GEOMETRIC_FLOOR",
    "GROUPS",
    "METHODS",
    "MISSING_RULES",
    "NORMALIZATIONS",
    "NO_TIER",
    "PLANNERS_METHODS",
    "TRANSFORMS",
    "BetaConvergence",
    "CompositeResult",
    "DataError",
    "Dispersion",
    "MissingDataError",
    "PeriodCompleteness",
    "RobustnessResult",
    "SensitivityResult",
    "SpecError",
    "TheilDecomposition",
    "aggregate",
    "atkinson",
    "beta_convergence",
    "composite",
    "dispersion",
    "effective_weights",
    "gini",
    "goalposts",
    "half_life",
    "hellwig_taxonomy",
    "implied_speed",
    "index",
    "log_sd",
    "minmax",
    "morris_index",
    "normalize",
    "percentile_rank",
    "period_completeness",
    "quantile_tiers",
    "rank",
    "rank_robustness",
    "rank_sensitivity",
    "ranked_mask",
    "sobol_indices",
    "target",
    "theil_decomposition",
    "theil_l",
    "theil_t",
    "topsis",
    "validate_spec",
    "williamson",
    "zscore",
]
