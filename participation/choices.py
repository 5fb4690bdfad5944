"""Choices of the participation domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StakeholderType(models.TextChoices):
    """The "middle rings" of the speech (point 9) plus critics, investors and entrepreneurs."""

    PARTY = "party", _("Political party")
    MEDIA = "media", _("Media")
    REFERENCE_GROUP = "reference_group", _("Reference group")
    LOCAL_TRUSTEE = "local_trustee", _("Local trustee")
    PROMINENT_FIGURE = "prominent_figure", _("Prominent figure")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    CRITIC = "critic", _("Critic")
    INVESTOR = "investor", _("Investor")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    OTHER = "other", _("Other")


# Coverage counts these nine types; "other" never raises or lowers it.
COVERAGE_TYPES: tuple[str, ...] = tuple(t for t in StakeholderType.values if t != "other")
COVERAGE_DAYS = 90


class EngagementKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CONSULTATION = "consultation", _("Consultation")
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")


class MeetingKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    CONSULTATION = "consultation", _("Consultation")
    CONFERENCE = "conference", _("Conference")
    PUBLIC_HEARING = "public_hearing", _("Public hearing")


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


PERIODICITY_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_COMMITMENT_STATUSES: tuple[str, ...] = ("open", "in_progress")


class CritiqueSource(models.TextChoices):
    STAKEHOLDER = "stakeholder", _("A stakeholder")
    CITIZEN = "citizen", _("A citizen")


class CritiqueChannel(models.TextChoices):
    MEETING = "meeting", _("In a meeting")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRESS = "press", _("Press")
    PUBLIC_FEEDBACK = "public_feedback", _("Public feedback form")
    OTHER = "other", _("Other")


class CritiqueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    ACTED_ON = "acted_on", _("Acted on")
    DECLINED = "declined", _("Declined")


# Statuses a critique may be given together with a response.
RESPONSE_STATUSES: tuple[str, ...] = ("answered", "acted_on", "declined")
PUBLISHABLE_STATUSES: tuple[str, ...] = ("answered", "acted_on")


class InvestmentStage(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEETING = "meeting", _("Meeting")
    AGREEMENT = "agreement", _("Agreement (MoU)")
    PERMITS = "permits", _("Permits")
    INVESTING = "investing", _("Investing")
    OPERATING = "operating", _("Operating")
    DROPPED = "dropped", _("Dropped")


# The pipeline in order; "dropped" leaves it from any stage but the last.
PIPELINE: tuple[str, ...] = ("lead", "meeting", "agreement", "permits", "investing", "operating")
# An investment "converts" once it reaches this stage (money is being put in).
CONVERTED_FROM = "investing"


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    MINING = "mining", _("Mining")
    TOURISM = "tourism", _("Tourism")
    SERVICES = "services", _("Services")
    ENERGY = "energy", _("Energy")
    ICT = "ict", _("Information technology")
    CONSTRUCTION = "construction", _("Construction")
    TRANSPORT = "transport", _("Transport and logistics")
    WASTE = "waste", _("Waste and recycling")
    OTHER = "other", _("Other")


class ExperienceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
