"""Warming the dashboards' cache for a score run, so no visitor waits for a computation.

A run is warmed twice: in the computing process, after its scores are written and before it
is published or kept as a draft (`warm_run`, through scores' `score_run_computed`), so the
first request after it becomes the default is served from the cache; and after it is
published (`warm_overviews`, in the `warm_dashboards` task), which finds the same views cached
unless the first warming ran out of time or failed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.utils import translation

from counties.baseline import current_baseline
from counties.models import County, Indicator, Province
from dashboards.clusters import clusters_page
from dashboards.county_overview import county_overview
from dashboards.filters import choices, read_filters
from dashboards.overviews import overview
from participation.queries import prepare_similar_counties
from scores.completeness import run_periods
from scores.county_slot import county_score_slot
from scores.models import ScoreRun
from scores.queries import PublishedRunStamp
from scores.sensitivity import analyses_marker

logger = logging.getLogger(__name__)

# A heartbeat (the computing run's "still alive") at most this many seconds apart.
BEAT_SECONDS = 10.0
WARM_MAX_FAILURES = 3

# A view to warm: what it is (for the log) and the call that computes and caches it.
View = tuple[str, Callable[[], object]]


@dataclass
class Warming:
    """What warming the cache did: views computed (or found cached), failures, whether it
    stopped early (too many failures or out of time)."""

    warmed: int = 0
    failed: int = 0
    stopped: bool = False


class _Budget:
    """The time a warming may spend, and the heartbeat it keeps while it spends it."""

    def __init__(self, seconds: float, beat: Callable[[], None] | None) -> None:
        self.ends = time.monotonic() + seconds
        self.beat = beat
        self.beaten = time.monotonic()

    def spent(self) -> bool:
        now = time.monotonic()
        if self.beat is not None and now - self.beaten >= BEAT_SECONDS:
            self.beat()  # RunAbandoned goes up: the run was given up on meanwhile
            self.beaten = now
        return now >= self.ends


def warm_overviews(run: ScoreRun, *, budget_seconds: float) -> Warming:
    """Cache the default national view and each province's default view in every language,
    the national deprivation clusters, then each county page's run-derived panels (keyed by
    the publication date, so they can only be warmed once the run is published).

    Bounded: at most 2 x (2 + provinces + counties) views, at most WARM_MAX_FAILURES failures
    (a broken cache fails every view), no new view started after `budget_seconds`. Never raises
    for a view: warming only saves the first visitor a wait.
    """
    result = Warming()
    budget = _Budget(budget_seconds, None)
    _warm(_overview_views(run), result, budget)
    _warm(_cluster_views(run), result, budget)
    _warm(_county_panel_views(run), result, budget)
    return result


def warm_run(
    run: ScoreRun, *, budget_seconds: float, beat: Callable[[], None] | None = None
) -> Warming:
    """Cache every dashboard view a run changes, in every language: what county pages read
    from all observations, the national and provincial default views, the national clusters,
    then each county's default view. `beat` is called at least
    every BEAT_SECONDS (the computing run's heartbeat). Bounded as `warm_overviews`."""
    result = Warming()
    budget = _Budget(budget_seconds, beat)
    _warm(_data_views(), result, budget)
    _warm(_overview_views(run), result, budget)
    _warm(_cluster_views(run), result, budget)
    _warm(_county_views(run), result, budget)
    return result


def _warm(views: Iterator[View], result: Warming, budget: _Budget) -> None:
    """Build each view in turn (each is cached by the function it calls) while the budget
    lasts; never raises for a view, and gives up after WARM_MAX_FAILURES failures (a broken
    cache fails every view)."""
    if result.stopped:
        return
    for label, build in views:
        if budget.spent():
            result.stopped = True
            return
        try:
            build()
        except Exception:
            logger.exception("warming %s failed", label)
            result.failed += 1
            if result.failed >= WARM_MAX_FAILURES:
                result.stopped = True
                return
        else:
            result.warmed += 1


def _data_views() -> Iterator[View]:
    """What the county pages read from all observations, cached until the data change: the
    baseline population period and the counties' profiles behind "similar counties"."""
    yield "the baseline population period", current_baseline
    yield "the similar counties' profiles", prepare_similar_counties


def _overview_views(run: ScoreRun) -> Iterator[View]:
    """The national and provincial default views, as a visit with no query string asks for
    them (views._overview_page), in every language."""
    provinces = ["", *Province.objects.order_by("code").values_list("code", flat=True)]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            options = choices(run)
        if not options.default_period:  # no complete period: pages show no overview
            return
        for province in provinces:
            filters = read_filters({}, options, province)
            yield (
                f"the {province or 'national'} view of run {run.pk} in {language}",
                partial(_in_language, language, partial(overview, run, filters, options)),
            )


def _cluster_views(run: ScoreRun) -> Iterator[View]:
    """The national deprivation clusters as they open (views.spatial_clusters: the run's
    default period), in every language: Moran's I and the LISA take about 0.6 s."""
    period = run_periods(run).default
    if not period:
        return
    for language, _name in settings.LANGUAGES:
        yield (
            f"the clusters of run {run.pk} in {language}",
            partial(_in_language, language, partial(clusters_page, run, period, "")),
        )


def _county_views(run: ScoreRun) -> Iterator[View]:
    """Each county's dashboard as it opens (views.county): the first indicator, the run's
    default period, in every language."""
    indicator = Indicator.objects.order_by("dimension__order", "code").first()
    period = run_periods(run).default
    counties = County.objects.select_related("province").defer("geometry", "province__geometry")
    for language, _name in settings.LANGUAGES:
        for county in counties.order_by("code").iterator(chunk_size=500):
            yield (
                f"county {county.code} of run {run.pk} in {language}",
                partial(
                    _in_language, language, partial(county_overview, run, county, indicator, period)
                ),
            )


def _county_panel_views(run: ScoreRun) -> Iterator[View]:
    """Each county page's run-derived panels as they open (no ?period=: its score, rank band,
    what drives it, its areas by score; scores.county_slot, under the key the page computes,
    which the county read as the page reads it gives), in every language; none for a run
    without a complete period (the panels then only point to the provisional ones)."""
    if not run_periods(run).default:
        return
    published = PublishedRunStamp(run.pk, run.published_at, analyses_marker(run))
    counties = County.objects.for_profile_page().order_by("code")
    for language, _name in settings.LANGUAGES:
        for county in counties.iterator(chunk_size=500):
            yield (
                f"the score panels of county {county.code} of run {run.pk} in {language}",
                partial(
                    _in_language,
                    language,
                    partial(county_score_slot, published, county, "", county.stamp or 0, run),
                ),
            )


def _in_language(language: str, build: Callable[[], object]) -> object:
    with translation.override(language):
        return build()
