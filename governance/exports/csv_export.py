"""CSV exports streamed row by row: constant memory whatever the number of rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse

from governance.exports.pg_copy import iter_copy_csv
from governance.exports.table import ExportTable


class _Echo:
    """A file-like object whose write returns the text, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        # Neutralise spreadsheet formulas (CSV injection); numbers keep their sign.
        return "'" + value
    return "" if value is None else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


BATCH_ROWS = 1000


def iter_csv(table: ExportTable) -> Iterator[str]:
    """Yield the CSV text of a table: a UTF-8 BOM (so Excel reads Persian), header, rows.

    Rows are joined in batches of BATCH_ROWS: memory stays bounded by one batch, and the server
    sends a few large chunks instead of one tiny chunk per row. Tables with a `copy_source` are
    written by PostgreSQL's COPY when the database is PostgreSQL (governance.exports.pg_copy).
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.header for column in table.columns])
    if table.copy_source is not None and table.copy_source.usable():
        yield from iter_copy_csv(table.copy_source)
        return
    batch: list[str] = []
    for row in table.rows:
        batch.append(writer.writerow([_cell(value) for value in table.values(row)]))
        if len(batch) == BATCH_ROWS:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_response(table: ExportTable, filename: str) -> StreamingHttpResponse:
    """A streamed download of the table as CSV."""
    response = StreamingHttpResponse(iter_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    if table.has_synthetic:
        response["X-Tavazon-Synthetic"] = "true"
    return response
