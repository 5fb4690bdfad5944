"""Persian and Arabic-Indic digits are read by every form and every API serializer (issue 10,
item 2): the meeting form's «۱۰:۳۰» and the investor form's amount were refused or lost.

The walks import every module of the project's apps, find every form and serializer class, and
feed each number, date, time and phone field Persian and Arabic-Indic digits and separators.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.utils import translation
from rest_framework import serializers

from governance.forms import PersianForm, PersianModelForm
from governance.forms.fields import PHONE_FIELD_NAMES, PersianField
from governance.serializers import PersianModelSerializer, PersianSerializer
from participation.forms import InvestmentForm, MeetingForm
from participation.models import Investment

APPS = (
    "governance",
    "counties",
    "projects",
    "participation",
    "dashboards",
    "reports",
    "notifications",
)
PERSIAN, ARABIC = "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"
NUMBER_FORM_FIELDS = (forms.IntegerField, forms.DateField, forms.TimeField, forms.DateTimeField)
NUMBER_API_FIELDS = (
    serializers.IntegerField,
    serializers.FloatField,
    serializers.DecimalField,
    serializers.DateField,
    serializers.TimeField,
    serializers.DateTimeField,
)


def persian(text: str, digits: str = PERSIAN) -> str:
    """`text` in Persian (or Arabic-Indic) digits, with '٫' decimals and '٬' thousands."""
    text = text.replace(",", "٬").replace(".", "٫")
    return "".join(digits[int(c)] if c.isdigit() else c for c in text)


def project_classes(base: type) -> list[Any]:
    """Every subclass of `base` defined in a module of the project's apps."""
    found: dict[str, type] = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or module.name.endswith(
                (".settings", ".wsgi", ".asgi")
            ):
                continue
            loaded = importlib.import_module(module.name)
            for _name, cls in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(cls, base) and cls.__module__.split(".")[0] in APPS:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


FORMS = project_classes(forms.BaseForm)
SERIALIZERS = project_classes(serializers.BaseSerializer)


def _in_range(candidates: list[Any], low: Any, high: Any, whole_digits: int | None) -> Any:
    for value in candidates:
        if whole_digits is not None and len(str(int(value))) > whole_digits:
            continue
        if (low is None or value >= low) and (high is None or value <= high):
            return value
    return low


def samples(field: Any) -> list[tuple[str, Any]]:
    """(typed text, expected clean value) pairs for a form field or a serializer field."""
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    places = getattr(field, "decimal_places", None)
    max_digits = getattr(field, "max_digits", None)
    whole = None if max_digits is None else max_digits - (places or 0)
    if isinstance(field, forms.DateTimeField | serializers.DateTimeField):
        return [("۱۴۰۵/۰۱/۱۵ ۱۰:۳۰", (datetime.date(2026, 4, 4), datetime.time(10, 30)))]
    if isinstance(field, forms.DateField | serializers.DateField):
        day = datetime.date(2026, 4, 4)
        return [("۱۴۰۵/۰۱/۱۵", day), ("١٤٠٥/٠١/١٥", day), ("۲۰۲۶-۰۴-۰۴", day)]
    if isinstance(field, forms.TimeField | serializers.TimeField):
        return [("۱۰:۳۰", datetime.time(10, 30)), ("١٠:٣٠", datetime.time(10, 30))]
    fractional = isinstance(field, forms.FloatField | serializers.FloatField) or (
        places is not None and places > 0
    )
    if fractional:
        value = _in_range([1234.5, 12.5, 0.5], low, high, whole)
        text = f"{value:,}"
    else:
        value = _in_range([1234, 12, 1], low, high, whole)
        text = f"{value:,}"
    return [(persian(text), value), (persian(text.replace(",", ""), ARABIC), value)]


def same(cleaned: Any, expected: Any) -> bool:
    if isinstance(expected, tuple):
        return (cleaned.date(), cleaned.time().replace(tzinfo=None)) == expected
    if isinstance(cleaned, Decimal):
        return cleaned == Decimal(str(expected))
    return bool(cleaned == expected)


