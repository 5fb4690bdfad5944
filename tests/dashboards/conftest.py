"""Fixtures of the dashboard tests: an empty cache around each test, a scored world."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from scores import services as scores
from tests.observations import mix, observe_profile, scoring_world


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1402",))
    # In 1401 county A2 was the best; it falls to last in 1402: a mover.
    for county, quality, population in (
        (world.county_a, 0.8, 500_000),
        (world.county_a2, 0.95, 100_000),
        (world.county_b, 0.5, 250_000),
    ):
        observe_profile(county, "1401", {**mix(quality), "population": population})
    scores.rebuild_scores_now(publish=True)
    return world
