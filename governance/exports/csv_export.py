"""CSV exports streamed row by row: constant memory whatever the number of rows.

Every CSV download of the project goes through `csv_response` (a test fails on a csv.writer
anywhere else): cells are formatted by governance.exports.cells, which neutralises formulas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from governance.exports.cells import csv_value, layout
from governance.exports.pg_copy import iter_copy_csv
from governance.exports.table import ExportTable


class _Echo:
    """A file-like object whose write returns the text, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


BATCH_ROWS = 1000


def iter_csv(table: ExportTable) -> Iterator[str]:
    """Yield the CSV text of a table: a UTF-8 BOM (so Excel reads Persian), header, rows.

    Rows are joined in batches of BATCH_ROWS: memory stays bounded by one batch, and the server
    sends a few large chunks instead of one tiny chunk per row. Tables with a `copy_source` are
    written by PostgreSQL's COPY when the database is PostgreSQL (governance.exports.pg_copy).
    """
    writer = csv.writer(_Echo())
    columns = layout(table)
    yield "\ufeff" + writer.writerow([csv_value(header) for header in columns.headers])
    source = table.copy_source
    if (
        source is not None
        and source.usable()
        and columns.copyable
        and len(source.fields) == len(columns.cells)
    ):
        yield from iter_copy_csv(source)
        return
    batch: list[str] = []
    for row in table.rows:
        batch.append(writer.writerow([csv_value(value) for value in columns.values(table, row)]))
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
