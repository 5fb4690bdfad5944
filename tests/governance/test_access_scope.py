"""One scope function answers "where may this user act": access.scope_of, whose filter every
queryset uses and whose predicate the can_* functions use; no role is compared elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from counties.models import County
from governance import access
from governance.access import Scope, ScopeKind
from governance.choices import Role
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ("view", "change", "own", "approve")

# persona: (kind of scope, its place) for each action, in the order of ACTIONS
EXPECTED = {
    "anonymous": [("none", None)] * 4,
    "governor_a": [("county", "county_a")] * 3 + [("none", None)],
    "governor_b": [("county", "county_b")] * 3 + [("none", None)],
    "officer_a": [("province", "province_a")] * 4,
    "ministry": [("nation", None), ("nation", None), ("none", None), ("nation", None)],
    "analyst": [("nation", None), ("none", None), ("none", None), ("none", None)],
}


def _expected_scope(world, kind: str, place: str | None) -> Scope:
    if kind == "county":
        assert place is not None
        return Scope(ScopeKind.COUNTY, county_id=getattr(world, place).pk)
    if kind == "province":
        assert place is not None
        return Scope(ScopeKind.PROVINCE, province_id=getattr(world, place).pk)
    return Scope(ScopeKind(kind))


@pytest.mark.parametrize("persona", PERSONAS)
def test_scope_of_gives_each_persona_its_part_of_the_country_per_action(world, persona):
    user = world.persona(persona) or AnonymousUser()
    for action, (kind, place) in zip(ACTIONS, EXPECTED[persona], strict=True):
        assert access.scope_of(user, action) == _expected_scope(world, kind, place), action


def test_a_superuser_made_by_createsuperuser_acts_as_ministry_staff(world):
    from django.core.management import call_command

    call_command("createsuperuser", username="admin", email="admin@example.org", interactive=False)
    admin = type(world.ministry).objects.get(username="admin")
    assert admin.role == Role.MINISTRY_STAFF  # the User manager's create_superuser sets it
    # A superuser acts as ministry staff whatever role it was later given.
    for role in (Role.MINISTRY_STAFF, Role.ANALYST):
        admin.role = role
        scopes = [access.scope_of(admin, action).kind for action in ACTIONS]
        assert scopes == [ScopeKind.NATION, ScopeKind.NATION, ScopeKind.NONE, ScopeKind.NATION]
        assert access.can_change_county(admin, world.county_b)


def test_an_inactive_user_or_a_governor_without_a_county_has_no_scope(world):
    world.officer_a.is_active = False
    assert access.scope_of(world.officer_a).kind == ScopeKind.NONE
    world.governor_a.county_id = None
    assert access.scope_of(world.governor_a).kind == ScopeKind.NONE


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_scope_filter_keeps_exactly_the_counties_the_predicate_accepts(world, persona):
    user = world.persona(persona) or AnonymousUser()
    for action in ACTIONS:
        scope = access.scope_of(user, action)
        filtered = set(County.objects.filter(scope.q(county="pk", province="province")))
        assert filtered == {c for c in County.objects.all() if scope.contains(c)}, action


def test_the_nation_adds_no_condition_and_nowhere_runs_no_query(world):
    nation = Scope(ScopeKind.NATION).q(county="pk", province="province")
    assert "WHERE" not in str(County.objects.filter(nation).query)
    with CaptureQueriesContext(connection) as queries:
        assert list(County.objects.filter(access.NOWHERE.q())) == []
    assert len(queries) == 0


def test_scopes_combine_with_or_as_published_or_own_rows_do(world):
    for scope, expected in (
        (access.NOWHERE, {"CB"}),
        (Scope(ScopeKind.COUNTY, county_id=world.county_a.pk), {"CA", "CB"}),
        (Scope(ScopeKind.NATION), {"CA", "CA2", "CB"}),
    ):
        rows = County.objects.filter(Q(code="CB") | scope.q(county="pk", province="province"))
        assert {c.code for c in rows} == expected


def test_own_county_is_a_governors_county_and_nobody_elses(world):
    assert access.own_county(world.governor_a) == world.county_a
    for user in (world.officer_a, world.ministry, world.analyst, AnonymousUser()):
        assert access.own_county(user) is None


# --- no role rule outside governance/access.py (models and choices define roles) ------------

_ROLE_WORDS = "|".join(re.escape(value) for value in Role.values)
ROLE_COMPARISON = re.compile(
    r"\.role\s*(?:==|!=|\bin\b|\bnot\s+in\b)"  # user.role == ..., user.role in (...)
    r"|(?:==|!=)\s*Role\.\w+|Role\.\w+\s*(?:==|!=)"  # ... == Role.ANALYST
    r"|\bin\s*[(\[{]\s*Role\."  # role in (Role.GOVERNOR, ...)
    rf"|(?:==|!=|\bin\s*[(\[{{])\s*[\"'](?:{_ROLE_WORDS})[\"']"  # role == "analyst"
    r"|__role(?:__in)?\s*="  # filter(submitted_by__role=...)
)


def _app_python_files() -> list[Path]:
    apps = [path.parent for path in ROOT.glob("*/apps.py")]
    files = []
    for app in apps:
        for path in app.rglob("*.py"):
            parts = path.relative_to(app).parts
            if "migrations" in parts or path.name == "choices.py":
                continue
            if path.name == "models.py" or parts[0] == "models":
                continue
            files.append(path)
    return sorted(set(files) - {ROOT / "governance" / "access.py"})


def test_the_grep_finds_role_comparisons_in_code_like_the_old_one():
    for line in (
        'if user.role == "analyst":',
        "if is_ministry(user) or user.role == Role.ANALYST:",
        "if role == Role.PROVINCIAL_OFFICER and user.province_id:",
        "return _role(user) in (Role.GOVERNOR, Role.PROVINCIAL_OFFICER)",
        "qs.filter(submitted_by__role=Role.GOVERNOR)",
        "if role != 'governor':",
    ):
        assert ROLE_COMPARISON.search(line), line
    for line in ('if role == "source" and len(text) > 9:', "if role in roles:"):
        assert not ROLE_COMPARISON.search(line), line  # an import column's role, not a user's


def test_no_app_compares_roles_outside_governance_access():
    files = _app_python_files()
    assert ROOT / "counties" / "queries.py" in files  # the scan reaches the apps
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_COMPARISON.search(line)
    ]
    assert not found, "ask governance.access instead:\n" + "\n".join(found)
