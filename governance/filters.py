"""API filters that read Persian, as governance.forms does for forms: `?starts_at__gte=۱۴۰۵/۰۱/۱۵`,
`?date__lte=١٤٠٥/٠١/١٥` or `?year=۱۴۰۵` filter as their Latin or ISO spellings do; date-time
lookups compare in UTC, and an offset or moment no calendar has is a 400, never a 500."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from django_filters.filters import IsoDateTimeFilter

from governance.forms import PersianForm

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


class PersianFilterSet(filters.FilterSet):
    """A filter set whose form is a PersianForm (its number and date fields read Persian),
    whatever `Meta` a subclass declares; date-time filters are UtcIsoDateTimeFilter."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": UtcIsoDateTimeFilter},
    }

    @classmethod
    def get_form_class(cls) -> type[forms.Form]:
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        base = cls._meta.form  # type: ignore[attr-defined]  # django-filter's stubs omit _meta
        bases = (base,) if issubclass(base, PersianForm) else (PersianForm, base)
        return type(f"{cls.__name__}Form", bases, fields)


# The filter sets made from views' `filterset_fields`, by view class, model and fields: the
# stock backend built (and introspected) a new class on every request.
_AUTO_FILTERSETS: dict[tuple[type, type, str], Any] = {}


def asks_for_any(params: Any, names: Any) -> bool:
    """Whether the query string names any of the filters (a filter's own name, or the name
    with a suffix as range and multi-value widgets send: `date_after`, `amount_min`)."""
    return any(param == name or param.startswith(f"{name}_") for param in params for name in names)


class PersianFilterBackend(filters.DjangoFilterBackend):
    """DRF's django-filter backend, building `filterset_fields` filter sets on PersianFilterSet
    (once per view), and leaving the queryset as it is when no filter is asked for (a filter
    given no value filters nothing: building its form cost about a millisecond a request)."""

    filterset_base = PersianFilterSet

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        fields = getattr(view, "filterset_fields", None)
        if getattr(view, "filterset_class", None) or not fields or queryset is None:
            return super().get_filterset_class(view, queryset)
        key = (type(view), queryset.model, repr(fields))
        if key not in _AUTO_FILTERSETS:
            _AUTO_FILTERSETS[key] = super().get_filterset_class(view, queryset)
        return _AUTO_FILTERSETS[key]

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not asks_for_any(
            request.query_params, filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
