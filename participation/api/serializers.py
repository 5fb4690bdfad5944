"""Serializers of the participation API. Contact details are dropped for users who may not see
them (access.can_view_contacts), whatever the endpoint. Stakeholders, commitments, critiques,
investments and experiences carry a `version`: every change must send the version it was based
on, and an older one is refused with 409 Conflict (the other change is kept)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from counties.models import County, Dimension, Indicator, Observation
from governance import access
from governance.models import User
from governance.serializers import CurrencyField, PersianModelSerializer, PersianSerializer
from participation.choices import InvestmentStage, StakeholderType
from participation.editable import (
    EXPERIENCE_STORY_FIELDS,
    INVESTMENT_DESCRIPTION_FIELDS,
    MEETING_SERIES_FIELDS,
    STAKEHOLDER_PROFILE_FIELDS,
)
from participation.models import (
    Commitment,
    Critique,
    Engagement,
    Experience,
    ExperienceAttachment,
    ExperienceResult,
    Investment,
    InvestmentEvent,
    Meeting,
    MeetingSeries,
    Stakeholder,
)
from participation.models.critiques import CRITIQUE_CONTACT_FIELDS, CRITIQUE_PRIVATE_TEXT_FIELDS
from participation.models.experiences import EXPERIENCE_CONTACT_FIELDS
from participation.models.investments import INVESTMENT_CONTACT_FIELDS
from participation.models.stakeholders import STAKEHOLDER_CONTACT_FIELDS
from projects.models import FlagshipProject


class CountyField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", County.objects.defer("geometry"))
        super().__init__(slug_field="code", **kwargs)


class DimensionField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Dimension.objects.all())
        super().__init__(slug_field="code", **kwargs)


class ProjectField(serializers.PrimaryKeyRelatedField):
    """A flagship project by id; the service refuses one of another county or archived, with
    its message (a bare "does not exist" would not say why)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", FlagshipProject.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


class PrivateContactsMixin:
    """Remove `contact_fields` from the output unless the user may see the county's contacts."""

    contact_fields: tuple[str, ...] = ()

    def private_fields(self, instance: Any) -> tuple[str, ...]:
        """The fields dropped for those who may not see contacts (this record's)."""
        return self.contact_fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is None or not access.can_view_contacts(user, instance.county):
            for name in self.private_fields(instance):
                data.pop(name, None)
        return data


def version_field() -> serializers.IntegerField:
    """The version a change is based on (required for changes, ignored on creation)."""
    return serializers.IntegerField(
        required=True,
        min_value=1,
        error_messages={"required": _("Send the version you read, to detect concurrent edits.")},
    )


class VersionedSerializer(PersianModelSerializer):
    """Updates must carry the version they were based on; creation does not need one."""

    version = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": _("Send the version you read, to detect concurrent edits.")}
            )
        return attrs


class StakeholderSerializer(PrivateContactsMixin, VersionedSerializer):
    contact_fields = STAKEHOLDER_CONTACT_FIELDS
    county = CountyField()
    interests = DimensionField(many=True, required=False)

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "county",
            *STAKEHOLDER_PROFILE_FIELDS,
            "is_active",
            "is_demo",
            "version",
            *STAKEHOLDER_CONTACT_FIELDS,
        ]
        read_only_fields = ["is_demo"]
        validators: list[Any] = []  # uniqueness is checked by the service, with its message


class EngagementSerializer(PersianModelSerializer):
    county: serializers.SlugRelatedField[County] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    challenge = DimensionField(required=False, allow_null=True)
    project = ProjectField()

    class Meta:
        model = Engagement
        fields = [
            "id",
            "county",
            "stakeholder",
            "date",
            "kind",
            "topic",
            "challenge",
            "project",
            "notes",
            "is_demo",
        ]
        read_only_fields = ["is_demo"]


def invited_groups_field() -> serializers.ListField:
    """A list of known stakeholder groups (a string or null is refused, not stored)."""
    return serializers.ListField(
        child=serializers.ChoiceField(choices=StakeholderType.choices),
        required=False,
        allow_empty=True,
    )


class MeetingSeriesSerializer(PersianModelSerializer):
    county = CountyField()
    invited_groups = invited_groups_field()

    class Meta:
        model = MeetingSeries
        fields = [
            "id",
            "county",
            *MEETING_SERIES_FIELDS,
            "is_demo",
        ]
        read_only_fields = ["is_demo"]
        validators: list[Any] = []


class CommitmentSerializer(VersionedSerializer):
    county: serializers.SlugRelatedField[County] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    # The account reminders go to, by username (null: the county's governors); the service
    # refuses a user who may not read the county.
    owner_user: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        required=False,
        label=_("owner's account"),
    )
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "county",
            "meeting",
            "current_meeting",
            "title",
            "owner",
            "owner_user",
            "due_on",
            "status",
            "completed_on",
            "times_carried",
            "is_overdue",
            "note",
            "is_demo",
            "version",
        ]
        read_only_fields = ["meeting", "current_meeting", "times_carried", "is_demo", "title"]


class MeetingSerializer(PersianModelSerializer):
    county = CountyField()
    invited_groups = invited_groups_field()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "county",
            "series",
            "title",
            "kind",
            "starts_at",
            "duration_minutes",
            "place",
            "invited_groups",
            "agenda",
            "status",
            "attendance",
            "attendance_note",
            "minutes",
            "is_demo",
        ]
        read_only_fields = ["status", "attendance", "attendance_note", "minutes", "is_demo"]


