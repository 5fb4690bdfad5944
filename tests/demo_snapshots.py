"""The demo country for tests that only need it to be there: seeded once per test process, then
put back from a snapshot of every table.

Browser tests run in transactional test cases, so the database is emptied after each of them and
the demo they stand on must be written again for the next. Seeding computes it all (geography,
series, scores, projects, participation): five seconds for the synthetic country, thirty for the
real one on these machines. Copying the rows the first seeding left back into the tables gives
the same database in a fraction of that. The files seeding wrote under MEDIA_ROOT (project photos,
evidence) are kept too and written into each test's MEDIA_ROOT. Tests of what seeding does to a
database that already holds a demo or users' edits (seeding twice, renaming in place) call
seed_demo itself.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# One snapshot per kind of demo, kept for the life of this test process (one xdist worker):
# {synthetic: {table: rows}}. PostgreSQL rows are COPY text; SQLite rows are tuples.
_SNAPSHOTS: dict[bool, dict[str, Any]] = {}
# {synthetic: {path under MEDIA_ROOT: bytes}}: the files seeding wrote.
_MEDIA: dict[bool, dict[str, bytes]] = {}


def seed_demo_once(*, synthetic: bool) -> None:
    """The database as `seed_demo` leaves it, whatever was in it before: the small synthetic
    country (seeded from a folder without the data set), or the real one from DEMO_DATA_DIR."""
    snapshot = _SNAPSHOTS.get(synthetic)
    if snapshot is not None:
        _restore(snapshot)
        _write_media(_MEDIA[synthetic])
        return
    if synthetic:
        with tempfile.TemporaryDirectory() as no_data:
            call_command("seed_demo", data_dir=Path(no_data), force=True, verbosity=0)
    else:
        call_command("seed_demo", force=True, verbosity=0)
    _SNAPSHOTS[synthetic] = _take_snapshot()
    _MEDIA[synthetic] = _read_media()


def _read_media() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def _write_media(files: dict[str, bytes]) -> None:
    root = Path(settings.MEDIA_ROOT)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _take_snapshot() -> dict[str, Any]:
    snapshot: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                text = io.StringIO()
                cursor.copy_expert(f"COPY {quoted} TO STDOUT", text)
                snapshot[table] = text.getvalue()
            else:
                cursor.execute(f"SELECT * FROM {quoted}")
                columns = [column[0] for column in cursor.description]
                snapshot[table] = (columns, cursor.fetchall())
    return snapshot


def _restore(snapshot: dict[str, Any]) -> None:
    """Empty every table and write the snapshot back in one transaction. Foreign keys are
    checked at commit (Django declares them deferrable on both databases), so the order in which
    tables are filled does not matter."""
    tables = _tables()
    flush = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inside a test's transaction, rows it wrote still owe their deferred checks, and
            # PostgreSQL refuses to truncate a table with checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in flush:
            cursor.execute(statement)
        for table, rows in snapshot.items():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.copy_expert(f"COPY {quoted} FROM STDIN", io.StringIO(rows))
            elif rows[1]:
                columns, values = rows
                names = ", ".join(connection.ops.quote_name(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", values)
        # New rows must not take the ids the snapshot brought back.
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
