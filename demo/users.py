"""Demo users, one per role, with documented demo passwords (demo only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from counties.models import County
from governance.choices import Role
from governance.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEMO_PASSWORD = "tavazon-demo"  # documented in README; seed_demo refuses to run in production


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: StrOrPromise
    scope: str


@transaction.atomic
def create_demo_users(governor_county: County, other_county: County) -> list[DemoLogin]:
    """Create or reset the demo users: two governors, a provincial officer, ministry, analyst."""
    specs: list[tuple[str, Role, dict[str, Any]]] = [
        ("governor", Role.GOVERNOR, {"county": governor_county}),
        ("governor2", Role.GOVERNOR, {"county": other_county}),
        ("province", Role.PROVINCIAL_OFFICER, {"province": governor_county.province}),
        ("ministry", Role.MINISTRY_STAFF, {"is_staff": True, "is_superuser": True}),
        ("analyst", Role.ANALYST, {}),
    ]
    logins = []
    for username, role, extra in specs:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role = role
        user.county = extra.get("county")
        user.province = extra.get("province")
        user.is_staff = bool(extra.get("is_staff"))
        user.is_superuser = bool(extra.get("is_superuser"))
        # No English placeholder name: pages show the login and the role in the reader's language.
        user.first_name = ""
        user.set_password(DEMO_PASSWORD)
        user.save()
        scope = str(user.county or user.province or "")
        if user.county:
            scope = f"{user.county.name_en} / {user.county.name_fa}"
        elif user.province:
            scope = f"{user.province.name_en} / {user.province.name_fa}"
        logins.append(DemoLogin(username, role.label, scope))
    return logins
