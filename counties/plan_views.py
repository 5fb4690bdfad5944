"""Pages of action plans: a county's plans, one plan with its targets and actions, forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties import project_charts, project_queries
from counties.models import ActionPlan, County, PlanAction, PlanTarget
from counties.project_forms import (
    ActionForm,
    ActionStatusForm,
    ArchiveForm,
    PlanForm,
    TargetForm,
    apply_errors,
)
from counties.project_services import (
    StaleEditError,
    add_action,
    add_target,
    archive_plan,
    create_plan,
    restore_plan,
    set_action_status,
    update_plan,
)
from counties.project_views import (
    _changes,
    _changes_by_object,
    _county,
    chart_labels,
    stale_message,
)
from governance import access


def _plan(county: County, pk: int) -> ActionPlan:
    return get_object_or_404(
        project_queries.plans_for(ActionPlan.objects.filter(county=county)), pk=pk
    )


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
        plan.counts = project_queries.action_counts(plan, day)  # type: ignore[attr-defined]
        for target in plan.targets.all():
            target.plan = plan
    rows = project_queries.target_rows([t for p in plans for t in p.targets.all()], day)
    by_plan: dict[int, list[Any]] = {}
    for row in rows:
        by_plan.setdefault(row.item.plan_id, []).append(row)
    for plan in plans:
        plan.target_rows = by_plan.get(plan.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "counties/plans/plan_list.html",
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
    targets = list(plan.targets.all())
    for target in targets:
        target.plan = plan
    actions = list(plan.actions.all())
    for action in actions:
        action.plan = plan
    rows = project_queries.target_rows(targets, day)
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
        "status_choices": ActionStatusForm().fields["status"].choices,
        "open_form": next(iter(forms), ""),
    }
    if can_change and not plan.is_archived:
        context["target_form"] = TargetForm(dimension=plan.dimension)
        context["action_form"] = ActionForm()
        context.update(forms)
    return context


@login_required
def plan_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One plan: objective, targets with progress from the observations, actions."""
    county = _county(request, code)
    plan = _plan(county, pk)
    return render(
        request, "counties/plans/plan_detail.html", _detail_context(request, county, plan)
    )


@login_required
def plan_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Create or change an action plan."""
    county = _county(request, code, change=True)
    plan = _plan(county, pk) if pk else None
    if plan is not None and (refused := _refuse_if_archived(request, county, plan)):
        return refused
    form = PlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if plan is None:
                plan = create_plan(county, form.model_values(), user=request.user)
            else:
                plan = update_plan(
                    plan,
                    form.model_values(),
                    expected_version=form.cleaned_data.get("version"),
                    user=request.user,
                )
        except StaleEditError:
            form.add_error(None, stale_message(_("plan")))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("projects:plan", code=county.code, pk=plan.pk)
    return render(
        request, "counties/plans/plan_form.html", {"county": county, "form": form, "plan": plan}
    )


@login_required
@require_POST
def plan_archive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    county = _county(request, code, change=True)
    plan = _plan(county, pk)
    form = ArchiveForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        if request.POST.get("restore") == "1":
            restore_plan(plan, expected_version=version, user=request.user)
            messages.success(request, _("The plan was restored."))
        else:
            archive_plan(plan, expected_version=version, user=request.user)
            messages.success(request, _("The plan was archived. It is kept and can be restored."))
    except StaleEditError:
        messages.error(request, stale_message(_("plan")))
    return redirect("projects:plan", code=county.code, pk=plan.pk)


def _refuse_if_archived(
    request: HttpRequest, county: County, plan: ActionPlan
) -> HttpResponse | None:
    if plan.is_archived:
        messages.error(request, _("This plan is archived: restore it to change it."))
        return redirect("projects:plan", code=county.code, pk=plan.pk)
    return None


@login_required
@require_POST
def target_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    county = _county(request, code, change=True)
    plan = _plan(county, pk)
    if refused := _refuse_if_archived(request, county, plan):
        return refused
    form = TargetForm(request.POST, dimension=plan.dimension)
    if form.is_valid():
        try:
            add_target(plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The target was added."))
            return redirect("projects:plan", code=county.code, pk=plan.pk)
    context = _detail_context(request, county, plan, target_form=form)
    return render(request, "counties/plans/plan_detail.html", context, status=400)


@login_required
@require_POST
def action_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    county = _county(request, code, change=True)
    plan = _plan(county, pk)
    if refused := _refuse_if_archived(request, county, plan):
        return refused
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            add_action(plan, form.cleaned_data, user=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The action was added."))
            return redirect("projects:plan", code=county.code, pk=plan.pk)
    context = _detail_context(request, county, plan, action_form=form)
    return render(request, "counties/plans/plan_detail.html", context, status=400)


@login_required
@require_POST
def action_status(request: HttpRequest, code: str, pk: int, action: int) -> HttpResponse:
    county = _county(request, code, change=True)
    plan = _plan(county, pk)
    if refused := _refuse_if_archived(request, county, plan):
        return refused
    item = get_object_or_404(PlanAction, pk=action, plan=plan)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        set_action_status(item, form.cleaned_data["status"], user=request.user)
        messages.success(request, _("The action's status was changed."))
    else:
        messages.error(request, _("Unknown status."))
    return redirect("projects:plan", code=county.code, pk=plan.pk)


@login_required
def plan_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Every recorded change of a plan, its targets and its actions."""
    county = _county(request, code)
    plan = get_object_or_404(ActionPlan.objects.filter(county=county), pk=pk)
    entries = _changes(
        plan.history.select_related("history_user").order_by("-history_date"), _("Plan"), {}
    )
    entries += _changes_by_object(
        PlanTarget.history.filter(plan_id=plan.pk).select_related("history_user", "indicator"),
        _("Target"),
        {},
    )
    entries += _changes_by_object(
        PlanAction.history.filter(plan_id=plan.pk).select_related("history_user"),
        _("Action"),
        {},
    )
    entries.sort(key=lambda e: e["record"].history_date, reverse=True)
    return render(
        request,
        "counties/projects/history.html",
        {
            "county": county,
            "item": plan,
            "entries": entries,
            "back": ("projects:plan", county.code, plan.pk),
        },
    )
