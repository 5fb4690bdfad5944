"""Models of the participation domain, one module per noun."""

from participation.models.calendars import CalendarToken
from participation.models.critiques import Critique
from participation.models.experiences import Experience, ExperienceAttachment, ExperienceResult
from participation.models.investments import Investment, InvestmentEvent
from participation.models.meetings import Commitment, Meeting, MeetingSeries
from participation.models.stakeholders import Engagement, Stakeholder

__all__ = [
    "CalendarToken",
    "Commitment",
    "Critique",
    "Engagement",
    "Experience",
    "ExperienceAttachment",
    "ExperienceResult",
    "Investment",
    "InvestmentEvent",
    "Meeting",
    "MeetingSeries",
    "Stakeholder",
]
