"""The score panel of the county page, rendered once per published run, county, period and
language (governance.caching): a published run's scores never change, so the panel is read
from the cache on every visit but the first."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from counties.models import County, Dimension
from governance.caching import cached, versioned_key
from scores.completeness import county_standing, run_periods
from scores.models import Score, ScoreRun
from scores.shortfalls import note_of, shortfall_periods

TEMPLATE = "scores/_county_score.html"


def county_score_panel(run: ScoreRun | None, county: County, asked: str = "") -> SafeString:
    """The county's score, ranks, tier and within-county balance in the run's latest complete
    period, or in the period `asked` for (?period=); "not enough data" with the missing
    indicators when the county has data there but too little to be ranked. The panel shows
    nothing of who is asking. Cached per run (and its publication date, shown in the panel),
    county, period and language: on a cached visit no query, one for another period."""
    if run is None:
        return render_to_string(TEMPLATE, county_score_context(None, county, asked))
    period = run_periods(run).choose(asked) if asked else "default"
    published = run.published_at.isoformat() if run.published_at else "-"
    # What the panel reads of the county: its province (the provincial count) and whether it
    # was created after the census (the sentence shown when it has no score).
    key = versioned_key(
        f"county-score:{run.pk}",
        published,
        county.pk,
        county.province_id,
        int(county.created_after_census),
        period,
    )
    html: SafeString = cached(
        key, lambda: render_to_string(TEMPLATE, county_score_context(run, county, asked))
    )
    return html


def county_score_context(run: ScoreRun | None, county: County, asked: str) -> dict[str, Any]:
    """What the panel's template shows (about 6 queries)."""
    statuses = run_periods(run)
    score = None
    previous = None
    shortfall = None
    period = ""
    available: list[str] = []
    totals: dict[str, int] = {}
    dimensions: list[tuple[str, Any]] = []
    if run is not None:
        scores = list(Score.objects.filter(run=run, county=county).defer("area_scores"))
        own = {s.period for s in scores}
        short = shortfall_periods(run, county, statuses)
        available = [p for p in statuses.periods if p in own or p in short]
        # The same standing as the county dashboard and the county PDF (one truth).
        standing = county_standing(run, county, asked, periods=statuses, scores=scores)
        period, score, previous = standing.period, standing.score, standing.previous
        shortfall = note_of(standing.shortfall, standing.status)
        if score is not None:
            status = statuses.get(period)
            totals = {
                "national": status.ranked if status else 0,
                "provincial": Score.objects.filter(
                    run=run, period=period, county__province_id=county.province_id
                ).count(),
            }
            codes = list(score.dimensions)
            names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
            dimensions = [(names.get(code, code), score.dimensions[code]) for code in codes]
    change = None
    if score is not None and previous is not None:
        change = score.composite - previous.composite
    return {
        "county": county,
        "run": run,
        "statuses": statuses,
        "period": period,
        "status": statuses.get(period),
        "available": available,
        "score": score,
        "shortfall": shortfall,
        "previous": previous,
        "change": change,
        "totals": totals,
        "dimensions": dimensions,
    }
