"""The browser tests' demo snapshot (tests/demo_snapshots.py) gives back the seeded database."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from counties.models import Province
from tests.demo_snapshots import seed_demo_once

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_a_restored_demo_has_every_row_the_seeding_wrote_and_takes_new_rows(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo_once(synthetic=True)
    seeded = _counts()
    Province.objects.create(code="ZZ", name_fa="آزمایشی", name_en="Test")

    seed_demo_once(synthetic=True)

    assert _counts() == seeded
    assert seeded["counties_county"] == 12
    # The sequences were moved past the restored ids: a new row gets a fresh one.
    Province.objects.create(code="ZZ", name_fa="آزمایشی", name_en="Test")


def test_a_restored_demo_has_the_files_the_seeding_wrote(settings, tmp_path):
    """Project photos and evidence of a restored demo open, whichever test seeded it first."""
    from django.core.files.storage import default_storage
    from django.db.models import FileField

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "first"
    seed_demo_once(synthetic=True)
    settings.MEDIA_ROOT = tmp_path / "second"

    seed_demo_once(synthetic=True)

    stored = [
        getattr(row, field.name).name
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
        for row in model.objects.exclude(**{field.name: ""})
    ]
    assert stored, "the synthetic demo has photos"
    assert [name for name in stored if not default_storage.exists(name)] == []
