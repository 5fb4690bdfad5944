"""Base forms that read Persian: every form of the project derives from PersianForm or
PersianModelForm (tests/governance/test_persian_input.py walks them all).

Their fields, declared or made from a model, are turned into the Persian-aware fields of
governance.forms.fields when the class is made (and again for fields a form adds in __init__), so
a new form cannot forget to accept «۱۲۳», «۱۲٫۵», «۱۰:۳۰» or «۱۴۰۵/۰۱/۱۵».
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelFormMetaclass
from django.utils.translation import get_language

from governance.forms.fields import persian_field
from governance.persian import number_text


def _read_persian(fields: dict[str, forms.Field]) -> None:
    for name, field in fields.items():
        persian_field(name, field)


def _localise_error_numbers(form: forms.BaseForm) -> None:
    """Under Persian, the numbers that error messages fill in (Django's «at most 200
    characters (it has 301)», «greater than or equal to 15», «no more than 24 digits») are
    written in Persian digits. Only those numbers change: text a user typed is shown as typed.

    The message is made first with its numbers as they are (a plural message picks its form by
    them, and `%d` needs a number), then each number is rewritten where it stands."""
    if get_language() != "fa" or not form.errors:
        return
    for errors in form.errors.values():
        for error in errors.as_data():
            params = error.params if isinstance(error, ValidationError) else None
            if not isinstance(params, dict):
                continue
            numbers = {
                value
                for value in params.values()
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            }
            if not numbers:
                continue
            text = str(error.message % params)
            for number in sorted(numbers, key=lambda n: -len(str(n))):
                text = re.sub(
                    rf"(?<![\d.]){re.escape(str(number))}(?![\d.])",
                    number_text(number, "fa"),
                    text,
                )
            error.message, error.params = text, None


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, typed as the model choice field it is (to set its queryset)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, typed as the choice field it is (to set its choices)."""
    return cast("forms.ChoiceField", form.fields[name])


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


class _ReadsPersian:
    """What both bases do per form: fields added in `__init__` read Persian too, and the numbers
    Django's validators put in error messages follow the reader's digits."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _read_persian(self.fields)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        _localise_error_numbers(self)  # type: ignore[arg-type]


class PersianForm(_ReadsPersian, forms.BaseForm, metaclass=PersianFormMetaclass):
    """A form whose number, date, time and phone fields accept Persian and Arabic-Indic digits."""


class PersianModelForm(_ReadsPersian, forms.BaseModelForm, metaclass=PersianModelFormMetaclass):
    """A model form whose number, date, time and phone fields accept Persian digits."""


def persian_admin_forms() -> None:
    """The admin's forms read Persian too: every registered ModelAdmin and inline still on
    Django's plain ModelForm is given PersianModelForm (called once the admin is discovered)."""
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        if model_admin.form is forms.ModelForm:
            # The admin takes any model form class; PersianModelForm is ModelForm's Persian twin.
            model_admin.form = PersianModelForm  # type: ignore[assignment]
        for inline in model_admin.inlines:
            if inline.form is forms.ModelForm:
                inline.form = PersianModelForm  # type: ignore[assignment]


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
