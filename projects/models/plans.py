"""Goal-oriented action plans (برنامه عملیاتی): one challenge of one county, targets and actions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from counties.fields import challenge_field, county_field
from counties.models.geography import County
from counties.models.indicators import Indicator
from governance.fields import Timestamped, user_link
from governance.ranges import measure_validators
from governance.versioning import Versioned
from projects.choices import ActionStatus
from projects.models.projects import BilingualTitle, CountyWork, CountyWorkQuerySet, KeptHistory

if TYPE_CHECKING:
    pass


class ActionPlan(CountyWork, Versioned, Timestamped):
    """An operational plan for one challenge of one county over a period."""

    county = county_field("plans", on_delete=models.PROTECT)
    dimension = challenge_field("plans")
    objective_fa = models.TextField(_("objective (Persian)"), blank=True)
    objective_en = models.TextField(_("objective (English)"), blank=True)
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    is_demo = models.BooleanField(_("demo content"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = user_link(_("created by"))

    history = KeptHistory()
    objects = CountyWorkQuerySet.as_manager()

    class Meta:
        db_table = "counties_actionplan"  # kept from before the move
        ordering = ["county", "dimension__order", "period_start", "pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                name="plan_period_order", condition=Q(period_end__gte=models.F("period_start"))
            ),
        ]

    @property
    def objective(self) -> str:
        if get_language() == "en":
            return self.objective_en or self.objective_fa
        return self.objective_fa or self.objective_en


class PlanTarget(models.Model):
    """A measurable target of a plan: an indicator to move from baseline to a value by a date."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.FloatField(_("baseline"), validators=measure_validators())
    target_value = models.FloatField(_("target value"), validators=measure_validators())
    deadline = models.DateField(_("deadline"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = KeptHistory()

    class Meta:
        db_table = "counties_plantarget"  # kept from before the move
        ordering = ["deadline", "pk"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")

    def __str__(self) -> str:
        # Shown in histories: the indicator's name and the numbers in the reader's language.
        from governance.display import stored_number

        return (
            f"{self.indicator.name}: {stored_number(self.baseline)} → "
            f"{stored_number(self.target_value)}"
        )

    @property
    def county(self) -> County:
        return self.plan.county


class PlanAction(BilingualTitle):
    """An action of a plan with an owner, a due date and a status."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_date = models.DateField(_("done on"), null=True, blank=True)

    history = KeptHistory()

    class Meta:
        db_table = "counties_planaction"  # kept from before the move
        ordering = ["due_date", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    @property
    def county(self) -> County:
        return self.plan.county

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Due before today and neither done nor cancelled."""
        today = today or timezone.localdate()
        return self.due_date < today and self.status not in (
            ActionStatus.DONE,
            ActionStatus.CANCELLED,
        )
