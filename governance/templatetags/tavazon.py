"""Template filters for numbers, dates and periods in the active language (Persian digits) and
the country profile's calendar (Jalali or Gregorian dates and periods)."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Concatenate, ParamSpec

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext

from governance.dates import display_date
from governance.money import exact_amount, readable_amount
from governance.periods import period_label as label_of_period
from governance.persian import (
    format_number,
    format_percent,
    to_persian_digits,
)

register = template.Library()

P = ParamSpec("P")


def _localise_digits(text: str) -> str:
    return to_persian_digits(text) if get_language() == "fa" else text


def number_filter(
    format_: Callable[Concatenate[float, P], str],
) -> Callable[Concatenate[Any, P], str]:
    """A template filter from `format_(number, ...)`: it is given the value as a float; a missing
    value (None or '') shows as '—', and one that is not a number as it is."""

    @functools.wraps(format_)
    def filter_(value: Any, *args: P.args, **kwargs: P.kwargs) -> str:
        if value is None or value == "":
            return "—"
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        return format_(number, *args, **kwargs)

    return filter_


@register.filter
@number_filter
def num(number: float, decimals: int = 0) -> str:
    """A number with thousands separators, in Persian digits under fa ('—' when missing)."""
    return format_number(number, int(decimals), get_language())


@register.filter
def digits(value: Any) -> str:
    """Any text with its digits localised."""
    return _localise_digits(str(value))


@register.filter
def phone(value: Any) -> str:
    """A phone number with its digits localised; a contact with Latin letters or '@' (an email,
    a web address) is left as typed, since its digits are part of an address to copy."""
    text = str(value)
    if "@" in text or re.search("[A-Za-z]", text):
        return text
    return _localise_digits(text)


@register.filter
def jdate(value: datetime.date | datetime.datetime | None, with_time: bool = False) -> str:
    """A date as users read it in the profile's calendar (governance.dates.display_date): Jalali
    with Persian month names under jalali and fa, Gregorian otherwise («۲۴ نوامبر ۲۰۲۶» under
    gregorian and fa, '24 Nov 2026' under English). The name is the filter's historical one."""
    return display_date(value, get_language(), with_time=bool(with_time))


@register.filter
def period_label(value: str) -> str:
    """A stored period key ('1395', '1395-Q2'; '2009-Q1' under gregorian) shown in the active
    language."""
    return label_of_period(value, get_language())


@register.simple_tag(takes_context=True)
def sort_url(context: dict[str, Any], field: str) -> str:
    """Query string that sorts by `field`, toggling direction when it is already the sort."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{field}" if current == field else field
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int, param: str = "page") -> str:
    """Query string of page `number` keeping every other parameter (search, sort, filters, and
    each value of a repeated one). `param` names the page's parameter ("page" when empty)."""
    params = context["request"].GET.copy()
    params[param or "page"] = str(number)
    return "?" + params.urlencode()


@register.filter
def indicator_value(obj: Any, code: str) -> Any:
    """The `ind_<code>` annotation of a row (see CountyQuerySet.with_indicator_values)."""
    return getattr(obj, f"ind_{code.replace('-', '_')}", None)


@register.filter
def history_action(record: Any) -> str:
    """What a simple_history record did, translated ('Changed' is not in simple_history's
    Persian catalogue, so get_history_type_display would show English)."""
    actions = {
        "+": pgettext("history", "Created"),
        "~": pgettext("history", "Changed"),
        "-": pgettext("history", "Deleted"),
    }
    return actions.get(getattr(record, "history_type", ""), "")


@register.simple_tag
def list_comma() -> str:
    """The comma between items of a list in the active language: '، ' under fa, ', ' under en."""
    return "، " if get_language() == "fa" else ", "


@register.filter
def money(value: Decimal | int | float | None) -> str:
    """An amount in the country's currency, in the unit people count in at a readable scale:
    "2.5 million dollars", «۲٫۵ میلیون دلار» (governance.money)."""
    return readable_amount(value)


@register.filter
def exact_money(value: Decimal | int | float | None) -> str:
    """The exact amount in the currency's unit, as official documents write it."""
    return exact_amount(value)


@register.filter
def pct(value: float | None, decimals: int = 0) -> str:
    """A percent in the active language's digits and percent sign ('—' when missing)."""
    if value is None or value == "":
        return "—"
    return format_percent(float(value), int(decimals), get_language())


@register.filter
def clamp_pct(value: Any) -> float:
    """A percent held to 0-100, for progress bar widths."""
    try:
        return max(0.0, min(100.0, float(value)))
    except (TypeError, ValueError):
        return 0.0


@register.filter
def css_number(value: Any) -> str:
    """A number as CSS wants it (Latin digits, dot), whatever the language."""
    try:
        return f"{float(value):.1f}"
    except (TypeError, ValueError):
        return "0"


@register.filter
def person(user: Any, empty: str = "") -> str:
    """A user as pages name them: the full name, else the login, isolated from the text around
    it (a Latin login such as «governor2» inside Persian prose keeps its own direction and
    digits); `empty` where there is no user («سامانه», «—»)."""
    if not user:
        return empty
    name = user.get_full_name() or user.get_username()
    return format_html('<bdi dir="auto">{}</bdi>', name)
