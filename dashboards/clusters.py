"""Deprivation clusters: global Moran's I and LISA of a published run's county scores over the
counties' Queen contiguity (scores.spatial, counties.contiguity), as a map, the low-low
clusters and the counties left out.

The contiguity is cached per version of the county boundaries (counties.boundaries); the
statistics per run, period and boundaries version, national whatever the province shown (a
province's counties are tested against their neighbours across its border too); the panels
also per language and province. At 478 counties building the contiguity takes about 0.1 s and
the statistics (999 permutations) 0.05 s; at 5,000 counties 0.6 s: computed on the first
request, not at publishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties.baseline import current_baseline
from counties.boundaries import boundary_version
from counties.contiguity import Contiguity, queen_contiguity
from counties.models import County, Observation
from dashboards import charts
from dashboards.caching import cached, page_key
from dashboards.panels import Col, Panel, county_cells, county_columns, synthetic_column
from governance.templatetags.tavazon import list_comma, num, period_label
from scores.models import Score, ScoreRun
from scores.spatial import Autocorrelation, GlobalMoran, Quadrant, autocorrelation, clusters

# Okabe-Ito colours; low-low (deprived among deprived) in the strongest warm one. Counties
# outside the test are greys: no neighbour with a score, or no score (as on the score map).
CATEGORIES: list[tuple[str, Any, str]] = [
    (Quadrant.LOW_LOW, gettext_lazy("Low-low"), "#D55E00"),
    (Quadrant.LOW_HIGH, gettext_lazy("Low-high"), "#E69F00"),
    (Quadrant.HIGH_LOW, gettext_lazy("High-low"), "#56B4E9"),
    (Quadrant.HIGH_HIGH, gettext_lazy("High-high"), "#0072B2"),
    (Quadrant.NOT_SIGNIFICANT, gettext_lazy("Not significant"), "#F2F2F2"),
]
NO_NEIGHBOUR = "no-neighbour"
NO_BOUNDARY = "no-boundary"
NO_NEIGHBOUR_COLOUR = "#DADADA"
NO_SCORE_COLOUR = "#9E9E9E"


@dataclass(frozen=True)
class Spatial:
    """A run's period: the counties' contiguity and the statistics of their scores (by code)."""

    contiguity: Contiguity
    result: Autocorrelation


def county_contiguity() -> Contiguity:
    """Queen contiguity of every county (by code) at the current boundaries version."""
    version = boundary_version("counties")
    return cached(f"dash:contiguity:{version}", _read_contiguity)


def _read_contiguity() -> Contiguity:
    rows = County.objects.order_by("code").values_list("code", "geometry")
    return queen_contiguity(dict(rows.iterator()))


def spatial_statistics(run: ScoreRun, period: str) -> Spatial:
    """The contiguity and the statistics of the run's composite scores in `period` (cached per
    run, period and boundaries version)."""
    version = boundary_version("counties")

    def build() -> Spatial:
        contiguity = county_contiguity()
        scores = Score.objects.filter(run=run, period=period).values_list(
            "county__code", "composite"
        )
        values = {code: float(composite) for code, composite in scores}
        return Spatial(contiguity, autocorrelation(values, contiguity.neighbours))

    return cached(f"dash:lisa:{run.pk}:{period}:{version}", build)


def clusters_page(run: ScoreRun, period: str, province: str) -> dict[str, Any]:
    """The page's data: Moran's I and its sentence, the map and low-low panels, the counties
    left out (cached per run, period, province and language)."""
    version = boundary_version("counties")
    key = page_key("clusters", run, period, province, version)
    return cached(key, lambda: _clusters_page(run, period, province))


def _clusters_page(run: ScoreRun, period: str, province: str) -> dict[str, Any]:
    spatial = spatial_statistics(run, period)
    result = spatial.result
    scores = {
        s.county.code: s
        for s in Score.objects.filter(run=run, period=period)
        .select_related("county__province")
        .defer("county__geometry", "county__province__geometry", "area_scores")
    }
    counties = County.objects.select_related("province").defer("province__geometry")
    if province:
        counties = counties.filter(province__code=province)
    shown = list(counties.order_by("province__code", "code"))
    unusable = set(spatial.contiguity.unusable)
    isolated = set(result.isolated)
    categories = {c.code: _category(c.code, result, scores, unusable, isolated) for c in shown}
    return {
        "moran": result.moran,
        "moran_sentence": moran_sentence(result.moran, result.significance),
        "panels": [
            _map_panel(shown, categories, scores, result, period),
            _low_low_panel(spatial, scores, province),
        ],
        "without_boundary": [c for c in shown if c.code in unusable],
        "isolated": [c for c in shown if c.code in isolated],
        "permutations": result.permutations,
        "significance": result.significance,
    }


def _category(
    code: str,
    result: Autocorrelation,
    scores: dict[str, Score],
    unusable: set[str],
    isolated: set[str],
) -> str:
    """A county's LISA category, or why it has none (no score, no boundary, no neighbour)."""
    if code not in scores:
        return ""
    if code in unusable:
        return NO_BOUNDARY
    if code in isolated or code not in result.local:
        return NO_NEIGHBOUR
    return str(result.local[code].quadrant)


def category_labels() -> dict[str, str]:
    """Each category's name in the active language."""
    return {
        **{str(q): str(label) for q, label, _colour in CATEGORIES},
        NO_NEIGHBOUR: _("No neighbour with a score"),
        NO_BOUNDARY: _("No boundary"),
        "": _("no data"),
    }


