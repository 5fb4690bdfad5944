"""Export rows read in primary-key ranges: CSV written by PostgreSQL itself (`COPY (SELECT ...) TO
STDOUT`), XLSX rows read as tuples.

The Python CSV path spends most of its time per row (ORM tuples, formula neutralisation,
csv.writer); PostgreSQL's COPY writes CSV at several times that rate. Rows are copied one
primary-key range at a time into a buffer that is yielded and dropped, so memory stays bounded by
one range whatever the size of the table, and every range is a short index range scan.

The same rules as the Python path apply, in SQL: booleans as 1/0, NULL as an empty cell, text that
a spreadsheet would run as a formula (=, +, -, @ after any leading blanks, and not a number)
prefixed with a quote. A `county` column (governance.exports.cells) is four columns, joined in SQL
by `county_fields`: county code, county name, province code, province name, names in the active
language.

The XLSX export reads the same sources in the same ranges as Python tuples (`iter_rows`): its
cells are written in Python (governance.exports.xlsx_export), which costs less CPU than building
SpreadsheetML text in SQL.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import F, Max, Min, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from governance.exports.cells import LEADING_BLANKS, NUMBER_PATTERN

RANGE_SIZE = 20_000
# Rows read as Python tuples per range (about 2 MB of them for the observations).
ROW_RANGE_SIZE = 10_000
BOOL_OID = 16
NUMERIC_OIDS = {20, 21, 23, 700, 701, 1700}  # int8, int2, int4, float4, float8, numeric


@dataclass(frozen=True)
class CopySource:
    """A model queryset and the fields exported from it, in column order (values_list paths);
    rows come out in primary-key order."""

    queryset: QuerySet
    fields: Sequence[str]

    def usable(self) -> bool:
        return connections[self.queryset.db].vendor == "postgresql"


def _name(path: str) -> Coalesce:
    """The SQL of BilingualName.name: the active language's name, else the other one."""
    first, second = ("name_en", "name_fa") if get_language() == "en" else ("name_fa", "name_en")
    return Coalesce(NullIf(F(f"{path}__{first}"), Value("")), F(f"{path}__{second}"))


def county_fields(queryset: QuerySet, path: str = "county") -> tuple[QuerySet, list[str]]:
    """The queryset annotated with the names of the county at `path` and of its province, and
    the four fields a `county` column is written as (code, name, province code, province name)."""
    county_name, province_name = f"copy_{path}_name", f"copy_{path}_province_name"
    queryset = queryset.annotate(
        **{county_name: _name(path), province_name: _name(f"{path}__province")}
    )
    return queryset, [f"{path}__code", county_name, f"{path}__province__code", province_name]


def _cell_sql(column: str, type_code: int) -> str:
    if type_code == BOOL_OID:
        return f"CASE WHEN {column} THEN '1' WHEN NOT {column} THEN '0' END"
    if type_code in NUMERIC_OIDS:
        return column
    return _neutralised(f"{column}::text")


def _neutralised(text: str) -> str:
    """SQL of cells.neutralise: the text with a leading quote when it would run as a formula."""
    blanks = "".join(f"\\x{ord(c):02x}" for c in LEADING_BLANKS)
    stripped = f"ltrim({text}, E'{blanks}')"
    return (
        f"CASE WHEN {stripped} ~ '^[=+@-]' AND {stripped} !~ '{NUMBER_PATTERN}' "
        f"THEN '''' || {text} ELSE {text} END"
    )


def _column_types(source: CopySource) -> list[int]:
    probe = source.queryset.order_by().values_list(*source.fields)
    sql, params = probe.query.sql_with_params()
    with connections[source.queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS probe LIMIT 0", params)
        return [column.type_code for column in cursor.description]


def _ranges(source: CopySource, range_size: int) -> Iterator[QuerySet]:
    """The source's rows as querysets of consecutive primary-key ranges (pk first, then the
    fields), in primary-key order."""
    bounds = source.queryset.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    for start in range(bounds["low"], bounds["high"] + 1, range_size):
        yield (
            source.queryset.filter(pk__gte=start, pk__lt=start + range_size)
            .order_by()
            .values_list("pk", *source.fields)
        )


def _inner_sql(batch: QuerySet, cursor: Any) -> str:
    sql, params = batch.query.sql_with_params()
    return str(cursor.mogrify(sql, params).decode())


def iter_copy_csv(source: CopySource, range_size: int = RANGE_SIZE) -> Iterator[str]:
    """The CSV lines (no header) of the source's rows, one primary-key range per chunk."""
    names = [f"c{n}" for n in range(len(source.fields))]
    cells = ", ".join(
        _cell_sql(f"t.{name}", type_code)
        for name, type_code in zip(names, _column_types(source), strict=True)
    )
    connection = connections[source.queryset.db]
    for batch in _ranges(source, range_size):
        buffer = io.StringIO()
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY (SELECT {cells} FROM ({_inner_sql(batch, cursor)}) "
                f"AS t(pk, {', '.join(names)}) ORDER BY t.pk) TO STDOUT WITH (FORMAT csv)",
                buffer,
            )
        text = buffer.getvalue()
        if text:
            yield text


def iter_rows(source: CopySource, range_size: int | None = None) -> Iterator[tuple[Any, ...]]:
    """The source's rows as tuples of its fields (without the primary key), in primary-key order,
    read one primary-key range per query: memory stays bounded by one range, every range is a
    short index scan, and no server-side cursor holds the whole result (the XLSX export)."""
    connection = connections[source.queryset.db]
    for batch in _ranges(source, range_size or ROW_RANGE_SIZE):
        sql, params = batch.order_by("pk").query.sql_with_params()
        with connection.cursor() as cursor:  # one fetch per range: the ORM fetches 100 at a time
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for row in rows:
            yield row[1:]
