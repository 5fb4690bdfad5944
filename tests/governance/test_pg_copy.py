"""PostgreSQL's COPY path of the CSV export writes what the Python path writes."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from counties.models import Observation
from governance.exports import pg_copy
from governance.exports.cells import layout
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


def _comparable(rows: list[list[str]]) -> list[tuple[Any, ...] | list[str]]:
    """Numbers compared as numbers (PostgreSQL writes 500000 where Python writes 500000.0)."""
    header, *body = rows
    value = 7  # the Value column
    return [header] + [(*row[:value], float(row[value]), *row[value + 1 :]) for row in body]


def test_copy_output_equals_the_python_path(tricky):
    table = tables.observations_table(None)
    assert table.copy_source is not None and table.copy_source.usable()
    by_copy = _parsed(table)
    by_python = _parsed(replace(tables.observations_table(None), copy_source=None))
    assert _comparable(by_copy) == _comparable(by_python)
    sources = {row[8] for row in by_copy[1:]}
    assert sources == {'\'=HYPERLINK("x")', "-3.5", "'@sum", "", "'+98 21 1234"}
    assert [row[9] for row in by_copy[1:]].count("1") == 1
    assert all(row[5] == "" for row in by_copy[1:])  # county level: no area


@pytest.mark.parametrize("language", ["fa", "en"])
def test_copy_rows_name_the_county_and_province_beside_their_codes(tricky, language):
    tricky.county_b.name_en = ""  # no English name: the Persian one, as on the pages
    tricky.county_b.save(update_fields=["name_en"])
    with translation.override(language):
        table = tables.observations_table(None)
        by_copy = _parsed(table)
        by_python = _parsed(replace(tables.observations_table(None), copy_source=None))
    with translation.override(language):
        headers = [
            str(h) for h in (_("County code"), _("County"), _("Province code"), _("Province"))
        ]
    assert by_copy[0][1:5] == headers
    assert _comparable(by_copy) == _comparable(by_python)
    with translation.override(language):
        expected = {
            county.code: [county.code, county.name, county.province.code, county.province.name]
            for county in (tricky.county_a, tricky.county_a2, tricky.county_b)
        }
    for row in by_copy[1:]:
        assert row[1:5] == expected[row[1]]
    assert {row[2] for row in by_copy[1:] if row[1] == tricky.county_b.code} == {
        tricky.county_b.name_fa
    }


def test_every_row_once_in_key_order_across_ranges(tricky):
    source = tables.observations_table(None).copy_source
    chunks = list(pg_copy.iter_copy_csv(source, range_size=2))
    assert len(chunks) >= 2  # several ranges were copied
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    expected = list(
        Observation.objects.order_by("pk").values_list("indicator__code", "county__code", "period")
    )
    assert [(r[0], r[1], r[6]) for r in rows] == expected


def test_an_empty_table_gives_the_header_only(world):
    table = tables.observations_table(None)
    assert _parsed(table) == [layout(table).headers]
