"""Admin of flagship projects, action plans and public feedback."""

from django.contrib import admin

from governance.versioned_admin import VersionedAdmin
from projects.models import ActionPlan, FlagshipProject, Milestone, ProjectFeedback


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


# What a flagship project and an action plan have in common: a county's bilingual title, its
# challenge, a period, archiving, and who made it when.
TITLE_AND_PERIOD = ("title_fa", "title_en", "county", "dimension", "period_start", "period_end")


class CountyWorkAdmin(VersionedAdmin):
    """Admin shared by flagship projects and action plans (a county's titled, dated work)."""

    search_fields = ("title_fa", "title_en", "county__name_fa", "county__name_en")
    raw_id_fields = ("county", "created_by")
    readonly_fields = ("created_at", "updated_at")


@admin.register(FlagshipProject)
class FlagshipProjectAdmin(CountyWorkAdmin):
    list_display = (*TITLE_AND_PERIOD, "is_public", "is_demo", "archived_at")
    list_filter = ("dimension", "is_public", "is_demo")
    filter_horizontal = ("areas",)
    inlines = [MilestoneInline]


@admin.register(ActionPlan)
class ActionPlanAdmin(CountyWorkAdmin):
    list_display = (*TITLE_AND_PERIOD, "is_demo", "archived_at")
    list_filter = ("dimension", "is_demo")


@admin.register(ProjectFeedback)
class ProjectFeedbackAdmin(VersionedAdmin):
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
    )
