"""Forms of the participation domain. They validate input; services do the writes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counties.forms import CountyPickerSelect
from counties.models import County, Dimension, Indicator
from governance import access
from governance.collation import persian
from governance.forms import PersianForm, PersianModelForm, choice_field, model_choice
from governance.forms.bootstrap import bootstrap_class
from governance.forms.fields import DateField
from governance.models import User
from governance.money import money_label_lazy
from governance.periods import period_examples
from participation.choices import (
    PIPELINE,
    CommitmentStatus,
    CritiqueStatus,
    InvestmentStage,
    MeetingStatus,
    StakeholderType,
)
from participation.editable import (
    EXPERIENCE_STORY_FIELDS,
    INVESTMENT_DESCRIPTION_FIELDS,
    MEETING_SERIES_FIELDS,
    STAKEHOLDER_PROFILE_FIELDS,
)
from participation.models import (
    Critique,
    Experience,
    Investment,
    MeetingSeries,
    Stakeholder,
)
from participation.models.experiences import EXPERIENCE_CONTACT_FIELDS
from participation.models.investments import INVESTMENT_CONTACT_FIELDS
from participation.models.stakeholders import STAKEHOLDER_CONTACT_FIELDS
from projects.models import FlagshipProject

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StyledForm(PersianForm):
    """Bootstrap classes on every widget; Persian digits read (governance.forms)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class StyledModelForm(PersianModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def version_field() -> forms.IntegerField:
    """The version of the record the form was opened on: a save based on an older one than
    the stored version is refused (services raise StaleEditError), keeping the other change."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class VersionedModelForm(StyledModelForm):
    """A model form that carries the record's `version` (not a model value: services take it
    as `expected_version`)."""

    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def model_values(self, *exclude: str) -> dict[str, Any]:
        """The cleaned values the service saves (without the version and `exclude`)."""
        return _without(self.cleaned_data, "version", *exclude)


class VersionedForm(StyledForm):
    """A form that changes a versioned record through a service: it carries the version it was
    opened on, which the service takes as `expected_version`."""

    version = version_field()

    def values(self) -> dict[str, Any]:
        """The cleaned values the service takes besides `expected_version`."""
        return _without(self.cleaned_data, "version")


def _without(values: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in names}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        widget.attrs.setdefault("class", bootstrap_class(widget))
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


def challenge_choices() -> Any:
    return Dimension.objects.exclude(code="participation")


def project_choices(county: County) -> Any:
    """The projects a record may be linked to: the county's current (non-archived) ones."""
    return FlagshipProject.objects.filter(county=county).active().order_by("period_start", "pk")


class ProjectChoiceField(forms.ModelChoiceField):
    """Offers the county's current projects; any other project is looked up so that the service
    can say why it is refused (another county, archived) instead of a bare "invalid choice"."""

    def __init__(self, queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("flagship project"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=FlagshipProject.objects.none(), **kwargs)

    def label_from_instance(self, obj: FlagshipProject) -> str:
        return obj.title

    def to_python(self, value: Any) -> FlagshipProject | None:
        if value in self.empty_values:
            return None
        try:
            return FlagshipProject.objects.get(pk=int(value))
        except (TypeError, ValueError, FlagshipProject.DoesNotExist) as exc:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from exc

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


def clean_project(project: FlagshipProject | None, county: County) -> FlagshipProject | None:
    """The form's side of services.check_project: the same refusal, shown on the field."""
    from participation.services.common import check_project

    try:
        check_project(project, county.pk)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["project"]) from exc
    return project


if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object  # a mixin: the form class it is mixed into is the BaseForm


class ProjectLinkMixin(_Form):
    """Mixed into a form whose record may be about a challenge and one of the county's current
    projects: `offer_links(county)` sets their choices, and a project the service would refuse
    (another county's, archived) is refused on its field with the service's reason."""

    county: County

    def offer_links(self, county: County) -> None:
        self.county = county
        model_choice(self, "challenge").queryset = challenge_choices()
        model_choice(self, "project").queryset = project_choices(county)

    def clean_project(self) -> FlagshipProject | None:
        return clean_project(self.cleaned_data.get("project"), self.county)


class StakeholderForm(VersionedModelForm):
    class Meta:
        model = Stakeholder
        fields = [*STAKEHOLDER_PROFILE_FIELDS, *STAKEHOLDER_CONTACT_FIELDS, "is_active"]
        widgets = {"interests": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "interests").queryset = challenge_choices()


