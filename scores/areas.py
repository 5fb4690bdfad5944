"""The county page's panel of its areas by score: the areas coloured by their score in the
published run (counties.svg_maps draws them), a table of them, and the county's within-county
balance beside the national median.

Everything in it derives from the published run, the county, its areas (names, flags,
populations, boundaries: one version, counties.boundaries) and the language, never from who is
asking; it is cached per run, county, period, areas' version, province outline and language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties import svg_maps
from counties.boundaries import boundary_version, version_of
from counties.charts import number_texts
from counties.models import Area, County
from governance.caching import cached, versioned_key
from governance.exports.table import Column, ExportTable
from governance.persian import format_number
from scores.completeness import county_standing, run_periods
from scores.models import Score, ScoreRun

TEMPLATE = "scores/_county_areas.html"
# ColorBrewer YlGnBu, five classes (Brewer et al. 2003): sequential, safe for colour-blind
# readers and in grey print; light = low score, dark = high.
COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# Within this share of the national median a county's balance reads as "about the median".
ABOUT_MEDIAN = 0.1


@dataclass(frozen=True)
class AreaRow:
    """One line of the panel's table: the area, its score (None when unscored) and colour."""

    area: Area
    score: float | None
    colour: str


def score_classes(
    scores: Sequence[float], classes: int = len(COLOURS)
) -> tuple[list[int], list[float]]:
    """Equal-interval classes of `scores` between their lowest and highest: each score's class
    (0 = lowest, classes - 1 = highest) and the classes' `classes + 1` edges. Equal scores all
    fall in the top class."""
    values = np.asarray(scores, dtype=float)
    if values.size == 0:
        return [], []
    low, high = float(values.min()), float(values.max())
    edges = np.linspace(low, high, classes + 1)
    if high == low:
        return [classes - 1] * values.size, edges.tolist()
    found = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, classes - 1)
    return [int(c) for c in found], edges.tolist()


def county_areas_panel(run: ScoreRun | None, county: County, asked: str = "") -> SafeString:
    """The panel's HTML ('' without a published run or without areas), in the period `asked`
    for (?period=) else the run's default one. Cached: on a cached visit no query when the
    county was read with its areas' and province's stamps (for_profile_page), else two."""
    if run is None:
        return mark_safe("")
    areas_version, outline = boundaries_versions(county)
    published = run.published_at.isoformat() if run.published_at else "-"
    key = versioned_key(
        f"county-areas:{run.pk}",
        published,
        county.pk,
        asked or "default",
        areas_version,
        outline,
    )

    def build() -> str:
        context = county_areas_context(run, county, asked, outline)
        return render_to_string(TEMPLATE, context) if context["rows"] else ""

    return mark_safe(cached(key, build))  # our own template rendered it, escaping included


def boundaries_versions(county: County) -> tuple[str, str]:
    """The versions of the county's areas' boundaries and of its province's counties' (the
    map's outline), from the county's annotations when read with them (for_profile_page)."""
    return (
        _version(county, "areas", county.code, "area_rows", "areas_newest"),
        _version(
            county, "province-counties", county.province.code, "province_rows", "province_newest"
        ),
    )


def _version(county: County, level: str, code: str, rows: str, newest: str) -> str:
    """A level's boundaries' version from the county's annotations when read with them (the
    county page), else read (one query)."""
    if hasattr(county, rows) and hasattr(county, newest):
        return version_of(level, code, getattr(county, rows), getattr(county, newest))
    return boundary_version(level, code)


def county_areas_context(
    run: ScoreRun, county: County, asked: str, outline: str | None = None
) -> dict[str, Any]:
    """What the panel shows: the areas with their scores (highest first), the map coloured by
    them, and the balance beside the national median of the period (about 6 queries)."""
    statuses = run_periods(run)
    scores = list(Score.objects.filter(run=run, county=county).order_by("period"))
    standing = county_standing(run, county, asked, periods=statuses, scores=scores)
    score = standing.score
    areas = list(
        county.areas.defer("geometry")
        .annotate(has_boundary=Q(geometry__isnull=False))
        .order_by_name("-is_deprived")
    )
    listed = score.area_scores if score is not None else {}
    values = {a.pk: float(listed[str(a.pk)]) for a in areas if str(a.pk) in listed}
    rows, fills, legend = _coloured(areas, values)
    drawn = any(a.has_boundary for a in areas)
    area_map = svg_maps.area_map(county, areas, outline, fills, legend) if drawn else None
    balance = float(score.balance) if score is not None and score.balance is not None else None
    median = _national_median(run, standing.period) if balance is not None else None
    return {
        "county": county,
        "run": run,
        "period": standing.period,
        "score": score,
        "rows": rows if values else [],
        "area_map": area_map,
        "balance": balance,
        "median": median,
        "comparison": _comparison(balance, median),
    }


