"""Models of the counties domain, one module per noun."""

from counties.models.geography import Area, County, Province
from counties.models.imports import ImportJob
from counties.models.indicators import Dimension, Indicator, Observation
from counties.models.plans import ActionPlan, PlanAction, PlanTarget
from counties.models.projects import (
    Evidence,
    FlagshipProject,
    Milestone,
    ProgressUpdate,
    ProjectFeedback,
    ProjectKPI,
)

__all__ = [
    "ActionPlan",
    "Area",
    "County",
    "Dimension",
    "Evidence",
    "FlagshipProject",
    "ImportJob",
    "Indicator",
    "Milestone",
    "Observation",
    "PlanAction",
    "PlanTarget",
    "ProgressUpdate",
    "ProjectFeedback",
    "ProjectKPI",
    "Province",
]
