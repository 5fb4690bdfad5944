"""The baseline population figure: which indicator and period the country profile names.

Pages and exports that show "population" read it here: the profile's baseline period (a census
year, say), or when none is set the latest period with county values of that indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from counties.models import Observation
from counties.queries import observations_stamp
from governance.country import current_profile, localized


@dataclass(frozen=True)
class Baseline:
    indicator_code: str
    period: str  # a period key; "" when there is no value at all yet
    source: str  # in the active language; "" when the profile names none


def current_baseline(stamp: int | None = None) -> Baseline:
    """The baseline figure; `stamp` is `observations_stamp()` when the caller has read it."""
    profile = current_profile()
    code = profile.baseline_population_indicator or "population"
    period = profile.baseline_period or _latest_period(code, stamp)
    return Baseline(code, period, localized(profile, "baseline_source"))


def _latest_period(code: str, stamp: int | None) -> str:
    """The newest period with county values of `code`, cached until an observation changes:
    finding it sorts every value of the indicator (0.8 s at 5,000 counties), and every page
    that shows population asks."""
    stamp = observations_stamp() if stamp is None else stamp
    key = f"baseline:latest-period:{code}:{stamp}"
    return str(cache.get_or_set(key, lambda: _read_latest_period(code), 24 * 3600))


def _read_latest_period(code: str) -> str:
    latest = (
        Observation.objects.filter(indicator__code=code, area__isnull=True)
        .order_by("-period_start")
        .values_list("period", flat=True)
        .first()
    )
    return latest or ""
