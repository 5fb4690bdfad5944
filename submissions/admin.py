"""Submissions in the admin: for inspection only. Their states change through the services
(the pages and the API), which check who may decide and write the observations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import ReadOnlyAdminMixin
from governance.versioned_admin import VersionedAdmin
from submissions.models import Submission, SubmittedValue


class ReadOnly(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only, and not deleted either: here submissions are only inspected."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnly, VersionedAdmin):
    list_display = ("pk", "origin", "state", "county", "period", "submitted_by", "decided_by")
    list_filter = ("state", "origin", "province")
    list_select_related = ("county", "submitted_by", "decided_by")
    search_fields = ("county__code", "county__name_fa", "county__name_en", "period")
    raw_id_fields = ("county", "province", "import_job")


@admin.register(SubmittedValue)
class SubmittedValueAdmin(ReadOnly):
    list_display = ("pk", "submission", "indicator", "county", "period", "value")
    list_select_related = ("submission", "indicator", "county")
    list_filter = ("submission__state", "indicator")
    search_fields = ("county__code", "indicator__code", "period")
    raw_id_fields = ("submission", "county", "area", "observation")
