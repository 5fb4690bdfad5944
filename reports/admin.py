from django.contrib import admin
from django.http import HttpRequest

from governance.versioned_admin import VersionedAdmin
from reports.models import BriefingSchedule, ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "kind", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(BriefingSchedule)
class BriefingScheduleAdmin(VersionedAdmin):
    """The weekly briefing e-mails; `last_job` is the daily task's to write."""

    list_display = ["pk", "province", "weekday", "language", "active", "last_sent_on"]
    list_filter = ["active", "weekday", "language"]
    # Clearing «last sent on» lets the day's pack be sent again (send_briefings).
    readonly_fields = ["created_by", "last_job", "created_at"]
    filter_horizontal = ["recipients"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made on the schedules page, which checks the recipients' rights
