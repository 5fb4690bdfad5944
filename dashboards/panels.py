"""A dashboard panel: one chart, the table of its data, and its CSV download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from governance.exports.table import Column, ExportTable

if TYPE_CHECKING:
    from counties.models import County, Indicator


@dataclass(frozen=True)
class Col:
    """A column of a panel's table; `kind` says how the page shows it (number, period, text)."""

    key: str
    header: str
    kind: str = "text"
    decimals: int = 2


@dataclass
class Panel:
    """What a chart shows, as data: the figure, the rows behind it, and whether any is synthetic."""

    key: str
    title: str
    columns: list[Col]
    rows: list[dict[str, Any]]
    figure: dict[str, Any] | None = None
    has_synthetic: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def export_table(self) -> ExportTable:
        """The panel's table for governance.exports: dates as dates, numbers with a format."""
        return ExportTable(
            title=self.title,
            columns=[_export_column(c) for c in self.columns],
            rows=self.rows,
            has_synthetic=self.has_synthetic,
        )


def _export_column(col: Col) -> Column:
    if col.kind == "date":
        return Column(col.key, col.header, kind="date")
    if col.kind == "int":
        return Column(col.key, col.header, "#,##0")
    if col.kind == "number":
        return Column(
            col.key, col.header, "#,##0." + "#" * col.decimals if col.decimals else "#,##0"
        )
    return Column(col.key, col.header)


# Columns and cells most panels share (headers are translated when a panel is built).


def county_columns() -> list[Col]:
    """The county code and name columns of a panel whose rows are counties (`county_cells`)."""
    return [Col("county_code", _("County code")), Col("county_name", _("County"))]


def county_cells(county: County) -> dict[str, Any]:
    """The cells of `county_columns()` for one county."""
    return {"county_code": county.code, "county_name": county.name}


def synthetic_column() -> Col:
    """The column that says whether a row holds synthetic (generated) values."""
    return Col("is_synthetic", _("Synthetic"), "bool")


def indicator_label(indicator: Indicator) -> str:
    """The indicator's name with its unit, as an axis or column title."""
    unit = indicator.unit_label
    return f"{indicator.name} ({unit})" if unit else indicator.name
