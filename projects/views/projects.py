"""Pages of flagship projects: the governor's workbench, project lists, detail, forms, history.

Views check the rules of governance.access, call projects.services for writes, and
projects.queries for reads; templates only place what they are given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from counties import history
from counties.models import County, Province
from counties.pickers import county_picker
from governance import access
from governance.forms import apply_errors
from governance.http import signed_in_user
from governance.periods import PeriodError, current_year, parse_year
from governance.versioning import StaleEditError, stale_message
from projects import charts as project_charts
from projects import queries as project_queries
from projects.forms import (
    ArchiveForm,
    KPIForm,
    MilestoneForm,
    ProgressForm,
    ProjectFilterForm,
    ProjectForm,
)
from projects.models import Evidence, FlagshipProject
from projects.services import (
    add_kpi,
    add_milestone,
    archive_project,
    complete_milestone,
    create_project,
    record_progress,
    restore_project,
    update_project,
)

PAGE_SIZE = 50

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a message, translated now or when shown


def _county(request: HttpRequest, code: str, *, change: bool = False) -> County:
    county = get_object_or_404(
        County.objects.select_related("province").defer("geometry", "province__geometry"),
        code=code,
    )
    access.require(
        access.can_change_county(request.user, county)
        if change
        else access.can_view_county(request.user, county)
    )
    return county


def _project(county: County, pk: int) -> FlagshipProject:
    queryset = FlagshipProject.objects.filter(county=county).with_state_data()
    return get_object_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class ItemPages:
    """What the pages of one kind of archivable, versioned item (projects, plans) say and where
    they lead, and the views they share: its page, adding to it from a form on its page,
    archiving and restoring it, creating or changing it, and its history."""

    detail: str  # URL name of the item's page
    template: str  # its template, shown again with a refused form
    context: Callable[..., dict[str, Any]]  # (request, county, item, **forms) -> its context
    lookup: Callable[[County, int], Any]  # (county, pk) -> the county's item, or 404
    form_template: str  # the page that creates or changes an item
    name: str  # the item's name in that page's context
    noun: StrOrPromise  # in "Someone else changed this … after you opened it."
    saved: StrOrPromise
    is_archived: StrOrPromise
    archived: StrOrPromise
    restored: StrOrPromise

    def back(self, county: County, item: Any) -> HttpResponse:
        return redirect(self.detail, code=county.code, pk=item.pk)

    def refuse_if_archived(
        self, request: HttpRequest, county: County, item: Any
    ) -> HttpResponse | None:
        """Archived items are kept as they were: restore one to change it."""
        if item.is_archived:
            messages.error(request, self.is_archived)
            return self.back(county, item)
        return None

    def detail_view(self) -> Callable[..., HttpResponse]:
        """The item's page, for those who may see its county."""

        @login_required
        def view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
            county = _county(request, code)
            item = self.lookup(county, pk)
            return render(request, self.template, self.context(request, county, item))

        return view

    def add_view(
        self,
        form_name: str,
        form: Callable[[HttpRequest, Any], Any],
        write: Callable[[HttpRequest, Any, dict[str, Any]], Any],
        saved: StrOrPromise,
    ) -> Callable[..., HttpResponse]:
        """A POST view that adds to the item from the form `form_name` on its page (a milestone,
        a target, ...): refused on an archived item; written through `write(request, item,
        data)`, back to the item; refused, its page again with the form (400)."""

        @login_required
        @require_POST
        def view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
            county = _county(request, code, change=True)
            item = self.lookup(county, pk)
            if refused := self.refuse_if_archived(request, county, item):
                return refused
            bound = form(request, item)
            written = submit(
                request, bound, lambda: write(request, item, bound.cleaned_data), saved=saved
            )
            if written is not None:
                return self.back(county, item)
            context = self.context(request, county, item, **{form_name: bound})
            return render(request, self.template, context, status=400)

        return view

    def archive_view(
        self, archive: Callable[..., Any], restore: Callable[..., Any]
    ) -> Callable[..., HttpResponse]:
        """A POST view that archives the item, or restores it (`restore=1`), at the version its
        page showed (soft delete: it can always come back)."""

        @login_required
        @require_POST
        def view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
            county = _county(request, code, change=True)
            item = self.lookup(county, pk)
            form = ArchiveForm(request.POST)
            version = form.cleaned_data.get("version") if form.is_valid() else None
            try:
                if request.POST.get("restore") == "1":
                    restore(item, expected_version=version, user=request.user)
                    messages.success(request, self.restored)
                else:
                    archive(item, expected_version=version, user=request.user)
                    messages.success(request, self.archived)
            except StaleEditError:
                messages.error(request, stale_message(self.noun))
            return self.back(county, item)

        return view

    def edit(
        self,
        request: HttpRequest,
        county: County,
        item: Any | None,
        form: Any,
        write: Callable[[], Any],
    ) -> HttpResponse:
        """Create (`item` None) or change an item from its form page: refused on an archived
        item; on a POST written through `write`, to the saved item's page; otherwise, or
        refused, the form page again."""
        if item is not None and (refused := self.refuse_if_archived(request, county, item)):
            return refused
        if request.method == "POST" and (
            written := submit(request, form, write, saved=self.saved, stale=self.noun)
        ):
            return self.back(county, written)
        context = {"county": county, "form": form, self.name: item}
        return render(request, self.form_template, context)

    def history(
        self, request: HttpRequest, county: County, item: Any, entries: list[dict[str, Any]]
    ) -> HttpResponse:
        """The item's history page: its recorded changes and its parts', newest first."""
        entries.sort(key=lambda e: e["record"].history_date, reverse=True)
        return render(
            request,
            "projects/history.html",
            {
                "county": county,
                "item": item,
                "entries": entries,
                "back": (self.detail, county.code, item.pk),
            },
        )


