from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from governance.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "county", "province", "is_active", "last_login")
    list_filter = ("role", "is_active", "province")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("county", "province")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Role and scope"), {"fields": ("role", "county", "province", "language")}),
    )


class ReadOnlyAdminMixin:
    """For the admin of rows that only services write (pages, imports, Celery): shown for
    inspection, never added or changed here. Put it before the ModelAdmin class."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
