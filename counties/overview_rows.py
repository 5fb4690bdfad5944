"""The national overview's table rows, built once in Python.

The overview lists every county (450 and more) with ten figures each. Through the template engine
that cost about 70 ms a request (each filter call and lookup resolves through the engine, each
number looks up the active language); here the rows are read as plain values, the numbers are
formatted with the language looked up once, and each row's HTML is joined from escaped values
(format_html's per-call checks for lazy strings alone cost more than the rest).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from counties.models import Indicator
from governance.persian import format_number

# The county fields a row needs (County.objects...values(*ROW_FIELDS)).
ROW_FIELDS = (
    "pk",
    "code",
    "name_fa",
    "name_en",
    "province__name_fa",
    "province__name_en",
    "is_synthetic",
    "area_km2",
)


def _cell(value: Any, decimals: int, language: str | None) -> str:
    """As the `num` template filter, with the language looked up once by the caller."""
    return "—" if value is None else format_number(float(value), decimals, language)


def overview_rows(
    counties: Iterable[Mapping[str, Any]],
    values: Mapping[tuple[int, str], float],
    indicators: Sequence[Indicator],
) -> list[SafeString]:
    """One `<tr>` per county (dicts of ROW_FIELDS), its name in the active language, then the
    indicators' values (`values[(county pk, indicator code)]`) and its area."""
    language = get_language()
    name, fallback = ("name_en", "name_fa") if language == "en" else ("name_fa", "name_en")
    columns = [(i.code, i.display_decimals) for i in indicators]
    prefix = reverse("counties:county", args=["__code__"])
    badge = f' <span class="badge badge-synthetic">{escape(_("synthetic"))}</span>'
    rows = []
    for county in counties:
        cells = [_cell(values.get((county["pk"], c)), d, language) for c, d in columns]
        cells.append(_cell(county["area_km2"], 0, language))
        url = prefix.replace("__code__", quote(county["code"], safe="!$&'()*+,;=~:@"))
        label = county[name] or county[fallback]
        province = county[f"province__{name}"] or county[f"province__{fallback}"]
        rows.append(
            mark_safe(  # every value is escaped above or here; numbers are digits only
                f'<tr><td><a href="{escape(url)}">{escape(label)}</a>'
                f"{badge if county['is_synthetic'] else ''}</td><td>{escape(province)}</td>"
                + "".join(f"<td>{cell}</td>" for cell in cells)
                + "</tr>"
            )
        )
    return rows
