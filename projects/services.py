"""Writes of flagship projects and action plans. Views, the API and the demo call these only.

Every function runs in one transaction, records who made the change (`_history_user`, kept in the
item's history), and refuses bad input with a ValidationError that changes nothing. Projects and
plans carry a `version`: an update that names an older version raises StaleEditError and the
newer change is kept.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from counties.models import Area, County, Indicator, Observation
from governance.access import require_same_county
from governance.ranges import check_numbers
from governance.versioning import lock_current, save_next_version
from projects.choices import ActionStatus
from projects.evidence import CheckedFile
from projects.models import (
    ActionPlan,
    Evidence,
    FlagshipProject,
    Milestone,
    PlanAction,
    PlanTarget,
    ProgressUpdate,
    ProjectFeedback,
    ProjectKPI,
)
from projects.signals import feedback_received

if TYPE_CHECKING:
    from governance.models import User

__all__ = [
    "add_action",
    "add_kpi",
    "add_milestone",
    "add_target",
    "archive_plan",
    "archive_project",
    "complete_milestone",
    "create_plan",
    "create_project",
    "record_feedback",
    "record_progress",
    "restore_plan",
    "restore_project",
    "set_action_status",
    "update_action",
    "update_milestone",
    "update_plan",
    "update_project",
    "update_target",
]

PROJECT_FIELDS = (
    "title_fa",
    "title_en",
    "description_fa",
    "description_en",
    "dimension",
    "period_start",
    "period_end",
    "responsible_person",
    "responsible_contact",
    "responsible_agency",
    "planned_budget",
    "spent_budget",
    "location",
    "is_public",
    "is_demo",
)
PLAN_FIELDS = (
    "title_fa",
    "title_en",
    "dimension",
    "objective_fa",
    "objective_en",
    "period_start",
    "period_end",
    "is_demo",
)


def _values(values: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    return values


def _check_areas(county: County, areas: Iterable[Area]) -> list[Area]:
    areas = list(areas)
    require_same_county(county, areas=areas)
    return areas


Versioned = TypeVar("Versioned", FlagshipProject, ActionPlan)


def _create(
    model: type[Versioned],
    county: County,
    values: dict[str, Any],
    allowed: Sequence[str],
    user: User | None,
) -> Versioned:
    """A new project or plan of `county`, checked and saved by `user` (not yet its areas)."""
    item = model(county=county, created_by=user, **_values(values, allowed))
    item.clean()
    check_numbers(item)
    item._history_user = user  # type: ignore[attr-defined]
    item.save()
    return item


def _assign(current: Versioned, values: dict[str, Any], allowed: Sequence[str]) -> None:
    """Set the changed fields on a locked row and check it whole."""
    for name, value in _values(values, allowed).items():
        setattr(current, name, value)
    current.clean()
    check_numbers(current)


def _set_archived(
    item: Versioned, archived: bool, expected_version: int | None, user: User | None
) -> Versioned:
    """Archive or restore a project or plan; a row already so is left as it is."""
    current = lock_current(item, expected_version)
    if (current.archived_at is not None) != archived:
        current.archived_at = timezone.now() if archived else None
        save_next_version(current, ["archived_at"], user=user)
    return current


def _today() -> datetime.date:
    return timezone.localdate()


# --- projects --------------------------------------------------------------------------


@transaction.atomic
def create_project(
    county: County,
    values: dict[str, Any],
    *,
    areas: Iterable[Area] = (),
    user: User | None = None,
) -> FlagshipProject:
    """Create a flagship project of `county`; areas must be the county's own."""
    areas = _check_areas(county, areas)
    project = _create(FlagshipProject, county, values, PROJECT_FIELDS, user)
    if areas:
        project.areas.set(areas)
    return project


@transaction.atomic
def update_project(
    project: FlagshipProject,
    values: dict[str, Any],
    *,
    expected_version: int | None,
    areas: Iterable[Area] | None = None,
    user: User | None = None,
) -> FlagshipProject:
    """Change a project; StaleEditError if it changed since `expected_version`."""
    current = lock_current(project, expected_version)
    _assign(current, values, PROJECT_FIELDS)
    if areas is not None:
        areas = _check_areas(current.county, areas)
        # One history record for the whole change: the save below snapshots the areas too.
        current.skip_history_when_saving = True  # type: ignore[attr-defined]
        current.areas.set(areas)
        del current.skip_history_when_saving  # type: ignore[attr-defined]
    return save_next_version(current, values, user=user)


@transaction.atomic
def archive_project(
    project: FlagshipProject, *, expected_version: int | None, user: User | None = None
) -> FlagshipProject:
    """Archive (soft-delete) a project: hidden from lists and the public page, never erased."""
    return _set_archived(project, True, expected_version, user)


@transaction.atomic
def restore_project(
    project: FlagshipProject, *, expected_version: int | None, user: User | None = None
) -> FlagshipProject:
    """Bring an archived project back."""
    return _set_archived(project, False, expected_version, user)


