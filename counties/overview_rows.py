"""The national overview's table rows, formatted once in Python.

Rendering 450 counties x 10 cells through template filters cost about 70 ms a request (each
filter call resolves its arguments in the template engine); formatting the cells here first and
letting the template print plain strings costs a fraction of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import format_html_join

from counties.models import County, Indicator
from governance.templatetags.tavazon import num


@dataclass(frozen=True)
class OverviewRow:
    """One county's line: its link, names and the formatted cells in column order."""

    url: str
    name: str
    province: str
    is_synthetic: bool
    cells: list[str]

    @property
    def cells_html(self) -> str:
        """The cells as escaped `<td>` elements, joined once instead of looped in the template."""
        return format_html_join("", "<td>{}</td>", ((cell,) for cell in self.cells))


def overview_rows(counties: Iterable[County], indicators: Sequence[Indicator]) -> list[OverviewRow]:
    """Rows of counties annotated by CountyQuerySet.with_indicator_values (names in the active
    language, numbers in its digits), then the county's area."""
    columns = [(f"ind_{i.code.replace('-', '_')}", i.display_decimals) for i in indicators]
    prefix = reverse("counties:county", args=["__code__"])
    rows = []
    for county in counties:
        values: list[Any] = [
            num(getattr(county, attr, None), decimals) for attr, decimals in columns
        ]
        values.append(num(county.area_km2))
        rows.append(
            OverviewRow(
                url=prefix.replace("__code__", county.code),
                name=county.name,
                province=county.province.name,
                is_synthetic=county.is_synthetic,
                cells=values,
            )
        )
    return rows
