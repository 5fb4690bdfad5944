"""DRF permission classes that ask governance.access (so the API follows the page rules), and
the API's filter backend."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters.rest_framework
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from django_filters.filters import IsoDateTimeFilter
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from governance import access


def county_of(obj: Any) -> Any:
    """The county an object belongs to: the object itself, or its `county` attribute."""
    from counties.models import County

    return obj if isinstance(obj, County) else obj.county


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


MAX_UTC_OFFSET = datetime.timedelta(hours=14)  # Kiribati, the furthest offset in use


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time filter value, converted to UTC. An offset no place uses (beyond
    ±14:00, such as -18:05, which PostgreSQL refuses) or a moment outside the calendar is a
    400, never a 500."""

    default_error_messages = {"invalid": _("Enter a valid date and time (ISO 8601).")}

    def to_python(self, value: Any) -> datetime.datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parsed.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class UtcIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class FilterSet(django_filters.rest_framework.FilterSet):
    """The API's filter sets: date-time lookups in UTC (see UtcIsoDateTimeField)."""

    FILTER_DEFAULTS = {
        **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": UtcIsoDateTimeFilter},
    }


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """Filters built from a viewset's `filterset_fields` use governance.api.FilterSet."""

    filterset_base = FilterSet
