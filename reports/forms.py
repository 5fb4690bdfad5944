"""The choice of a score run and period for the scores export (`?run=<id>&period=<p>`) and of a
period for the PDF reports: published runs only; the run's latest complete period by default.
And the form of a weekly briefing e-mail (BriefingScheduleForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import Province
from governance import access
from governance.forms import PersianForm, PersianModelForm, choice_field, model_choice
from governance.models import User
from governance.periods import PeriodError, parse_period, period_label
from governance.persian import latin_text
from governance.templatetags.tavazon import digits
from reports.models import BriefingSchedule
from scores.completeness import RunPeriods, run_periods
from scores.models import Score, ScoreRun
from scores.services import KEEP_PUBLISHED_RUNS

ALL_PERIODS = "all"


def exportable_runs() -> QuerySet[ScoreRun]:
    """Published runs that still keep their scores (the latest few), newest first."""
    return (
        ScoreRun.objects.published()
        .filter(Exists(Score.objects.filter(run=OuterRef("pk"))))
        .order_by("-published_at", "-pk")
    )


def period_options(periods: RunPeriods) -> list[dict[str, Any]]:
    """The periods of a run for a select, newest first: complete ones, then provisional ones
    labelled as such; `default` marks the one chosen when none is asked for."""
    options = []
    for period in reversed(periods.periods):
        status = periods.statuses[period]
        label = period_label(period, get_language())
        if status.is_provisional:
            label = f"{label} ({status.provisional_label})"
        options.append({"value": period, "label": label, "default": period == periods.default})
    return options


def _clean_period(value: str, periods: RunPeriods, *, allow_all: bool = False) -> str:
    """A period of the run typed in any digits (1403, ۱۴۰۳); "" means the run's default."""
    text = latin_text(value or "").strip()
    if not text:
        return periods.default
    if allow_all and text == ALL_PERIODS:
        return ALL_PERIODS
    try:
        key = parse_period(text).key
    except PeriodError as exc:
        raise forms.ValidationError(str(exc)) from exc
    if key not in periods.statuses:
        raise forms.ValidationError(
            _("The published run has no scores for the period “%(period)s”.")
            % {"period": digits(text[:20])}
        )
    return key


class ScoreRunForm(PersianForm):
    """Which published run and period to export; empty means the latest published run and its
    latest complete period; `all` exports every period, each row saying whether it is complete."""

    run = forms.CharField(required=False)
    period = forms.CharField(required=False)

    def clean_run(self) -> ScoreRun | None:
        value = latin_text(self.cleaned_data["run"])
        if not value:
            return ScoreRun.objects.latest_published()
        if not value.isdigit():
            raise forms.ValidationError(
                _("“%(run)s” is not a score run number.") % {"run": value[:20]}
            )
        run = ScoreRun.objects.published().filter(pk=int(value)).first()
        if run is None:
            raise forms.ValidationError(
                _("Score run %(run)s does not exist or has not been published.")
                % {"run": digits(value)}
            )
        if not Score.objects.filter(run=run).exists():
            raise forms.ValidationError(
                _(
                    "The scores of run %(run)s are no longer kept: only the last %(n)s "
                    "published runs keep theirs."
                )
                % {"run": digits(value), "n": digits(KEEP_PUBLISHED_RUNS)}
            )
        return run

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "run" in cleaned:
            periods = run_periods(cleaned["run"])
            cleaned["periods"] = periods
            try:
                cleaned["period"] = _clean_period(
                    self.data.get("period", ""), periods, allow_all=True
                )
            except forms.ValidationError as error:
                self.add_error("period", error)
        return cleaned


class ReportPeriodForm(PersianForm):
    """The period of a county report or briefing pack, in the latest published run."""

    period = forms.CharField(required=False)

    def clean_period(self) -> str:
        return _clean_period(
            self.cleaned_data["period"], run_periods(ScoreRun.objects.latest_published())
        )


class RecipientsField(forms.ModelMultipleChoiceField):
    """Users as check boxes; the template writes each one's name and e-mail address."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class BriefingScheduleForm(PersianModelForm):
    """A province's weekly briefing e-mail: the day, the recipients (users who may read the
    province's pack) and the language; `version` detects a concurrent edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BriefingSchedule
        fields = ["weekday", "recipients", "language", "active"]
        field_classes = {"recipients": RecipientsField}
        widgets = {"recipients": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province = province
        recipients = model_choice(self, "recipients")
        recipients.queryset = (
            User.objects.filter(access.briefing_readers(province))
            .select_related("province")
            .order_by("first_name", "last_name", "username")
        )
        recipients.required = True
        recipients.error_messages["required"] = _("Choose at least one recipient.")
        recipients.help_text = _(
            "Users who may read this province's briefing pack: ministry staff, analysts and the "
            "province's provincial officers. Those without an e-mail address get nothing."
        )
        choice_field(self, "weekday").help_text = _(
            "The pack is built and e-mailed early that morning, with the latest published scores."
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name in ("weekday", "language"):
            self.fields[name].widget.attrs.setdefault("class", "form-select")
        self.fields["active"].widget.attrs.setdefault("class", "form-check-input")
