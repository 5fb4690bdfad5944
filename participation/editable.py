"""The fields people write on a participation record, in one place for the record's form (the
pages) and its serializer (the API), so that both offer the same fields in the same order."""

from __future__ import annotations

# Who a stakeholder is and what it cares about (its contacts are STAKEHOLDER_CONTACT_FIELDS).
STAKEHOLDER_PROFILE_FIELDS = ("name", "type", "interests", "interests_note", "description")

MEETING_SERIES_FIELDS = (
    "name",
    "kind",
    "periodicity",
    "starts_on",
    "place",
    "invited_groups",
    "is_active",
)

# Who invests in what, how much, and the jobs expected (an investment's stage and realized jobs
# change only through advance_investment).
INVESTMENT_DESCRIPTION_FIELDS = (
    "name",
    "investor",
    "stakeholder",
    "sector",
    "amount",
    "expected_jobs",
)

# What the library tells of an experience: the problem, what was done, its results and cost.
EXPERIENCE_STORY_FIELDS = (
    "title",
    "problem",
    "actions",
    "results",
    "cost",
    "challenges",
)
