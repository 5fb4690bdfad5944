"""The country profile as the code reads it: `current_profile()`, cached per process.

Pages, exports, commands and the translation layer (governance.terminology) ask for the profile
many times per request, so it is read from the database at most every `REFRESH_SECONDS` per
process, and at once after a save in the same process (`forget_profile`). Without a saved
profile the model's defaults apply: Gregorian calendar, English, UTC, no currency, "province"
and "county".

The profile's time zone is the one "today" and every date shown for a moment are counted in:
governance.middleware.ProfileTimeZoneMiddleware activates it for each request, Celery tasks run
in it (governance.celery.ProfileTimeZoneTask) and commands that compute local dates wrap their
work in `profile_time_zone()`. settings.TIME_ZONE (UTC by default) is only the fallback outside
them; stored datetimes are UTC in any case.
"""

from __future__ import annotations

import datetime
import time
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import get_language

from governance.choices import Calendar
from governance.profile_model import CountryProfile

REFRESH_SECONDS = 15.0

_cached: CountryProfile | None = None
_read_at = 0.0


def current_profile() -> CountryProfile:
    """The saved profile, or an unsaved one with the defaults when none is saved."""
    global _cached, _read_at
    now = time.monotonic()
    if _cached is not None and now - _read_at < REFRESH_SECONDS:
        return _cached
    try:
        profile = CountryProfile.objects.filter(pk=CountryProfile.SINGLETON).first()
    except (DatabaseError, RuntimeError):  # no table yet (before migrate), or no database access
        return CountryProfile()
    _cached, _read_at = profile or CountryProfile(), now
    return _cached


def pin_profile(profile: CountryProfile) -> None:
    """Use `profile` until the next save (tests pin the demo's profile so that none reads the
    database for it unless it saves one)."""
    global _cached, _read_at
    _cached, _read_at = profile, float("inf")


def forget_profile(**_kwargs: object) -> None:
    """Read the profile again at the next call (connected to the profile's post_save)."""
    global _cached, _read_at
    _cached, _read_at = None, 0.0


def uses_jalali() -> bool:
    return current_profile().calendar == Calendar.JALALI


def profile_zone() -> datetime.tzinfo:
    """The profile's time zone; settings.TIME_ZONE when it names none Python knows."""
    name = current_profile().time_zone
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return timezone.get_default_timezone()


@contextmanager
def profile_time_zone() -> Iterator[None]:
    """Run the block in the profile's time zone (tasks and commands that compute "today" or
    show a moment's day); the zone active before is restored after it."""
    with timezone.override(profile_zone()):
        yield


@dataclass(frozen=True)
class LevelNames:
    """The two levels' names in one language: singular and plural."""

    province: str
    provinces: str
    county: str
    counties: str


def level_names(language: str | None = None) -> LevelNames:
    profile = current_profile()
    if (language or get_language() or "en")[:2] == "fa":
        return LevelNames(
            profile.province_level_fa,
            profile.province_level_plural_fa,
            profile.county_level_fa,
            profile.county_level_plural_fa,
        )
    return LevelNames(
        profile.province_level_en,
        profile.province_level_plural_en,
        profile.county_level_en,
        profile.county_level_plural_en,
    )


def localized(profile: CountryProfile, field: str, language: str | None = None) -> str:
    """`profile.<field>_fa` or `_en` by language, falling back to the other when empty."""
    fa, en = getattr(profile, f"{field}_fa"), getattr(profile, f"{field}_en")
    if (language or get_language() or "en")[:2] == "fa":
        return fa or en
    return en or fa
