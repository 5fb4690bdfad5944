"""Flagship projects and action plans moved to the projects app (projects 0001).

Only Django's idea of the models changes: the tables keep their names (Meta.db_table in projects),
so no row is copied or touched. Records that point at another moved record go first."""

from django.db import migrations

MOVED = [
    "HistoricalFlagshipProject_areas",
    "HistoricalFlagshipProject",
    "HistoricalMilestone",
    "HistoricalProjectKPI",
    "HistoricalProjectFeedback",
    "HistoricalActionPlan",
    "HistoricalPlanTarget",
    "HistoricalPlanAction",
    "Evidence",
    "ProgressUpdate",
    "Milestone",
    "ProjectKPI",
    "ProjectFeedback",
    "FlagshipProject",
    "PlanTarget",
    "PlanAction",
    "ActionPlan",
]


class Migration(migrations.Migration):
    dependencies = [
        ("counties", "0011_import_flags"),
        ("projects", "0001_initial"),
        # Participation's links point at projects.FlagshipProject before the old model goes.
        ("participation", "0007_move_project_links"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
