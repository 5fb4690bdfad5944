"""Writing observations in bulk, each write recorded in the observation history.

Every create and correction leaves a history record (who, when, the values) so that a page can
show a value's old values. Ordinary writes go through simple_history's
`bulk_create_with_history` / `bulk_update_with_history`. Those prepare every value through the
ORM's SQL compiler (about 50 µs per row and table); for the large files the import must take
(500,000 rows in under a minute) writes above FAST_PATH_MIN_ROWS insert the same rows, into the
same two tables, with one parametrised statement executed many times. tests check that both
paths leave the same rows and the same history.
"""

from __future__ import annotations

import csv
import datetime
import io
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties.models import Observation
from governance.ranges import within_measure_range

if TYPE_CHECKING:
    from governance.models import User

FAST_PATH_MIN_ROWS = 20_000
_NULL = "\\N"
SQLITE_CACHE_KIB = 128 * 1024
_PAGE = 2000
_QUOTED_CACHE = 10_000


@dataclass(slots=True)
class ObservationRow:
    """The values of one observation to create (pk None) or correct (pk set)."""

    indicator_id: int
    county_id: int
    area_id: int | None
    period: str
    period_kind: str
    period_start: datetime.date
    value: float
    source: str = ""
    note: str = ""
    is_synthetic: bool = False
    pk: int | None = None

    @property
    def key(self) -> tuple[int, int, int, str]:
        return (self.indicator_id, self.county_id, self.area_id or 0, self.period)


_FIELDS = (
    "indicator_id",
    "county_id",
    "area_id",
    "period",
    "period_kind",
    "period_start",
    "value",
    "source",
    "note",
    "is_synthetic",
)
UPDATED_FIELDS = ("value", "source", "note", "is_synthetic", "updated_at", "updated_by_id")

# (indicator id, county id, area id or 0 for the county itself, period) -> (pk, value, source,
# note, synthetic): what a write compares its rows with.
ObservationKey = tuple[int, int, int, str]
StoredObservation = tuple[int, float, str, str, bool]


def stored_observations(
    indicator_ids: Iterable[int], periods: Sequence[str]
) -> dict[ObservationKey, StoredObservation]:
    """The stored observations of these indicators in these periods, by key: one query per
    indicator over the (indicator, period) index."""
    existing: dict[ObservationKey, StoredObservation] = {}
    for indicator_id in sorted(indicator_ids):
        rows = (
            Observation.objects.filter(indicator_id=indicator_id, period__in=periods)
            .order_by()
            .values_list(
                "pk", "county_id", "area_id", "period", "value", "source", "note", "is_synthetic"
            )
        )
        for pk, county_id, area_id, period, value, source, note, synthetic in rows:
            existing[(indicator_id, county_id, area_id or 0, period)] = (
                pk,
                value,
                source,
                note,
                synthetic,
            )
    return existing


@transaction.atomic
def write_observations(
    creates: Sequence[ObservationRow],
    updates: Sequence[ObservationRow],
    *,
    user: User | None = None,
    reason: str = "",
    fast: bool | None = None,
) -> None:
    """Create and correct observations with their history records, in one transaction.
    A value outside the measure range (governance.ranges) is refused: callers validate first."""
    if not all(within_measure_range(row.value) for rows in (creates, updates) for row in rows):
        raise ValidationError(_("A value is not a finite number in the accepted range."))
    if fast is None:
        fast = len(creates) + len(updates) >= FAST_PATH_MIN_ROWS
    now = timezone.now()
    user_id = user.pk if user is not None else None
    if fast:
        when = _adapt(now)
        if creates:
            _fast_create(creates, when, user_id, reason)
        if updates:
            _fast_update(updates, when, user_id, reason)
        return
    objs = [_instance(row, now, user_id) for row in creates]
    bulk_create_with_history(
        objs, Observation, batch_size=_PAGE, default_user=user, default_change_reason=reason
    )
    if updates:
        current = Observation.objects.in_bulk([row.pk for row in updates])
        changed = []
        for row in updates:
            obj = current[row.pk]
            obj.value, obj.source, obj.note = row.value, row.source, row.note
            obj.is_synthetic, obj.updated_at, obj.updated_by_id = row.is_synthetic, now, user_id
            changed.append(obj)
        bulk_update_with_history(
            changed,
            Observation,
            list(UPDATED_FIELDS),
            batch_size=_PAGE,
            default_user=user,
            default_change_reason=reason,
        )


def _instance(row: ObservationRow, now: datetime.datetime, user_id: int | None) -> Observation:
    return Observation(
        **{name: getattr(row, name) for name in _FIELDS}, updated_at=now, updated_by_id=user_id
    )


