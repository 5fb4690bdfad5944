"""API filters that read Persian, as governance.forms does for forms: `?starts_at__gte=۱۴۰۵/۰۱/۱۵`,
`?date__lte=١٤٠٥/٠١/١٥` or `?year=۱۴۰۵` filter as their Latin or ISO spellings do."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters

from governance.forms import PersianForm


class PersianFilterSet(filters.FilterSet):
    """A filter set whose form is a PersianForm (its number and date fields read Persian),
    whatever `Meta` a subclass declares."""

    @classmethod
    def get_form_class(cls) -> type[forms.Form]:
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        base = cls._meta.form
        bases = (base,) if issubclass(base, PersianForm) else (PersianForm, base)
        return type(f"{cls.__name__}Form", bases, fields)


class PersianFilterBackend(filters.DjangoFilterBackend):
    """DRF's django-filter backend, building `filterset_fields` filter sets on PersianFilterSet."""

    filterset_base = PersianFilterSet