def submit(
    request: HttpRequest,
    form: Any,
    write: Callable[[], Any],
    *,
    saved: StrOrPromise,
    stale: StrOrPromise | None = None,
) -> Any | None:
    """Write a valid form through `write` and say `saved`: the written item. None when the form
    or the service refused it (its reasons are then on the form), or a stale version was sent."""
    if not form.is_valid():
        return None
    try:
        item = write()
    except StaleEditError:
        form.add_error(None, stale_message(stale or ""))
    except ValidationError as error:
        apply_errors(form, error)
    else:
        messages.success(request, saved)
        return item
    return None


def _year(request: HttpRequest) -> int:
    """The year asked for (of the profile's calendar), else the current one."""
    try:
        return parse_year(request.GET.get("year", ""))
    except PeriodError:
        return current_year()


@login_required
def my_workbench(request: HttpRequest) -> HttpResponse:
    """A governor's own workbench; everyone else starts from the cross-county list."""
    user = request.user
    if (own := access.own_county(user)) is not None:
        return redirect("projects:workbench", code=own.code)
    access.require(access.can_browse_nation(user))
    return redirect("projects:all")


@login_required
def workbench(request: HttpRequest, code: str) -> HttpResponse:
    """The governor's workbench for one county: projects by status, what is due, plans."""
    county = _county(request, code)
    year = _year(request)
    day = project_queries.today()
    bench = project_queries.workbench(county, year, day)
    labels = project_charts.chart_labels()
    return render(
        request,
        "projects/workbench.html",
        {
            "county": county,
            "bench": bench,
            "year": year,
            "years": [year - 1, year, year + 1],
            "today": day,
            "gantt": project_charts.year_gantt(
                bench.period_projects, year=year, today=day, labels=labels
            ),
            "bullets": project_charts.target_bullets(bench.targets, labels=labels)
            if bench.targets
            else None,
            "can_change": access.can_change_county(request.user, county),
            "stale_days": settings.PROJECT_STALE_DAYS,
        },
    )


