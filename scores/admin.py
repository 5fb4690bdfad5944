from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import ReadOnlyAdminMixin
from scores.models import Methodology, ScoreRun


@admin.register(Methodology)
class MethodologyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Methodologies are edited on their page, where the spec is validated."""

    list_display = ("code", "name_en", "version", "is_current", "updated_at")


@admin.register(ScoreRun)
class ScoreRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "status", "trigger", "queued_at", "finished_at", "score_count")
    list_filter = ("status", "trigger")
