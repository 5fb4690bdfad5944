"""PostgreSQL's COPY path of the CSV export writes what the Python path writes."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from django.db import connection

from counties.models import Observation
from governance.exports import pg_copy
from governance.exports.csv_export import iter_csv
from reports import tables
from tests.observations import observe

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY is PostgreSQL's; SQLite uses the Python path",
    ),
]


@pytest.fixture
def tricky(world):
    """Values a spreadsheet could misread: formulas, signed numbers, empty text, synthetic flags."""
    from counties.services import ensure_default_catalogue

    ensure_default_catalogue()
    observe(world.county_a, "population", "1401", 500_000, source='=HYPERLINK("x")')
    observe(world.county_a, "population", "1402", 510_000.5, source="-3.5")
    observe(world.county_b, "population", "1402", 0.001, source="@sum", synthetic=True)
    observe(world.county_b, "unemployment_rate", "1402", -2.25, source="")
    observe(world.county_a2, "unemployment_rate", "1402", 12, source="+98 21 1234")
    return world


def _parsed(table) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(iter_csv(table)).lstrip("\ufeff"))))


def _comparable(rows: list[list[str]]) -> list[tuple]:
    """Numbers compared as numbers (PostgreSQL writes 500000 where Python writes 500000.0)."""
    header, *body = rows
    value = 5  # the Value column
    return [header] + [(*row[:value], float(row[value]), *row[value + 1 :]) for row in body]


def test_copy_output_equals_the_python_path(tricky):
    table = tables.observations_table(None)
    assert table.copy_source is not None and table.copy_source.usable()
    by_copy = _parsed(table)
    by_python = _parsed(replace(tables.observations_table(None), copy_source=None))
    assert _comparable(by_copy) == _comparable(by_python)
    sources = {row[6] for row in by_copy[1:]}
    assert sources == {'\'=HYPERLINK("x")', "-3.5", "'@sum", "", "'+98 21 1234"}
    assert [row[7] for row in by_copy[1:]].count("1") == 1
    assert all(row[3] == "" for row in by_copy[1:])  # county level: no area


def test_every_row_once_in_key_order_across_ranges(tricky):
    source = tables.observations_table(None).copy_source
    chunks = list(pg_copy.iter_copy_csv(source, range_size=2))
    assert len(chunks) >= 2  # several ranges were copied
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    expected = list(
        Observation.objects.order_by("pk").values_list("indicator__code", "county__code", "period")
    )
    assert [(r[0], r[1], r[4]) for r in rows] == expected


def test_an_empty_table_gives_the_header_only(world):
    table = tables.observations_table(None)
    assert _parsed(table) == [[column.header for column in table.columns]]