# --- the fast path ------------------------------------------------------------------------


# Characters COPY reads at a time (psycopg2's default is 8,192).
COPY_CHUNK = 1 << 20


def _adapt(now: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(now)


def _insert(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, prepared: bool = False
) -> None:
    """Insert rows of plain values (None for NULL), or with `prepared` rows whose NULLs and
    texts `_null()` and `_text()` prepared (the observation and history rows)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than multi-row INSERTs, whose parameters psycopg2
            # would format one row at a time.
            cursor.cursor.copy_expert(
                f"COPY {quote(table)} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                _csv_lines(rows) if prepared else _csv_stream(_nulled(rows)),
                size=COPY_CHUNK,
            )
            return
        if connection.vendor == "sqlite":
            # A larger page cache for this connection keeps the indexes being updated in
            # memory: about a quarter faster on large files.
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", list(rows))


def _csv_stream(rows: Iterable[Sequence[Any]]) -> io.StringIO:
    """Rows as CSV for COPY, NULL as an unquoted \\N (`_nulled`), so that "" stays an empty
    string."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    buffer.seek(0)
    return buffer


def _csv_lines(rows: Iterable[Sequence[Any]]) -> _StreamedLines:
    """Rows whose text values `_text()` quoted already, as CSV for COPY: the other values (ids,
    numbers, booleans, dates, \\N) need no quoting, so each row is one join, about half the time
    of the csv module's writer with its per-value checks. The lines are made as COPY reads
    them, so PostgreSQL stores one chunk while the next is formatted (two processes, two
    CPUs) instead of waiting for the whole file."""
    return _StreamedLines(f"{','.join(map(str, row))}\n" for row in rows)


class _StreamedLines:
    """A file that COPY reads (psycopg2 calls `read(size)` until it gets ""): lines from an
    iterator, joined into chunks of at least `size` characters."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)

    def read(self, size: int = -1) -> str:
        chunk: list[str] = []
        length = 0
        for line in self._lines:
            chunk.append(line)
            length += len(line)
            if 0 <= size <= length:
                break
        return "".join(chunk)


def _text() -> Callable[[str], str]:
    """How `_insert` takes a text value: quoted for COPY's CSV (PostgreSQL; a quoted value is
    never NULL), else as it is. Repeated texts (sources, periods) are quoted once."""
    if connection.vendor != "postgresql":
        return str
    quoted: dict[str, str] = {}

    def quote(text: str) -> str:
        found = quoted.get(text)
        if found is None:
            found = '"' + text.replace('"', '""') + '"'
            if len(quoted) < _QUOTED_CACHE:
                quoted[text] = found
        return found

    return quote


def _nulled(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """Rows with None written as COPY's NULL."""
    return ([_NULL if value is None else value for value in row] for row in rows)


def _null() -> str | None:
    """NULL as `_insert` takes it: \\N in COPY's CSV (PostgreSQL), else None."""
    return _NULL if connection.vendor == "postgresql" else None


def _history_columns() -> list[str]:
    history = Observation.history.model
    return [f.column for f in history._meta.concrete_fields if f.name != "history_id"]


# A history row's values in this order, then picked in `_history_columns()` order.
_HISTORY_VALUES = (
    "id",
    *_FIELDS,
    "updated_by_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
)


def _history_rows(
    rows: Iterable[tuple[int, ObservationRow]],
    when: Any,
    user_id: int | None,
    reason: str,
    history_type: str,
) -> Iterable[tuple[Any, ...]]:
    """Rows of the history table in `_history_columns()` order, NULL as `_null()`."""
    pick = operator.itemgetter(*(_HISTORY_VALUES.index(c) for c in _history_columns()))
    null, text = _null(), _text()
    user = null if user_id is None else user_id
    reason, history_type = text(reason), text(history_type)
    starts: dict[datetime.date, Any] = {}
    for pk, row in rows:
        start = starts.get(row.period_start)
        if start is None:
            start = starts[row.period_start] = connection.ops.adapt_datefield_value(
                row.period_start
            )
        yield pick(
            (
                pk,
                row.indicator_id,
                row.county_id,
                null if row.area_id is None else row.area_id,
                text(row.period),
                text(row.period_kind),
                start,
                row.value,
                text(row.source),
                text(row.note),
                row.is_synthetic,
                user,
                when,
                reason,
                history_type,
                user,
            )
        )


def _insert_history(
    rows: Iterable[tuple[int, ObservationRow]],
    when: Any,
    user_id: int | None,
    reason: str,
    kind: str,
) -> None:
    """History records of the written rows (pk, row): `kind` "+" for creates, "~" for updates."""
    _insert(
        Observation.history.model._meta.db_table,
        _history_columns(),
        _history_rows(rows, when, user_id, reason, kind),
        prepared=True,
    )


