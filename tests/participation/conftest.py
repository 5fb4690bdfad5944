"""A county A with one record of every participation kind, each carrying private contacts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from participation import services
from participation.models import (
    Critique,
    Experience,
    Investment,
    Meeting,
    Stakeholder,
)
from tests.participation import factories as f


@dataclass
class Records:
    stakeholder: Stakeholder
    meeting: Meeting
    critique: Critique
    investment: Investment
    experience: Experience
    other_stakeholder: Stakeholder


@pytest.fixture
def records(world) -> Records:
    county = world.county_a
    stakeholder = f.stakeholder(county)
    services.record_engagement(
        stakeholder, date=f.days_ago(3), kind="meeting", topic="Jobs plan", challenge=f.challenge()
    )
    council = f.series(county)
    meeting = f.held_meeting(
        county,
        f.days_ago(60),
        [("Open a one-stop desk", "Deputy governor", f.days_ago(10))],
        council,
    )
    critique = f.critique(county)
    services.answer_critique(
        critique,
        response="Night collection started.",
        status="acted_on",
        responded_on=f.days_ago(20),
        is_publishable=True,
        public_summary="Late waste collection",
    )
    investment = f.investment(county)
    experience = f.experience(county)
    other = f.stakeholder(world.county_b, name="County B media", type="media")
    return Records(stakeholder, meeting, critique, investment, experience, other)
