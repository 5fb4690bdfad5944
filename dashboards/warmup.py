"""Warming the dashboards' cache after a run is published, so the first visitor does not wait."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from counties.models import Province
from dashboards.filters import choices, read_filters
from dashboards.overviews import overview
from scores.models import ScoreRun

logger = logging.getLogger(__name__)


@dataclass
class Warming:
    """What warming the cache did: views computed (or found cached), failures, whether it
    stopped early (too many failures or out of time)."""

    warmed: int = 0
    failed: int = 0
    stopped: bool = False


WARM_MAX_FAILURES = 3


def warm_overviews(run: ScoreRun, *, budget_seconds: float) -> Warming:
    """Cache the default national view and each province's default view in every language.

    Bounded: at most 2 x (1 + provinces) views, at most WARM_MAX_FAILURES failures (a broken
    cache fails every view), no new view started after `budget_seconds`. Never raises for a view:
    warming only saves the first visitor a wait.
    """
    started = time.monotonic()
    result = Warming()
    provinces = ["", *Province.objects.order_by("code").values_list("code", flat=True)]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            options = choices(run)
            if not options.default_period:  # no complete period: pages show no overview
                return result
            for province in provinces:
                if time.monotonic() - started >= budget_seconds:
                    result.stopped = True
                    return result
                try:
                    # The same filters as a visit with no query string (views._overview_page).
                    overview(run, read_filters({}, options, province), options)
                except Exception:
                    logger.exception("warming %s/%s of run %s failed", language, province, run.pk)
                    result.failed += 1
                    if result.failed >= WARM_MAX_FAILURES:
                        result.stopped = True
                        return result
                else:
                    result.warmed += 1
    return result
