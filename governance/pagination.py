"""API pagination whose row count is cached while the data it counts is unchanged.

DRF's PageNumberPagination runs COUNT(*) over the filtered queryset on every page; over the
half-million observations that one query cost more than the page itself. A view that defines
`count_stamp()` (a cheap value that changes whenever its rows change, e.g.
counties.queries.observations_stamp) gets the count cached under the query's SQL and that stamp;
other views count as before.
"""

from __future__ import annotations

import hashlib
from functools import cached_property, partial
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

COUNT_CACHE_SECONDS = 3600


class CachedCountPaginator(Paginator):
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
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    text = f"{queryset.db}|{sql}|{params!r}|{stamp!r}"
    return "api:count:" + hashlib.sha256(text.encode()).hexdigest()


class StampedCountPagination(PageNumberPagination):
    """Page-number pagination (`?page=`, `count`, `next`, `previous`, `results`), with the count
    cached for views that define `count_stamp()`."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        stamp = getattr(view, "count_stamp", None)
        key = count_cache_key(queryset, stamp()) if stamp is not None else None
        if key is None:
            self.django_paginator_class = Paginator
        else:
            self.django_paginator_class = partial(  # type: ignore[assignment]
                CachedCountPaginator, cache_key=key
            )
        return super().paginate_queryset(queryset, request, view)


# Pages listing counties show this many rows at a time (issue 14: no page ships more than
# 300 KB of HTML at 5,000 counties).
PAGE_ROWS = 200


def page_of(request: Any, rows: Any, per_page: int | None = None, param: str = "page") -> Page:
    """The page of `rows` (PAGE_ROWS of them unless `per_page` says) that `?<param>=` asks for
    (the first for a missing or unreadable number, the last beyond the end), counted with one
    query."""
    return Paginator(rows, per_page or PAGE_ROWS).get_page(request.GET.get(param))