def _check_milestone(project: FlagshipProject, milestone: Milestone) -> None:
    errors: dict[str, str] = {}
    if not (milestone.title_fa or "").strip() and not (milestone.title_en or "").strip():
        errors["title_fa"] = _("Give a title in Persian or in English.")
    if not 1 <= int(milestone.weight or 0) <= 100:
        errors["weight"] = _("The weight must be between 1 and 100.")
    if milestone.planned_date and not (
        project.period_start <= milestone.planned_date <= project.period_end
    ):
        errors["planned_date"] = _("The planned date must fall within the project's period.")
    if milestone.done_date and milestone.done_date > _today():
        errors["done_date"] = _("The done date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_milestone(
    project: FlagshipProject, values: dict[str, Any], *, user: User | None = None
) -> Milestone:
    """Add a milestone; its planned date must fall within the project's period."""
    milestone = Milestone(project=project, **values)
    _check_milestone(project, milestone)
    milestone._history_user = user  # type: ignore[attr-defined]
    milestone.save()
    return milestone


@transaction.atomic
def update_milestone(
    milestone: Milestone, values: dict[str, Any], *, user: User | None = None
) -> Milestone:
    """Change a milestone (title, dates, weight)."""
    current = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    for name, value in values.items():
        setattr(current, name, value)
    _check_milestone(current.project, current)
    current._history_user = user  # type: ignore[attr-defined]
    current.save(update_fields=list(values))
    return current


@transaction.atomic
def complete_milestone(
    milestone: Milestone, *, done_date: datetime.date | None = None, user: User | None = None
) -> Milestone:
    """Mark a milestone done (today unless `done_date`)."""
    return update_milestone(milestone, {"done_date": done_date or _today()}, user=user)


@transaction.atomic
def record_progress(
    project: FlagshipProject,
    *,
    date: datetime.date,
    percent: int,
    note: str = "",
    files: Sequence[CheckedFile] = (),
    public_photos: bool = True,
    completed: Iterable[Milestone] = (),
    user: User | None = None,
) -> ProgressUpdate:
    """Report progress: a percent (0-100), a note, checked evidence, milestones now done."""
    errors: dict[str, str] = {}
    if percent is None or not 0 <= int(percent) <= 100:
        errors["percent"] = _("The percent must be between 0 and 100.")
    if date is None or date > _today():
        errors["date"] = _("The date of an update cannot be in the future.")
    completed = list(completed)
    if any(m.project_id != project.pk for m in completed):
        errors["completed"] = _("A milestone of another project was given.")
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        project=project, date=date, percent=int(percent), note=note, created_by=user
    )
    written: list[str] = []
    try:
        for checked in files:
            evidence = Evidence(
                update=update,
                kind=checked.kind,
                content_type=checked.content_type,
                size=len(checked.content),
                original_name=checked.original_name,
                is_public=public_photos and checked.kind == "photo",
            )
            evidence.file.save(
                f"upload.{evidence.extension}", ContentFile(checked.content), save=False
            )
            assert evidence.file.name is not None  # saving the file named it
            written.append(evidence.file.name)
            evidence.save()
        for milestone in completed:
            if milestone.done_date is None:
                complete_milestone(milestone, done_date=date, user=user)
    except BaseException:
        # The rows roll back with the transaction; the files on disk must go with them.
        for name in written:
            default_storage.delete(name)
        raise
    return update


@transaction.atomic
def add_kpi(
    project: FlagshipProject,
    *,
    indicator: Indicator,
    target: float,
    deadline: datetime.date,
    baseline: float | None = None,
    user: User | None = None,
) -> ProjectKPI:
    """Link an indicator the project should move; the baseline defaults to its latest value."""
    baseline = _baseline(indicator, project.county, baseline)
    if ProjectKPI.objects.filter(project=project, indicator=indicator).exists():
        raise ValidationError({"indicator": _("This indicator is already linked.")})
    kpi = ProjectKPI(
        project=project, indicator=indicator, baseline=baseline, target=target, deadline=deadline
    )
    check_numbers(kpi)
    kpi._history_user = user  # type: ignore[attr-defined]
    kpi.save()
    return kpi


def _baseline(indicator: Indicator, county: County, baseline: float | None) -> float:
    if baseline is not None:
        return float(baseline)
    latest = Observation.objects.filter(indicator=indicator, county=county).latest_values().first()
    if latest is None:
        raise ValidationError(
            {
                "baseline": _(
                    "This county has no value of the indicator yet: enter the baseline yourself."
                )
            }
        )
    return float(latest.value)


# --- action plans ----------------------------------------------------------------------


@transaction.atomic
def create_plan(county: County, values: dict[str, Any], *, user: User | None = None) -> ActionPlan:
    """Create an action plan for one challenge of `county`."""
    return _create(ActionPlan, county, values, PLAN_FIELDS, user)


@transaction.atomic
def update_plan(
    plan: ActionPlan,
    values: dict[str, Any],
    *,
    expected_version: int | None,
    user: User | None = None,
) -> ActionPlan:
    """Change a plan; StaleEditError if it changed since `expected_version`."""
    current = lock_current(plan, expected_version)
    _assign(current, values, PLAN_FIELDS)
    return save_next_version(current, values, user=user)


