"""Stored value-check flags (counties.value_checks) as sentences in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from counties.value_checks import describe_flag, format_amount

register = template.Library()


@register.filter
def flag_sentence(flag: dict) -> str:
    """A stored flag (`Flag.as_json()`) as a sentence with the indicator's unit."""
    return describe_flag(flag)


@register.filter
def in_language(names: dict[str, str]) -> str:
    """The active language's name from a stored {"fa": ..., "en": ...}."""
    if get_language() == "fa":
        return names.get("fa") or names.get("en", "")
    return names.get("en") or names.get("fa", "")


@register.filter
def flagged_amount(entry: dict[str, Any]) -> str:
    """A flagged value of an import preview with its indicator's unit and decimals."""
    return format_amount(entry.get("value"), entry.get("unit", ""), int(entry.get("decimals", 1)))
