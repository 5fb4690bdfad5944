from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import access
from governance.forms import PersianForm
from governance.models import User
from governance.user_imports import UserImport, import_users


class UserImportForm(PersianForm):
    """The admin's upload of officials' accounts: the CSV file of `manage.py import_users`."""

    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8 text with a header row and the columns username, full_name, email, role, "
            "scope and language (docs/onboarding.md)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the messages"), choices=settings.LANGUAGES
    )
    reinvite = forms.BooleanField(
        label=gettext_lazy("Invite existing accounts again"),
        required=False,
        help_text=gettext_lazy("New accounts are always invited."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "county", "province", "is_active", "last_login")
    list_filter = ("role", "is_active", "province")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("county", "province")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (gettext_lazy("Role and scope"), {"fields": ("role", "county", "province", "language")}),
    )
    change_list_template = "admin/governance/user/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_users_view),
            name="governance_user_import",
        )
        return [upload, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra = {"can_import_users": access.can_import_users(request.user)}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def import_users_view(self, request: HttpRequest) -> HttpResponse:
        """Create or update accounts from a CSV file, all or nothing, as `manage.py
        import_users` does: every error listed (in the language chosen) and nothing written,
        or the accounts saved and the new ones invited by e-mail."""
        access.require(access.can_import_users(request.user))
        form = UserImportForm(
            request.POST or None,
            request.FILES or None,
            initial={"language": translation.get_language()},
        )
        context: dict[str, Any] = {}
        if request.method == "POST" and form.is_valid():
            language = form.cleaned_data["language"]
            with translation.override(language):
                result, failure = _run_import(form)
                if failure is None and result.ok:
                    messages.success(request, result.summary(dry_run=False))
                    return redirect("admin:governance_user_changelist")
                context = _outcome(result, failure, language)
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": _("Import users from CSV"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/governance/user/import_users.html", context)


def _run_import(form: UserImportForm) -> tuple[UserImport, str | None]:
    """The import's result, and why the invitations could not be sent (None when they were)."""
    data = form.cleaned_data["file"].read()
    try:
        return import_users(data, reinvite=form.cleaned_data["reinvite"]), None
    except OSError as exc:  # the mail server refused or could not be reached (after commit)
        return UserImport(), str(exc) or exc.__class__.__name__


def _outcome(result: UserImport, failure: str | None, language: str) -> dict[str, Any]:
    """What the page says after a refused file or a failed mailing, in `language`."""
    if failure is not None:
        summary = _(
            "The accounts were saved, but the invitations could not be sent (%(error)s). Check "
            "the mail settings, then upload the file again with “Invite existing accounts "
            "again” ticked."
        ) % {"error": failure}
    else:
        summary = result.summary(dry_run=False)
    return {
        "summary": summary,
        "errors": [error.message for error in result.errors],
        "message_language": language,
        "message_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }


class ReadOnlyAdminMixin:
    """For the admin of rows that only services write (pages, imports, Celery): shown for
    inspection, never added or changed here. Put it before the ModelAdmin class."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
