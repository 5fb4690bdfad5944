"""Models of the counties domain, one module per noun."""

from counties.models.geography import Area, County, Province
from counties.models.imports import ImportJob
from counties.models.indicators import Dimension, Indicator, Observation

__all__ = [
    "Area",
    "County",
    "Dimension",
    "ImportJob",
    "Indicator",
    "Observation",
    "Province",
]
