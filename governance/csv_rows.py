"""What every all-or-nothing CSV import shares: reading the rows by number and the errors that
name a row, in the active language (row numbers in its digits, values as typed)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from django.utils.translation import get_language, gettext, gettext_noop

from governance.persian import message_params

FILE_MESSAGES = {
    "not_utf8": gettext_noop("The file is not UTF-8 text."),
    "empty": gettext_noop("The file has no header row."),
    "missing_column": gettext_noop("The column %(value)s is missing."),
}


@dataclass(frozen=True)
class RowError:
    """One problem of a file: a message code, its row (the header is row 1) and its values.
    A subclass names its messages (FILE_MESSAGES among them)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    messages: ClassVar[Mapping[str, str]] = FILE_MESSAGES
    number_params: ClassVar[tuple[str, ...]] = ("row", "first")

    @property
    def message(self) -> str:
        """The problem in the active language: row numbers in its digits, values as typed."""
        params = message_params(self.params, self.number_params, get_language())
        return gettext(self.messages[self.code]) % params


E = TypeVar("E", bound=RowError)
Rows = list[tuple[int, dict[str, str]]]


def read_csv_rows(
    data: bytes, columns: Sequence[str], error: type[E], no_rows: str
) -> tuple[Rows, list[E]]:
    """The file's non-blank data rows by row number (the header is row 1), each cell stripped,
    or the file's own errors (`no_rows` when it has no data row)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [error("not_utf8")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    if not any(header):
        return [], [error("empty")]
    missing = [name for name in columns if name not in header]
    if missing:
        return [], [error("missing_column", {"value": name}) for name in missing]
    rows = []
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        padded = record + [""] * (len(header) - len(record))
        rows.append((number, {name: padded[header.index(name)].strip() for name in columns}))
    if not rows:
        return [], [error(no_rows)]
    return rows, []
