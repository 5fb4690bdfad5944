"""Serializers of the scores API: methodologies, score runs, scores and their periods."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance import access
from governance.serializers import PersianModelSerializer, PersianSerializer, ValuesSerializer
from scores.completeness import PeriodStatus
from scores.models import Methodology, Score, ScorePeriod, ScoreRun

if TYPE_CHECKING:
    from counties.models import County
    from governance.models import User


class MethodologySerializer(PersianModelSerializer):
    class Meta:
        model = Methodology
        fields = [
            "id",
            "code",
            "name_fa",
            "name_en",
            "description",
            "version",
            "is_current",
            "spec",
            "updated_at",
        ]


class ScoreRunPeriodSerializer(PersianModelSerializer):
    """One period of a run, as stored with it: `ranked_count` of `county_count` counties
    ranked; complete or provisional under the rules the run applied (docs/methodology.md §5)."""

    class Meta:
        model = ScorePeriod
        fields = [
            "period",
            "ranked_count",
            "county_count",
            "with_data_count",
            "mean_coverage",
            "is_complete",
            "min_coverage",
            "min_ranked_share",
        ]


class ScoreRunSerializer(PersianModelSerializer):
    methodology = serializers.SerializerMethodField()
    duration_seconds = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    reviewed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    completeness = ScoreRunPeriodSerializer(source="score_periods", many=True, read_only=True)

    class Meta:
        model = ScoreRun
        fields = [
            "id",
            "status",
            "trigger",
            "methodology",
            "data_version",
            "queued_at",
            "started_at",
            "finished_at",
            "published_at",
            "discarded_at",
            "publish_when_done",
            "reviewed_by",
            "duration_seconds",
            "score_count",
            "periods",
            "completeness",
            "timings",
            "error",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"code": {"type": "string"}, "version": {"type": "integer"}},
        }
    )
    def get_methodology(self, run: ScoreRun) -> dict[str, object] | None:
        snapshot = run.methodology_snapshot or {}
        if not snapshot:
            return None
        return {"code": snapshot.get("code"), "version": snapshot.get("version")}

    def get_duration_seconds(self, run: ScoreRun) -> float | None:
        return run.duration.total_seconds() if run.duration else None

    def get_error(self, run: ScoreRun) -> str | None:
        """Errors are internal: ministry staff only (governance.access.can_see_run_errors)."""
        request = self.context.get("request")
        if request is not None and access.can_see_run_errors(request.user):
            return run.error
        return None


class ScoreSerializer(PersianModelSerializer):
    """A ranked county's score in one period of a published run, with that period's
    completeness (the view passes `periods_for(run_id) -> RunPeriods` in the context)."""

    county: serializers.SlugRelatedField[County] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    province = serializers.CharField(source="county.province.code", read_only=True)
    is_provisional = serializers.SerializerMethodField()
    provisional_label = serializers.SerializerMethodField()
    ranked_count = serializers.SerializerMethodField()
    county_count = serializers.SerializerMethodField()

    class Meta:
        model = Score
        fields = [
            "id",
            "run",
            "county",
            "province",
            "period",
            "is_provisional",
            "provisional_label",
            "ranked_count",
            "county_count",
            "composite",
            "dimensions",
            "coverage",
            "national_rank",
            "provincial_rank",
            "tier",
            "balance",
            "area_count",
            "area_scores",
            "is_synthetic",
        ]

    def _status(self, score: Score) -> PeriodStatus | None:
        return self.context["periods_for"](score.run_id).get(score.period)

    def get_is_provisional(self, score: Score) -> bool:
        status = self._status(score)
        return status is not None and status.is_provisional

    def get_provisional_label(self, score: Score) -> str:
        """«Provisional: N of M counties have enough data»; empty for a complete period."""
        status = self._status(score)
        return status.provisional_label if status else ""

    def get_ranked_count(self, score: Score) -> int:
        """Counties ranked in the period: ranks run from 1 to this number."""
        status = self._status(score)
        return status.ranked if status else 0

    def get_county_count(self, score: Score) -> int:
        status = self._status(score)
        return status.counties if status else 0


# ScoreSerializer's output from `.values()` rows (governance.serializers.ValuesSerializer): the
# lookup each field shows. The period's completeness comes from the view's `periods_for`.
SCORE_ROWS = ValuesSerializer(
    ScoreSerializer,
    {
        "id": "id",
        "run": "run_id",
        "county": "county__code",
        "province": "county__province__code",
        "period": "period",
        "composite": "composite",
        "dimensions": "dimensions",
        "coverage": "coverage",
        "national_rank": "national_rank",
        "provincial_rank": "provincial_rank",
        "tier": "tier",
        "balance": "balance",
        "area_count": "area_count",
        "area_scores": "area_scores",
        "is_synthetic": "is_synthetic",
    },
)


def score_rows(rows: Iterable[dict[str, Any]], periods_for: Any) -> list[dict[str, Any]]:
    """ScoreSerializer's output for rows of `Score.objects.values(*SCORE_ROWS.lookups)`."""

    def completeness(name: str, row: dict[str, Any]) -> Any:
        status = periods_for(row["run_id"]).get(row["period"])
        if name == "is_provisional":
            return status is not None and status.is_provisional
        if name == "provisional_label":
            return status.provisional_label if status else ""
        if name == "ranked_count":
            return status.ranked if status else 0
        if name == "county_count":
            return status.counties if status else 0
        raise KeyError(name)

    return SCORE_ROWS.rows(rows, completeness)


class ScorePeriodSerializer(PersianSerializer):
    """One period of a published run and how complete it is (scores.completeness)."""

    period = serializers.CharField()
    is_complete = serializers.BooleanField()
    is_provisional = serializers.BooleanField()
    is_default = serializers.BooleanField()
    provisional_label = serializers.CharField()
    ranked_count = serializers.IntegerField(source="ranked")
    county_count = serializers.IntegerField(source="counties")
    with_data_count = serializers.IntegerField(source="with_data")
    unranked_count = serializers.IntegerField(source="unranked")
    mean_coverage = serializers.FloatField()
    min_coverage = serializers.FloatField()
    min_ranked_share = serializers.FloatField()


class ScorePeriodsSerializer(PersianSerializer):
    """The periods of a published run; `default` is its latest complete period ("" if none)."""

    run = serializers.IntegerField(allow_null=True)
    default = serializers.CharField(allow_blank=True)
    periods = ScorePeriodSerializer(many=True)
