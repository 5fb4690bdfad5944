"""The ICU collation `fa_ir` that orders names in Persian alphabetical order (PostgreSQL only;
SQLite connections register a Python collation of the same name: governance.collation)."""

from django.db import migrations


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS fa_ir (provider = icu, locale = 'fa-IR')"
        )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS fa_ir")


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(create_collation, drop_collation)]
