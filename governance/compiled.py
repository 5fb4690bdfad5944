"""Querysets whose SQL never changes, compiled once per database connection and only run after.

Django builds and compiles a queryset's SQL each time it is evaluated. For the small queries a
page makes on every visit to key its caches (the stamps: the newest observation, the indicator
catalogue, the published run...), compiling costs several times running: 0.3 to 1 ms of CPU
against about 0.1 ms in PostgreSQL (docs/performance.md, "Compiled stamp queries"). A
`CompiledQuery` compiles its queryset the first time it runs on a connection and from then on
sends the same SQL, converting the values with Django's own converters, so rows come out as the
ORM would give them.

Only for querysets whose SQL is the same on every call, nothing read from settings that a test
may override. A value that changes from call to call (a county's code, a user's id) is passed
as a parameter: `build` receives a placeholder for each (texts first, then whole numbers), to
compare with exactly (`filter(code=placeholder)`), and `rows(*values)` sends the values in their
places.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Row = tuple[Any, ...]


# Whole-number placeholders: far below any id or count a query compares with.
NUMBER_PLACEHOLDER = -(2**62)


class CompiledQuery:
    """The rows of `build(*placeholders)`'s queryset (a `values_list`), compiled once per
    connection; `texts` and `numbers` are how many text and whole-number parameters it takes."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        texts: int = 0,
        numbers: int = 0,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self._build = build
        self._placeholders: list[object] = [
            *(f"\x00compiled-parameter-{n}\x00" for n in range(texts)),
            *(NUMBER_PLACEHOLDER - n for n in range(numbers)),
        ]
        self._using = using
        # Per connection object: each thread has its own, and SQL is written for one backend.
        self._compiled: WeakKeyDictionary[Any, tuple[Any, str, list[Any], list[int]]] = (
            WeakKeyDictionary()
        )

    def _compile(self) -> tuple[Any, str, list[Any], list[int]]:
        compiler = self._build(*self._placeholders).query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        params = list(params)
        places = []
        for placeholder in self._placeholders:
            found = [
                n
                for n, param in enumerate(params)
                if type(param) is type(placeholder) and param == placeholder
            ]
            if len(found) != 1:
                raise ValueError(f"a parameter must be compared exactly once, not {len(found)}")
            places.append(found[0])
        return compiler, sql, params, places

    def rows(self, *values: str | int) -> list[Row]:
        if len(values) != len(self._placeholders):
            raise TypeError(f"{len(self._placeholders)} parameters expected, {len(values)} given")
        connection = connections[self._using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile()
        compiler, sql, params, places = compiled
        if places:
            params = list(params)
            for place, value in zip(places, values, strict=True):
                params[place] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def first(self, *values: str | int) -> Row | None:
        """The first row, None when there is none."""
        found = self.rows(*values)
        return found[0] if found else None