def _filtered(request: HttpRequest, queryset: Any, form: ProjectFilterForm) -> list[Any]:
    data = form.cleaned_data if form.is_valid() else {}
    queryset = queryset.filter(archived_at__isnull=not data.get("archived"))
    day = project_queries.today()
    queryset = project_queries.filter_projects(
        queryset,
        dimension=data.get("dimension"),
        year=data.get("year"),
        area=data.get("area"),
        status=data.get("status") or "",
        day=day,
    )
    return project_queries.with_states(queryset.with_state_data(), day)


@login_required
def project_list(request: HttpRequest, code: str) -> HttpResponse:
    """A county's projects, filtered by status, challenge, period (a year) and area."""
    county = _county(request, code)
    form = ProjectFilterForm(request.GET or None, county=county)
    projects = _filtered(request, FlagshipProject.objects.filter(county=county), form)
    return _project_page(
        request,
        "projects/project_list.html",
        projects,
        {
            "county": county,
            "form": form,
            "can_change": access.can_change_county(request.user, county),
        },
    )


def _project_page(
    request: HttpRequest, template: str, projects: list[Any], context: dict[str, Any]
) -> HttpResponse:
    """A list page of projects, PAGE_SIZE at a time: `context` with the page asked for and the
    query string that keeps the filters on the page links."""
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context |= {"page": page, "projects": page.object_list, "query": params.urlencode()}
    return render(request, template, context)


@login_required
def all_projects(request: HttpRequest) -> HttpResponse:
    """Flagship projects of every county the user may see: filter by province, status, challenge.

    For provincial officers and ministry staff ("all delayed waste projects"); with the share of
    each county's flagship budget located in deprived areas.
    """
    access.require(access.can_browse_nation(request.user))
    form = ProjectFilterForm(request.GET or None)
    counties = County.objects.viewable_by(request.user)
    provinces = (
        Province.objects.filter(counties__in=counties).distinct().defer("geometry").order_by_name()
    )
    queryset = FlagshipProject.objects.filter(county__in=counties)
    province_code = request.GET.get("province", "")
    if province_code:
        queryset = queryset.filter(county__province__code=province_code)
    county_code = request.GET.get("county", "")
    if county_code:
        queryset = queryset.filter(county__code=county_code)
    projects = _filtered(request, queryset, form)
    return _project_page(
        request,
        "projects/all_projects.html",
        projects,
        {
            "form": form,
            "provinces": provinces,
            "province_code": province_code,
            "picker": county_picker([county_code], queryset=counties),
            "county_code": county_code,
            "budget": project_queries.budget_by_county(projects),
        },
    )


def _detail_context(
    request: HttpRequest, county: County, project: FlagshipProject, **forms: Any
) -> dict[str, Any]:
    project.st = project.state()  # type: ignore[attr-defined]
    can_change = access.can_change_county(request.user, county)
    today = project_queries.today()
    context = {
        "county": county,
        "project": project,
        "milestones": list(project.milestones.all()),
        "kpis": project_queries.kpi_rows(project),
        "updates": project.updates.select_related("created_by").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
        ),
        "feedback_count": project.feedback.kept().count(),
        "can_change": can_change,
        "can_view_contacts": access.can_view_contacts(request.user, county),
        "today": today,
        "archive_form": ArchiveForm(initial={"version": project.version}),
        "milestone_form": None,
        "progress_form": None,
        "kpi_form": None,
        "open_form": next(iter(forms), ""),
    }
    if can_change and not project.is_archived:
        context["milestone_form"] = MilestoneForm()
        context["progress_form"] = ProgressForm(project=project, initial={"date": today})
        context["kpi_form"] = KPIForm()
        context.update(forms)
    return context


PAGES = ItemPages(
    detail="projects:detail",
    template="projects/project_detail.html",
    context=_detail_context,
    lookup=_project,
    form_template="projects/project_form.html",
    name="project",
    noun=gettext_lazy("project"),
    saved=gettext_lazy("The project was saved."),
    is_archived=gettext_lazy("This project is archived: restore it to change it."),
    archived=gettext_lazy("The project was archived. It is kept and can be restored."),
    restored=gettext_lazy("The project was restored."),
)