@transaction.atomic
def archive_plan(
    plan: ActionPlan, *, expected_version: int | None, user: User | None = None
) -> ActionPlan:
    """Archive (soft-delete) a plan."""
    return _set_archived(plan, True, expected_version, user)


@transaction.atomic
def restore_plan(
    plan: ActionPlan, *, expected_version: int | None, user: User | None = None
) -> ActionPlan:
    """Bring an archived plan back."""
    return _set_archived(plan, False, expected_version, user)


def _check_deadline(plan: ActionPlan, deadline: datetime.date | None, field: str) -> None:
    if deadline is None:
        raise ValidationError({field: _("This field is required.")})
    if deadline < plan.period_start:
        raise ValidationError({field: _("The date is before the plan starts.")})


@transaction.atomic
def add_target(
    plan: ActionPlan,
    *,
    indicator: Indicator,
    target_value: float,
    deadline: datetime.date,
    baseline: float | None = None,
    note: str = "",
    user: User | None = None,
) -> PlanTarget:
    """Add a measurable target; the baseline defaults to the county's latest value."""
    _check_deadline(plan, deadline, "deadline")
    target = PlanTarget(
        plan=plan,
        indicator=indicator,
        baseline=_baseline(indicator, plan.county, baseline),
        target_value=target_value,
        deadline=deadline,
        note=note,
    )
    check_numbers(target)
    target._history_user = user  # type: ignore[attr-defined]
    target.save()
    return target


@transaction.atomic
def update_target(
    target: PlanTarget, values: dict[str, Any], *, user: User | None = None
) -> PlanTarget:
    """Change a target's baseline, value, deadline or note."""
    current = PlanTarget.objects.select_for_update().select_related("plan").get(pk=target.pk)
    for name, value in values.items():
        setattr(current, name, value)
    _check_deadline(current.plan, current.deadline, "deadline")
    check_numbers(current)
    current._history_user = user  # type: ignore[attr-defined]
    current.save(update_fields=list(values))
    return current


@transaction.atomic
def add_action(plan: ActionPlan, values: dict[str, Any], *, user: User | None = None) -> PlanAction:
    """Add an action with an owner and a due date."""
    action = PlanAction(plan=plan, **values)
    if not (action.title_fa or "").strip() and not (action.title_en or "").strip():
        raise ValidationError({"title_fa": _("Give a title in Persian or in English.")})
    if not (action.owner or "").strip():
        raise ValidationError({"owner": _("Name who owns this action.")})
    _check_deadline(plan, action.due_date, "due_date")
    if action.status == ActionStatus.DONE and action.done_date is None:
        action.done_date = _today()
    action._history_user = user  # type: ignore[attr-defined]
    action.save()
    return action


@transaction.atomic
def update_action(
    action: PlanAction, values: dict[str, Any], *, user: User | None = None
) -> PlanAction:
    """Change an action's title, owner, due date or status; done records the day."""
    current = PlanAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    status = values.pop("status", None)
    for name, value in values.items():
        setattr(current, name, value)
    if not (current.title_fa or "").strip() and not (current.title_en or "").strip():
        raise ValidationError({"title_fa": _("Give a title in Persian or in English.")})
    if not (current.owner or "").strip():
        raise ValidationError({"owner": _("Name who owns this action.")})
    _check_deadline(current.plan, current.due_date, "due_date")
    fields = list(values)
    if status is not None and status != current.status:
        if status not in ActionStatus.values:
            raise ValidationError({"status": _("Unknown status.")})
        current.status = status
        current.done_date = _today() if status == ActionStatus.DONE else None
        fields += ["status", "done_date"]
    current._history_user = user  # type: ignore[attr-defined]
    if fields:
        current.save(update_fields=fields)
    return current


@transaction.atomic
def set_action_status(action: PlanAction, status: str, *, user: User | None = None) -> PlanAction:
    """Move an action to another status; done records the day."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    current = PlanAction.objects.select_for_update().get(pk=action.pk)
    current.status = status
    current.done_date = _today() if status == ActionStatus.DONE else None
    current._history_user = user  # type: ignore[attr-defined]
    current.save(update_fields=["status", "done_date"])
    return current


# --- citizens' feedback ----------------------------------------------------------------


def hash_ip(ip: str) -> str:
    """A salted hash of the visitor's address: enough to rate-limit, useless to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


@transaction.atomic
def record_feedback(
    project: FlagshipProject,
    *,
    text: str,
    ip: str,
    name: str = "",
    rating: int | None = None,
    language: str = "",
) -> ProjectFeedback:
    """Store a citizen's feedback on a public, active project."""
    if not project.is_public or project.archived_at is not None:
        raise ValidationError(_("This project is not public."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write your feedback.")})
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": _("The rating must be between 1 and 5.")})
    feedback = ProjectFeedback.objects.create(
        project=project,
        name=(name or "").strip()[:120],
        text=text.strip()[:2000],
        rating=rating,
        language=language[:8],
        ip_hash=hash_ip(ip),
    )
    feedback_received.send(sender=ProjectFeedback, feedback=feedback)
    return feedback
