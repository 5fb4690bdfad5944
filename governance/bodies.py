"""Page bodies rendered once and served from the cache to everyone their key names.

A page whose main part derives only from data that change at known moments (a published score
run, a data stamp) and from what the URL asks for is rendered once per key, not per request: the
template engine is what a page costs (docs/performance.md, issue 14). The body is rendered
*without the request*: it cannot show who is asking (no user, no permissions, no CSRF token, no
messages), so nothing personal can be cached into it. What differs by viewer (a private panel, a
link only some may follow) must be a part of the key, as a flag the view computes for each
request; the navigation bar, the messages and the page's forms that post stay outside the body,
rendered per request by the page's own template around `{{ body }}`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

from governance.caching import cached, versioned_key

# Raise it when the markup of the cached bodies changes meaning across a deploy (the page's
# template is also in the key, but not its content).
FORMAT = 1


def query_of(request: HttpRequest, ignore: tuple[str, ...] = ()) -> str:
    """The request's query string (each value, in the URL's order: the body's links repeat it)
    without the `ignore`d parameters."""
    params = request.GET.copy()
    for name in ignore:
        params.pop(name, None)
    return params.urlencode()


@dataclass(frozen=True)
class QueryOnly:
    """What a body's template may read of the request: its path and query (for the links that
    sort, page or download), nothing of who sent it."""

    path: str
    GET: QueryDict  # the name HttpRequest uses

    @classmethod
    def of(cls, request: HttpRequest) -> QueryOnly:
        return cls(request.path, request.GET)

    def get_full_path(self) -> str:
        query = self.GET.urlencode()
        return f"{self.path}?{query}" if query else self.path


def body_key(template: str, *parts: object) -> str:
    """The cache key of `template`'s body for `parts` (what it derives from: a run, stamps, the
    URL's query, the viewer's flags), in the profile's version and the active language."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]  # names and queries: long
    return versioned_key(f"body:{FORMAT}:{template}", digest)


def cached_body(
    request: HttpRequest,
    template: str,
    parts: tuple[object, ...],
    build: Callable[[], Mapping[str, Any]],
) -> SafeString:
    """`template` rendered with the context `build()` returns (called only when the body is not
    cached), cached under `parts`; rendered without the request but its path and query
    (`QueryOnly`, module docstring)."""

    def render() -> SafeString:
        context = {
            "LANG": get_language(),
            "IS_RTL": get_language_bidi(),
            "request": QueryOnly.of(request),
            **build(),
        }
        return mark_safe(render_to_string(template, context))  # a template's output

    html: SafeString = cached(body_key(template, *parts), render)
    return html


def split_body(body: SafeString, slot: str) -> tuple[SafeString, SafeString]:
    """The body before and after its `slot` (a comment the template leaves where the page puts
    something cached under other keys, or rendered per request)."""
    before, found, after = body.partition(slot)
    if not found:
        raise ValueError(f"the body has no slot {slot!r}")
    return mark_safe(before), mark_safe(after)  # halves of a template's output
