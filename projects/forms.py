"""Forms of flagship projects, plans and the public feedback box.

Dates are typed in the profile's calendar (governance.dates); budgets in the unit users think in
(the currency's unit, the unit people count in, or thousands, millions or billions of it: the
country profile's, governance.money.budget_units) and stored in whole currency units. A hidden
`version` catches concurrent edits.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from counties.models import Area, Dimension, Indicator
from governance.forms import PersianForm, choice_field, model_choice
from governance.forms.bootstrap import bootstrap_class
from governance.forms.fields import DateField, DecimalField, FloatField, IntegerField
from governance.money import UNIT, best_budget_unit, budget_units, default_budget_unit
from governance.periods import PeriodError, parse_year
from governance.persian import format_number
from projects.choices import ActionStatus, ProjectStatus
from projects.evidence import CheckedFile, check_uploads
from projects.models import Milestone
from projects.models.projects import MONEY
from projects.services import PLAN_FIELDS, PROJECT_FIELDS

UNKNOWN_INDICATOR = _("Unknown indicator: choose one from the list.")
MAX_AMOUNT = Decimal(10) ** MONEY["max_digits"] - 1


class StyledForm(PersianForm):
    """Bootstrap classes on every widget; Persian digits read (governance.forms)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            widget.attrs.setdefault("class", bootstrap_class(widget))


class IndicatorChoiceField(forms.ModelChoiceField):
    """An indicator; anything not in the catalogue is refused with a clear message."""

    default_error_messages = {"invalid_choice": UNKNOWN_INDICATOR}

    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.name} ({obj.unit_label})" if obj.unit else obj.name


def _in_currency_units(amount: Decimal | None, factor: int) -> Decimal | None:
    """An amount typed in a unit of `factor` currency units, in whole currency units."""
    if amount is None:
        return None
    try:
        value = (amount * factor).quantize(Decimal(1))
    except InvalidOperation as exc:
        raise ValidationError(_("Enter an amount.")) from exc
    if value > MAX_AMOUNT:
        raise ValidationError(_("This amount is too large."))
    return value