class DecisionSerializer(PersianSerializer):
    title = serializers.CharField(allow_blank=True)
    owner = serializers.CharField(allow_blank=True, required=False, default="")
    due_on = serializers.DateField(allow_null=True, required=False, default=None)


class MeetingOutcomeSerializer(PersianSerializer):
    status = serializers.ChoiceField(choices=["held", "cancelled"])
    attendance = serializers.IntegerField(required=False, allow_null=True)
    attendance_note = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = DecisionSerializer(many=True, required=False, default=list)


class CritiqueSerializer(PrivateContactsMixin, PersianModelSerializer):
    contact_fields = CRITIQUE_CONTACT_FIELDS
    county = CountyField()
    challenge = DimensionField(required=False, allow_null=True)
    project = ProjectField()
    days_to_respond = serializers.IntegerField(read_only=True, allow_null=True)

    def private_fields(self, instance: Critique) -> tuple[str, ...]:
        if instance.body_is_private:
            return (*self.contact_fields, *CRITIQUE_PRIVATE_TEXT_FIELDS)
        return self.contact_fields

    class Meta:
        model = Critique
        fields = [
            "id",
            "county",
            "source",
            "stakeholder",
            "channel",
            "topic",
            "body",
            "challenge",
            "project",
            "feedback",
            "received_on",
            "status",
            "response",
            "responder_name",
            "responded_on",
            "days_to_respond",
            "decline_reason",
            "is_publishable",
            "public_summary",
            "is_demo",
            "version",
            *CRITIQUE_CONTACT_FIELDS,
        ]
        read_only_fields = [
            "feedback",
            "status",
            "response",
            "responder_name",
            "responded_on",
            "decline_reason",
            "is_publishable",
            "public_summary",
            "is_demo",
            "version",
        ]


class CritiqueAnswerSerializer(PersianSerializer):
    version = version_field()
    response = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["answered", "acted_on", "declined"])
    responded_on = serializers.DateField()
    responder_name = serializers.CharField(required=False, allow_blank=True, default="")
    decline_reason = serializers.CharField(required=False, allow_blank=True, default="")
    is_publishable = serializers.BooleanField(required=False, default=False)
    public_summary = serializers.CharField(required=False, allow_blank=True, default="")


class InvestmentEventSerializer(PersianModelSerializer):
    class Meta:
        model = InvestmentEvent
        fields = ["date", "stage", "realized_jobs", "note"]


class InvestmentSerializer(PrivateContactsMixin, VersionedSerializer):
    contact_fields = INVESTMENT_CONTACT_FIELDS
    county = CountyField()
    challenge = DimensionField(required=False, allow_null=True)
    events = InvestmentEventSerializer(many=True, read_only=True)
    currency = CurrencyField()
    expected_jobs = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        error_messages={"min_value": "Jobs cannot be negative."},
    )

    class Meta:
        model = Investment
        fields = [
            "id",
            "county",
            *INVESTMENT_DESCRIPTION_FIELDS,
            "currency",
            "realized_jobs",
            "stage",
            "lead_on",
            "stage_changed_on",
            "dropped_reason",
            "blocking_agency",
            "challenge",
            "notes",
            "events",
            "is_demo",
            "version",
            *INVESTMENT_CONTACT_FIELDS,
        ]
        read_only_fields = [
            "realized_jobs",
            "stage",
            "stage_changed_on",
            "dropped_reason",
            "blocking_agency",
            "is_demo",
        ]
        validators: list[Any] = []


class AdvanceInvestmentSerializer(PersianSerializer):
    version = version_field()
    stage = serializers.ChoiceField(choices=InvestmentStage.choices)
    date = serializers.DateField()
    realized_jobs = serializers.IntegerField(required=False, allow_null=True, default=None)
    dropped_reason = serializers.CharField(required=False, allow_blank=True, default="")
    blocking_agency = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExperienceResultSerializer(PersianModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())

    class Meta:
        model = ExperienceResult
        fields = ["indicator", "before_value", "after_value", "before_period", "after_period"]


class AttachmentSerializer(PersianModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ExperienceAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, obj: ExperienceAttachment) -> str:
        from django.urls import reverse

        return reverse("participation:attachment", args=[obj.pk])


class ExperienceSerializer(PrivateContactsMixin, VersionedSerializer):
    contact_fields = EXPERIENCE_CONTACT_FIELDS
    county = CountyField()
    challenges = DimensionField(many=True, required=False)
    outcomes = ExperienceResultSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    currency = CurrencyField()

    class Meta:
        model = Experience
        fields = [
            "id",
            "county",
            *EXPERIENCE_STORY_FIELDS,
            "currency",
            "status",
            "published_on",
            "is_featured",
            "featured_on",
            "outcomes",
            "attachments",
            "is_demo",
            "version",
            *EXPERIENCE_CONTACT_FIELDS,
        ]
        read_only_fields = ["status", "published_on", "is_featured", "featured_on", "is_demo"]
        validators: list[Any] = []


class PublishSerializer(PersianSerializer):
    version = version_field()
    publish = serializers.BooleanField(required=False, default=True)


class FeatureSerializer(PersianSerializer):
    version = version_field()
    featured = serializers.BooleanField(required=False, default=True)


class MeasureSerializer(PersianModelSerializer):
    county: serializers.SlugRelatedField[County] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    indicator: serializers.SlugRelatedField[Indicator] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Observation
        fields = ["county", "indicator", "period", "period_start", "value", "is_synthetic"]
