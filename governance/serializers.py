"""Base serializers that read Persian, as governance.forms does for forms.

Every serializer of the API derives from PersianSerializer or PersianModelSerializer
(tests/governance/test_persian_input.py walks them all): their number, date, time and phone
fields, declared or made from a model, accept «۱۲۳», «١٢٣», «۱٬۲۳۴٫۵», «۱۰:۳۰» and (under the
jalali calendar) Jalali dates such as «۱۴۰۵/۰۱/۱۵» besides ISO ones. Output is unchanged (Latin
digits, ISO dates).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.dates import DateInputError, parse_user_date
from governance.forms.fields import PHONE_FIELD_NAMES, persian_class
from governance.money import currency_code
from governance.persian import latin_text, normalise_number

if TYPE_CHECKING:
    from django.db.models import QuerySet


class PersianSerializerField:
    """Marks a field of this layer: its text is made Latin before DRF parses it."""


class IntegerField(PersianSerializerField, serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        return super().to_internal_value(normalise_number(data) if isinstance(data, str) else data)


class FloatField(PersianSerializerField, serializers.FloatField):
    def to_internal_value(self, data: Any) -> float:
        return super().to_internal_value(normalise_number(data) if isinstance(data, str) else data)


class DecimalField(PersianSerializerField, serializers.DecimalField):
    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(normalise_number(data) if isinstance(data, str) else data)


def _user_date(text: str) -> datetime.date | None:
    try:
        return parse_user_date(text)
    except DateInputError:
        return None


class DateField(PersianSerializerField, serializers.DateField):
    """ISO dates, or under the jalali calendar also Jalali ones (1300-1499), in any digits."""

    def to_internal_value(self, value: Any) -> datetime.date:
        if isinstance(value, str):
            value = latin_text(value)
            date = _user_date(value)
            if date is not None:
                return date
        return super().to_internal_value(value)


class DateTimeField(PersianSerializerField, serializers.DateTimeField):
    """An ISO date-time in any digits; under jalali its date may be Jalali («۱۴۰۵/۰۱/۱۵ ۱۰:۳۰»)."""

    def to_internal_value(self, value: Any) -> datetime.datetime:
        if isinstance(value, str):
            value = latin_text(value)
            sep = "T" if "T" in value else " "
            day, _sep, rest = value.partition(sep)
            date = _user_date(day)
            if date is not None:
                value = f"{date.isoformat()}T{rest.strip()}" if rest.strip() else date.isoformat()
        return super().to_internal_value(value)


class TimeField(PersianSerializerField, serializers.TimeField):
    def to_internal_value(self, value: Any) -> datetime.time:
        return super().to_internal_value(latin_text(value) if isinstance(value, str) else value)


class PhoneField(PersianSerializerField, serializers.CharField):
    """A phone number (or phone or email) stored with Latin digits."""

    def to_internal_value(self, data: Any) -> str:
        return super().to_internal_value(latin_text(data) if isinstance(data, str) else data)


_PERSIAN_FOR: tuple[tuple[type[serializers.Field], type[PersianSerializerField]], ...] = (
    (serializers.DecimalField, DecimalField),
    (serializers.FloatField, FloatField),
    (serializers.IntegerField, IntegerField),
    (serializers.DateTimeField, DateTimeField),
    (serializers.DateField, DateField),
    (serializers.TimeField, TimeField),
)


def persian_serializer_field(name: str, field: serializers.Field) -> serializers.Field:
    """`field` made to read Persian digits and separators (in place; returned for chaining)."""
    if isinstance(field, serializers.ListField | serializers.DictField):
        persian_serializer_field(name, field.child)
        return field
    if isinstance(field, PersianSerializerField):
        return field
    for stock, persian in _PERSIAN_FOR:
        if isinstance(field, stock):
            field.__class__ = persian_class(type(field), stock, persian)
            return field
    if type(field) is serializers.CharField and name in PHONE_FIELD_NAMES:
        field.__class__ = PhoneField
    return field


class PersianFieldsMixin:
    """Turns every field the serializer has into its Persian-reading class."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()  # type: ignore[misc]
        for name, field in fields.items():
            persian_serializer_field(name, field)
        return fields


class PersianSerializer(PersianFieldsMixin, serializers.Serializer):
    """A serializer whose number, date, time and phone fields accept Persian digits."""


class PersianModelSerializer(PersianFieldsMixin, serializers.ModelSerializer):
    """A model serializer whose number, date, time and phone fields accept Persian digits."""


def read_only_slug(slug_field: str = "code", **kwargs: Any) -> serializers.SlugRelatedField[Any]:
    """A read-only related field that shows the related row by its `slug_field` (its code)."""
    return serializers.SlugRelatedField(slug_field=slug_field, read_only=True, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class CurrencyField(serializers.Field):
    """The currency every amount of the record is in: the country profile's ISO 4217 code
    ("USD"), null when the profile names none. Read-only; the same on every record."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True, allow_null=True)
        kwargs.setdefault(
            "help_text",
            _(
                "ISO 4217 code of the country's currency, in whose whole units the record's "
                "amounts are given; null when none is set."
            ),
        )
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return currency_code()


class RelatedChoice(Protocol):
    """A related field's choices (typed as DRF has them; the stubs' Manager descriptor gets in
    the way of setting them)."""

    queryset: QuerySet[Any] | None


class ValuesSerializer:
    """Turns out rows read with `.values()` as `serializer_class` turns out model instances:
    the same fields in the same order, each value through the serializer's own field (so
    numbers, decimals, dates and JSON read exactly the same), related rows as the value they
    show (a code, an id), method fields from `method(name, row)`. For the long read-only lists,
    where building 100 model instances and walking DRF's attribute lookups for each field cost
    most of the answer (tests/api/test_api_lists_fast.py compares the two).

    `sources` names, for every field that is not a method field, the `.values()` lookup it
    shows (`"county": "county__code"`); `lookups` is what to pass to `.values()`."""

    def __init__(self, serializer_class: type[serializers.Serializer], sources: dict[str, str]):
        self.serializer_class = serializer_class
        self.sources = sources
        self.lookups = tuple(dict.fromkeys(sources.values()))

    @cached_property
    def fields(self) -> list[tuple[str, str, serializers.Field | None]]:
        """(name, lookup, field) in the serializer's order; field None: shown as read (a
        related row's code or id); lookup "": a method field."""
        shown: list[tuple[str, str, serializers.Field | None]] = []
        for name, field in self.serializer_class().fields.items():
            if isinstance(field, serializers.SerializerMethodField):
                shown.append((name, "", field))
            elif isinstance(field, serializers.RelatedField):
                shown.append((name, self.sources[name], None))
            else:
                shown.append((name, self.sources[name], field))
        return shown

    def rows(
        self,
        rows: Iterable[dict[str, Any]],
        method: Callable[[str, dict[str, Any]], Any] | None = None,
    ) -> list[dict[str, Any]]:
        """The serializer's output for each row."""
        fields = self.fields
        out = []
        for row in rows:
            shown: dict[str, Any] = {}
            for name, lookup, field in fields:
                if not lookup:
                    shown[name] = method(name, row)  # type: ignore[misc]
                    continue
                value = row[lookup]
                if value is None or field is None:
                    shown[name] = value
                else:
                    shown[name] = field.to_representation(value)
            out.append(shown)
        return out
