"""Querysets whose SQL never changes, compiled once per database connection and only run after.

Django builds and compiles a queryset's SQL each time it is evaluated. For the small queries a
page makes on every visit to key its caches (the stamps: the newest observation, the indicator
catalogue, the published run...), compiling costs several times running: 0.3 to 1 ms of CPU
against about 0.1 ms in PostgreSQL (docs/performance.md, "Compiled stamp queries"). A
`CompiledQuery` compiles its queryset the first time it runs on a connection and from then on
sends the same SQL, converting the values with Django's own converters, so rows come out as the
ORM would give them.

Only for querysets that are the same on every call: no parameter that changes (a date, a user, a
county), nothing read from settings that a test may override.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Row = tuple[Any, ...]


class CompiledQuery:
    """The rows of `build()`'s queryset (a `values_list`), compiled once per connection."""

    def __init__(self, build: Callable[[], QuerySet[Any]], using: str = DEFAULT_DB_ALIAS) -> None:
        self._build = build
        self._using = using
        # Per connection object: each thread has its own, and SQL is written for one backend.
        self._compiled: WeakKeyDictionary[Any, tuple[Any, str, tuple[Any, ...]]] = (
            WeakKeyDictionary()
        )

    def rows(self) -> list[Row]:
        connection = connections[self._using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiler = self._build().query.get_compiler(using=self._using)
            sql, params = compiler.as_sql()
            compiled = self._compiled[connection] = (compiler, sql, tuple(params))
        compiler, sql, params = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def first(self) -> Row | None:
        """The first row, None when there is none."""
        found = self.rows()
        return found[0] if found else None
