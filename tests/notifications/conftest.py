"""Fixtures of the notification tests: the personas with e-mail addresses and languages, and a
commitment due on a chosen day."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from participation.models import Commitment
from tests.participation import factories as f


@pytest.fixture
def people(world):
    """The world, every persona with an e-mail address; governor A reads English, the officer
    Persian."""
    for name, language in (
        ("governor_a", "en"),
        ("governor_b", "en"),
        ("officer_a", "fa"),
        ("ministry", "en"),
        ("analyst", "en"),
    ):
        user = getattr(world, name)
        user.email, user.language = f"{name}@example.org", language
        user.save(update_fields=["email", "language"])
    return world


@pytest.fixture
def commitment_due(people) -> Callable[..., Commitment]:
    """commitment_due(days): an open commitment of county A due in `days` days (negative:
    overdue), decided at a meeting held before it."""

    def make(days: int, title: str = "Open a one-stop desk", owner: str = "Deputy governor"):
        due = f.today() + datetime.timedelta(days=days)
        held = min(f.today(), due) - datetime.timedelta(days=5)
        meeting = f.held_meeting(people.county_a, held, [(title, owner, due)])
        return meeting.decisions.get()

    return make
