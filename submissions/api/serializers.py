"""Serializers of data submissions. Writes go through submissions.services.

A draft is created or edited with its county, period and values (indicator code, value, note;
Persian digits accepted); a value of null removes that indicator's value. Edits and
submitting send the `version` read: an older one is refused with 409 Conflict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from counties.models import County, Indicator
from governance.serializers import PersianModelSerializer, PersianSerializer, read_only_slug
from submissions.models import Submission, SubmittedValue

if TYPE_CHECKING:
    from counties.models import Area, ImportJob, Observation


class ValueFlagSerializer(PersianSerializer):
    code = serializers.CharField(help_text="range | rule | change | province")
    blocking = serializers.BooleanField()
    params = serializers.DictField(help_text="The numbers of the message.")
    message = serializers.CharField(help_text="The flag explained in the request's language.")


def describe(flag: dict[str, Any]) -> dict[str, Any]:
    from counties.value_checks import describe_flag

    return {
        "code": flag.get("code", ""),
        "blocking": bool(flag.get("blocking", False)),
        "params": flag.get("params") or {},
        "message": describe_flag(flag),
    }


class SubmittedValueSerializer(PersianModelSerializer):
    indicator = read_only_slug()
    county = read_only_slug()
    area: serializers.PrimaryKeyRelatedField[Area] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    flags = serializers.SerializerMethodField()
    observation: serializers.PrimaryKeyRelatedField[Observation] = (
        serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    )

    class Meta:
        model = SubmittedValue
        fields = [
            "id",
            "indicator",
            "county",
            "area",
            "period",
            "value",
            "source",
            "note",
            "flags",
            "observation",
        ]
        read_only_fields = fields

    @extend_schema_field(ValueFlagSerializer(many=True))
    def get_flags(self, obj: SubmittedValue) -> list[dict[str, Any]]:
        return [describe(flag) for flag in obj.flags or []]


class SubmissionSerializer(PersianModelSerializer):
    county = read_only_slug(allow_null=True)
    province = read_only_slug(allow_null=True)
    created_by = read_only_slug("username", allow_null=True)
    submitted_by = read_only_slug("username", allow_null=True)
    decided_by = read_only_slug("username", allow_null=True)
    import_job: serializers.PrimaryKeyRelatedField[ImportJob] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    value_count = serializers.IntegerField(read_only=True)
    flagged_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "origin",
            "state",
            "county",
            "province",
            "period",
            "import_job",
            "created_by",
            "created_at",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "comment",
            "version",
            "value_count",
            "flagged_count",
        ]
        read_only_fields = fields


class SubmissionDetailSerializer(SubmissionSerializer):
    """A form submission with its values (an import's values: the values/ endpoint, paged)."""

    values = serializers.SerializerMethodField()

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "values"]
        read_only_fields = fields

    @extend_schema_field(SubmittedValueSerializer(many=True))
    def get_values(self, obj: Submission) -> list[dict[str, Any]]:
        if obj.origin != "form":
            return []
        values = getattr(obj, "listed_values", None)
        if values is None:
            from submissions.queries import values_of

            values = values_of(obj)
        # many=True makes a ListSerializer, whose data is a list (the stubs say a dict).
        return SubmittedValueSerializer(values, many=True, context=self.context).data  # type: ignore[return-value]


class EnteredValueSerializer(PersianSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.filter(is_county_reported=True),
        error_messages={"does_not_exist": _("Not a county-reported indicator.")},
    )
    value = serializers.FloatField(allow_null=True, help_text="null removes the value.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _unique_indicators(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    codes = [item["indicator"].code for item in values]
    if len(set(codes)) != len(codes):
        raise serializers.ValidationError(_("Each indicator may appear once."))
    return values


class SubmissionDraftSerializer(PersianSerializer):
    """Create or edit the open draft of a county and period (the data entry form's values)."""

    county = serializers.SlugRelatedField(
        slug_field="code",
        queryset=County.objects.all(),
        error_messages={"does_not_exist": _("Unknown county.")},
    )
    period = serializers.CharField(
        max_length=16,
        help_text=(
            "A year, quarter or month of the country profile's calendar: YYYY, YYYY-Qn, YYYY-MM "
            "(Jalali 1403-Q2, or Gregorian 2024-Q2)."
        ),
    )
    values = EnteredValueSerializer(many=True, allow_empty=False)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The version of the open submission you read (none for a new one).",
    )

    def validate_values(self, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return _unique_indicators(values)


class SubmissionDraftUpdateSerializer(PersianSerializer):
    values = EnteredValueSerializer(many=True, allow_empty=False)
    version = serializers.IntegerField(min_value=1)

    def validate_values(self, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return _unique_indicators(values)


class SubmissionVersionSerializer(PersianSerializer):
    version = serializers.IntegerField(min_value=1)


class SubmissionDecisionSerializer(PersianSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


def values_dict(values: list[dict[str, Any]]) -> dict[int, tuple[float | None, str]]:
    """The services' form of entered values: indicator id -> (value, note)."""
    return {item["indicator"].pk: (item["value"], item.get("note") or "") for item in values}
