"""Pages of the observation import: upload, preview with errors or counts, confirm, progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties import imports
from counties.choices import ImportStatus
from counties.forms import ImportUploadForm
from counties.imports import ImportIssue
from counties.models import ImportJob
from governance import access, queueing
from governance.http import signed_in_user

RECENT_JOBS = 20


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("uploaded_by", "score_run"), pk=pk)
    access.require(access.can_view_import(request.user, job.uploaded_by_id))
    return job


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX file of observations (ministry staff and analysts)."""
    access.require(access.can_manage_data(request.user))
    may_approve = access.is_ministry(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, may_approve=may_approve)
    if request.method == "POST" and form.is_valid():
        job = imports.start_import_job(
            form.cleaned_data["file"],
            user=signed_in_user(request),
            default_source=form.cleaned_data["source"],
            approve=may_approve and bool(form.cleaned_data.get("approve")),
        )
        if job.status == ImportStatus.FAILED:  # its check could not be queued: say why
            messages.error(request, job.error)
        return redirect("counties:import-detail", pk=job.pk)
    jobs = ImportJob.objects.select_related("uploaded_by", "submission").defer("issues")
    if not access.is_ministry(request.user):
        jobs = jobs.filter(uploaded_by=signed_in_user(request))
    return render(request, "counties/import_form.html", {"form": form, "jobs": jobs[:RECENT_JOBS]})


def _may_run(request: HttpRequest, job: ImportJob) -> bool:
    """Confirming an import or checking it again: its uploader, if they still manage data."""
    return access.can_manage_data(request.user) and job.uploaded_by_id == request.user.pk


def _submission(job: ImportJob) -> object | None:
    """The data submission that records the import (approved on upload, or held for
    approval), if it was imported; counties does not import the submissions app."""
    try:
        return job.submission
    except ObjectDoesNotExist:
        return None


def _context(request: HttpRequest, job: ImportJob) -> dict[str, object]:
    submission = _submission(job)
    return {
        "job": job,
        "submission": submission,
        # Imported but held for approval: nothing was written yet.
        "held": job.status == ImportStatus.DONE
        and submission is not None
        and getattr(submission, "state", "") != "approved",
        "can_check_again": _may_run(request, job) and imports.check_was_not_queued(job),
        "issues": [ImportIssue.from_dict(item) for item in job.issues],
        "hidden_issues": max(job.issue_count - len(job.issues), 0),
    }


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import: its progress, then its errors or its preview (create / update / unchanged)."""
    job = _job(request, pk)
    return render(request, "counties/import_detail.html", _context(request, job))


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status panel alone, polled by htmx while the file is checked or imported."""
    job = _job(request, pk)
    return render(request, "counties/_import_status.html", _context(request, job))


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The user read the preview and confirms: import the file, all or nothing."""
    job = _job(request, pk)
    access.require(_may_run(request, job))
    confirmed = imports.confirm_import_job(job.pk)
    if job.status == ImportStatus.READY and confirmed.status == ImportStatus.READY:
        messages.error(request, queueing.NOT_QUEUED)  # still ready: the user may confirm again
    return redirect("counties:import-detail", pk=job.pk)


@login_required
@require_POST
def import_check_again(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's check could not be queued (the broker was down): queue it again."""
    job = _job(request, pk)
    access.require(_may_run(request, job))
    if not imports.check_was_not_queued(job):
        messages.error(request, _("This import cannot be checked again: upload the file again."))
        return redirect("counties:import-detail", pk=job.pk)
    checked = imports.check_import_again(job.pk)
    if checked.status == ImportStatus.FAILED:  # still refused: say so, the button stays
        messages.error(request, checked.error)
    return redirect("counties:import-detail", pk=job.pk)
