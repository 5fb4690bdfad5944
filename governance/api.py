"""DRF permission classes that ask governance.access (so the API follows the page rules), and
the API's filter backend."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from governance import access


def county_of(obj: Any) -> Any:
    """The county an object belongs to: the object itself, or its `county` attribute."""
    return obj if isinstance(obj, apps.get_model("counties", "County")) else obj.county


class CountyScoped(BasePermission):
    """Read: whoever may view the object's county. Write: whoever may change it.

    Querysets must also be filtered with `County.objects.viewable_by(user)` (or the model's
    equivalent) so that lists never include other counties' private rows.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.can_browse_nation(request.user)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        county = county_of(obj)
        if request.method in SAFE_METHODS:
            return access.can_view_county(request.user, county)
        return access.can_change_county(request.user, county)


class ReadOnlyForSignedIn(BasePermission):
    """Public statistics (counties, indicators): any signed-in user may read, nobody writes."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS and access.can_browse_nation(request.user)