def _coloured(
    areas: list[Any], values: dict[int, float]
) -> tuple[list[AreaRow], dict[int, tuple[str, str]], list[tuple[str, str]]]:
    """The table's rows (highest score first), each scored area's colour and hover text, and
    the map's legend."""
    scored = list(values)
    found, edges = score_classes([values[pk] for pk in scored])
    colour_of = {pk: COLOURS[c] for pk, c in zip(scored, found, strict=True)}
    rows = sorted(
        (AreaRow(a, values.get(a.pk), colour_of.get(a.pk, svg_maps.NEUTRAL)) for a in areas),
        key=lambda r: (r.score is None, -(r.score or 0.0)),
    )
    language = get_language()
    texts = dict(zip(scored, number_texts([values[pk] for pk in scored], 1, language), strict=True))
    fills = {pk: (colour_of[pk], _("score %(n)s") % {"n": texts[pk]}) for pk in scored}
    legend = _legend(edges, sorted(set(found)), language)
    if any(r.score is None for r in rows):
        legend.append((svg_maps.NEUTRAL, str(_("no score"))))
    return rows, fills, legend


def area_scores_table(context: dict[str, Any]) -> ExportTable:
    """The panel's table as an export (the same rows, highest score first), with the period and
    the county's balance beside the national median in its notes."""
    county: County = context["county"]
    rows: list[AreaRow] = context["rows"]
    language = get_language()
    notes = [_("Period: %(period)s.") % {"period": context["period"]}]
    if context["balance"] is not None:
        notes.append(
            _("Within-county balance (Theil T across areas)")
            + f": {format_number(context['balance'], 4, language)}"
        )
    if context["median"] is not None:
        median = format_number(context["median"], 4, language)
        notes.append(_("National median of counties: %(median)s.") % {"median": median})
    score = context["score"]
    return ExportTable(
        title=_("Areas of %(county)s by score") % {"county": county.name},
        columns=[
            Column("name", _("Area")),
            Column("kind", _("Kind")),
            Column("score", _("Score"), "0.00"),
            Column("deprived", _("Deprived")),
            Column("population", _("Population"), "#,##0"),
        ],
        rows=(
            {
                "name": r.area.name,
                "kind": str(r.area.get_kind_display()),
                "score": r.score,
                "deprived": str(_("yes")) if r.area.is_deprived else str(_("no")),
                "population": r.area.population,
            }
            for r in rows
        ),
        has_synthetic=bool(score is not None and score.is_synthetic)
        or any(r.area.is_synthetic for r in rows),
        notes=notes,
    )


def _legend(edges: list[float], used: list[int], language: str | None) -> list[tuple[str, str]]:
    """One entry a colour class in use, labelled with its score range, highest first."""
    texts = number_texts(edges, 1, language)
    if len(set(edges)) == 1:
        return [(COLOURS[-1], texts[0])] if edges else []
    return [(COLOURS[c], f"{texts[c]}–{texts[c + 1]}") for c in reversed(used)]


def _national_median(run: ScoreRun, period: str) -> float | None:
    """The median within-county Theil T among the counties the run ranked in `period` with a
    balance (one query)."""
    found = Score.objects.filter(run=run, period=period, balance__isnull=False).values_list(
        "balance", flat=True
    )
    values = [float(v) for v in found if v is not None]
    return float(np.median(values)) if values else None


def _comparison(balance: float | None, median: float | None) -> str:
    """Whether the county's areas are more or less balanced than the national median's."""
    if balance is None or median is None:
        return ""
    if abs(balance - median) <= ABOUT_MEDIAN * median:
        return "about"
    return "more" if balance < median else "less"
