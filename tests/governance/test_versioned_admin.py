"""Every versioned record uses the one versioning kit: its model inherits Versioned and every
admin that edits it (on its own or as an inline row) is versioned, so no admin save can
overwrite a newer change or skip raising the version."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin

from governance.versioned_admin import VersionedAdmin, VersionedInline
from governance.versioning import Versioned

# A methodology's `version` numbers its revisions (a new spec), not its edits.
REVISION_NUMBERS = {"methodology"}


def test_every_model_with_an_edit_counter_inherits_versioned():
    for model in apps.get_models():
        names = {field.name for field in model._meta.get_fields()}
        if "version" not in names or "history_id" in names:  # history rows copy the field
            continue
        if model._meta.model_name in REVISION_NUMBERS:
            assert not issubclass(model, Versioned)
            continue
        assert issubclass(model, Versioned), model


def test_every_admin_of_a_versioned_record_is_versioned():
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Versioned):
            assert isinstance(model_admin, VersionedAdmin), model
            checked += 1
        for inline in model_admin.inlines:
            if issubclass(inline.model, Versioned):
                assert issubclass(inline, VersionedInline), (model, inline)
    assert checked >= 10
