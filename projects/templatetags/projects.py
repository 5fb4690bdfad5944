"""Template filters of flagship projects: money as users read it, status badges."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from governance.persian import format_percent
from governance.templatetags.tavazon import num
from projects.choices import ProjectStatus

register = template.Library()


@register.filter
def money(rials: Decimal | int | float | None) -> str:
    """A rial amount in tomans at a readable scale: '۱۲۵ میلیارد تومان', '125 billion tomans'."""
    if rials is None or rials == "":
        return "—"
    tomans = Decimal(rials) / 10
    for scale, label in (
        (Decimal(10) ** 12, _("thousand billion tomans")),
        (Decimal(10) ** 9, _("billion tomans")),
        (Decimal(10) ** 6, _("million tomans")),
    ):
        if abs(tomans) >= scale:
            value = tomans / scale
            decimals = 0 if value == value.to_integral_value() else 1
            return f"{num(value, decimals)} {label}"
    return f"{num(tomans)} {_('tomans')}"


@register.filter
def rials(value: Decimal | int | float | None) -> str:
    """The exact amount in rials, as official documents write it."""
    if value is None or value == "":
        return "—"
    return f"{num(value)} {_('rials')}"


@register.filter
def status_badge(status: str) -> str:
    """A coloured badge with the status in words (colour never the only cue)."""
    try:
        label = ProjectStatus(status).label
    except ValueError:
        return str(status)
    return format_html('<span class="badge status-badge status-{}">{}</span>', status, label)


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