def test_the_meeting_form_takes_a_time_typed_in_persian_digits(world):
    data = {
        "title": "جلسهٔ شورا",
        "kind": "council",
        "date": "۱۴۰۵/۰۱/۱۵",
        "time": "۱۰:۳۰",
        "duration_minutes": "۹۰",
    }
    with translation.override("fa"):
        form = MeetingForm(data, county=world.county_a)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["time"] == datetime.time(10, 30)
    assert form.cleaned_data["duration_minutes"] == 90
    with translation.override("fa"):
        blank = MeetingForm(county=world.county_a)
        # Shown as people write it, in the page's digits, and read back the same way.
        assert 'value="۱۰:۰۰"' in str(blank["time"])
        assert 'value="۱۲۰"' in str(blank["duration_minutes"])


def test_the_investor_form_keeps_an_amount_typed_in_persian_digits(world):
    data = {
        "name": "کارگاه فرش",
        "investor": "Weavers Co.",
        "sector": "manufacturing",
        "amount": "۱٬۲۰۰٬۰۰۰٬۰۰۰",
        "expected_jobs": "١٢",
        "lead_on": "۱۴۰۵/۰۱/۱۵",
        "phone": "۰۹۱۲-۰۰۰-۱۲۳۴",
    }
    with translation.override("fa"):
        form = InvestmentForm(data, county=world.county_a, instance=Investment())
        assert form.is_valid(), form.errors
        html = str(form["amount"]) + str(form["expected_jobs"])
    assert form.cleaned_data["amount"] == Decimal(1_200_000_000)
    assert form.cleaned_data["expected_jobs"] == 12
    assert form.cleaned_data["phone"] == "0912-000-1234"
    # Browsers drop Persian digits typed into <input type=number>: the form uses text boxes.
    assert 'type="number"' not in html and 'inputmode="numeric"' in html


def test_the_walk_finds_the_forms_and_serializers_of_every_app():
    names = {cls.__name__ for cls in FORMS}
    assert {"MeetingForm", "InvestmentForm", "ProjectForm", "AreaForm", "ScoreRunForm"} <= names
    assert {"MeetingSerializer", "InvestmentSerializer", "PlanTargetSerializer"} <= {
        cls.__name__ for cls in SERIALIZERS
    }


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_every_form_derives_from_the_persian_base_forms(form_class):
    if form_class in (PersianForm, PersianModelForm):
        return
    assert issubclass(form_class, PersianForm | PersianModelForm), (
        f"{form_class.__module__}.{form_class.__name__} must derive from governance.forms' "
        "PersianForm or PersianModelForm, which read Persian digits"
    )


def _form_fields() -> list[tuple[str, forms.Field]]:
    fields = []
    for cls in FORMS:
        for name, field in cls.base_fields.items():
            if isinstance(field, NUMBER_FORM_FIELDS) or name in PHONE_FIELD_NAMES:
                fields.append((f"{cls.__name__}.{name}", field))
    return fields


FORM_FIELDS = _form_fields()


def test_the_walk_covers_numbers_dates_times_and_phones():
    kinds = {type(field).__name__ for _name, field in FORM_FIELDS}
    assert {"IntegerField", "DecimalField", "FloatField", "DateField", "TimeField"} <= kinds
    assert "PhoneField" in kinds
    assert len(FORM_FIELDS) >= 40


@pytest.mark.parametrize("label,field", FORM_FIELDS, ids=[label for label, _f in FORM_FIELDS])
def test_every_form_field_reads_persian_and_arabic_indic_digits(label, field):
    with translation.override("fa"):
        if label.split(".")[-1] in PHONE_FIELD_NAMES and not isinstance(field, NUMBER_FORM_FIELDS):
            assert field.clean("۰۹۱۲-۰۰۰-١٢٣٤") == "0912-000-1234"
            return
        for text, expected in samples(field):
            cleaned = field.clean(text)
            assert same(cleaned, expected), f"{label}: {text!r} gave {cleaned!r}"
        assert getattr(field.widget, "input_type", "") != "number", label


@pytest.mark.parametrize(
    "label,field",
    [
        (label, f)
        for label, f in FORM_FIELDS
        if isinstance(f, forms.FloatField | forms.DecimalField)
    ],
)
def test_number_fields_refuse_nan_and_infinity_with_a_translated_message(label, field):
    for text in ("nan", "inf", "-Infinity"):
        with translation.override("fa"):
            with pytest.raises(forms.ValidationError) as refused:
                field.clean(text)
            assert refused.value.messages == ["یک عدد متناهی وارد کنید."], label


