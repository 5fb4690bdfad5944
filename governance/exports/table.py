"""A table to export: columns, rows, and what a reader must know (sources, synthetic data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column: the key read from each row, its header, how to format numbers, and its kind.

    Kinds (governance.exports.cells writes them): "value" as it is; "date" a date or datetime
    (Jalali text and the Gregorian date under Persian with the jalali calendar, the Gregorian
    date otherwise); "county" a county object (its code and
    name, its province's code and name).
    """

    key: str
    header: str
    number_format: str | None = None  # openpyxl format, e.g. "#,##0" or "0.0"
    kind: str = "value"


@dataclass
class ExportTable:
    """Rows are tuples in column order, mappings or objects, read lazily, so exports stream."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]
    sources: list[str] = field(default_factory=list)
    has_synthetic: bool = False
    notes: list[str] = field(default_factory=list)
    # Where the rows can be written by PostgreSQL's COPY instead (pg_copy.CopySource).
    copy_source: Any = None

    def values(self, row: Any) -> list[Any] | tuple[Any, ...]:
        if isinstance(row, tuple):  # values_list rows, already in column order (fastest path)
            return row
        if isinstance(row, dict):
            return [row.get(column.key) for column in self.columns]
        return [getattr(row, column.key, None) for column in self.columns]
