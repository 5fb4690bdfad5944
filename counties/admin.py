from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from counties.models import (
    ActionPlan,
    Area,
    County,
    Dimension,
    FlagshipProject,
    ImportJob,
    Indicator,
    Methodology,
    Milestone,
    Observation,
    ProjectFeedback,
    Province,
    ScoreRun,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "iso_code", "is_synthetic")
    search_fields = ("code", "name_fa", "name_en")
    exclude = ("geometry",)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "province", "census_code", "area_km2")
    list_filter = ("province", "is_synthetic")
    search_fields = ("code", "census_code", "name_fa", "name_en")
    exclude = ("geometry",)


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ("name_fa", "name_en", "county", "kind", "is_deprived", "population")
    list_filter = ("kind", "is_deprived", "is_synthetic")
    search_fields = ("name_fa", "name_en", "county__name_fa", "county__name_en")
    autocomplete_fields = ("county",)


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "is_challenge", "order")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "dimension", "unit", "direction")
    list_filter = ("dimension",)
    search_fields = ("code", "name_fa", "name_en")


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "county", "area", "period", "value", "is_synthetic")
    list_filter = ("indicator", "is_synthetic", "period_kind")
    search_fields = ("county__name_fa", "county__name_en", "indicator__code")
    raw_id_fields = ("county", "area", "updated_by")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(FlagshipProject)
class FlagshipProjectAdmin(SimpleHistoryAdmin):
    list_display = (
        "title_fa",
        "title_en",
        "county",
        "dimension",
        "period_start",
        "period_end",
        "is_public",
        "is_demo",
        "archived_at",
    )
    list_filter = ("dimension", "is_public", "is_demo")
    search_fields = ("title_fa", "title_en", "county__name_fa", "county__name_en")
    raw_id_fields = ("county", "created_by")
    filter_horizontal = ("areas",)
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [MilestoneInline]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = (
        "title_fa",
        "title_en",
        "county",
        "dimension",
        "period_start",
        "period_end",
        "is_demo",
        "archived_at",
    )
    list_filter = ("dimension", "is_demo")
    search_fields = ("title_fa", "title_en", "county__name_fa", "county__name_en")
    raw_id_fields = ("county", "created_by")
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(ProjectFeedback)
class ProjectFeedbackAdmin(SimpleHistoryAdmin):
    """Dismissing as spam and restoring happen on the feedback page (audited, versioned);
    here they are only shown."""

    list_display = ("project", "name", "rating", "created_at", "dismissed_at")
    list_filter = (("dismissed_at", admin.EmptyFieldListFilter),)
    search_fields = ("text", "name")
    raw_id_fields = ("project",)
    readonly_fields = (
        "ip_hash",
        "created_at",
        "dismissed_at",
        "dismissed_by",
        "dismissal_reason",
        "version",
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            obj.version += 1  # a page holding the older version is refused, not overwritten
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for inspection; these rows are written by services (pages, imports, Celery)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Methodology)
class MethodologyAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    """Methodologies are edited on their page, where the spec is validated."""

    list_display = ("code", "name_en", "version", "is_current", "updated_at")


@admin.register(ScoreRun)
class ScoreRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "status", "trigger", "queued_at", "finished_at", "score_count")
    list_filter = ("status", "trigger")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "uploaded_by", "status", "created_at", "row_count")
    list_filter = ("status",)
    exclude = ("issues",)
