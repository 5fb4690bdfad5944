from django.contrib import admin
from django.http import HttpRequest

from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "kind", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
