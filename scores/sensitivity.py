"""Sensitivity analyses of the published ranks: requested by ministry staff or analysts, computed
in Celery with progress (scores.tasks.run_sensitivity), stored once per run, methodology version
and period (SensitivityAnalysis), read by everyone who may browse the nation.

The units are the counties the run ranked in the period, their values read by the rebuild's own
loader (scores.drivers.period_data); the maths is scores.scoring.sensitivity
(docs/methodology.md §16).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from counties.models import County
from governance import queueing
from governance.caching import cached
from governance.exports.table import Column, ExportTable
from scores import drivers, scoring
from scores.choices import AnalysisStatus
from scores.completeness import run_periods
from scores.models import Methodology, ScoreRun, SensitivityAnalysis
from scores.queries import analyses_marker_of
from scores.scoring.sensitivity import rank_sensitivity

# N base samples: 512 x (2 + 4) rank evaluations of every county; the known-answer tests
# recover their indices within 0.1 at N = 1024 (tests/scores/scoring/test_scoring_sensitivity.py).
SAMPLES = 512
# An analysis takes seconds to minutes: one still queued or running after this was abandoned.
ABANDONED_AFTER = datetime.timedelta(hours=1)

GROUP_LABELS = {
    "weights": _("weights"),
    "normalisation": _("normalisation"),
    "aggregation": _("aggregation"),
    "missing": _("missing-data rule"),
}


@dataclass(frozen=True)
class Target:
    """What an analysis is of: a run, a methodology at a version (its spec) and a period."""

    run: ScoreRun
    code: str
    version: int
    spec: dict[str, Any]
    methodology: Methodology | None
    period: str


def target_of(run: ScoreRun, methodology: Methodology | None = None) -> Target | None:
    """The run's latest complete period under `methodology` (the run's own snapshot when None
    or when the run used it as it is now); None when the run has no complete period."""
    period = run_periods(run).default
    if not period:
        return None
    snapshot = run.methodology_snapshot or {}
    if methodology is None or (
        snapshot.get("id") == methodology.pk and snapshot.get("version") == methodology.version
    ):
        if "spec" not in snapshot:
            return None
        return Target(
            run,
            str(snapshot.get("code", "")),
            int(snapshot.get("version", 0)),
            snapshot["spec"],
            Methodology.objects.filter(pk=int(snapshot.get("id") or 0)).first(),
            period,
        )
    return Target(run, methodology.code, methodology.version, methodology.spec, methodology, period)


def request_sensitivity_analysis(
    run: ScoreRun, methodology: Methodology | None, user: Any
) -> SensitivityAnalysis | None:
    """The analysis of `run` under `methodology` (its own when None) in its latest complete
    period: the stored one if it is done or under way, else queued now (a failed one again).
    None when the run has no complete period."""
    target = target_of(run, methodology)
    if target is None:
        return None
    with transaction.atomic():
        analysis, created = SensitivityAnalysis.objects.select_for_update().get_or_create(
            run=run,
            methodology_code=target.code,
            methodology_version=target.version,
            period=target.period,
            defaults={"methodology": target.methodology, "requested_by": user, "samples": SAMPLES},
        )
        if not created and not _needs_queueing(analysis):
            return analysis
        if not created:
            analysis.status, analysis.error, analysis.progress_done = AnalysisStatus.QUEUED, "", 0
            analysis.requested_by, analysis.finished_at = user, None
            analysis.queued_at = timezone.now()
            analysis.save(
                update_fields=[
                    "status",
                    "error",
                    "progress_done",
                    "requested_by",
                    "finished_at",
                    "queued_at",
                ]
            )
        from scores.tasks import run_sensitivity

        waiting = SensitivityAnalysis.objects.filter(pk=analysis.pk, status=AnalysisStatus.QUEUED)
        queueing.enqueue_after_commit(
            run_sensitivity,
            analysis.pk,
            on_failure=queueing.fail_waiting(waiting, AnalysisStatus.FAILED),
        )
    return analysis


def _needs_queueing(analysis: SensitivityAnalysis) -> bool:
    """A failed analysis, or one queued or running for longer than any analysis takes (its
    worker died or its task was lost): asking again queues it."""
    if analysis.status == AnalysisStatus.FAILED:
        return True
    return analysis.is_busy and analysis.queued_at < timezone.now() - ABANDONED_AFTER


def run_sensitivity_analysis(analysis_id: int) -> SensitivityAnalysis:
    """Compute a queued analysis, recording its progress after each block of evaluations and
    its result at the end; an analysis not queued (done, running elsewhere) is left alone."""
    claimed = SensitivityAnalysis.objects.filter(
        pk=analysis_id, status=AnalysisStatus.QUEUED
    ).update(status=AnalysisStatus.RUNNING, progress_done=0)
    analysis = SensitivityAnalysis.objects.select_related("run", "methodology").get(pk=analysis_id)
    if not claimed:
        return analysis
    try:
        result = _compute(analysis)
    except (ValueError, KeyError, TypeError) as exc:  # SpecError and DataError are ValueErrors
        analysis.status, analysis.error = AnalysisStatus.FAILED, str(exc)[:2000]
        analysis.finished_at = timezone.now()
        analysis.save(update_fields=["status", "error", "finished_at"])
        return analysis
    analysis.status, analysis.result = AnalysisStatus.DONE, result
    analysis.progress_done = analysis.progress_total
    analysis.finished_at = timezone.now()
    analysis.save(update_fields=["status", "result", "progress_done", "finished_at"])
    cache.delete(_own_key(analysis.run_id, analysis.period))
    return analysis


def _compute(analysis: SensitivityAnalysis) -> dict[str, Any]:
    run = analysis.run
    snapshot = run.methodology_snapshot or {}
    if (
        snapshot.get("code") == analysis.methodology_code
        and snapshot.get("version") == analysis.methodology_version
    ):
        spec = snapshot["spec"]
    elif (
        analysis.methodology is not None
        and analysis.methodology.version == analysis.methodology_version
    ):
        spec = analysis.methodology.spec
    else:
        raise ValueError("the methodology has changed since the analysis was asked for")
    spec = scoring.validate_spec(spec)
    found = drivers.period_data(run, analysis.period, spec)
    if found is None or len(found.county_ids) < 2:
        raise ValueError("fewer than two counties are ranked in this period")

    def progress(done: int, total: int) -> None:
        SensitivityAnalysis.objects.filter(pk=analysis.pk).update(
            progress_done=done, progress_total=total
        )
        analysis.progress_total = total

    out = rank_sensitivity(
        found.data(), spec, n=analysis.samples or SAMPLES, seed=run.pk, progress=progress
    )
    return {
        "groups": list(out.groups),
        "county_ids": found.county_ids,
        "first_order": [_floats(row) for row in out.first_order],
        "total": [_floats(row) for row in out.total],
        "p05": _floats(out.p05_rank),
        "median": _floats(out.median_rank),
        "p95": _floats(out.p95_rank),
        "base_rank": _floats(out.base_rank),
        "n": out.n,
        "evaluations": out.evaluations,
    }


def _floats(values: Any) -> list[float | None]:
    """JSON-able numbers rounded to 4 places, None for NaN."""
    return [None if math.isnan(v) else round(float(v), 4) for v in values]


# Reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyIndices:
    """One county's indices per group (label, S1, ST) and its rank band (5%, median, 95%)."""

    rows: list[tuple[str, str, float | None, float | None]]
    band: tuple[float | None, float | None, float | None]
    rank: float | None

    @property
    def dominant(self) -> str | None:
        """The label of the group with the largest total effect, None if the rank is fixed."""
        present = [(st, label) for _group, label, _s1, st in self.rows if st is not None]
        return max(present)[1] if present else None


