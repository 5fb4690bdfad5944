"""The API kit: DRF permission classes that ask governance.access (so the API follows the page
rules), the change check of writes, and the one map from service errors to HTTP answers
(a service's ValidationError is 400, a stale version 409).

Writes follow one convention: serializers only validate; the viewset's perform_create /
perform_update (or an action) calls the service inside `service_errors()` and stores the result
on `serializer.instance`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import django_filters
from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from governance import access
from governance.periods import PeriodError, parse_period
from governance.versioning import StaleEditError


class Conflict(APIException):
    """409: the item changed since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "Someone else changed this item after you read it. Their change was kept; fetch it "
        "again and send your change based on the new version."
    )
    default_code = "stale_version"


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's refusal becomes a 400 with the same messages (by field, or under
    `non_field_errors`); a stale version becomes a 409."""
    try:
        yield
    except StaleEditError as exc:
        raise Conflict from exc
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise serializers.ValidationError(exc.message_dict) from exc
        raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc


def call_service(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service and return its result, its errors mapped as by `service_errors()`."""
    with service_errors():
        return function(*args, **kwargs)


def require_change(request: Request, county: Any) -> None:
    """403 unless the request's user may change the county's records."""
    access.require(access.can_change_county(request.user, county))


def creation_data(request: Request, serializer: Any) -> tuple[Any, dict[str, Any]]:
    """For a create: the county of the new record (403 unless the user may change it) and the
    validated data without `county` and `version` (a new record starts at version 1)."""
    data = dict(serializer.validated_data)
    county = data.pop("county")
    require_change(request, county)
    data.pop("version", None)
    return county, data


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


class PeriodFilter(django_filters.CharFilter):
    """`?period=` as users type it, in the profile's calendar: 1402, ۱۴۰۲, 1402-Q3, 1402-07
    (2023-Q3 under gregorian); text that is not a period matches no rows."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        try:
            key = parse_period(value).key
        except PeriodError:
            return qs.none()
        return qs.filter(**{str(self.field_name): key})
