"""A stored value of a model field as people read it in the active language.

Used where change histories are built (participation/history.py, counties/history.py,
counties' observation history): a number keeps the precision it was stored with (75.38 stays
75.38, 60.0 is 60) in the language's digits, a date in the profile's calendar (`jdate`), a
phone number has localised digits, a boolean and a choice are their translated labels. Related
rows are named by the callers, who know which names they may load. A field is labelled by
`field_label` (an amount of money with the currency's name).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from governance.fields import is_money_field
from governance.money import money_label
from governance.templatetags.tavazon import jdate, num, phone

# Most places a stored number may need: beyond this, a float's last digits are noise.
MAX_DECIMALS = 6
# Text fields holding a phone number (or, for a citizen, a phone or an email).
PHONE_FIELDS = frozenset({"phone", "mobile", "citizen_contact"})


def stored_number(value: float | int | Decimal) -> str:
    """A number with as many decimals as it was stored with, in the active language."""
    try:
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
    except InvalidOperation:
        return str(value)
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return num(value, min(decimals, MAX_DECIMALS))


def field_label(model_field: Any) -> str:
    """A model field's label: its verbose name, with the currency's name for an amount of money
    ("amount (dollars)", "amount" when the country profile names no currency)."""
    label = str(model_field.verbose_name)
    if is_money_field(model_field):
        return money_label(_("%(label)s (%(currency)s)"), label=label)
    return label


def field_value(model_field: Any, value: Any) -> str:
    """`value`, stored in `model_field`, as people read it ('' when there is none)."""
    if value is None or value == "":
        return ""
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return jdate(value, True)
    if isinstance(value, datetime.date):
        return jdate(value)
    if isinstance(value, int | float | Decimal):
        return stored_number(value)
    if getattr(model_field, "name", None) in PHONE_FIELDS:
        return phone(value)
    return str(value)