def group_label(group: str) -> str:
    return str(GROUP_LABELS.get(group, group))


def mean_indices(analysis: SensitivityAnalysis) -> list[tuple[str, float | None, float | None]]:
    """(group label, mean S1, mean ST) over the counties whose rank moves."""
    result = analysis.result
    out = []
    for g, group in enumerate(result.get("groups", [])):
        first = [v for v in result["first_order"][g] if v is not None]
        total = [v for v in result["total"][g] if v is not None]
        out.append(
            (
                group_label(group),
                sum(first) / len(first) if first else None,
                sum(total) / len(total) if total else None,
            )
        )
    return out


def county_indices(analysis: SensitivityAnalysis, county_id: int) -> CountyIndices | None:
    """The county's indices and band in a done analysis; None if it was not a unit of it."""
    result = analysis.result
    ids = result.get("county_ids", [])
    if county_id not in ids:
        return None
    i = ids.index(county_id)
    rows = [
        (group, group_label(group), result["first_order"][g][i], result["total"][g][i])
        for g, group in enumerate(result["groups"])
    ]
    band = (result["p05"][i], result["median"][i], result["p95"][i])
    return CountyIndices(rows=rows, band=band, rank=result["base_rank"][i])


def done_analyses(run: ScoreRun | None, period: str) -> list[SensitivityAnalysis]:
    """The run's finished analyses of `period`, one per methodology version (1 query)."""
    if run is None or not period:
        return []
    return list(
        SensitivityAnalysis.objects.filter(
            run=run, period=period, status=AnalysisStatus.DONE
        ).order_by("methodology_code", "methodology_version")
    )


