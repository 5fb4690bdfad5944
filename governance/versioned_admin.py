"""The admin side of versioned records (governance/versioning.py): an admin change is a new
version, and an admin form opened before someone else's change is refused like any page.

The change form carries the version it was opened at (a hidden field). Saving locks the row,
compares, and refuses a stale form with the usual message (nothing saved); otherwise the record
is saved as its next version, so a page or API client still holding the older version is refused
in turn instead of overwriting the admin's change. History (django-simple-history) keeps
recording who changed what; reverting to an old record is checked and versioned the same way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from governance.forms import PersianModelForm
from governance.versioning import StaleEditError, lock_current, stale_message

OPENED = "opened_version"


class VersionedAdminForm(PersianModelForm):
    """An admin form of a versioned record: it carries the version it was opened at, and a save
    based on an older version is refused with a form error."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # The admin saves its main form even unchanged (every field, hence checked); a formset
    # saves only the rows that changed, so an inline checks only those.
    checks_unchanged = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._next_version: int | None = None
        if self.instance.pk is not None:
            self.fields[OPENED].initial = self._stored_version()

    def _stored_version(self) -> int | None:
        if not self.checks_unchanged:
            return self.instance.version  # an inline's rows are read fresh with the page
        # The record on a history "revert" page is an old one: the stored version is what counts.
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        return rows.values_list("version", flat=True).first()

    @cached_property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != OPENED]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.instance.pk is None or not (self.checks_unchanged or self.has_changed()):
            return cleaned
        try:
            current = lock_current(self.instance, self.cleaned_data.get(OPENED))
        except StaleEditError:
            noun = str(type(self.instance)._meta.verbose_name)
            raise ValidationError(stale_message(noun), code="stale_version") from None
        self._next_version = current.version + 1
        return cleaned

    def save(self, commit: bool = True) -> Any:
        if self._next_version is not None:
            self.instance.version = self._next_version
        return super().save(commit)


class VersionedInlineForm(VersionedAdminForm):
    """VersionedAdminForm for a row of an inline: unchanged rows are neither checked nor saved."""

    checks_unchanged = False


def _with_version(fields: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*fields, "version"]))


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin of a versioned record: history, a read-only version, and every change saved as a
    new version, refused when the form is older than the stored record. An admin that lists
    its `fields` or `fieldsets` must list `opened_version` too (it is a hidden field)."""

    form = VersionedAdminForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return _with_version(super().get_readonly_fields(request, obj))

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # Like the change form, a revert locks the row it checks until it is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedInline(admin.options.InlineModelAdmin):
    """Mixin for an inline of versioned rows (put it before TabularInline or StackedInline)."""

    form: Any = VersionedInlineForm  # a PersianModelForm: a BaseModelForm, not a ModelForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return _with_version(super().get_readonly_fields(request, obj))
