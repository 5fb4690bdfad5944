"""Models of the counties domain, one module per noun."""

from counties.models.geography import Area, County, Province
from counties.models.imports import ImportJob
from counties.models.indicators import Dimension, Indicator, Observation
from counties.models.scores import (
    CoverageShortfall,
    Methodology,
    Score,
    ScoreDecomposition,
    ScorePeriod,
    ScoreRun,
)

__all__ = [
    "Area",
    "County",
    "CoverageShortfall",
    "Dimension",
    "ImportJob",
    "Indicator",
    "Methodology",
    "Observation",
    "Province",
    "Score",
    "ScoreDecomposition",
    "ScorePeriod",
    "ScoreRun",
]
