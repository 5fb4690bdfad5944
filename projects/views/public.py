"""The public page of a county (no login): its public flagship projects and a feedback box.

Only projects marked public and not archived appear, and only their public fields: titles,
descriptions, challenge, period, agency, location, progress, status, milestones and the photos
marked for the public. Budgets, contacts, notes and documents never appear here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from counties.models import County
from governance.forms import apply_errors
from governance.throttling import client_ip, too_many_requests
from projects import queries as project_queries
from projects.forms import FeedbackForm
from projects.models import Evidence, FlagshipProject
from projects.services import hash_ip, record_feedback
from projects.views.projects import serve_evidence

RATE_WINDOW_SECONDS = 3600


def _county(code: str) -> County:
    return get_object_or_404(
        County.objects.select_related("province").defer("geometry", "province__geometry"),
        code=code,
    )


def _public_photos() -> Prefetch:
    return Prefetch(
        "updates__evidence",
        queryset=Evidence.objects.filter(is_public=True, kind="photo").order_by("-pk"),
        to_attr="public_photos",
    )


def _photos(project: FlagshipProject) -> list[Evidence]:
    return [e for u in project.updates.all() for e in getattr(u, "public_photos", [])]


def county_page(request: HttpRequest, code: str) -> HttpResponse:
    """A county's public flagship projects with progress, milestones and photos."""
    county = _county(code)
    projects = project_queries.with_states(
        FlagshipProject.objects.public()
        .filter(county=county)
        .with_state_data()
        .prefetch_related(_public_photos())
        .order_by("period_start", "pk")
    )
    for project in projects:
        project.photos = _photos(project)[:4]  # type: ignore[attr-defined]
    return render(request, "projects/public/county.html", {"county": county, "projects": projects})


@require_http_methods(["GET", "POST"])
def project_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One public project, its milestones and photos, and a feedback form (no account)."""
    county = _county(code)
    project = get_object_or_404(
        FlagshipProject.objects.public()
        .filter(county=county)
        .with_state_data()
        .prefetch_related(_public_photos()),
        pk=pk,
    )
    project.st = project.state()
    status = 200
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        ip = client_ip(request)
        key = f"public-feedback:{hash_ip(ip)}"
        # Every attempt counts, so that a bot failing the checks is slowed down as well.
        if not cache.add(key, 1, RATE_WINDOW_SECONDS):
            cache.incr(key)
        if cache.get(key, 0) > settings.PUBLIC_FEEDBACK_PER_HOUR:
            return too_many_requests(
                request,
                reason=_(
                    "You have sent a lot of feedback in the last hour. Please try again later."
                ),
                retry_after=RATE_WINDOW_SECONDS,
            )
        if form.is_robot():
            # Dropped, answered as if sent, so that the robot learns nothing to adapt to.
            messages.success(request, _("Thank you: your feedback was sent to the county."))
            return redirect("public:project", code=county.code, pk=project.pk)
        elif form.is_valid():
            try:
                record_feedback(
                    project,
                    text=form.cleaned_data["text"],
                    name=form.cleaned_data["name"],
                    rating=form.cleaned_data["rating"],
                    ip=ip,
                    language=get_language() or "",
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Thank you: your feedback was sent to the county."))
                return redirect("public:project", code=county.code, pk=project.pk)
        else:
            status = 400
    return render(
        request,
        "projects/public/project.html",
        {
            "county": county,
            "project": project,
            "milestones": list(project.milestones.all()),
            "photos": _photos(project),
            "form": form,
        },
        status=status,
    )


def photo(request: HttpRequest, code: str, pk: int, evidence: int) -> FileResponse:
    """A photo marked public, of a public, active project of this county; nothing else."""
    county = _county(code)
    item = get_object_or_404(
        Evidence.objects.select_related("update__project"),
        pk=evidence,
        kind="photo",
        is_public=True,
        update__project__pk=pk,
        update__project__county=county,
        update__project__is_public=True,
        update__project__archived_at__isnull=True,
    )
    response = serve_evidence(item)
    response["Cache-Control"] = "public, max-age=3600"
    return response
