"""Exports: table downloads (CSV streamed, XLSX), PDF county reports and province briefings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from counties.models import County, Province
from counties.pickers import county_picker
from governance import access
from governance.exports.csv_export import csv_response
from governance.exports.xlsx_export import xlsx_response
from governance.http import signed_in_user
from reports.forms import ReportPeriodForm, ScoreRunForm, exportable_runs, period_options
from reports.models import ExportJob, ExportKind, ExportStatus
from reports.services import request_export

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from governance.models import User
from reports.tables import TABLES
from scores.completeness import run_periods
from scores.models import ScoreRun


def _provinces_for_briefing(user: User | AnonymousUser) -> list[Province]:
    provinces = Province.objects.defer("geometry").order_by_name()
    return [p for p in provinces if access.can_make_briefing(user, p)]


def _index_page(
    request: HttpRequest,
    run_form: ScoreRunForm,
    status: int = 200,
    period_form: ReportPeriodForm | None = None,
) -> HttpResponse:
    viewable = County.objects.viewable_by(request.user)
    # Every readable county while few, else a server search (issue 14).
    picker = county_picker([], queryset=viewable, scope="view")
    return render(
        request,
        "reports/index.html",
        {
            "tables": TABLES.values(),
            "runs": list(exportable_runs()),
            "run_form": run_form,
            "period_form": period_form,
            # Periods of the latest published run: its latest complete one is the default.
            "periods": period_options(run_periods(ScoreRun.objects.latest_published())),
            "picker": picker,
            "any_county": bool(picker.counties) or viewable.exists(),
            "provinces": _provinces_for_briefing(request.user),
            "schedules_briefings": access.schedules_briefings(request.user),
            "jobs": _with_subjects(
                list(ExportJob.objects.filter(user=signed_in_user(request))[:20])
            ),
        },
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """What the user may download, and the user's own report jobs."""
    access.require(access.can_export(request.user))
    return _index_page(request, ScoreRunForm())


@login_required
def table_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponseBase:
    """One table as CSV (streamed) or XLSX; rows scoped to what the user may read.

    Tables by score run take `?run=<id>` (a published run that keeps its scores; the latest by
    default) and `?period=` (the run's latest complete period by default; `all`); a bad id or
    period gives the exports page again with the reason (400).
    """
    access.require(access.can_export(request.user))
    table_kind = TABLES.get(kind)
    if table_kind is None or fmt not in ("csv", "xlsx"):
        raise Http404
    filename = f"tavazon-{kind}"
    if table_kind.by_run:
        run_form = ScoreRunForm(request.GET)
        if not run_form.is_valid():
            return _index_page(request, run_form, status=400)
        run = run_form.cleaned_data["run"]
        table = table_kind.build(request.user, run, run_form.cleaned_data["period"])
        filename += f"-run{run.pk}" if run else ""
    else:
        table = table_kind.build(request.user)
    if fmt == "csv":
        return csv_response(table, filename)
    return xlsx_response(table, filename)


@login_required
@require_POST
def job_create(request: HttpRequest) -> HttpResponse:
    """Queue a county report or a province briefing pack; the worker builds the PDF, in the
    period asked for (the published run's latest complete period by default)."""
    access.require(access.can_export(request.user))
    kind = request.POST.get("kind", "")
    if kind == ExportKind.COUNTY_REPORT:
        county = get_object_or_404(County, code=request.POST.get("county", ""))
        access.require(access.can_view_county(request.user, county))
        params = {"county": county.code}
    elif kind == ExportKind.PROVINCE_BRIEFING:
        province = get_object_or_404(Province, code=request.POST.get("province", ""))
        access.require(access.can_make_briefing(request.user, province))
        params = {"province": province.code}
    else:
        raise Http404
    period_form = ReportPeriodForm(request.POST)
    if not period_form.is_valid():
        return _index_page(request, ScoreRunForm(), status=400, period_form=period_form)
    params["period"] = period_form.cleaned_data["period"]
    job = request_export(signed_in_user(request), kind, params, get_language() or "fa")
    if job.status == ExportStatus.FAILED:  # the broker refused the task: say so; ask again
        messages.error(request, job.error)
    return redirect("reports:job", pk=job.pk)


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob, pk=pk)
    access.require(job.user_id == request.user.pk)
    return job


def _with_subjects(jobs: list[ExportJob]) -> list[ExportJob]:
    """Set `job.subject` on each job: the county or province it is about, by name in the active
    language (its code if the place is gone); two queries whatever the number of jobs."""
    county_codes = {job.params["county"] for job in jobs if "county" in job.params}
    province_codes = {job.params.get("province") for job in jobs if "county" not in job.params}
    counties: Iterable[County] = (
        County.objects.defer("geometry").filter(code__in=county_codes) if county_codes else []
    )
    provinces: Iterable[Province] = (
        Province.objects.defer("geometry").filter(code__in=province_codes) if province_codes else []
    )
    names = {("county", c.code): c.name for c in counties}
    names |= {("province", p.code): p.name for p in provinces}
    for job in jobs:
        key = ("county", job.params["county"]) if "county" in job.params else None
        key = key or ("province", job.params.get("province"))
        job.subject = names.get(key, str(key[1] or ""))  # type: ignore[attr-defined]
    return jobs


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report job: what it is about, its progress (polled), then its download link."""
    job = _own_job(request, pk)
    return render(
        request,
        "reports/job.html",
        {"job": job, "subject": _with_subjects([job])[0].subject},  # type: ignore[attr-defined]
    )


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status panel alone, polled by htmx until the file is ready."""
    return render(request, "reports/_job_status.html", {"job": _own_job(request, pk)})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The finished file, for the job's owner only."""
    job = _own_job(request, pk)
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=(job.file.name or "").rsplit("/", 1)[-1]
    )