def moran_sentence(moran: GlobalMoran | None, significance: float) -> str:
    """What the global Moran's I says, in one sentence."""
    if moran is None:
        return _("Too few neighbouring counties with different scores to test for clustering.")
    figures = {
        "i": num(moran.i, 3),
        "p": num(moran.p, 3),
        "level": num(significance, 2),
    }
    if moran.p <= significance and moran.i > moran.expected:
        text = _(
            "Counties with similar scores lie next to each other more often than chance would "
            "place them (Moran's I %(i)s, p = %(p)s ≤ %(level)s)."
        )
    elif moran.p <= significance:
        text = _(
            "Neighbouring counties differ from each other more than chance would make them "
            "(Moran's I %(i)s, p = %(p)s ≤ %(level)s)."
        )
    else:
        text = _(
            "The scores show no spatial pattern beyond what chance would give (Moran's I "
            "%(i)s, p = %(p)s > %(level)s)."
        )
    return text % figures


def _map_panel(
    shown: list[County],
    categories: dict[str, str],
    scores: dict[str, Score],
    result: Autocorrelation,
    period: str,
) -> Panel:
    labels = category_labels()
    colours = [
        *[(str(q), colour) for q, _label, colour in CATEGORIES],
        (NO_NEIGHBOUR, NO_NEIGHBOUR_COLOUR),
        (NO_BOUNDARY, NO_NEIGHBOUR_COLOUR),
        ("", NO_SCORE_COLOUR),
    ]
    groups = [
        (labels[key], colour, [c for c in shown if categories[c.code] == key])
        for key, colour in colours
    ]
    figure = charts.category_map([g for g in groups if g[2]])
    rows = [
        {
            **county_cells(c),
            "province_name": c.province.name,
            "score": float(scores[c.code].composite),
            "category": labels[categories[c.code]],
            "local_i": result.local[c.code].i if c.code in result.local else None,
            "p_value": result.local[c.code].p if c.code in result.local else None,
            "is_synthetic": scores[c.code].is_synthetic,
        }
        for c in shown
        if c.code in scores
    ]
    note = _(
        "Local Moran's I of each county's score against its neighbours' mean (counties sharing "
        "a border or a corner), %(n)s seeded permutations, significant at p ≤ %(level)s; "
        "%(period)s. Low-low: a deprived county among deprived neighbours."
    ) % {
        "n": num(result.permutations, 0),
        "level": num(result.significance, 2),
        "period": period_label(period),
    }
    return Panel(
        "lisa-map",
        _("Map of spatial clusters (LISA)"),
        [
            *county_columns(),
            Col("province_name", _("Province")),
            Col("score", _("Score"), "number", 1),
            Col("category", _("Cluster category")),
            Col("local_i", _("Local Moran's I"), "number", 3),
            Col("p_value", _("Pseudo p-value"), "number", 3),
            synthetic_column(),
        ],
        rows,
        figure=figure if any(c.geometry for c in shown) else None,
        has_synthetic=any(r["is_synthetic"] for r in rows),
        note=note,
        extra={"map": True},
    )


def _low_low_panel(spatial: Spatial, scores: dict[str, Score], province: str) -> Panel:
    """The connected groups of low-low counties (nationally; under a province filter, those
    with a county in it), with their provinces and population; a mark when one crosses a
    provincial border."""
    low = [k for k, local in spatial.result.local.items() if local.quadrant == Quadrant.LOW_LOW]
    groups = clusters(low, spatial.contiguity.neighbours)
    if province:
        groups = [g for g in groups if any(scores[k].county.province.code == province for k in g)]
    population = _populations([scores[k].county_id for g in groups for k in g])
    rows = [
        _cluster_row(number, [scores[k] for k in group], population)
        for number, group in enumerate(groups, start=1)
    ]
    return Panel(
        "low-low",
        _("Low-low clusters: deprived counties surrounded by deprived counties"),
        [
            Col("cluster", _("Cluster"), "int"),
            Col("size", _("Counties"), "int"),
            Col("counties", _("County names")),
            Col("county_codes", _("County codes")),
            Col("provinces", _("Provinces")),
            Col("population", _("Population"), "int"),
            Col("crosses_border", _("Crosses a provincial border"), "bool"),
            synthetic_column(),
        ],
        rows,
        has_synthetic=any(r["is_synthetic"] for r in rows),
        note=_(
            "Neighbouring low-low counties form one cluster; population is the sum of the "
            "baseline figures known."
        ),
        extra={"clusters": True},
    )


def _cluster_row(number: int, members: list[Score], population: dict[int, float]) -> dict[str, Any]:
    """One low-low cluster as a row: its counties, provinces, known population, and whether it
    crosses a provincial border."""
    comma = list_comma()
    places = [s.county for s in members]
    provinces = sorted({c.province for c in places}, key=lambda p: p.code)
    known = [population[c.pk] for c in places if c.pk in population]
    return {
        "cluster": number,
        "size": len(places),
        "counties": comma.join(c.name for c in places),
        "members": [(c.code, c.name) for c in places],  # the page's links, not the CSV
        "county_codes": " ".join(c.code for c in places),
        "provinces": comma.join(p.name for p in provinces),
        "population": round(sum(known)) if known else None,
        "crosses_border": len(provinces) > 1,
        "is_synthetic": any(s.is_synthetic for s in members),
    }


def _populations(county_ids: list[int]) -> dict[int, float]:
    """County id -> baseline population, for those that have one (one query)."""
    baseline = current_baseline()
    if not county_ids or not baseline.period:
        return {}
    values = Observation.objects.filter(county_id__in=county_ids).county_values(
        [baseline.indicator_code], baseline.period
    )
    return {county_id: value for (county_id, _code), value in values.items()}
