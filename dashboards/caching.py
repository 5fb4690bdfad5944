"""The dashboards' cache: every view is cached per score run (and language, filters, county),
so a new published run starts fresh and nothing needs invalidating."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils.translation import get_language

if TYPE_CHECKING:
    from dashboards.filters import Filters
    from scores.models import ScoreRun

CACHE_SECONDS = 24 * 3600


def cached(key: str, build: Callable[[], Any]) -> Any:
    """The value cached under `key`, built (and cached for CACHE_SECONDS) when missing."""
    return cache.get_or_set(key, build, CACHE_SECONDS)


def overview_key(run: ScoreRun, filters: Filters) -> str:
    """The cache key of an overview in the active language."""
    return f"dash:overview:{run.pk}:{get_language()}:{filters.key()}"
