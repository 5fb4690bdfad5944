"""Reads of published scores that several pages share."""

from __future__ import annotations

from django.db.models import QuerySet

from scores.models import Score, ScoreRun


def period_rows(run: ScoreRun, period: str, province: str = "") -> QuerySet[Score]:
    """A run's scores in one period, best rank first, with their county and province (not their
    shapes nor area scores); only one province's counties when `province` (a code) is given."""
    rows = (
        Score.objects.filter(run=run, period=period)
        .select_related("county__province")
        .defer("county__geometry", "county__province__geometry", "area_scores")
        .order_by("national_rank", "county__code")
    )
    if province:
        rows = rows.filter(county__province__code=province)
    return rows
