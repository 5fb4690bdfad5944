from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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