class EngagementForm(ProjectLinkMixin, StyledForm):
    date = DateField(label=_("date"))
    kind = forms.ChoiceField(label=_("kind"), choices=[])
    topic = forms.CharField(label=_("topic"), max_length=300)
    challenge = forms.ModelChoiceField(
        label=_("linked challenge"), queryset=Dimension.objects.none(), required=False
    )
    project = ProjectChoiceField()
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        from participation.choices import EngagementKind

        super().__init__(*args, **kwargs)
        self.offer_links(county)
        choice_field(self, "kind").choices = EngagementKind.choices
        self.fields["date"].initial = timezone.localdate()


class MeetingSeriesForm(StyledModelForm):
    starts_on = DateField(label=_("first period starts on"))
    invited_groups = forms.MultipleChoiceField(
        label=_("invited groups"),
        choices=StakeholderType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MeetingSeries
        fields = list(MEETING_SERIES_FIELDS)


class MeetingForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=[])
    series = forms.ModelChoiceField(
        label=_("series"), queryset=MeetingSeries.objects.none(), required=False
    )
    date = DateField(label=_("date"))
    time = forms.TimeField(label=_("time"), initial=datetime.time(10, 0))
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), min_value=15, max_value=24 * 60, initial=120
    )
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    invited_groups = forms.MultipleChoiceField(
        label=_("invited groups"),
        choices=StakeholderType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(label=_("agenda"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        from participation.choices import MeetingKind

        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = MeetingKind.choices
        model_choice(self, "series").queryset = MeetingSeries.objects.filter(
            county=county, is_active=True
        )
        self.fields["time"].widget.attrs["dir"] = "ltr"

    def starts_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class MeetingOutcomeForm(StyledForm):
    """Held or cancelled, attendance and minutes; decisions come as numbered rows."""

    status = forms.ChoiceField(
        label=_("outcome"),
        choices=[(MeetingStatus.HELD, _("Held")), (MeetingStatus.CANCELLED, _("Cancelled"))],
    )
    attendance = forms.IntegerField(
        label=_("attendance"),
        min_value=0,
        required=False,
        error_messages={"min_value": _("Attendance cannot be negative.")},
    )
    attendance_note = forms.CharField(label=_("who attended"), max_length=300, required=False)
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea, required=False)

    DECISION_ROWS = 5


class DecisionRowForm(StyledForm):
    """One decision of a meeting; a row left entirely empty is ignored."""

    title = forms.CharField(label=_("decision"), max_length=300, required=False)
    owner = forms.CharField(label=_("owner"), max_length=200, required=False)
    due_on = DateField(label=_("due date"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["placeholder"] = str(field.label)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("title") or data.get("owner") or data.get("due_on"))


class OwnerAccountField(forms.ModelChoiceField):
    """A user by name and role (the name in a first-strong isolate: a Latin login keeps its
    digits and direction inside Persian text)."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"\u2068{name}\u2069 ({obj.get_role_display()})"


class CommitmentForm(VersionedForm):
    status = forms.ChoiceField(label=_("status"), choices=CommitmentStatus.choices)
    completed_on = DateField(label=_("completed on"), required=False)
    owner = forms.CharField(
        label=_("owner"),
        max_length=200,
        error_messages={"required": _("A commitment must have an owner.")},
    )
    owner_user = OwnerAccountField(
        label=_("owner's account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "The user who owns the commitment, if they have an account: reminders go to them. "
            "Empty: they go to the county's governors."
        ),
    )
    due_on = DateField(label=_("due date"))
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Whoever may read the county's records (the reminders link to its pages).
        model_choice(self, "owner_user").queryset = access.users_who_may_view(county).order_by(
            persian("first_name"), persian("last_name"), "username"
        )


class CritiqueForm(ProjectLinkMixin, StyledModelForm):
    received_on = DateField(label=_("date received"))

    class Meta:
        model = Critique
        fields = [
            "source",
            "stakeholder",
            "citizen_name",
            "citizen_contact",
            "channel",
            "topic",
            "body",
            "challenge",
            "project",
            "received_on",
        ]
        field_classes = {"project": ProjectChoiceField}

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_links(county)
        model_choice(self, "stakeholder").queryset = Stakeholder.objects.filter(
            county=county
        ).order_by(persian("name"), "pk")
        self.fields["received_on"].initial = timezone.localdate()


class CritiqueResponseForm(VersionedForm):
    response = forms.CharField(label=_("response"), widget=forms.Textarea)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[(s, label) for s, label in CritiqueStatus.choices if s != "open"],
    )
    responded_on = DateField(label=_("response date"))
    responder_name = forms.CharField(label=_("response given by"), max_length=200, required=False)
    decline_reason = forms.CharField(
        label=_("reason for declining"), widget=forms.Textarea, required=False
    )
    is_publishable = forms.BooleanField(label=_("publish as “you said, we did”"), required=False)
    public_summary = forms.CharField(
        label=_("public summary of the critique"),
        max_length=300,
        required=False,
        help_text=_("No names or personal details: this text is public."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responded_on"].initial = timezone.localdate()


NON_NEGATIVE_JOBS = {"min_value": _("Jobs cannot be negative.")}


def money_field(label: StrOrPromise, negative: StrOrPromise) -> forms.DecimalField:
    """An optional amount in whole units of the country's currency (the model's 24 digits),
    labelled with the currency's name (`label` has a "(%(currency)s)" placeholder:
    governance.money.money_label); a negative one is refused with the `negative` message."""
    return forms.DecimalField(
        label=money_label_lazy(label),
        min_value=0,
        max_digits=24,
        decimal_places=0,
        required=False,
        error_messages={"min_value": negative},
    )


class InvestmentForm(VersionedModelForm):
    lead_on = DateField(label=_("first contact"))
    expected_jobs = forms.IntegerField(
        label=_("expected jobs"), min_value=0, initial=0, error_messages=NON_NEGATIVE_JOBS
    )
    amount = money_field(_("amount (%(currency)s)"), _("The amount cannot be negative."))

    class Meta:
        model = Investment
        fields = [
            *INVESTMENT_DESCRIPTION_FIELDS,
            "lead_on",
            "challenge",
            *INVESTMENT_CONTACT_FIELDS,
            "notes",
        ]

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "stakeholder").queryset = Stakeholder.objects.filter(
            county=county, type__in=("investor", "entrepreneur")
        )
        model_choice(self, "challenge").queryset = challenge_choices()
        if self.instance.pk:
            del self.fields["lead_on"]


class AdvanceInvestmentForm(VersionedForm):
    stage = forms.ChoiceField(label=_("stage"), choices=InvestmentStage.choices)
    date = DateField(label=_("date"))
    realized_jobs = forms.IntegerField(
        label=_("realized jobs"), min_value=0, required=False, error_messages=NON_NEGATIVE_JOBS
    )
    dropped_reason = forms.CharField(
        label=_("why it was dropped"), widget=forms.Textarea, required=False
    )
    blocking_agency = forms.CharField(label=_("blocking agency"), max_length=200, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, investment: Investment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = investment.stage
        if current in PIPELINE:
            allowed = list(PIPELINE[PIPELINE.index(current) :])
            if current != "operating":
                allowed.append("dropped")
        else:
            allowed = [current]
        labels = dict(InvestmentStage.choices)
        choice_field(self, "stage").choices = [(s, labels[s]) for s in allowed]
        self.fields["stage"].initial = current
        self.fields["date"].initial = timezone.localdate()
        self.fields["realized_jobs"].initial = investment.realized_jobs
        self.fields["version"].initial = investment.version


class ExperienceForm(VersionedModelForm):
    cost = money_field(_("cost (%(currency)s)"), _("The cost cannot be negative."))

    class Meta:
        model = Experience
        fields = ["county", *EXPERIENCE_STORY_FIELDS, *EXPERIENCE_CONTACT_FIELDS]
        widgets = {"challenges": forms.CheckboxSelectMultiple, "county": CountyPickerSelect}

    def __init__(self, *args: Any, counties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "county").queryset = counties.select_related("province").order_by_name()
        model_choice(self, "challenges").queryset = challenge_choices()
        if self.instance.pk:
            del self.fields["county"]


class ExperienceResultForm(StyledForm):
    indicator = forms.ModelChoiceField(label=_("indicator"), queryset=Indicator.objects.none())
    before_value = forms.FloatField(label=_("before"))
    after_value = forms.FloatField(label=_("after"))
    before_period = forms.CharField(label=_("before (period)"), max_length=16, required=False)
    after_period = forms.CharField(label=_("after (period)"), max_length=16, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "indicator").queryset = Indicator.objects.exclude(
            dimension__code="participation"
        ).select_related("dimension")
        examples = period_examples()
        for name in ("before_period", "after_period"):
            placeholder = f"{examples['year']} · {examples['quarter']}"
            self.fields[name].widget.attrs["placeholder"] = placeholder


class VersionForm(PersianForm):
    """The version a button (publish, feature) was shown with."""

    version = version_field()


class FeedbackDismissalForm(VersionForm):
    """Dismiss a citizen's feedback as spam (the reason is optional), or restore it."""

    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=300, strip=True
    )


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("file"))


class ExperienceSearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    challenge = forms.ModelChoiceField(
        label=_("challenge"), queryset=Dimension.objects.none(), required=False
    )
    featured = forms.BooleanField(label=_("featured only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "challenge").queryset = challenge_choices()
