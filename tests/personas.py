"""The named people every test uses, built by plain factory functions.

- a governor of county A and a governor of county B (B is in another province),
- a provincial officer of county A's province (which also holds county A2),
- ministry staff, an analyst, and anonymous visitors (the plain test client).
"""

from __future__ import annotations

from itertools import count

from counties.models import County, Province
from governance.choices import Role
from governance.models import User

PASSWORD = "correct-horse-battery-staple"
_sequence = count(1)

SQUARE = {"type": "Polygon", "coordinates": [[[50, 30], [51, 30], [51, 31], [50, 31], [50, 30]]]}


def make_province(code: str | None = None, **fields: object) -> Province:
    n = next(_sequence)
    code = code or f"P{n}"
    defaults = {"name_fa": f"استان {n}", "name_en": f"Province {n}", "geometry": SQUARE}
    return Province.objects.create(code=code, **{**defaults, **fields})


def make_county(
    province: Province | None = None, code: str | None = None, **fields: object
) -> County:
    n = next(_sequence)
    defaults = {
        "name_fa": f"شهرستان {n}",
        "name_en": f"County {n}",
        "geometry": SQUARE,
        "area_km2": 1000,
    }
    return County.objects.create(
        province=province or make_province(), code=code or f"C{n}", **{**defaults, **fields}
    )


def make_user(username: str, role: str, **fields: object) -> User:
    user = User(username=username, role=role, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def governor_of(county: County, username: str | None = None) -> User:
    return make_user(username or f"governor-{county.code}", Role.GOVERNOR, county=county)


def provincial_officer_of(province: Province, username: str | None = None) -> User:
    return make_user(
        username or f"officer-{province.code}", Role.PROVINCIAL_OFFICER, province=province
    )


def ministry_staff(username: str = "ministry") -> User:
    return make_user(username, Role.MINISTRY_STAFF, is_staff=True)


def analyst(username: str = "analyst") -> User:
    return make_user(username, Role.ANALYST)