def _index_order(row: ObservationRow) -> tuple[int, int, int, str]:
    """Rows in the order of the unique indexes (indicator, area or county, period): each index
    then grows at a few places instead of at random pages."""
    return (row.indicator_id, row.area_id or 0, row.county_id, row.period)


def _allocate_ids(count: int) -> list[int]:
    """`count` new primary keys from the observations' sequence (PostgreSQL): one query."""
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _observation_rows(
    rows: Iterable[tuple[int | None, ObservationRow]], when: Any, user_id: int | None
) -> Iterable[tuple[Any, ...]]:
    """Rows of the observation table (id first when given), NULL as `_null()`."""
    null, text = _null(), _text()
    user = null if user_id is None else user_id
    starts: dict[datetime.date, Any] = {}
    for pk, r in rows:
        start = starts.get(r.period_start)
        if start is None:
            start = starts[r.period_start] = connection.ops.adapt_datefield_value(r.period_start)
        values = (
            r.indicator_id,
            r.county_id,
            null if r.area_id is None else r.area_id,
            text(r.period),
            text(r.period_kind),
            start,
            r.value,
            text(r.source),
            text(r.note),
            r.is_synthetic,
            when,
            user,
        )
        yield values if pk is None else (pk, *values)


def _fast_create(
    creates: Sequence[ObservationRow], when: Any, user_id: int | None, reason: str
) -> None:
    """Insert the new rows (`when`: the time as the database takes it), then their history."""
    creates = sorted(creates, key=_index_order)
    columns = [*_FIELDS, "updated_at", "updated_by_id"]
    table = Observation._meta.db_table
    if connection.vendor == "postgresql":
        # Ids drawn from the sequence beforehand: the history needs no read-back of the rows.
        with_ids = list(zip(_allocate_ids(len(creates)), creates, strict=True))
        _insert(table, ["id", *columns], _observation_rows(with_ids, when, user_id), prepared=True)
        _insert_history(with_ids, when, user_id, reason, "+")
        return
    rows = _observation_rows(((None, r) for r in creates), when, user_id)
    _insert(table, columns, rows, prepared=True)
    _insert_history(_read_back_ids(creates), when, user_id, reason, "+")


def _read_back_ids(creates: Sequence[ObservationRow]) -> list[tuple[int, ObservationRow]]:
    """The new rows' ids, read back by key (one query per indicator keeps the IN lists short)."""
    wanted = {r.key: r for r in creates}
    periods = sorted({r.period for r in creates})
    with_ids: list[tuple[int, ObservationRow]] = []
    for indicator_id in sorted({r.indicator_id for r in creates}):
        found = (
            Observation.objects.filter(indicator_id=indicator_id, period__in=periods)
            .order_by()
            .values_list("pk", "county_id", "area_id", "period")
        )
        for pk, county_id, area_id, period in found:
            row = wanted.get((indicator_id, county_id, area_id or 0, period))
            if row is not None:
                with_ids.append((pk, row))
    return with_ids


def _fast_update(
    updates: Sequence[ObservationRow], when: Any, user_id: int | None, reason: str
) -> None:
    """Correct the stored rows in one statement (`when` as for _fast_create), then history."""
    quote = connection.ops.quote_name
    table = quote(Observation._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE tavazon_observation_update (id bigint, value double "
                "precision, source varchar(300), note text, is_synthetic boolean, updated_at "
                "timestamptz, updated_by_id bigint) ON COMMIT DROP"
            )
            cursor.cursor.copy_expert(
                "COPY tavazon_observation_update FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                _csv_stream(
                    _nulled(
                        (r.pk, r.value, r.source, r.note, r.is_synthetic, when, user_id)
                        for r in updates
                    )
                ),
            )
            cursor.execute(
                f"UPDATE {table} AS o SET value = v.value, source = v.source, note = v.note, "
                "is_synthetic = v.is_synthetic, updated_at = v.updated_at, "
                "updated_by_id = v.updated_by_id FROM tavazon_observation_update AS v "
                "WHERE o.id = v.id"
            )
            cursor.execute("DROP TABLE tavazon_observation_update")
        else:
            cursor.executemany(
                f"UPDATE {table} SET value = %s, source = %s, note = %s, is_synthetic = %s, "
                "updated_at = %s, updated_by_id = %s WHERE id = %s",
                [(r.value, r.source, r.note, r.is_synthetic, when, user_id, r.pk) for r in updates],
            )
    _insert_history(((r.pk, r) for r in updates if r.pk), when, user_id, reason, "~")
