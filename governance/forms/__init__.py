"""Base forms that read Persian: every form of the project derives from PersianForm or
PersianModelForm (tests/governance/test_persian_input.py walks them all).

Their fields, declared or made from a model, are turned into the Persian-aware fields of
governance.forms.fields when the class is made (and again for fields a form adds in __init__), so
a new form cannot forget to accept «۱۲۳», «۱۲٫۵», «۱۰:۳۰» or «۱۴۰۵/۰۱/۱۵».
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelFormMetaclass

from governance.forms.fields import persian_field


def _read_persian(fields: dict[str, forms.Field]) -> None:
    for name, field in fields.items():
        persian_field(name, field)


class PersianFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        new_class = super().__new__(mcs, name, bases, attrs)
        _read_persian(new_class.base_fields)  # type: ignore[attr-defined]
        return new_class


class PersianModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        new_class = super().__new__(mcs, name, bases, attrs)
        _read_persian(new_class.base_fields)  # type: ignore[attr-defined]
        return new_class


class PersianForm(forms.BaseForm, metaclass=PersianFormMetaclass):
    """A form whose number, date, time and phone fields accept Persian and Arabic-Indic digits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _read_persian(self.fields)


class PersianModelForm(forms.BaseModelForm, metaclass=PersianModelFormMetaclass):
    """A model form whose number, date, time and phone fields accept Persian digits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _read_persian(self.fields)


def persian_admin_forms() -> None:
    """The admin's forms read Persian too: every registered ModelAdmin and inline still on
    Django's plain ModelForm is given PersianModelForm (called once the admin is discovered)."""
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        if model_admin.form is forms.ModelForm:
            model_admin.form = PersianModelForm
        for inline in model_admin.inlines:
            if inline.form is forms.ModelForm:
                inline.form = PersianModelForm
