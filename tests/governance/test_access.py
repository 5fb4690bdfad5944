"""The permission module answers who may see and change each county."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from counties.models import County
from governance import access
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def test_governor_sees_and_changes_only_their_county(world):
    assert access.can_view_county(world.governor_a, world.county_a)
    assert access.can_change_county(world.governor_a, world.county_a)
    assert not access.can_view_county(world.governor_a, world.county_b)
    assert not access.can_change_county(world.governor_a, world.county_b)
    assert not access.can_change_county(world.governor_a, world.county_a2)


def test_provincial_officer_is_scoped_to_their_province(world):
    assert access.can_change_county(world.officer_a, world.county_a)
    assert access.can_change_county(world.officer_a, world.county_a2)
    assert not access.can_view_county(world.officer_a, world.county_b)


def test_ministry_staff_see_and_change_everything(world):
    for county in (world.county_a, world.county_b):
        assert access.can_view_county(world.ministry, county)
        assert access.can_change_county(world.ministry, county)
        assert access.can_view_contacts(world.ministry, county)


def test_analyst_reads_everything_changes_nothing_and_never_sees_contacts(world):
    for county in (world.county_a, world.county_b):
        assert access.can_view_county(world.analyst, county)
        assert not access.can_change_county(world.analyst, county)
        assert not access.can_view_contacts(world.analyst, county)
    assert access.can_export(world.analyst)


def test_anonymous_visitor_gets_nothing(world):
    anonymous = AnonymousUser()
    assert not access.can_view_county(anonymous, world.county_a)
    assert not access.can_change_county(anonymous, world.county_a)
    assert not access.can_browse_nation(anonymous)
    assert list(County.objects.viewable_by(anonymous)) == []


def test_inactive_user_loses_every_right(world):
    world.governor_a.is_active = False
    assert not access.can_view_county(world.governor_a, world.county_a)
    assert not access.can_change_county(world.governor_a, world.county_a)


def test_querysets_agree_with_the_predicates(world):
    for user in (
        world.governor_a,
        world.governor_b,
        world.officer_a,
        world.ministry,
        world.analyst,
    ):
        viewable = set(County.objects.viewable_by(user))
        changeable = set(County.objects.changeable_by(user))
        for county in County.objects.all():
            assert (county in viewable) == access.can_view_county(user, county)
            assert (county in changeable) == access.can_change_county(user, county)


# persona: may make the briefing pack of province A, of province B
BRIEFING = {
    "anonymous": (False, False),
    "governor_a": (False, False),
    "governor_b": (False, False),
    "officer_a": (True, False),
    "ministry": (True, True),
    "analyst": (True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_briefing_packs_are_for_ministry_analysts_and_the_provinces_own_officer(world, persona):
    user = world.persona(persona) or AnonymousUser()
    province_a, province_b = world.county_a.province, world.county_b.province
    allowed = (
        access.can_make_briefing(user, province_a),
        access.can_make_briefing(user, province_b),
    )
    assert allowed == BRIEFING[persona]
