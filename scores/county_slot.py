"""The county page's panels that derive from the published run (its score, rank band, what
drives it, its areas by score), as one fragment cached under everything their own caches are
keyed by; built here for the page's `{% county_score_slot %}` and for the warming that follows
a publish (dashboards.warmup), so both use the same key."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from counties.models import County
from governance.caching import cached, versioned_key
from scores import areas, drivers, panels, uncertainty
from scores.models import ScoreRun
from scores.queries import PublishedRunStamp


def county_score_slot(
    published: PublishedRunStamp,
    county: County,
    asked: str,
    stamp: int,
    run: ScoreRun | None = None,
) -> SafeString:
    """The fragment for `county` in the period `asked` (?period=, "" for the default) of the
    published run `published` (`run` when read already: else it is read only to build the
    fragment), under the observations' `stamp`. The key: the run and its publication, the
    county and its province, the period asked, the run's done sensitivity analyses, the
    observations stamp and the versions of the areas' and the province's boundaries (the
    period shown follows from the run and the one asked: a computed run's periods never
    change)."""
    key = versioned_key(
        f"county-slot:{published.pk}",
        published.published_at.isoformat() if published.published_at else "-",
        county.pk,
        county.province_id,
        int(county.created_after_census),
        asked,
        published.analyses,
        stamp,
        *areas.boundaries_versions(county),
    )

    def build() -> str:
        shown = run or published.read()
        return "".join(
            (
                panels.county_score_panel(shown, county, asked),
                uncertainty.county_uncertainty_panel(shown, county, asked),
                drivers.county_drivers_panel(shown, county, asked, stamp, light=True),
                areas.county_areas_panel(shown, county, asked),
            )
        )

    return mark_safe(cached(key, build))  # the panels' own templates rendered them