def _own(run: ScoreRun, period: str) -> QuerySet[SensitivityAnalysis]:
    snapshot = run.methodology_snapshot or {}
    return SensitivityAnalysis.objects.filter(
        run=run,
        period=period,
        status=AnalysisStatus.DONE,
        methodology_code=snapshot.get("code", ""),
        methodology_version=snapshot.get("version", 0),
    )


def own_analysis(run: ScoreRun, period: str) -> SensitivityAnalysis | None:
    """The done analysis of the run's own methodology in `period` (1 query), if any."""
    return _own(run, period).first()


def own_analysis_id(run: ScoreRun, period: str) -> int:
    """Its id, 0 if none: part of the county panel's cache key, so itself cached (no query on
    a warm visit) until an analysis of the run and period finishes (run_sensitivity_analysis
    forgets it)."""
    found: int = cached(
        _own_key(run.pk, period),
        lambda: _own(run, period).values_list("pk", flat=True).first() or 0,
    )
    return found


def analyses_marker(run: ScoreRun) -> str:
    """What changes whenever a sensitivity analysis of `run` finishes, in any period, or one is
    deleted: the number and newest finish of its done analyses (one query; the published run's
    is read with it by scores.queries.published_run_stamp)."""
    found = (
        SensitivityAnalysis.objects.filter(run=run, status=AnalysisStatus.DONE)
        .order_by()
        .aggregate(done=Count("pk"), finished=Max("finished_at"))
    )
    return analyses_marker_of(found["done"], found["finished"])


def _own_key(run_id: int, period: str) -> str:
    return f"sensitivity-own:{run_id}:{period}"


def sensitivity_table(analysis: SensitivityAnalysis) -> ExportTable:
    """Every county of the analysis with its rank band and S1/ST per group."""
    result = analysis.result
    groups = result.get("groups", [])
    ids = result.get("county_ids", [])
    counties = County.objects.select_related("province").defer("geometry").in_bulk(ids)
    columns = [
        Column("county", gettext("County"), kind="county"),
        Column("rank", gettext("Rank"), "#,##0"),
        Column("p05", gettext("Best plausible rank (5%)"), "0"),
        Column("median", gettext("Median rank"), "0"),
        Column("p95", gettext("Worst plausible rank (95%)"), "0"),
    ]
    for group in groups:
        columns.append(Column(f"s1_{group}", f"S1 ({group_label(group)})", "0.000"))
        columns.append(Column(f"st_{group}", f"ST ({group_label(group)})", "0.000"))
    rows = []
    for i, county_id in enumerate(ids):
        row: dict[str, Any] = {
            "county": counties.get(county_id),
            "rank": result["base_rank"][i],
            "p05": result["p05"][i],
            "median": result["median"][i],
            "p95": result["p95"][i],
        }
        for g, group in enumerate(groups):
            row[f"s1_{group}"] = result["first_order"][g][i]
            row[f"st_{group}"] = result["total"][g][i]
        rows.append(row)
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
    return ExportTable(
        title=str(gettext("Sensitivity of the ranks")),
        columns=columns,
        rows=iter(rows),
        notes=[
            str(gettext("Period: %(period)s.")) % {"period": analysis.period},
            str(gettext("Methodology: %(code)s, version %(version)s."))
            % {"code": analysis.methodology_code, "version": analysis.methodology_version},
            str(gettext("Saltelli sampler, N = %(n)s (%(runs)s evaluations)."))
            % {"n": result.get("n"), "runs": result.get("evaluations")},
        ],
    )
