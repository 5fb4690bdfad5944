"""Reads of published scores that several pages share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateTimeField, IntegerField, Max, OuterRef, QuerySet, Subquery

from governance.compiled import CompiledQuery
from scores.choices import AnalysisStatus
from scores.models import Score, ScoreRun, SensitivityAnalysis


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


@dataclass(frozen=True)
class PublishedRunStamp:
    """What caches derived from the published run are keyed by: the run, its publication and
    its done sensitivity analyses (their number and newest finish: `analyses`, as
    sensitivity.analyses_marker writes it)."""

    pk: int
    published_at: datetime.datetime | None
    analyses: str

    def read(self) -> ScoreRun:
        """The run itself (one query: only to build what is cached under the stamp)."""
        return ScoreRun.objects.get(pk=self.pk)


def _published_run_stamp_rows() -> QuerySet[Any]:
    done = (
        SensitivityAnalysis.objects.filter(run=OuterRef("pk"), status=AnalysisStatus.DONE)
        .order_by()
        .values("run")
    )
    return (
        ScoreRun.objects.published()
        .annotate(
            analyses_done=Subquery(
                done.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
            ),
            analyses_finished=Subquery(
                done.annotate(m=Max("finished_at")).values("m"), output_field=DateTimeField()
            ),
        )
        .order_by("-published_at", "-pk")
        .values_list("pk", "published_at", "analyses_done", "analyses_finished")[:1]
    )


def analyses_marker_of(done: int | None, finished: datetime.datetime | None) -> str:
    """The marker of a run's done sensitivity analyses from their number and newest finish."""
    return f"{done or 0}/{finished.isoformat() if finished else '-'}"


_PUBLISHED_RUN_STAMP = CompiledQuery(_published_run_stamp_rows)


def published_run_stamp() -> PublishedRunStamp | None:
    """The latest published run's stamp, None when no run is published: one query, compiled
    once (governance.compiled), that reads no run's JSON."""
    row = _PUBLISHED_RUN_STAMP.first()
    if row is None:
        return None
    pk, published_at, done, finished = row
    return PublishedRunStamp(pk, published_at, analyses_marker_of(done, finished))