def _api_fields() -> list[tuple[str, serializers.Field]]:
    fields = []
    for cls in SERIALIZERS:
        abstract = issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta")
        if cls in (PersianSerializer, PersianModelSerializer) or abstract:
            continue
        for name, field in cls().fields.items():
            if field.read_only:
                continue
            if isinstance(field, serializers.ListField):
                field = field.child
            if isinstance(field, NUMBER_API_FIELDS) or name in PHONE_FIELD_NAMES:
                fields.append((f"{cls.__name__}.{name}", field))
    return fields


@pytest.mark.django_db
def test_every_serializer_derives_from_the_persian_base_serializers():
    for cls in SERIALIZERS:
        assert issubclass(cls, PersianSerializer | PersianModelSerializer), cls


@pytest.mark.django_db
def test_every_api_field_reads_persian_and_arabic_indic_digits():
    fields = _api_fields()
    assert {"MeetingSerializer.starts_at", "InvestmentSerializer.amount"} <= {
        label for label, _f in fields
    }
    for label, field in fields:
        if label.split(".")[-1] in PHONE_FIELD_NAMES and not isinstance(field, NUMBER_API_FIELDS):
            assert field.run_validation("۰۹۱۲-۰۰۰-١٢٣٤") == "0912-000-1234", label
            continue
        for text, expected in samples(field):
            cleaned = field.run_validation(text)
            assert same(cleaned, expected), f"{label}: {text!r} gave {cleaned!r}"


def test_api_filters_read_jalali_dates_and_persian_digits(world):
    from tests.conftest import client_for
    from tests.participation import factories as f

    early = f.meeting(world.county_a, datetime.date(2026, 4, 1), title="Early")
    late = f.meeting(world.county_a, datetime.date(2026, 4, 10), title="Late")
    client = client_for(world.governor_a)
    for since in ("۱۴۰۵/۰۱/۱۵", "١٤٠٥/٠١/١٥", "۲۰۲۶-۰۴-۰۴T۰۰:۰۰", "2026-04-04T00:00:00"):
        response = client.get("/api/v1/meetings/", {"starts_at__gte": since})
        assert response.status_code == 200, (since, response.content)
        ids = {row["id"] for row in response.json()["results"]}
        assert late.pk in ids and early.pk not in ids, since


def test_every_admin_form_reads_persian_digits(world, rf):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.ministry
    request.user.is_superuser = True
    checked = 0
    for model, model_admin in admin.site._registry.items():
        form_class = model_admin.get_form(request)
        for name, field in form_class.base_fields.items():
            if isinstance(field, NUMBER_FORM_FIELDS) or name in PHONE_FIELD_NAMES:
                assert isinstance(field, PersianField), f"{model.__name__} admin: {name}"
                checked += 1
    assert checked >= 10
    investment_form = admin.site._registry[Investment].get_form(request)
    assert investment_form.base_fields["amount"].clean("۱٬۲۰۰") == Decimal(1200)


def test_the_admin_split_date_and_time_boxes_read_jalali_dates_and_persian_digits(world, rf):
    """The admin draws a date-time as two boxes (SplitDateTimeField): both read Persian."""
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.ministry
    request.user.is_superuser = True
    checked = 0
    for model, model_admin in admin.site._registry.items():
        form_class = model_admin.get_form(request)
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.SplitDateTimeField):
                continue
            checked += 1
            label = f"{model.__name__} admin: {name}"
            for day, clock in (
                ("۱۴۰۵/۰۱/۱۵", "۱۰:۳۰"),
                ("١٤٠٥/٠١/١٥", "١٠:٣٠"),
                ("۲۰۲۶-۰۴-۰۴", "10:30"),
            ):
                cleaned = field.clean([day, clock])
                assert same(cleaned, (datetime.date(2026, 4, 4), datetime.time(10, 30))), label
            with pytest.raises(forms.ValidationError):
                field.clean(["۱۴۰۵/۱۳/۴۵", "۱۰:۳۰"])
    assert checked >= 3