def _in_unit(amount: Decimal | None, factor: int) -> Decimal | None:
    """A stored amount in a unit of `factor` currency units, as typed: 12500, not 1.25E+4."""
    if amount is None:
        return None
    value = amount / factor
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _long_text(label: StrOrPromise) -> forms.CharField:
    """An optional text of a few lines (a description, an objective, a note)."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TitledForm(StyledForm):
    """An item named in Persian, English or both (the title fields come first); where the form
    has a period, it does not end before it starts."""

    title_fa = forms.CharField(label=_("Title (Persian)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title_fa", "").strip() and not data.get("title_en", "").strip():
            self.add_error("title_fa", _("Give a title in Persian or in English."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date is before the start date."))
        return data


class ProjectForm(TitledForm):
    """A flagship project. Cleaned data holds the model's values plus `areas` and `version`."""

    dimension = forms.ModelChoiceField(
        label=_("Challenge"), queryset=Dimension.objects.all(), empty_label=None
    )
    description_fa = _long_text(_("Description (Persian)"))
    description_en = _long_text(_("Description (English)"))
    period_start = DateField(label=_("Start"))
    period_end = DateField(label=_("End"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where in the county the work happens; none for county-wide work."),
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    responsible_agency = forms.CharField(
        label=_("Responsible agency"), max_length=200, required=False
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"), max_length=200, required=False
    )
    responsible_contact = forms.CharField(
        label=_("Responsible person's phone or email"),
        max_length=200,
        required=False,
        help_text=_("Seen only by county staff, the province and the ministry."),
    )
    planned_budget = DecimalField(
        label=_("Planned budget"), min_value=0, required=False, max_digits=30, decimal_places=4
    )
    spent_budget = DecimalField(
        label=_("Spent so far"), min_value=0, required=False, max_digits=30, decimal_places=4
    )
    # Its choices and initial unit come from the country profile when the form is made.
    budget_unit = forms.ChoiceField(label=_("Budget unit"))
    is_public = forms.BooleanField(
        label=_("Show on the county's public page"),
        required=False,
        help_text=_(
            "Citizens see the titles, progress, milestones and photos; never budgets or contacts."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # The services' fields but is_demo, which only the demo loader sets.
    MODEL_FIELDS = tuple(name for name in PROJECT_FIELDS if name != "is_demo")

    def __init__(self, *args: Any, county: Any, project: Any = None, **kwargs: Any) -> None:
        units = {unit.key: unit for unit in budget_units()}
        if project is not None and "initial" not in kwargs:
            unit = best_budget_unit(project.planned_budget, project.spent_budget)
            factor = units[unit].factor
            initial = {name: getattr(project, name) for name in self.MODEL_FIELDS}
            initial.update(
                areas=list(project.areas.all()),
                version=project.version,
                budget_unit=unit,
                planned_budget=_in_unit(project.planned_budget, factor),
                spent_budget=_in_unit(project.spent_budget, factor),
            )
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.units = units
        budget_unit = choice_field(self, "budget_unit")
        budget_unit.choices = [(unit.key, unit.label) for unit in units.values()]
        budget_unit.initial = default_budget_unit()
        model_choice(self, "areas").queryset = Area.objects.filter(county=county)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit = self.units.get(data.get("budget_unit") or UNIT) or self.units[UNIT]
        for name in ("planned_budget", "spent_budget"):
            if name in data:
                try:
                    data[name] = _in_currency_units(data[name], unit.factor)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def model_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.MODEL_FIELDS}


class ArchiveForm(PersianForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MilestoneForm(TitledForm):
    planned_date = DateField(label=_("Planned date"))
    weight = IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How much this step counts in the project's progress (1-100)."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _evidence_help() -> str:
    """The evidence limit in the active language and digits (read when the form is shown, not
    when this module is imported)."""
    mb = settings.PROJECT_EVIDENCE_MAX_BYTES // 1048576
    return _("JPEG, PNG or WebP photos and PDF documents, up to %(mb)s MB each.") % {
        "mb": format_number(mb, 0, get_language())
    }


class EvidenceField(forms.FileField):
    """Several files at once, each checked by content for type and size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > 10:
            raise ValidationError(_("Attach at most 10 files at once."))
        checked, errors = check_uploads(files)
        if errors:
            raise ValidationError(errors)
        return checked


class ProgressForm(StyledForm):
    date = DateField(label=_("Date"))
    percent = IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("The percent must be between 0 and 100."),
            "max_value": _("The percent must be between 0 and 100."),
        },
    )
    note = _long_text(_("Note"))
    completed = forms.ModelMultipleChoiceField(
        label=_("Milestones done with this update"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = EvidenceField(
        label=_("Photos or documents"),
        required=False,
        help_text=lazy(_evidence_help, str)(),
    )
    public_photos = forms.BooleanField(
        label=_("Show the photos on the public page"), required=False, initial=True
    )

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "completed").queryset = project.milestones.filter(done_date__isnull=True)
        self.fields["evidence"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp,.pdf"


class IndicatorGoalForm(StyledForm):
    """A goal on an indicator (a project's KPI, a plan's target): the indicator comes first, then
    its baseline."""

    indicator = IndicatorChoiceField(label=_("Indicator"), queryset=Indicator.objects.all())
    baseline = FloatField(
        label=_("Baseline"),
        required=False,
        help_text=_("Leave empty to take the county's latest value."),
    )


class KPIForm(IndicatorGoalForm):
    target = FloatField(label=_("Target"))
    deadline = DateField(label=_("Deadline"))


class PlanForm(TitledForm):
    dimension = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Dimension.objects.filter(is_challenge=True),
        empty_label=None,
    )
    objective_fa = _long_text(_("Objective (Persian)"))
    objective_en = _long_text(_("Objective (English)"))
    period_start = DateField(label=_("Start"))
    period_end = DateField(label=_("End"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    MODEL_FIELDS = tuple(name for name in PLAN_FIELDS if name != "is_demo")

    def __init__(self, *args: Any, plan: Any = None, **kwargs: Any) -> None:
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(plan, name) for name in self.MODEL_FIELDS},
                "version": plan.version,
            }
        super().__init__(*args, **kwargs)

    def model_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.MODEL_FIELDS}


class TargetForm(IndicatorGoalForm):
    target_value = FloatField(label=_("Target value"))
    deadline = DateField(label=_("Deadline"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, dimension: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.select_related("dimension")
        if dimension is not None:
            # The plan's own challenge first; every indicator stays available.
            model_choice(self, "indicator").queryset = indicators.annotate(
                own=Case(When(dimension=dimension, then=0), default=1)
            ).order_by("own", "dimension__order", "code")


class ActionForm(TitledForm):
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_date = DateField(label=_("Due date"))
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )


class ActionStatusForm(PersianForm):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class ProjectFilterForm(StyledForm):
    """Filters of project lists; every field optional."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ProjectStatus.choices, ("stale", _("Stale"))],
    )
    dimension = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Dimension.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Any challenge"),
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Any area")
    )
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, *args: Any, county: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if county is not None:
            model_choice(self, "area").queryset = Area.objects.filter(county=county)
        else:
            del self.fields["area"]

    def clean_year(self) -> int | None:
        """A year of the profile's calendar (under jalali a Gregorian year is converted)."""
        year = self.cleaned_data.get("year")
        if year is None:
            return None
        try:
            return parse_year(year)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc), code="bad_period") from exc


class FeedbackForm(StyledForm):
    """A citizen's feedback. `website` is a honeypot: hidden from people, filled by robots.

    No timer: a person who pastes a prepared comment sends it within seconds, and must never be
    refused. Robots that leave the honeypot empty are held back by the hourly limit per address.
    """

    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    text = forms.CharField(
        label=_("Your feedback"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating = forms.TypedChoiceField(
        label=_("Rating (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(i, "★" * i) for i in range(1, 6)]],
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        """Whether the honeypot was filled: the submission is dropped without a word."""
        return bool(self.data.get("website", "").strip())
