from __future__ import annotations

from django.contrib import admin

from governance.admin import ReadOnlyAdminMixin
from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by the events only: shown to find out who was told what, and whether mailed."""

    list_display = ("kind", "recipient", "created_at", "read_at", "email_status", "emailed_at")
    list_filter = ("kind", "email_status")
    search_fields = ("recipient__username", "dedupe_key")
    raw_id_fields = ("recipient",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "email")
    list_filter = ("kind", "email")
    raw_id_fields = ("user",)
