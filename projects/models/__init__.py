"""Models of flagship projects and action plans, one module per noun."""

from projects.models.plans import ActionPlan, PlanAction, PlanTarget
from projects.models.projects import (
    Evidence,
    FlagshipProject,
    Milestone,
    ProgressUpdate,
    ProjectFeedback,
    ProjectKPI,
)

__all__ = [
    "ActionPlan",
    "Evidence",
    "FlagshipProject",
    "Milestone",
    "PlanAction",
    "PlanTarget",
    "ProgressUpdate",
    "ProjectFeedback",
    "ProjectKPI",
]
