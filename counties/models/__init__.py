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
from counties.models.scores import (
    CoverageShortfall,
    Methodology,
    Score,
    ScoreDecomposition,
    ScorePeriod,
    ScoreRun,
)

__all__ = [
    "ActionPlan",
    "Area",
    "County",
    "CoverageShortfall",
    "Dimension",
    "Evidence",
    "FlagshipProject",
    "ImportJob",
    "Indicator",
    "Methodology",
    "Milestone",
    "Observation",
    "PlanAction",
    "PlanTarget",
    "ProgressUpdate",
    "ProjectFeedback",
    "ProjectKPI",
    "Province",
    "Score",
    "ScoreDecomposition",
    "ScorePeriod",
    "ScoreRun",
]
