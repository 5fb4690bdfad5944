"""Fixtures of the data approval workflow: the catalogue, a second province's officer, and
flags on demand (the checks' own thresholds are tested in tests/counties)."""

from __future__ import annotations

import pytest

from counties.models import Indicator
from counties.services import ensure_default_catalogue
from tests import personas


@pytest.fixture
def site(world):
    """The world with the catalogue (its county-reported indicators) and an officer of B."""
    ensure_default_catalogue()
    world.officer_b = personas.provincial_officer_of(world.province_b, "officer_b")
    return world


@pytest.fixture
def jobs():
    return Indicator.objects.get(code="new_jobs")


@pytest.fixture
def waste():
    return Indicator.objects.get(code="waste_collection_coverage")


@pytest.fixture
def flag_value(monkeypatch):
    """Make counties.value_checks flag chosen values: flag_value(77) gives every candidate
    whose value is 77 a non-blocking "change" flag (ranges and rules are checked as usual)."""
    from counties import value_checks

    real = value_checks.check_values
    flagged: set[float] = set()

    def check_values(candidates):
        found = real(candidates)
        return [
            [*flags, value_checks.Flag(code="change", blocking=False, params={"previous": 1})]
            if candidate.value in flagged
            else flags
            for candidate, flags in zip(candidates, found, strict=True)
        ]

    monkeypatch.setattr(value_checks, "check_values", check_values)
    return flagged.add
