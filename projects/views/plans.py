"""Pages of action plans: a county's plans, one plan with its targets and actions, forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from counties import history
from counties.models import County
from governance import access
from governance.forms import choice_field
from governance.http import signed_in_user
from projects import charts as project_charts
from projects import queries as project_queries
from projects.charts import chart_labels
from projects.forms import (
    ActionForm,
    ActionStatusForm,
    ArchiveForm,
    PlanForm,
    TargetForm,
)
from projects.models import ActionPlan, PlanAction, PlanTarget
from projects.services import (
    add_action,
    add_target,
    archive_plan,
    create_plan,
    restore_plan,
    set_action_status,
    update_plan,
)
from projects.views.projects import ItemPages, _county


def _plan(county: County, pk: int) -> ActionPlan:
    return get_object_or_404(
        project_queries.plans_for(ActionPlan.objects.filter(county=county)), pk=pk
    )


def _parts(plan: ActionPlan, related: Any) -> list[Any]:
    """The plan's targets or actions (`related`, prefetched), each told its plan: reading
    `part.plan` (and its county) then asks no query."""
    parts = list(related.all())
    for part in parts:
        part.plan = plan
    return parts


@login_required
def plan_list(request: HttpRequest, code: str) -> HttpResponse:
    """A county's action plans with their targets' progress and overdue actions."""
    county = _county(request, code)
    archived = request.GET.get("archived") == "1"
    plans = list(
        project_queries.plans_for(
            ActionPlan.objects.filter(county=county, archived_at__isnull=not archived)
        )
    )
    day = project_queries.today()
    for plan in plans:
        plan.county = county
        plan.counts = project_queries.action_counts(plan, day)
    rows = project_queries.target_rows([t for p in plans for t in _parts(p, p.targets)], day)
    by_plan: dict[int, list[Any]] = {}
    for row in rows:
        by_plan.setdefault(row.item.plan_id, []).append(row)
    for plan in plans:
        plan.target_rows = by_plan.get(plan.pk, [])
    return render(
        request,
        "projects/plans/plan_list.html",
        {
            "county": county,
            "plans": plans,
            "archived": archived,
            "can_change": access.can_change_county(request.user, county),
        },
    )


def _detail_context(
    request: HttpRequest, county: County, plan: ActionPlan, **forms: Any
) -> dict[str, Any]:
    day = project_queries.today()
    plan.county = county
    rows = project_queries.target_rows(_parts(plan, plan.targets), day)
    actions = _parts(plan, plan.actions)
    can_change = access.can_change_county(request.user, county)
    context: dict[str, Any] = {
        "county": county,
        "plan": plan,
        "targets": rows,
        "actions": actions,
        "today": day,
        "bullets": project_charts.target_bullets(rows, labels=chart_labels()) if rows else None,
        "can_change": can_change,
        "archive_form": ArchiveForm(initial={"version": plan.version}),
        "target_form": None,
        "action_form": None,
        "status_choices": choice_field(ActionStatusForm(), "status").choices,
        "open_form": next(iter(forms), ""),
    }
    if can_change and not plan.is_archived:
        context["target_form"] = TargetForm(dimension=plan.dimension)
        context["action_form"] = ActionForm()
        context.update(forms)
    return context


PAGES = ItemPages(
    detail="projects:plan",
    template="projects/plans/plan_detail.html",
    context=_detail_context,
    lookup=_plan,
    form_template="projects/plans/plan_form.html",
    name="plan",
    noun=gettext_lazy("plan"),
    saved=gettext_lazy("The plan was saved."),
    is_archived=gettext_lazy("This plan is archived: restore it to change it."),
    archived=gettext_lazy("The plan was archived. It is kept and can be restored."),
    restored=gettext_lazy("The plan was restored."),
)

# One plan: objective, targets with progress from the observations, actions.
plan_detail = PAGES.detail_view()


@login_required
def plan_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Create or change an action plan."""
    county = _county(request, code, change=True)
    plan = _plan(county, pk) if pk else None
    form = PlanForm(request.POST or None, plan=plan)

    def write() -> ActionPlan:
        if plan is None:
            return create_plan(county, form.model_values(), user=signed_in_user(request))
        return update_plan(
            plan,
            form.model_values(),
            expected_version=form.cleaned_data.get("version"),
            user=signed_in_user(request),
        )

    return PAGES.edit(request, county, plan, form, write)


plan_archive = PAGES.archive_view(archive_plan, restore_plan)

target_add = PAGES.add_view(
    "target_form",
    lambda request, plan: TargetForm(request.POST, dimension=plan.dimension),
    lambda request, plan, data: add_target(plan, user=signed_in_user(request), **data),
    gettext_lazy("The target was added."),
)

action_add = PAGES.add_view(
    "action_form",
    lambda request, plan: ActionForm(request.POST),
    lambda request, plan, data: add_action(plan, data, user=signed_in_user(request)),
    gettext_lazy("The action was added."),
)


@login_required
@require_POST
def action_status(request: HttpRequest, code: str, pk: int, action: int) -> HttpResponse:
    county = _county(request, code, change=True)
    plan = _plan(county, pk)
    if refused := PAGES.refuse_if_archived(request, county, plan):
        return refused
    item = get_object_or_404(PlanAction, pk=action, plan=plan)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        set_action_status(item, form.cleaned_data["status"], user=signed_in_user(request))
        messages.success(request, _("The action's status was changed."))
    else:
        messages.error(request, _("Unknown status."))
    return PAGES.back(county, plan)


@login_required
def plan_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Every recorded change of a plan, its targets and its actions."""
    county = _county(request, code)
    plan = get_object_or_404(ActionPlan.objects.filter(county=county), pk=pk)
    entries = history.changes(
        plan.history.select_related("history_user").order_by("-history_date"), _("Plan"), {}
    )
    entries += history.changes_by_object(
        PlanTarget.history.filter(plan_id=plan.pk).select_related("history_user", "indicator"),
        _("Target"),
        {},
    )
    entries += history.changes_by_object(
        PlanAction.history.filter(plan_id=plan.pk).select_related("history_user"),
        _("Action"),
        {},
    )
    return PAGES.history(request, county, plan, entries)
