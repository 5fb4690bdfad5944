"""Content types of the moved models follow them from counties to projects.

Permissions, admin log entries and generic relations point at a content type row: renaming its
app label keeps them all (and no stale counties rows are left for remove_stale_contenttypes)."""

from django.db import migrations

MODELS = [
    "actionplan",
    "evidence",
    "flagshipproject",
    "historicalactionplan",
    "historicalflagshipproject",
    "historicalflagshipproject_areas",
    "historicalmilestone",
    "historicalplanaction",
    "historicalplantarget",
    "historicalprojectfeedback",
    "historicalprojectkpi",
    "milestone",
    "planaction",
    "plantarget",
    "progressupdate",
    "projectfeedback",
    "projectkpi",
]


def relabel(apps, schema_editor, source: str, target: str) -> None:
    """Rename the rows of the moved models from `source` to `target` (none exist on a new DB)."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = content_type.objects.using(db).filter(app_label=target, model__in=MODELS)
    content_type.objects.using(db).filter(app_label=source, model__in=MODELS).exclude(
        model__in=taken.values("model")
    ).update(app_label=target)
    content_type.objects.clear_cache()


def forwards(apps, schema_editor) -> None:
    relabel(apps, schema_editor, "counties", "projects")


def backwards(apps, schema_editor) -> None:
    relabel(apps, schema_editor, "projects", "counties")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0001_initial"),
        ("counties", "0012_move_projects_out"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
