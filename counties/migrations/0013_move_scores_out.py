"""Scores moved to their own app (scores 0001_initial): remove them from the counties state.

State only: no table is created, renamed or dropped (the scores models keep the counties_*
tables). The import's foreign key now points at scores.ScoreRun, the same table. The content
types of the moved models (and of the methodology's history) are relabelled counties -> scores,
so permissions, admin log entries and generic relations keep pointing at them.
"""

from django.db import migrations, models
import django.db.models.deletion

MOVED = [
    "methodology",
    "historicalmethodology",
    "scorerun",
    "score",
    "scoredecomposition",
    "scoreperiod",
    "coverageshortfall",
]


def _relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        moving = ContentType.objects.using(db).filter(app_label=old, model=model)
        if not moving.exists():
            continue
        # A row created meanwhile under the new label would collide: the moving row (with the
        # permissions and log entries pointing at it) wins.
        ContentType.objects.using(db).filter(app_label=new, model=model).delete()
        moving.update(app_label=new)


def to_scores(apps, schema_editor):
    _relabel(apps, schema_editor, "counties", "scores")


def to_counties(apps, schema_editor):
    _relabel(apps, schema_editor, "scores", "counties")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("counties", "0012_move_projects_out"),
        ("scores", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="importjob",
                    name="score_run",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="scores.scorerun",
                        verbose_name="score rebuild",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalMethodology"),
                migrations.DeleteModel(name="CoverageShortfall"),
                migrations.DeleteModel(name="Score"),
                migrations.DeleteModel(name="ScoreDecomposition"),
                migrations.DeleteModel(name="ScorePeriod"),
                migrations.DeleteModel(name="ScoreRun"),
                migrations.DeleteModel(name="Methodology"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_scores, to_counties),
    ]
