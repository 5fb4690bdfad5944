"""The sensitivity analysis page: a chart per methodology, a county's indices, the CSV, and the
form and polled status of an analysis under way (scores.sensitivity)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.models import County
from governance import access
from governance.exports.csv_export import csv_response
from governance.http import signed_in_user
from scores import charts, sensitivity
from scores.completeness import run_periods
from scores.models import Methodology, ScoreRun, SensitivityAnalysis


@login_required
def sensitivity_page(request: HttpRequest) -> HttpResponseBase:
    """The published run's analyses of its latest complete period: mean S1/ST per assumption
    for each methodology analysed; ?county=CODE adds that county's chart and table;
    ?format=csv exports every county of the analysis chosen with ?analysis= (the run's own
    methodology by default)."""
    access.require(access.can_browse_nation(request.user))
    run = ScoreRun.objects.latest_published()
    period = run_periods(run).default
    analyses = sensitivity.done_analyses(run, period)
    chosen = _chosen(run, analyses, request.GET.get("analysis", ""))
    if chosen is not None and request.GET.get("format") == "csv":
        access.require(access.can_export(request.user))
        filename = f"sensitivity-{period}-{chosen.methodology_code}-v{chosen.methodology_version}"
        return csv_response(sensitivity.sensitivity_table(chosen), filename)
    names = {m.code: m.name for m in Methodology.objects.all()}
    figures = [
        {
            "analysis": analysis,
            "name": names.get(analysis.methodology_code, analysis.methodology_code),
            "chart": charts.sensitivity_chart(sensitivity.mean_indices(analysis)),
            "chart_id": f"sensitivity-chart-{analysis.pk}",
        }
        for analysis in analyses
    ]
    county, indices = _county(request.GET.get("county", ""), chosen)
    latest = (
        SensitivityAnalysis.objects.filter(run=run).order_by("-created_at", "-pk").first()
        if run
        else None
    )
    counties = (
        County.objects.filter(pk__in=chosen.result.get("county_ids", [])).order_by("name_en")
        if chosen
        else County.objects.none()
    )
    context: dict[str, Any] = {
        "run": run,
        "period": period,
        "figures": figures,
        "chosen": chosen,
        "county": county,
        "indices": indices,
        "county_chart": (
            charts.sensitivity_chart([(label, s1, st) for _g, label, s1, st in indices.rows])
            if indices
            else None
        ),
        "counties": counties,
        "latest": latest,
        "may_start": access.can_run_sensitivity(request.user),
        "methodologies": Methodology.objects.all(),
        "own_code": (run.methodology_snapshot or {}).get("code", "") if run else "",
    }
    return render(request, "scores/sensitivity.html", context)


def _chosen(
    run: ScoreRun | None, analyses: list[SensitivityAnalysis], asked: str
) -> SensitivityAnalysis | None:
    """The analysis asked for, else the run's own methodology's, else the first."""
    if not analyses or run is None:
        return None
    by_id = {str(a.pk): a for a in analyses}
    if asked in by_id:
        return by_id[asked]
    own = (run.methodology_snapshot or {}).get("code", "")
    return next((a for a in analyses if a.methodology_code == own), analyses[0])


def _county(
    code: str, chosen: SensitivityAnalysis | None
) -> tuple[County | None, sensitivity.CountyIndices | None]:
    if not code or chosen is None:
        return None, None
    county = County.objects.filter(code=code).first()
    if county is None:
        return None, None
    return county, sensitivity.county_indices(chosen, county.pk)


@login_required
@require_POST
def sensitivity_start(request: HttpRequest) -> HttpResponse:
    """Queue the analysis of the published run under the methodology posted (ministry staff
    and analysts)."""
    access.require(access.can_run_sensitivity(request.user))
    run = ScoreRun.objects.latest_published()
    if run is None:
        messages.error(request, _("No scores have been published yet."))
        return redirect("scores:sensitivity")
    code = request.POST.get("methodology", "")
    methodology = Methodology.objects.filter(code=code).first() if code else None
    analysis = sensitivity.request_sensitivity_analysis(run, methodology, signed_in_user(request))
    if analysis is None:
        messages.error(request, _("The published run has no complete period to analyse."))
    return redirect("scores:sensitivity")


@login_required
def sensitivity_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status of an analysis alone, polled by htmx while it runs."""
    access.require(access.can_browse_nation(request.user))
    job = get_object_or_404(SensitivityAnalysis, pk=pk)
    return render(request, "scores/_sensitivity_status.html", {"job": job})
