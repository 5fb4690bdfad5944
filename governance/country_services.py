"""Changing the country profile: one service for the page, the admin-free command and tests."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from governance.models import CountryProfile, User
from governance.versioning import lock_current, save_next_version

#: What a profile change may set (everything but its bookkeeping).
PROFILE_FIELDS = tuple(
    field.name
    for field in CountryProfile._meta.get_fields()
    if field.concrete and field.name not in {"id", "version", "updated_at"}
)


@transaction.atomic
def configure_country(
    changes: dict[str, Any], *, user: User | None = None, expected_version: int | None = None
) -> CountryProfile:
    """Save `changes` to the profile (created with the defaults if none is saved yet).

    Every value is checked before anything is saved: a ValidationError lists every field in
    error and changes nothing; StaleEditError when someone saved the profile after
    `expected_version`."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    CountryProfile.objects.get_or_create(pk=CountryProfile.SINGLETON)
    profile = lock_current(CountryProfile(pk=CountryProfile.SINGLETON), expected_version)
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.full_clean()
    return save_next_version(profile, user=user)
