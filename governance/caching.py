"""Caching what pages derive from data that changes only at known moments.

A value is kept under a key that names everything it derives from: a score run, a data stamp
(`counties.queries.observations_stamp`), the country profile's version (its level names,
calendar and currency are in the pages) and the active language. A change makes a new key, so
nothing is ever invalidated and nothing stale is ever read; old keys expire.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from governance.country import current_profile

CACHE_SECONDS = 24 * 3600


def cached(key: str, build: Callable[[], Any], seconds: int = CACHE_SECONDS) -> Any:
    """The value cached under `key`, built (and cached for `seconds`) when missing."""
    return cache.get_or_set(key, build, seconds)


def versioned_key(prefix: str, *parts: object) -> str:
    """The cache key of `prefix` in the country profile's current version and the active
    language, for `parts` (what else the value derives from)."""
    details = ":".join(str(part) for part in parts)
    return f"{prefix}:p{current_profile().version}:{get_language()}:{details}"