# One project: progress, status, milestones, KPIs, updates with evidence, feedback count.
project_detail = PAGES.detail_view()


@login_required
def project_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Create or change a project (county staff, the province, the ministry)."""
    county = _county(request, code, change=True)
    project = _project(county, pk) if pk else None
    form = ProjectForm(request.POST or None, county=county, project=project)

    def write() -> FlagshipProject:
        areas = form.cleaned_data["areas"]
        if project is None:
            return create_project(
                county, form.model_values(), areas=areas, user=signed_in_user(request)
            )
        return update_project(
            project,
            form.model_values(),
            areas=areas,
            expected_version=form.cleaned_data.get("version"),
            user=signed_in_user(request),
        )

    return PAGES.edit(request, county, project, form, write)


project_archive = PAGES.archive_view(archive_project, restore_project)

milestone_add = PAGES.add_view(
    "milestone_form",
    lambda request, project: MilestoneForm(request.POST),
    lambda request, project, data: add_milestone(project, data, user=signed_in_user(request)),
    gettext_lazy("The milestone was added."),
)


@login_required
@require_POST
def milestone_complete(request: HttpRequest, code: str, pk: int, milestone: int) -> HttpResponse:
    county = _county(request, code, change=True)
    project = _project(county, pk)
    if refused := PAGES.refuse_if_archived(request, county, project):
        return refused
    item = get_object_or_404(project.milestones, pk=milestone)
    try:
        complete_milestone(item, user=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The milestone was marked done."))
    return PAGES.back(county, project)


def _record_progress(request: HttpRequest, project: FlagshipProject, data: dict[str, Any]) -> Any:
    return record_progress(
        project,
        date=data["date"],
        percent=data["percent"],
        note=data["note"],
        files=data["evidence"],
        public_photos=data["public_photos"],
        completed=data["completed"],
        user=signed_in_user(request),
    )


# Record progress: a percent, a note, photos or PDFs, milestones done.
progress_add = PAGES.add_view(
    "progress_form",
    lambda request, project: ProgressForm(request.POST, request.FILES, project=project),
    _record_progress,
    gettext_lazy("The progress was recorded."),
)

kpi_add = PAGES.add_view(
    "kpi_form",
    lambda request, project: KPIForm(request.POST),
    lambda request, project, data: add_kpi(project, user=signed_in_user(request), **data),
    gettext_lazy("The indicator was linked."),
)


@login_required
def project_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Every recorded change of a project and of its milestones and KPIs: who, when, what."""
    county = _county(request, code)
    project = get_object_or_404(FlagshipProject.objects.filter(county=county), pk=pk)
    area_names = {a.pk: a.name for a in county.areas.all()}
    entries = history.changes(
        project.history.select_related("history_user").order_by("-history_date"),
        _("Project"),
        area_names,
    )
    from projects.models import Milestone, ProjectKPI

    milestone_history = Milestone.history.filter(project_id=project.pk).select_related(
        "history_user"
    )
    kpi_history = ProjectKPI.history.filter(project_id=project.pk).select_related(
        "history_user", "indicator"
    )
    entries += history.changes_by_object(milestone_history, _("Milestone"), area_names)
    entries += history.changes_by_object(kpi_history, _("KPI"), area_names)
    return PAGES.history(request, county, project, entries)


@login_required
def evidence_file(request: HttpRequest, code: str, pk: int, evidence: int) -> FileResponse:
    """A project's photo or document, for those who may see the county's projects."""
    county = _county(request, code)
    item = get_object_or_404(
        Evidence.objects.select_related("update__project"),
        pk=evidence,
        update__project__pk=pk,
        update__project__county=county,
    )
    return serve_evidence(item)


def serve_evidence(item: Evidence) -> FileResponse:
    """Send a stored file with its checked type, never run in the page's origin."""
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=not item.is_photo,
        filename=f"evidence-{item.pk}.{item.extension}",
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
