"""Cells of dashboard data tables, shown in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dashboards.panels import Col
from governance.templatetags.tavazon import digits, jdate, num, period_label

register = template.Library()


@register.simple_tag
def cell(row: dict[str, Any], column: Col) -> str:
    """One value of a row, formatted for its column's kind."""
    value = row.get(column.key)
    if value is None:
        return "—"
    if column.kind == "number":
        # A column may mix measures (the comparison table): whole numbers stay whole.
        return num(value, 0 if isinstance(value, int) else column.decimals)
    if column.kind == "int":
        return num(value, 0)
    if column.kind == "period":
        return period_label(value)
    if column.kind == "date":
        return jdate(value)
    if column.kind == "bool":
        return _("yes") if value else _("no")
    if column.key.endswith("_code"):  # a code is typed as it is written: left to right, Latin
        return format_html('<span dir="ltr">{}</span>', value)
    return digits(value) if isinstance(value, (int, float)) else str(value)
