"""Typed views of a request, for the type checker only (nothing here changes what runs).

`signed_in_user(request)` is `request.user` on a view that lets only signed-in users in
(`login_required`, a role check, DRF's `IsAuthenticated`), typed as the project's `User`.
`HtmxHttpRequest` is a request that django-htmx's middleware has given its `htmx` details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails
    from rest_framework.request import Request

    from governance.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def signed_in_user(request: HttpRequest | Request) -> User:
    """The user of a request that only signed-in users reach."""
    return cast("User", request.user)
