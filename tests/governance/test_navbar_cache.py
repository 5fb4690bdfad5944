"""The navigation bar's links and the user menu are drawn once per who is signed in and the
language (templates/base.html, issue 14): each user still sees only their own, whoever came
first, and a change of role, scope or name shows on the next page."""

from __future__ import annotations

import re

import pytest

from governance.choices import Role
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "/counties/"


def _navbar(user, language: str = "en") -> str:
    response = client_for(user, language).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    navbar = html[html.index('<nav class="navbar') : html.index("</nav>")]
    # The CSRF token is masked afresh on every request (the language and log-out forms).
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", navbar)


def _links(navbar: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', navbar))


def test_each_user_sees_their_own_links_whoever_comes_first(world):
    ministry = _navbar(world.ministry)
    governor = _navbar(world.governor_a)
    other_governor = _navbar(world.governor_b)
    assert "/admin/" in _links(ministry) and "/counties/import/" in _links(ministry)
    assert "/admin/" not in _links(governor) and "/counties/import/" not in _links(governor)
    assert "/counties/CA/" in _links(governor) and "/counties/CA/" not in _links(ministry)
    assert "/counties/CB/" in _links(other_governor) and "/counties/CA/" not in _links(
        other_governor
    )
    assert _navbar(world.ministry) == ministry  # unchanged by the governors' visits


def test_each_language_has_its_own(world):
    english, persian = _navbar(world.ministry, "en"), _navbar(world.ministry, "fa")
    assert "Counties" in english and "Counties" not in persian
    assert "شهرستان" in persian


def test_a_new_role_scope_or_name_shows_on_the_next_page(world):
    user = world.governor_a
    before = _navbar(user)
    assert "/counties/CA/" in _links(before)
    user.county = world.county_b
    user.save(update_fields=["county"])
    moved = _navbar(user)
    assert "/counties/CB/" in _links(moved) and "/counties/CA/" not in _links(moved)
    user.first_name, user.last_name = "Shirin", "Ebadi"
    user.save(update_fields=["first_name", "last_name"])
    assert "Shirin Ebadi" in _navbar(user)
    user.role, user.county = Role.MINISTRY_STAFF, None
    user.save(update_fields=["role", "county"])
    promoted = _navbar(user)
    assert "/admin/" in _links(promoted) and "/counties/CB/" not in _links(promoted)
