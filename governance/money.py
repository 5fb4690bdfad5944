"""Money in the country's currency, as the country profile names it.

Amounts are stored in whole units of the currency (`governance.fields.money_field`). People may
count in a larger *entry unit* (the demo's profile, demo/country.py: one entry unit is ten
currency units): forms take a budget in the currency unit, the entry unit, or thousands, millions
or billions of the entry unit (`budget_units`); pages show an amount in the entry unit at a
readable scale (`readable_amount`: "2.5 million dollars", «۲٫۵ میلیون دلار») and, where the exact
figure matters, in the currency unit (`exact_amount`: "2,500,000 dollars"). Labels and column
headers name the currency (`money_label`: "Amount (dollars)").

The currency's names are written, never its symbol: a name reads after a number and a scale word
in both languages ("1.2 million dollars", «۱٫۲ میلیون دلار»), whereas a symbol's place (before or
after the number, with or without a space) differs by currency and language. The code (ISO 4217)
goes to the API (`currency`) and to whoever reads the data.

A profile without a currency code has no currency: amounts are plain numbers ("2.5 million",
"2,500,000"), labels lose their "(currency)" part, and the API's `currency` is null. The entry unit
applies only when it holds more than one currency unit and has a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from governance.country import current_profile, localized
from governance.persian import format_number


@dataclass(frozen=True)
class Currency:
    """The profile's currency in one language."""

    code: str  # ISO 4217; "" when the profile names no currency
    name: str  # its name ("dollars", «دلار»), the code when it has none; "" without a currency
    entry_factor: int  # currency units in one entry unit; 1 when people count in the currency
    entry_name: str  # the entry unit's name; the currency's when there is none


NO_CURRENCY = Currency("", "", 1, "")


def currency(language: str | None = None) -> Currency:
    """The profile's currency, named in `language` (the active one by default)."""
    profile = current_profile()
    code = profile.currency_code
    if not code:
        return NO_CURRENCY
    name = localized(profile, "currency_name", language) or code
    entry_name = localized(profile, "entry_unit_name", language)
    factor = profile.entry_unit_factor or 1
    if factor <= 1 or not entry_name:
        return Currency(code, name, 1, name)
    return Currency(code, name, factor, entry_name)


def currency_code() -> str | None:
    """The ISO 4217 code the API sends beside amounts, None without a currency."""
    return current_profile().currency_code or None


def _squeeze(text: str) -> str:
    """A text filled with an empty name, without the blanks and empty brackets it left."""
    text = re.sub(r"\s*\(\s*\)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def money_label(text: StrOrPromise, **params: Any) -> str:
    """`text` (translated, with a `%(currency)s` placeholder in brackets: "Amount (%(currency)s)")
    filled with the currency's name; without a currency the brackets are dropped ("Amount")."""
    name = currency().name
    filled = str(text) % {**params, "currency": name}
    return filled if name else _squeeze(filled)


#: `money_label` read when shown: for form fields and other labels made at import time.
money_label_lazy = lazy(money_label, str)


# Budget units: a key (what the form posts), its label and how many currency units it holds.
UNIT, ENTRY, THOUSAND, MILLION, BILLION = "unit", "entry", "thousand", "million", "billion"


@dataclass(frozen=True)
class BudgetUnit:
    key: str
    label: str
    factor: int


def budget_units(language: str | None = None) -> list[BudgetUnit]:
    """The units a budget may be typed in, smallest first: the currency unit, the entry unit
    (when there is one), then thousand, million and billion entry units."""
    money = currency(language)
    units = [BudgetUnit(UNIT, money.name or _("units"), 1)]
    if money.entry_factor > 1:
        units.append(BudgetUnit(ENTRY, money.entry_name, money.entry_factor))
    for key, scale, text in (
        (THOUSAND, 10**3, _("thousand %(unit)s")),
        (MILLION, 10**6, _("million %(unit)s")),
        (BILLION, 10**9, _("billion %(unit)s")),
    ):
        units.append(
            BudgetUnit(key, _squeeze(text % {"unit": money.entry_name}), scale * money.entry_factor)
        )
    return units


def default_budget_unit() -> str:
    """The unit a new budget is typed in: billions of the entry unit where people count in a
    larger unit than the currency's (a currency of large numbers, as in the demo's profile),
    millions otherwise (a million dollars)."""
    return BILLION if currency().entry_factor > 1 else MILLION


#: At most this many decimals when a stored amount is shown in a larger unit (`best_budget_unit`).
UNIT_DECIMALS = 3


def best_budget_unit(*amounts: Decimal | None) -> str:
    """The unit a form shows stored amounts (in currency units) in: the largest one that writes
    each exactly with at most three decimals and the largest as at least 1 (2,500,000 dollars are
    2.5 million dollars; 1,234,567 are 1,234.567 thousand; 500 stay 500 dollars). Without an
    amount (or only zeros), the unit of a new budget."""
    given = [abs(a) for a in amounts if a is not None]
    if not any(given):
        return default_budget_unit()
    for unit in reversed(budget_units()):
        if max(given) < unit.factor:
            continue
        if all((a * 10**UNIT_DECIMALS) % unit.factor == 0 for a in given):
            return unit.key
    return UNIT


def _number(value: Any) -> Decimal | None:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def readable_amount(value: Any) -> str:
    """An amount (in currency units) in the entry unit at a readable scale: "2.5 million
    dollars", «۲٫۵ میلیون دلار», "1.2 thousand billion dollars", "2.5 million" without a currency;
    '—' when missing, a value that is no number as it is."""
    if value is None or value == "":
        return "—"
    number = _number(value)
    if number is None:
        return str(value)
    money = currency()
    language = get_language()
    amount = number / money.entry_factor
    for scale, text in (
        (Decimal(10) ** 12, _("%(number)s thousand billion %(unit)s")),
        (Decimal(10) ** 9, _("%(number)s billion %(unit)s")),
        (Decimal(10) ** 6, _("%(number)s million %(unit)s")),
    ):
        if abs(amount) >= scale:
            scaled = amount / scale
            decimals = 0 if scaled == scaled.to_integral_value() else 1
            shown = format_number(float(scaled), decimals, language)
            return _squeeze(text % {"number": shown, "unit": money.entry_name})
    return _squeeze(f"{format_number(float(amount), 0, language)} {money.entry_name}")


def exact_amount(value: Any) -> str:
    """The exact amount in currency units, as official documents write it: "2,500,000 dollars",
    the number alone without a currency; '—' when missing."""
    if value is None or value == "":
        return "—"
    number = _number(value)
    if number is None:
        return str(value)
    return _squeeze(f"{format_number(number, 0, get_language())} {currency().name}")
