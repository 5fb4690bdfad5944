"""How sure a county's rank is: its band under plausible alternative methods
(scores.scoring.robustness, docs/methodology.md §10), shown on the national dashboard and, with
one sentence, on the county page (beside the score panel: it derives from the published run).
When a sensitivity analysis of the run is done, the sentence names the assumption the rank
depends on most (scores.sensitivity)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from counties.models import County, Observation
from governance.caching import cached, versioned_key
from governance.templatetags.tavazon import digits
from scores import sensitivity
from scores.completeness import run_periods
from scores.models import Score, ScoreRun
from scores.scoring import rank_robustness

ROBUSTNESS_DRAWS = 200


def rank_bands(run: ScoreRun, period: str) -> dict[int, tuple[float, float, float]]:
    """County id -> (5th percentile, median, 95th percentile) of its national rank under
    perturbed weights, normalisation and aggregation; cached per run and period."""
    return cached(f"dash:bands:{run.pk}:{period}", lambda: _rank_bands(run, period))


def _rank_bands(run: ScoreRun, period: str) -> dict[int, tuple[float, float, float]]:
    spec = (run.methodology_snapshot or {}).get("spec") or {}
    codes = [i["code"] for d in spec.get("dimensions", []) for i in d.get("indicators", [])]
    county_ids = list(
        Score.objects.filter(run=run, period=period)
        .order_by("county_id")
        .values_list("county_id", flat=True)
    )
    if not codes or len(county_ids) < 2:
        return {}
    position = {pk: i for i, pk in enumerate(county_ids)}
    data = {code: np.full(len(county_ids), np.nan) for code in codes}
    for county_id, code, value in Observation.objects.filter(
        period=period, area__isnull=True, indicator__code__in=codes, county_id__in=county_ids
    ).values_list("county_id", "indicator__code", "value"):
        data[code][position[county_id]] = value
    try:
        result = rank_robustness(data, spec, n=ROBUSTNESS_DRAWS, seed=run.pk)
    except ValueError:  # the spec's missing-data rule refuses this period's data
        return {}
    return {
        pk: (float(result.p05_rank[i]), float(result.median_rank[i]), float(result.p95_rank[i]))
        for pk, i in position.items()
        if not math.isnan(result.median_rank[i])
    }


TEMPLATE = "scores/_county_uncertainty.html"


def county_uncertainty_panel(run: ScoreRun | None, county: County, asked: str = "") -> SafeString:
    """The county's rank with its robustness band and one sentence saying what it means, in the
    period of the score panel (`asked`, else the run's latest complete one). Cached per run,
    county, period, language and the run's done sensitivity analysis of that period (whose
    dominant assumption the sentence names): nothing of who is asking. Empty without a band."""
    if run is None:
        return SafeString("")
    period = run_periods(run).choose(asked)
    if not period:
        return SafeString("")
    analysis = sensitivity.own_analysis_id(run, period)
    key = versioned_key(f"county-uncertainty:{run.pk}", county.pk, period, analysis)
    html: SafeString = cached(
        key,
        lambda: (
            render_to_string(TEMPLATE, context)
            if (context := county_uncertainty_context(run, county, period))
            else SafeString("")
        ),
    )
    return html


def county_uncertainty_context(run: ScoreRun, county: County, period: str) -> dict[str, Any]:
    """The band, the rank, the sentence and the bar's geometry; {} when the county has no band."""
    score = Score.objects.filter(run=run, county=county, period=period).first()
    band = rank_bands(run, period).get(county.pk)
    if score is None or band is None:
        return {}
    total = run_periods(run).get(period)
    ranked = total.ranked if total else 0
    low, _median, high = (round(value) for value in band)
    analysis = sensitivity.own_analysis(run, period)
    indices = sensitivity.county_indices(analysis, county.pk) if analysis else None
    dominant = indices.dominant if indices else None
    return {
        "period": period,
        "rank": score.national_rank,
        "ranked": ranked,
        "low": low,
        "high": high,
        "sentence": band_sentence(score.national_rank, low, high, ranked, dominant),
        # CSS percentages, written with a Latin point whatever the language.
        "start": f"{_share(low, ranked):.1f}",
        "width": f"{max(_share(high, ranked) - _share(low, ranked), 1.5):.1f}",
        "mark": f"{_share(score.national_rank, ranked):.1f}",
        "has_analysis": analysis is not None,
    }


def band_sentence(rank: int, low: int, high: int, ranked: int, dominant: str | None) -> str:
    """What the band means, in the active language's digits."""
    if low == high:
        text = _(
            "In every plausible alternative method this county keeps its rank, %(rank)s of "
            "%(total)s."
        ) % {"rank": rank, "total": ranked}
    else:
        text = _(
            "In 90%% of plausible alternative methods this county ranks between %(low)s and "
            "%(high)s of %(total)s (published rank: %(rank)s)."
        ) % {"low": low, "high": high, "total": ranked, "rank": rank}
    if dominant:
        text += " " + _("The rank depends mostly on the %(assumption)s.") % {"assumption": dominant}
    return digits(text)


def _share(rank: float, ranked: int) -> float:
    """Where `rank` lies along the bar, in percent (rank 1 at the start)."""
    return 0.0 if ranked <= 1 else round(100 * (rank - 1) / (ranked - 1), 1)
