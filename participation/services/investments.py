"""Writes of the investment pipeline: projects of investors, their stages and jobs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counties.models import County
from governance.access import require_same_county
from governance.ranges import check_numbers
from governance.versioning import lock_current, save_next_version
from participation.choices import PIPELINE, InvestmentStage
from participation.models import Investment, InvestmentEvent
from participation.services.common import _by, _set, _today
from participation.services.jobs import propose_jobs_after_report

if TYPE_CHECKING:
    from governance.models import User


def _check_jobs(values: dict[str, Any]) -> None:
    errors = {}
    for name in ("expected_jobs", "realized_jobs"):
        jobs = values.get(name)
        if jobs is not None and int(jobs) < 0:
            errors[name] = _("Jobs cannot be negative.")
    amount = values.get("amount")
    if amount is not None and Decimal(amount) < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_investment(
    county: County, values: dict[str, Any], *, user: User | None = None
) -> Investment:
    """Add an investor's or entrepreneur's project to the county's pipeline, as a lead."""
    _check_jobs(values)
    require_same_county(county, stakeholder=values.get("stakeholder"))
    investment = Investment(county=county, stage="lead", realized_jobs=0)
    _set(investment, {k: v for k, v in values.items() if k not in ("stage", "realized_jobs")})
    if investment.lead_on > _today():
        raise ValidationError({"lead_on": _("The first contact cannot be in the future.")})
    if Investment.objects.filter(county=county, name=investment.name).exists():
        raise ValidationError({"name": _("This county already has a project with this name.")})
    investment.stage_changed_on = investment.lead_on
    check_numbers(investment)
    _by(investment, user).save()
    InvestmentEvent.objects.create(
        investment=investment,
        date=investment.lead_on,
        stage="lead",
        realized_jobs=0,
        recorded_by=user,
    )
    return investment


@transaction.atomic
def update_investment(
    investment: Investment,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
    user: User | None = None,
) -> Investment:
    """Change an investment's description (not its stage or jobs: see advance_investment);
    StaleEditError if it changed since `expected_version`."""
    current = lock_current(investment, expected_version)
    _check_jobs(values)
    require_same_county(current.county_id, stakeholder=values.get("stakeholder"))
    values = {
        k: v for k, v in values.items() if k not in ("stage", "realized_jobs", "county", "version")
    }
    if "name" in values:
        clash = Investment.objects.filter(county_id=current.county_id, name=values["name"])
        if clash.exclude(pk=current.pk).exists():
            raise ValidationError({"name": _("This county already has a project with this name.")})
    _set(current, values)
    check_numbers(current)
    return save_next_version(current, values, user=user, into=investment)


def _stage_error(current: str, stage: str) -> str | None:
    """Why the pipeline may not go from the `current` stage to `stage` (None: it may)."""
    if stage == current:
        return None
    if current == "dropped":
        return _("A dropped investment stays dropped; register it again instead.")
    if stage == "dropped" and current == "operating":
        return _("An operating investment cannot be dropped.")
    if stage != "dropped" and PIPELINE.index(stage) < PIPELINE.index(current):
        return _("An investment moves forward only: it cannot go back to %(stage)s.") % {
            "stage": InvestmentStage(stage).label
        }
    return None


@dataclass(frozen=True)
class _Step:
    """A step asked of an investment: its stage and date, jobs, and (dropping) why and who."""

    stage: str
    date: datetime.date
    realized_jobs: int | None
    dropped_reason: str
    blocking_agency: str


def _step_errors(stored: Investment, step: _Step) -> dict[str, str]:
    """What is wrong with a step of the stored investment, by field (empty: nothing)."""
    errors: dict[str, str] = {}
    stage_error = _stage_error(stored.stage, step.stage)
    if stage_error is not None:
        errors["stage"] = stage_error
    if step.date < stored.stage_changed_on:
        errors["date"] = _("The date is before the investment reached its current stage.")
    if step.date > _today():
        errors["date"] = _("The date is in the future.")
    if step.realized_jobs is not None and step.realized_jobs < 0:
        errors["realized_jobs"] = _("Jobs cannot be negative.")
    if step.stage == "dropped":
        if not step.dropped_reason:
            errors["dropped_reason"] = _("Say why the investment was dropped.")
        if not step.blocking_agency:
            errors["blocking_agency"] = _(
                "Name the agency that blocked it (or 'none' if the investor withdrew)."
            )
    return errors


def _take_step(stored: Investment, step: _Step) -> list[str]:
    """Set an accepted step on the locked row; returns the fields it changed."""
    if step.realized_jobs is not None:
        stored.realized_jobs = step.realized_jobs
    fields = ["realized_jobs"]
    if step.stage != stored.stage:
        stored.stage = step.stage
        stored.stage_changed_on = step.date
        fields += ["stage", "stage_changed_on"]
    if step.stage == "dropped":
        stored.dropped_reason = step.dropped_reason
        stored.blocking_agency = step.blocking_agency
        fields += ["dropped_reason", "blocking_agency"]
    return fields


@transaction.atomic
def advance_investment(
    investment: Investment,
    *,
    stage: str,
    date: datetime.date,
    realized_jobs: int | None = None,
    dropped_reason: str = "",
    blocking_agency: str = "",
    note: str = "",
    user: User | None = None,
    expected_version: int | None = None,
) -> Investment:
    """Move an investment forward in the pipeline (or drop it), or report realized jobs (which
    proposes the county's `new_jobs` of that year again for review: services.jobs).

    Refused: going back, leaving "dropped" or "operating" for another stage, a date before the
    current stage was reached or in the future, negative jobs, dropping without both a reason
    and the blocking agency; StaleEditError if it changed since `expected_version`.
    """
    stored = lock_current(investment, expected_version)
    step = _Step(stage, date, realized_jobs, dropped_reason.strip(), blocking_agency.strip())
    errors = _step_errors(stored, step)
    if errors:
        raise ValidationError(errors)
    fields = _take_step(stored, step)
    check_numbers(stored)
    save_next_version(stored, fields, user=user, into=investment)
    InvestmentEvent.objects.create(
        investment=investment,
        date=date,
        stage=stage,
        realized_jobs=stored.realized_jobs,
        note=note,
        recorded_by=user,
    )
    if realized_jobs is not None:  # jobs reported: the county's new_jobs is proposed again
        propose_jobs_after_report(investment, date, user=user)
    return investment
