"""The standard routes of one kind of record, the way NetBox's `get_model_urls` builds a model's
routes: an app's urls.py names the views, and the paths and URL names follow one pattern.

    *record_routes("<str:code>/critiques", "critique", list=..., create=..., detail=...)

gives one route for each view, in the order the views are given:

| view     | path                     | name                                                  |
|----------|--------------------------|-------------------------------------------------------|
| list     | `<base>/`                | the base's last segment ("critiques"), or `list_name` |
| create   | `<base>/new/`            | `critique-create`                                     |
| export   | `<base>/export.csv`      | `critique-export`                                     |
| detail   | `<base>/<key>/`          | `critique`                                            |
| (action) | `<base>/<key>/<action>/` | `critique-<action>` (`edit`, `history`, `archive`...) |

With an empty `noun` the names are the bare actions ("create", "detail", "list"): the record is
the namespace's own (projects:detail). A view may come with the default kwargs of its route, as
`(view, {"page": ...})`. Routes that follow no such pattern stay plain `path()` calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

View = Callable[..., Any]
Route = View | tuple[View, dict[str, Any]]

# The actions on the whole collection other than the list: action -> path after the base.
_COLLECTION_PATHS = {"create": "new/", "export": "export.csv"}


def _path_and_name(
    base: str, noun: str, key: str, action: str, list_name: str | None
) -> tuple[str, str]:
    """The path and URL name of `action` on the record `noun` (the module's table)."""
    if action == "list":
        return f"{base}/", list_name or (base.rsplit("/", 1)[-1] if noun else "list")
    if action == "detail":
        return f"{base}/{key}/", noun or "detail"
    name = f"{noun}-{action}" if noun else action
    if action in _COLLECTION_PATHS:
        return f"{base}/{_COLLECTION_PATHS[action]}", name
    return f"{base}/{key}/{action}/", name


def record_routes(
    base: str,
    noun: str,
    *,
    key: str = "<int:pk>",
    list_name: str | None = None,
    **views: Route,
) -> list[URLPattern]:
    """The routes of the record `noun` under `base` (no trailing slash), one for each of
    `views` (action -> view or (view, kwargs)) in the order given; see the module's table."""
    patterns = []
    for action, route in views.items():
        view, kwargs = route if isinstance(route, tuple) else (route, {})
        route_path, name = _path_and_name(base, noun, key, action, list_name)
        patterns.append(path(route_path, view, kwargs, name=name))
    return patterns
