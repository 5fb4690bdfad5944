"""API pagination: page numbers whose row count is cached while the rows it counts are unchanged,
and, as an opt-in on the lists that declare an order for it, keyset (cursor) pagination.

DRF's PageNumberPagination runs COUNT(*) over the filtered queryset on every page; over the
half-million observations that one query cost more than the page itself. Every list's count is
cached under the query's SQL and a stamp: the view's `count_stamp()` when it defines one (a cheap
value that changes whenever its rows change, e.g. counties.queries.observations_stamp), else
`history_stamp(model)`, the newest id of the model's history (django-simple-history records every
write of the models that have one). A list whose model keeps no history counts as before (those
are reference tables of at most a few thousand rows, lists of one user's rows, or lists of one
project's rows) and offers the cursor instead. (A newest id misses one case: of two writes made
at once, the one given the lower id committing last; its count then waits for the next write,
or for COUNT_CACHE_SECONDS.)

A view with `cursor_ordering` (one unique, non-null field, e.g. "pk" or "code") also pages by
keyset when asked with `?cursor=` (empty for the first page): the answer has `next`, `previous`
and `results` but no `count`, and each page is one indexed range read (`WHERE field > last`)
however deep it is. Page numbers stay the default (docs/exports-and-api.md, "Pagination").
"""

from __future__ import annotations

import functools
import hashlib
from functools import cached_property, partial
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

COUNT_CACHE_SECONDS = 3600
CURSOR_PARAM = "cursor"


class CountedPaginator(Paginator):
    """A Paginator that reads no rows for a page of an empty list (Django compiles the page's
    query only to find it empty: for an annotated queryset that cost as much as a small page)."""

    def page(self, number: Any) -> Page:
        if self.count == 0:
            return Page([], self.validate_number(number), self)
        return super().page(number)


class CachedCountPaginator(CountedPaginator):
    """A Paginator whose `count` is read from, or written to, the cache under `cache_key`."""

    def __init__(self, *args: Any, cache_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache_key = cache_key

    @cached_property
    def count(self) -> int:
        cached = cache.get(self.cache_key)
        if cached is not None:
            return cached
        counted = Paginator.count.func(self)  # type: ignore[attr-defined]
        cache.set(self.cache_key, counted, COUNT_CACHE_SECONDS)
        return counted


def count_cache_key(queryset: Any, stamp: Any) -> str | None:
    """The key of a queryset's count: its SQL and parameters, and the data stamp (None for a
    queryset that cannot match anything: it is counted without a query anyway)."""
    try:  # (without the order, which the count does not depend on and costs a compile)
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return None
    text = f"{queryset.db}|{sql}|{params!r}|{stamp!r}"
    return "api:count:" + hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def history_model(model: Any) -> Any:
    """The model's history model (django-simple-history's), or None. Cached: `Model.history`
    builds a new manager class each time it is read."""
    history = getattr(model, "history", None)
    return getattr(history, "model", None)


def history_stamp(*models: Any, plain: tuple[Any, ...] = ()) -> tuple[int, ...] | None:
    """The newest history id of each of `models` and the newest id of each `plain` model (rows
    that are only ever added), in one query of index lookups; None when one of `models` keeps no
    history (django-simple-history): then nothing tells when its rows change."""
    columns = []
    for model in models:
        history = history_model(model)
        if history is None:
            return None
        columns.append((history, "history_id"))
    columns += [(model, model._meta.pk.column) for model in plain]
    using = router.db_for_read(columns[0][0])
    quote = connections[using].ops.quote_name
    select = ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"
        for model, column in columns
    )
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {select}")  # table and column names from the models only
        row = cursor.fetchone()
    return tuple(value or 0 for value in row)


class CursorPages(CursorPagination):
    """DRF's cursor pagination in the order the view declares (`cursor_ordering`); an empty
    `?cursor=` is the first page."""

    cursor_query_param = CURSOR_PARAM
    cursor_query_description = _(  # type: ignore[assignment]  # DRF's is lazy too
        "Page by keyset instead of page number: send it empty for the first page, then follow "
        "`next`. Answers then have no `count`."
    )

    def __init__(self, ordering: str) -> None:
        self.field = ordering

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return (self.field,)

    def decode_cursor(self, request: Any) -> Any:
        if not request.query_params.get(self.cursor_query_param):
            return None
        return super().decode_cursor(request)


def cursor_ordering(view: Any) -> str | None:
    """The field a view's list pages by keyset on, if it offers the cursor."""
    return getattr(view, "cursor_ordering", None)


class StampedCountPagination(PageNumberPagination):
    """Page-number pagination (`?page=`, `count`, `next`, `previous`, `results`), with the count
    cached under the view's `count_stamp()` or its model's history stamp; keyset pages with
    `?cursor=` on views that declare `cursor_ordering`."""

    cursor: CursorPages | None = None
    schema_view: Any = None  # set by governance.schema.AutoSchema while it writes the schema

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        ordering = cursor_ordering(view)
        if ordering and CURSOR_PARAM in request.query_params:
            self.cursor = CursorPages(ordering)
            page: Any = self.cursor.paginate_queryset(queryset, request, view)
            self.display_page_controls = self.cursor.display_page_controls  # browsable API
            return page
        stamp_of = getattr(view, "count_stamp", None)
        stamp = stamp_of() if stamp_of is not None else history_stamp(queryset.model)
        key = count_cache_key(queryset, stamp) if stamp is not None else None
        if key is None:
            self.django_paginator_class = CountedPaginator
        else:
            self.django_paginator_class = partial(  # type: ignore[assignment]
                CachedCountPaginator, cache_key=key
            )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def to_html(self) -> str:
        if self.cursor is not None:
            return self.cursor.to_html()
        return super().to_html()

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        ordering = cursor_ordering(view)
        if ordering:
            parameters += CursorPages(ordering).get_schema_operation_parameters(view)
        return parameters

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        if cursor_ordering(self.schema_view):
            answer["required"] = ["results"]
            answer["properties"]["count"]["description"] = str(
                _("Rows matching the filters; absent when paging by `cursor`.")
            )
        return answer


# Pages listing counties show this many rows at a time (issue 14: no page ships more than
# 300 KB of HTML at 5,000 counties).
PAGE_ROWS = 200


def page_of(request: Any, rows: Any, per_page: int | None = None, param: str = "page") -> Page:
    """The page of `rows` (PAGE_ROWS of them unless `per_page` says) that `?<param>=` asks for
    (the first for a missing or unreadable number, the last beyond the end), counted with one
    query."""
    return Paginator(rows, per_page or PAGE_ROWS).get_page(request.GET.get(param))
