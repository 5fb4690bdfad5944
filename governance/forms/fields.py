"""Form fields that read Persian: digits ۰-۹ and ٠-٩, '٫' decimals, '٬' and ',' thousands.

Every number, decimal, time, date and phone field of every form is one of these (the base forms
in governance.forms turn any stock Django field into its class here, see `persian_field`), so a
governor typing on a Persian keyboard is never refused or silently emptied. Numbers are typed in
text boxes with a numeric keyboard: browsers drop Persian digits from <input type=number>.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from governance import calendars
from governance.dates import DateInputError, format_user_date, parse_user_date
from governance.persian import latin_text, normalise_number, to_persian_digits

# Model or form fields with these names hold a phone number (or a phone or an email).
PHONE_FIELD_NAMES = frozenset({"phone", "mobile", "citizen_contact", "responsible_contact"})

NON_FINITE = _("Enter a finite number.")
# The example shown under a date box under Persian (a hint, not a placeholder that looks filled).
DATE_EXAMPLE_FA = "۱۴۰۵/۰۱/۱۵"
ISO_EXAMPLE = "2026-11-24"


def jalali_picker() -> bool:
    """Date boxes are Jalali text boxes with a calendar: under Persian with the jalali calendar
    (otherwise the browser's own date box, which reads and writes ISO dates)."""
    return get_language() == "fa" and calendars.active_calendar() == calendars.JALALI


def clean_text(value: Any) -> Any:
    """Latin digits and separators, without direction marks, for any parser; non-text unchanged."""
    return latin_text(value) if isinstance(value, str) else value


class NumberBox(forms.TextInput):
    """A text box with a numeric keyboard: <input type=number> drops Persian digits."""

    def __init__(self, attrs: dict[str, Any] | None = None, decimal: bool = False) -> None:
        base = {"inputmode": "decimal" if decimal else "numeric", "dir": "ltr"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        """The value in the page's digits: «۱۲۰» and «۱۲٫۵» under Persian (read back as typed)."""
        text = super().format_value(value)
        if text is None or get_language() != "fa":
            return text
        return to_persian_digits(text.replace(".", "٫"))


class PersianField:
    """Marks a field of this layer: its text is made Latin before Django parses it."""

    # Stock number fields add min/max/step only to <input type=number>: a text box takes none.


class _NumberMixin(PersianField):
    decimal = False

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = normalise_number(value)
            if value.lower().lstrip("+-") in {"nan", "inf", "infinity", "snan"}:
                raise forms.ValidationError(NON_FINITE, code="non_finite")
        number = super().to_python(value)  # type: ignore[misc]
        if isinstance(number, float) and not math.isfinite(number):
            raise forms.ValidationError(NON_FINITE, code="non_finite")
        if isinstance(number, Decimal) and not number.is_finite():
            raise forms.ValidationError(NON_FINITE, code="non_finite")
        return number


class IntegerField(_NumberMixin, forms.IntegerField):
    """A whole number: «۱٬۲۳۴», «١٢٣٤», "1,234"."""

    widget = NumberBox


class DecimalField(_NumberMixin, forms.DecimalField):
    """A decimal number: «۱۲٫۵», "12.5"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", NumberBox(decimal=True))
        super().__init__(*args, **kwargs)


class FloatField(_NumberMixin, forms.FloatField):
    """A real number: «۱۲٫۵», "12.5"; never nan or infinity."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", NumberBox(decimal=True))
        super().__init__(*args, **kwargs)


class TimeInput(forms.TimeInput):
    """A time as people write it: «۱۰:۳۰» under Persian, 10:30 otherwise (no seconds)."""

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__({"dir": "ltr", **(attrs or {})}, format or "%H:%M")

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        if text is None or get_language() != "fa":
            return text
        return to_persian_digits(text)


class TimeField(PersianField, forms.TimeField):
    """A time of day: «۱۰:۳۰», "10:30"."""

    widget = TimeInput

    def to_python(self, value: Any) -> datetime.time | None:
        return super().to_python(clean_text(value))


class DateInput(forms.DateInput):
    """Under Persian with the jalali calendar a text box for a Jalali date, with the example
    below it (not a placeholder, which would look like a filled value) and the Jalali calendar
    of static/js/jalali-dates.js; otherwise (English, or the gregorian calendar) the browser's
    own date picker, which sends ISO dates."""

    template_name = "governance/widgets/date.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        persian = jalali_picker()
        self.input_type = "text" if persian else "date"
        if persian:
            attrs.setdefault("inputmode", "numeric")
            attrs.setdefault("dir", "ltr")
            attrs.setdefault("autocomplete", "off")
            attrs["data-jdp"] = ""
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["jalali"] = persian
        widget["example_text"] = _("Example: %(date)s") % {"date": DATE_EXAMPLE_FA}
        widget["keys_text"] = _(
            "In the calendar, the Up and Down arrows move the day, Page Up and Page Down the "
            "month, and Enter closes it."
        )
        if persian and widget["attrs"].get("id"):
            hint = f"{widget['attrs']['id']}_hint"
            widget["hint_id"] = hint
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {hint}".strip()
        return context

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_user_date(value)
        return value or None


class DateField(PersianField, forms.DateField):
    """A date typed as ISO (2026-11-24), or under the jalali calendar also as Jalali
    (۱۴۰۵/۰۹/۰۳, 1405-9-3), in any digits; cleans to a Gregorian `datetime.date`."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter a date such as %(jalali)s (Jalali) or 2026-11-24."),
        "invalid_iso": _("Enter a date such as %(iso)s (year, month, day)."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_user_date(str(value))
        except DateInputError as exc:
            raise self._invalid() from exc

    def _invalid(self) -> forms.ValidationError:
        persian = get_language() == "fa"
        if calendars.active_calendar() != calendars.JALALI:
            iso = to_persian_digits(ISO_EXAMPLE) if persian else ISO_EXAMPLE
            return forms.ValidationError(
                self.error_messages["invalid_iso"], code="invalid", params={"iso": iso}
            )
        example = DATE_EXAMPLE_FA if persian else "1405/01/15"
        return forms.ValidationError(
            self.error_messages["invalid"], code="invalid", params={"jalali": example}
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return format_user_date(value)
        return value


class DateTimeField(PersianField, forms.DateTimeField):
    """A date and time: the date as in DateField (ISO, or Jalali under jalali), then the time,
    any digits."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        value = clean_text(value)
        if isinstance(value, str) and value:
            day, _sep, clock = value.replace("T", " ").partition(" ")
            try:
                date = parse_user_date(day)
                time = TimeField(required=False).to_python(clock) or datetime.time()
            except (DateInputError, forms.ValidationError):
                pass  # not a date and a plain time (an offset, say): Django's formats decide
            else:
                return super().to_python(datetime.datetime.combine(date, time))
        return super().to_python(value)


class SplitDateTimeField(PersianField, forms.SplitDateTimeField):
    """A date box and a time box (the admin's date-time): the date as in DateField (ISO, or
    Jalali under jalali, any digits), the time as in TimeField («۱۰:۳۰»)."""


def _persian_parts(field: forms.SplitDateTimeField) -> None:
    """The date and time sub-fields made Persian (they are stock fields inside the pair)."""
    for part in field.fields:
        persian_field("", part)


class PhoneField(PersianField, forms.CharField):
    """A phone number (or a phone or an email) stored in Latin digits, shown in the reader's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("dir", "ltr")

    def to_python(self, value: Any) -> str | None:
        return super().to_python(clean_text(value))


# The stock class each Persian class stands for, subclasses before their base (FloatField and
# DecimalField are IntegerFields).
_PERSIAN_FOR: tuple[tuple[type[forms.Field], type[PersianField]], ...] = (
    (forms.DecimalField, DecimalField),
    (forms.FloatField, FloatField),
    (forms.IntegerField, IntegerField),
    (forms.DateTimeField, DateTimeField),
    (forms.DateField, DateField),
    (forms.TimeField, TimeField),
)
_MADE: dict[tuple[type, type], type] = {}


def persian_field(name: str, field: forms.Field) -> forms.Field:
    """`field` made to read Persian digits and separators (in place; returned for chaining).

    A stock number, date or time field becomes this module's class; a text field named like a
    phone becomes a PhoneField; a number box becomes a text box with a numeric keyboard.
    """
    if isinstance(field, PersianField):
        return field
    if isinstance(field, forms.SplitDateTimeField):
        _persian_parts(field)
        field.__class__ = persian_class(type(field), forms.SplitDateTimeField, SplitDateTimeField)
        return field
    for stock, persian in _PERSIAN_FOR:
        if isinstance(field, stock):
            _convert(field, stock, persian)
            return field
    if type(field) is forms.CharField and name in PHONE_FIELD_NAMES:
        field.__class__ = PhoneField
        field.widget.attrs.setdefault("dir", "ltr")
    return field


def _convert(field: forms.Field, stock: type[forms.Field], persian: type[PersianField]) -> None:
    field.__class__ = persian_class(type(field), stock, persian)
    widget = field.widget
    if isinstance(widget, forms.NumberInput):
        attrs = {k: v for k, v in widget.attrs.items() if k not in ("min", "max", "step")}
        field.widget = NumberBox(attrs, decimal=persian is not IntegerField)
        field.widget.is_required = widget.is_required
    elif persian is DateField and type(widget) is forms.DateInput:
        field.widget = DateInput(attrs=widget.attrs)
        field.widget.is_required = widget.is_required
    elif persian is TimeField and type(widget) is forms.TimeInput:
        field.widget = TimeInput(attrs=widget.attrs)
        field.widget.is_required = widget.is_required
    elif persian is DateTimeField:
        widget.attrs.setdefault("dir", "ltr")


def persian_class(cls: type, stock: type, persian: type) -> type:
    """The class a field of class `cls` (the `stock` class or a subclass of it) becomes:
    `persian` for the stock class itself; for a project's own subclass, a subclass of it with the
    Persian reading put before it (made once). Forms and serializers alike."""
    if cls is stock:
        return persian
    if (cls, persian) not in _MADE:
        made = type(f"Persian{cls.__name__}", (persian, cls), {"__module__": cls.__module__})
        _MADE[(cls, persian)] = made
    return _MADE[(cls, persian)]
