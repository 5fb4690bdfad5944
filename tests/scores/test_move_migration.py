"""Moving the score models from counties to scores changes no row: the migrations only move state.

The database is migrated back to before the move (counties before 0013_move_scores_out, no
scores app), filled through the models as they were then, and migrated forward again: every
moved table keeps its rows byte for byte, and the content types (with their permissions) are
relabelled counties -> scores.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from counties.models import ImportJob
from scores.models import Methodology, ScoreRun
from tests import personas

MOVE = ("counties", "0013_move_scores_out")
MOVED_MODELS = [
    "methodology",
    "historicalmethodology",
    "scorerun",
    "score",
    "scoredecomposition",
    "scoreperiod",
    "coverageshortfall",
]
TABLES = [f"counties_{model}" for model in MOVED_MODELS] + ["counties_importjob"]


def _before_the_move(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """Counties at the migration(s) 0013 follows, and no scores app."""
    parents = executor.loader.graph.node_map[MOVE].parents
    return [(node.key[0], node.key[1]) for node in parents if node.key[0] == "counties"] + [
        ("scores", None)
    ]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


def _snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row of every moved table (and the imports)."""
    result = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def _fill(apps, county_id: int, user_id: int) -> None:
    """One row in each moved table, written through the models as counties had them."""
    old = lambda name: apps.get_model("counties", name)  # noqa: E731
    now = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
    methodology = old("Methodology").objects.create(
        code="moved",
        name_en="Moved",
        spec={"dimensions": []},
        updated_by_id=user_id,
    )
    old("HistoricalMethodology").objects.create(
        id=methodology.pk,
        code="moved",
        name_en="Moved",
        spec={"dimensions": []},
        version=1,
        is_current=False,
        min_coverage=Decimal("0.800"),
        min_ranked_share=Decimal("0.850"),
        updated_at=now,
        history_date=now,
        history_type="+",
        history_user_id=user_id,
    )
    run = old("ScoreRun").objects.create(
        methodology=methodology,
        methodology_snapshot={"code": "moved", "version": 1},
        data_version="abc",
        status="published",
        trigger="import",
        requested_by_id=user_id,
        queued_at=now,
        published_at=now,
        periods=["1402"],
        score_count=1,
        timings={"compute": 0.5},
    )
    old("Score").objects.create(
        run=run,
        county_id=county_id,
        period="1402",
        composite=Decimal("55.50"),
        dimensions={"economy": 40.25},
        coverage=Decimal("0.950"),
        national_rank=1,
        provincial_rank=1,
        tier=3,
        balance=Decimal("0.01234"),
        area_count=2,
        area_scores={"1": 50.0},
    )
    old("ScoreDecomposition").objects.create(
        run=run,
        period="1402",
        county_count=1,
        mean_score=Decimal("55.50"),
        total=Decimal("0.100000"),
        between=Decimal("0.060000"),
        within=Decimal("0.040000"),
    )
    old("ScorePeriod").objects.create(
        run=run,
        period="1402",
        county_count=1,
        with_data_count=1,
        ranked_count=1,
        mean_coverage=Decimal("0.950"),
        min_coverage=Decimal("0.800"),
        min_ranked_share=Decimal("0.850"),
        is_complete=True,
    )
    old("CoverageShortfall").objects.create(
        run=run, county_id=county_id, period="1401", coverage=Decimal("0.400"), missing=["x"]
    )
    old("ImportJob").objects.create(
        file="imports/moved.csv", original_name="moved.csv", score_run=run, status="done"
    )


@pytest.mark.django_db(transaction=True)
def test_moving_the_score_models_to_the_scores_app_changes_no_row():
    county = personas.make_county(personas.make_province("PM"), "MV")
    user = personas.ministry_staff()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor = _migrate(_before_the_move(executor))
        counties_before = [key for key in _before_the_move(executor) if key[1] is not None]
        state_apps = executor.loader.project_state(counties_before, at_end=True).apps
        _fill(state_apps, county.pk, user.pk)
        old_types = {}
        for model in MOVED_MODELS:
            content_type, _created = ContentType.objects.get_or_create(
                app_label="counties", model=model
            )
            old_types[model] = content_type.pk
        permission = Permission.objects.create(
            content_type_id=old_types["scorerun"], codename="inspect_moved", name="Inspect"
        )
        before = _snapshot()
        assert all(count >= 1 for count, _digest in before.values())

        _migrate(latest)

        assert _snapshot() == before
        for model in MOVED_MODELS:
            moved = ContentType.objects.get(app_label="scores", model=model)
            assert moved.pk == old_types[model]
            assert not ContentType.objects.filter(app_label="counties", model=model).exists()
        permission.refresh_from_db()
        assert permission.content_type.app_label == "scores"
        run = ScoreRun.objects.get(data_version="abc")
        assert run.scores.get().composite == Decimal("55.50")
        assert ImportJob.objects.get(original_name="moved.csv").score_run == run
        assert Methodology.objects.get(code="moved").history.count() == 1
    finally:
        _migrate(latest)
        ContentType.objects.clear_cache()  # its ids were relabelled under the cache
