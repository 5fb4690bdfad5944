"""The dashboards' cache: every view is cached per score run (and language, filters, county)
and per version of the country profile (its level names, calendar and currency are in the
pages), so a new published run or a changed profile starts fresh and nothing needs
invalidating (governance.caching)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.caching import CACHE_SECONDS, cached, versioned_key

if TYPE_CHECKING:
    from dashboards.filters import Filters
    from scores.models import ScoreRun

__all__ = ["CACHE_SECONDS", "FORMAT", "cached", "overview_key", "page_key"]

# Raise it whenever the figures or markup a cached page holds change meaning (a trace type the
# plotly.js bundles no longer carry, another figure for a panel): after a deploy, pages are built
# afresh instead of serving for a day what the new code cannot draw. 2: the distribution as bars
# of counts, sampled scatter and stability charts, maps marked data-geo (issue 14).
FORMAT = 2


def page_key(kind: str, run: ScoreRun, *parts: object) -> str:
    """The cache key of a dashboard page's data: its kind, the run, the country profile's
    version, the active language and `parts` (filters, county, period)."""
    return versioned_key(f"dash:{kind}:f{FORMAT}:{run.pk}", *parts)


def overview_key(run: ScoreRun, filters: Filters, geography: str | None = None) -> str:
    """The cache key of an overview in the active language, with the names and boundaries of
    the places it lists (`geography`: counties.queries.geography_stamp, read when not given; a
    renamed county shows at once)."""
    from counties.queries import geography_stamp

    return page_key("overview", run, filters.key(), geography or geography_stamp())
