"""/api/v1/: one root listing the endpoints of every app's router.

Each app keeps its own router (`<app>/api/urls.py`), all included under /api/v1/; a DefaultRouter
also adds a root view of its own, and the first one included would answer /api/v1/ with only
its app's endpoints. The routers are named here as modules, so the base imports no app.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import routers
from rest_framework.request import Request
from rest_framework.response import Response

API_ROUTERS = (
    "counties.api.urls",
    "projects.api.urls",
    "scores.api.urls",
    "participation.api.urls",
    "submissions.api.urls",
    "notifications.api.urls",
)


def endpoint_names() -> dict[str, str]:
    """{URL prefix: name of its list route} for every registered viewset, in router order."""
    names: dict[str, str] = {}
    for module in API_ROUTERS:
        router = import_module(module).router
        list_route = router.routes[0].name
        for prefix, _viewset, basename in router.registry:
            names[prefix] = list_route.format(basename=basename)
    return names


@extend_schema(exclude=True)
class APIRootView(routers.APIRootView):
    """The list of every API endpoint (links to each list)."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.api_root_dict = endpoint_names()
        return super().get(request, *args, **kwargs)
