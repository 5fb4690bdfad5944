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
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

from governance.caching import cached, versioned_key

# Raise it when the markup of the cached bodies changes meaning across a deploy (the page's
# template is also in the key, but not its content).
FORMAT = 1


def query_of(request: HttpRequest, ignore: tuple[str, ...] = ()) -> str:
    """The request's query string in a canonical form (parameters in order, each value kept),
    without `ignore`d parameters: two URLs that ask for the same page give the same string."""
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ignore
        for value in values
    )
    return urlencode(pairs)


def body_key(template: str, *parts: object) -> str:
    """The cache key of `template`'s body for `parts` (what it derives from: a run, stamps, the
    URL's query, the viewer's flags), in the profile's version and the active language."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]  # names and queries: long
    return versioned_key(f"body:{FORMAT}:{template}", digest)


def cached_body(
    template: str, parts: tuple[object, ...], build: Callable[[], Mapping[str, Any]]
) -> SafeString:
    """`template` rendered with the context `build()` returns (called only when the body is not
    cached), cached under `parts`; rendered without the request (module docstring)."""

    def render() -> SafeString:
        context = {"LANG": get_language(), "IS_RTL": get_language_bidi(), **build()}
        return mark_safe(render_to_string(template, context))  # a template's output

    html: SafeString = cached(body_key(template, *parts), render)
    return html
