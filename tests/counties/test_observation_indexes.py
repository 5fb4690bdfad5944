"""Questions asked of every observation answer from an index, not a scan of all of them
(8.5 million at 5,000 counties; issue 14)."""

from __future__ import annotations

import pytest
from django.db import connection

from counties.models import Observation

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_whether_any_value_is_synthetic_is_answered_from_the_partial_index():
    question = Observation.objects.filter(is_synthetic=True)
    sql, params = question.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a table this small a scan is cheapest; forbid it to see which index can answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "obs_synthetic" in plan, plan
