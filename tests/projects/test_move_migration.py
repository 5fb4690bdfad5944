"""Moving projects and plans out of counties changes no row: same tables, same data, same ids.

The database is migrated back to before the move, every moved table (histories included) gets a
row written through the models of that time, and migrating forward must leave every row as it was,
with the content types (so permissions and the admin log) following the models to projects."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.utils import timezone

from tests.project_factories import catalogue

BEFORE_MOVE = [("counties", "0011_import_flags"), ("participation", "0006_numeric_ranges")]
MOVED = [
    "FlagshipProject",
    "Milestone",
    "ProgressUpdate",
    "Evidence",
    "ProjectKPI",
    "ProjectFeedback",
    "ActionPlan",
    "PlanTarget",
    "PlanAction",
]
HISTORIES = [
    "HistoricalFlagshipProject",
    "HistoricalFlagshipProject_areas",
    "HistoricalMilestone",
    "HistoricalProjectKPI",
    "HistoricalProjectFeedback",
    "HistoricalActionPlan",
    "HistoricalPlanTarget",
    "HistoricalPlanAction",
]
DAY = datetime.date(2025, 3, 21)


def _value(field: models.Field) -> Any:
    """A valid value for a required field of the moved models (checks: 1 fits every range)."""
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return DAY
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, models.FloatField):
        return 1.5
    if isinstance(field, models.IntegerField):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.FileField):
        return "projects/1/1/evidence.jpg"
    if field.choices:
        return field.choices[0][0]
    if field.blank:
        return ""
    return f"{field.name} row"[: field.max_length]


def _create(model: Any, **given: Any) -> Any:
    """A row of `model` with `given` values and a plain value in every other required field.

    `model` is a model of a migration state (Apps.get_model): the type checker knows neither its
    manager nor its fields, so it and its rows are typed Any."""
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or field.name in values:
            continue
        if field.is_relation:
            continue  # optional relations are null; required ones are given
        values[field.name] = _value(field)
    return model.objects.create(**values)


def _history(model: type[models.Model], record: models.Model, **given: Any) -> models.Model:
    """A history row copying `record`, as simple-history writes on a save."""
    copied = {
        f.attname: getattr(record, f.attname)
        for f in record._meta.concrete_fields
        if f.attname in {h.attname for h in model._meta.concrete_fields}
    }
    return _create(model, **copied, history_date=timezone.now(), history_type="+", **given)


def _fill(old: Apps, world: Any) -> None:
    """One row in every moved table, written through the models as they were before the move."""
    get = old.get_model
    county = get("counties", "County").objects.get(pk=world.county_a.pk)
    dimension = get("counties", "Dimension").objects.get(code="solid_waste")
    indicator = get("counties", "Indicator").objects.filter(dimension=dimension).first()
    area = _create(get("counties", "Area"), county=county, kind="city", name_en="Area one")
    user = get("governance", "User").objects.get(pk=world.governor_a.pk)
    common = {"county": county, "dimension": dimension, "created_by": user}

    project = _create(get("counties", "FlagshipProject"), **common, title_en="Clinic")
    project.areas.add(area)
    milestone = _create(get("counties", "Milestone"), project=project, weight=5)
    update = _create(get("counties", "ProgressUpdate"), project=project, percent=40)
    _create(get("counties", "Evidence"), update=update, kind="photo", content_type="image/jpeg")
    kpi = _create(get("counties", "ProjectKPI"), project=project, indicator=indicator)
    feedback = _create(get("counties", "ProjectFeedback"), project=project, rating=4)
    plan = _create(get("counties", "ActionPlan"), **common, title_en="Waste plan")
    target = _create(get("counties", "PlanTarget"), plan=plan, indicator=indicator)
    action = _create(get("counties", "PlanAction"), plan=plan, title_en="Sort at source")

    history = _history(get("counties", "HistoricalFlagshipProject"), project, history_user=user)
    _create(
        get("counties", "HistoricalFlagshipProject_areas"),
        history=history,
        flagshipproject=project,
        area=area,
    )
    for name, record in [
        ("HistoricalMilestone", milestone),
        ("HistoricalProjectKPI", kpi),
        ("HistoricalProjectFeedback", feedback),
        ("HistoricalActionPlan", plan),
        ("HistoricalPlanTarget", target),
        ("HistoricalPlanAction", action),
    ]:
        _history(get("counties", name), record, history_user=user)

    # Participation points at a project and its feedback: the links must survive the move.
    _create(
        get("participation", "Critique"),
        county=county,
        project=project,
        feedback=feedback,
    )
    content_type = get("contenttypes", "ContentType").objects.get(
        app_label="counties", model="flagshipproject"
    )
    LogEntry.objects.create(  # the admin log's table is the same before and after
        user_id=user.pk,
        content_type_id=content_type.pk,
        object_id=str(project.pk),
        object_repr="Clinic",
        action_flag=2,
        action_time=timezone.now(),
    )


def _tables() -> list[str]:
    """Tables of the moved models (histories and the areas link table included)."""
    config = current_apps.get_app_config("projects")
    return sorted(m._meta.db_table for m in config.get_models(include_auto_created=True))


def _snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of all rows (in a stable order) of every moved table."""
    result = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def _content_types() -> dict[str, tuple[int, str, int]]:
    """Per moved model: its content type's id, app label and number of permissions."""
    rows = (
        ContentType.objects.filter(model__in=[name.lower() for name in MOVED + HISTORIES])
        .annotate(permissions=Count("permission"))
        .values_list("model", "pk", "app_label", "permissions")
    )
    return {model: (pk, label, permissions) for model, pk, label, permissions in rows}


@pytest.fixture
def before_the_move() -> Iterator[MigrationExecutor]:
    """The database as it was before the move; migrated back to the latest state afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE_MOVE, ("projects", None)])
    try:
        yield MigrationExecutor(connection)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_moving_projects_out_of_counties_changes_no_row(world, before_the_move):
    catalogue()
    old = before_the_move.loader.project_state(BEFORE_MOVE).apps
    _fill(old, world)
    assert all(table.startswith("counties_") for table in _tables())
    before, types_before = _snapshot(), _content_types()
    assert all(count > 0 for count, _checksum in before.values()), before
    assert {label for _pk, label, _perms in types_before.values()} == {"counties"}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert _snapshot() == before
    moved = {m: (pk, "projects", perms) for m, (pk, _label, perms) in types_before.items()}
    assert _content_types() == moved

    from participation.models import Critique
    from projects.models import FlagshipProject

    ContentType.objects.clear_cache()
    project = FlagshipProject.objects.get()
    assert project.areas.count() == 1 and project.history.count() == 1
    critique = Critique.objects.get()
    assert critique.project == project and critique.feedback == project.feedback.get()
    assert LogEntry.objects.get().get_edited_object() == project
