"""Serializers of flagship projects and action plans. They only validate: the viewsets write
through the services (the convention of governance.api).

Money is in whole units of the country's currency, whose ISO 4217 code each project gives as
`currency` (the country profile's; null when it names none); dates are ISO. Updates of projects
and plans must send the `version` they were based on; an older version is refused with 409
Conflict.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework import serializers

from counties.models import Area, County, Dimension, Indicator
from governance.models import User
from governance.serializers import (
    CurrencyField,
    PersianModelSerializer,
    PersianSerializer,
    RelatedChoice,
)
from projects.evidence import check_uploads
from projects.models import (
    ActionPlan,
    FlagshipProject,
    Milestone,
    PlanAction,
    PlanTarget,
    ProgressUpdate,
)
from projects.queries import target_rows


def _user(serializer: serializers.Serializer) -> Any:
    return serializer.context["request"].user


class CodeField(serializers.SlugRelatedField):
    """A related row by its code, with a clear message for an unknown one."""

    def __init__(self, *, unknown: StrOrPromise, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)
        self.error_messages["does_not_exist"] = unknown


def check_period(attrs: dict[str, Any], instance: Any) -> None:
    start = attrs.get("period_start", getattr(instance, "period_start", None))
    end = attrs.get("period_end", getattr(instance, "period_end", None))
    if start and end and end < start:
        raise serializers.ValidationError(
            {"period_end": _("The end date is before the start date.")}
        )


# A row under a parent (its county, project or plan): the parent is chosen among those the
# caller may see, and stays fixed once the row exists. (No docstring: the API schema would show
# it for every serializer below instead of PersianModelSerializer's.)
class ParentScoped(PersianModelSerializer):
    parent_field: str  # the parent's field
    parent_model: Any  # the parent's model; its manager answers viewable_by(user)
    parent_fixed = True  # False: an existing row may be sent to another parent

    def get_fields(self) -> dict[str, serializers.Field]:
        # Here rather than in __init__: the fields are built when first used, so a list that
        # shows no row (or a serializer only passed along) builds none.
        fields = super().get_fields()
        parent = fields[self.parent_field]
        if "request" in self.context:
            cast(RelatedChoice, parent).queryset = self.parent_model.objects.viewable_by(
                _user(self)
            )
        if (
            self.parent_fixed
            and self.instance is not None
            and not isinstance(self.instance, list | tuple)
        ):
            parent.read_only = True
        return fields


class VersionedSerializer(ParentScoped):
    """Updates must carry the version they were based on."""

    # A project or a plan of a county; it also has a title in Persian or English, and a period
    # that does not end before it starts (the docstring above is the API schema's description).

    parent_field = "county"
    parent_model = County
    version = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": _("Send the version you read, to detect concurrent edits.")}
            )
        check_period(attrs, self.instance)
        title_fa = attrs.get("title_fa", getattr(self.instance, "title_fa", ""))
        title_en = attrs.get("title_en", getattr(self.instance, "title_en", ""))
        if not (title_fa or "").strip() and not (title_en or "").strip():
            raise serializers.ValidationError(
                {"title_fa": _("Give a title in Persian or in English.")}
            )
        return attrs


class ProjectSerializer(VersionedSerializer):
    county = CodeField(queryset=County.objects.all(), unknown=_("Unknown county."))
    dimension = CodeField(queryset=Dimension.objects.all(), unknown=_("Unknown challenge."))
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), many=True, required=False
    )
    currency = CurrencyField()
    status = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField()

    class Meta:
        model = FlagshipProject
        fields = [
            "id",
            "county",
            "areas",
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
            "currency",
            "location",
            "is_public",
            "is_demo",
            "status",
            "progress",
            "stale",
            "archived_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_demo", "archived_at", "created_at", "updated_at"]

    def get_status(self, obj: FlagshipProject) -> str:
        return str(obj.state().status)

    def get_progress(self, obj: FlagshipProject) -> float:
        return obj.state().progress

    def get_stale(self, obj: FlagshipProject) -> bool:
        return obj.state().stale

    def to_representation(self, instance: FlagshipProject) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("can_view_contacts", lambda county: False)(instance.county):
            data.pop("responsible_contact", None)
        return data


class VersionSerializer(PersianSerializer):
    version = serializers.IntegerField(min_value=1)


class MilestoneSerializer(ParentScoped):
    parent_field = "project"
    parent_model = FlagshipProject
    project = serializers.PrimaryKeyRelatedField(queryset=FlagshipProject.objects.all())
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "title_fa",
            "title_en",
            "planned_date",
            "done_date",
            "weight",
            "overdue",
        ]

    def get_overdue(self, obj: Milestone) -> bool:
        return obj.is_overdue()


class EvidenceSerializer(PersianSerializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    is_public = serializers.BooleanField()


class ProgressUpdateSerializer(ParentScoped):
    parent_field = "project"
    parent_model = FlagshipProject
    parent_fixed = False
    project = serializers.PrimaryKeyRelatedField(queryset=FlagshipProject.objects.all())
    percent = serializers.IntegerField(
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("The percent must be between 0 and 100."),
            "max_value": _("The percent must be between 0 and 100."),
        },
    )
    completed = serializers.PrimaryKeyRelatedField(
        queryset=Milestone.objects.all(), many=True, required=False, write_only=True
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, write_only=True, max_length=10
    )
    public_photos = serializers.BooleanField(default=True, write_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    created_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "project",
            "date",
            "percent",
            "note",
            "completed",
            "files",
            "public_photos",
            "evidence",
            "created_at",
            "created_by",
        ]
        read_only_fields = ["created_at"]

    def validate_files(self, files: list[Any]) -> list[Any]:
        checked, errors = check_uploads(files)
        if errors:
            raise serializers.ValidationError(errors)
        return checked

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        project = attrs["project"]
        if any(m.project_id != project.pk for m in attrs.get("completed", [])):
            raise serializers.ValidationError(
                {"completed": _("A milestone of another project was given.")}
            )
        return attrs


class PlanSerializer(VersionedSerializer):
    county = CodeField(queryset=County.objects.all(), unknown=_("Unknown county."))
    dimension = CodeField(
        queryset=Dimension.objects.filter(is_challenge=True), unknown=_("Unknown challenge.")
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "county",
            "dimension",
            "title_fa",
            "title_en",
            "objective_fa",
            "objective_en",
            "period_start",
            "period_end",
            "is_demo",
            "archived_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_demo", "archived_at", "created_at", "updated_at"]


class PlanTargetSerializer(ParentScoped):
    parent_field = "plan"
    parent_model = ActionPlan
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all())
    indicator = CodeField(
        queryset=Indicator.objects.all(), unknown=_("Unknown indicator: {value}.")
    )
    baseline = serializers.FloatField(required=False)
    current = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    on_track = serializers.SerializerMethodField()

    class Meta:
        model = PlanTarget
        fields = [
            "id",
            "plan",
            "indicator",
            "baseline",
            "target_value",
            "deadline",
            "note",
            "current",
            "progress",
            "on_track",
        ]

    def _row(self, obj: PlanTarget) -> Any:
        # DRF keeps the context in a dict (its stubs say a Mapping).
        rows = self.context.setdefault("_target_rows", {})  # type: ignore[attr-defined]
        if obj.pk not in rows:
            parent = self.parent.instance if self.parent is not None else None
            instances = parent if parent is not None else [obj]
            for row in target_rows(list(instances)):
                rows[row.item.pk] = row
        return rows[obj.pk]

    def get_current(self, obj: PlanTarget) -> float | None:
        return self._row(obj).current

    def get_progress(self, obj: PlanTarget) -> float | None:
        return self._row(obj).progress

    def get_on_track(self, obj: PlanTarget) -> bool | None:
        return self._row(obj).on_track


class PlanActionSerializer(ParentScoped):
    parent_field = "plan"
    parent_model = ActionPlan
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all())
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "plan",
            "title_fa",
            "title_en",
            "owner",
            "due_date",
            "status",
            "done_date",
            "overdue",
        ]
        read_only_fields = ["done_date"]

    def get_overdue(self, obj: PlanAction) -> bool:
        return obj.is_overdue()
