"""Load a country's indicator catalogue from a CSV file: check every row, then create or update
the dimensions and indicators in one transaction, all or nothing (`manage.py import_catalogue`,
docs/data-import.md "Loading an indicator catalogue").

Columns: kind, code, name_en, name_fa, unit, direction, min, max, dimension, county_reported; one
row per dimension or indicator. Rows are matched by code, so the import can be run again: a row
that did not change changes nothing. After a write, `counties.signals.catalogue_changed` lets the
scores app make the default methodology name the file's indicators (counties does not import
scores).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Model
from django.utils.translation import get_language, gettext, gettext_noop

from counties.choices import Direction
from counties.models import Dimension, Indicator
from counties.signals import announce_catalogue_changed
from governance.csv_rows import FILE_MESSAGES, RowError, Rows, read_csv_rows
from governance.persian import normalise_number, number_text
from governance.ranges import within_measure_range

COLUMNS = (
    "kind",
    "code",
    "name_en",
    "name_fa",
    "unit",
    "direction",
    "min",
    "max",
    "dimension",
    "county_reported",
)
KINDS = ("dimension", "indicator")
CODE_LENGTH = 64
NAME_LENGTH = 200
UNIT_LENGTH = 64

MESSAGES = {
    **FILE_MESSAGES,
    "no_catalogue_rows": gettext_noop("The file has no dimensions or indicators."),
    "bad_kind": gettext_noop(
        "Row %(row)s: the kind %(value)s is unknown; use dimension or indicator."
    ),
    "no_code": gettext_noop("Row %(row)s: the code is missing."),
    "bad_code": gettext_noop(
        "Row %(row)s: the code %(value)s is not valid; use at most 64 Latin letters, digits, "
        "hyphens or underscores."
    ),
    "duplicate_code": gettext_noop(
        "Row %(row)s: the code %(value)s is already used in row %(first)s."
    ),
    "no_name_en": gettext_noop("Row %(row)s: the English name is missing."),
    "no_name_fa": gettext_noop("Row %(row)s: the Persian name is missing."),
    "long_name": gettext_noop("Row %(row)s: a name is longer than 200 characters."),
    "long_unit": gettext_noop("Row %(row)s: the unit is longer than 64 characters."),
    "bad_direction": gettext_noop(
        "Row %(row)s: the direction %(value)s is unknown; use higher or lower."
    ),
    "bad_number": gettext_noop("Row %(row)s: the %(column)s value %(value)s is not a number."),
    "min_above_max": gettext_noop("Row %(row)s: the min is greater than the max."),
    "unknown_dimension": gettext_noop(
        "Row %(row)s: the dimension %(value)s is neither in the file nor in the database."
    ),
    "bad_county_reported": gettext_noop(
        "Row %(row)s: county_reported is %(value)s; use yes or no."
    ),
}
YES_NO = {"yes": True, "no": False, "": False}


class CatalogueImportError(RowError):
    """A problem of a catalogue file, told with the messages above."""

    messages = MESSAGES


@dataclass(frozen=True)
class CatalogueRow:
    """A checked row: what its dimension or indicator should be."""

    row: int
    kind: str
    code: str
    values: dict[str, Any]
    dimension: str = ""


@dataclass
class CatalogueImport:
    """What importing a file would do (or did)."""

    rows: list[CatalogueRow] = field(default_factory=list)
    errors: list[CatalogueImportError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The default methodology the scores app refreshed after the write (None if it did not).
    methodology: Model | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, *, dry_run: bool) -> str:
        """What was done (or would be), in the active language and its digits."""
        language = get_language()
        counts = {
            "created": number_text(self.created, language),
            "updated": number_text(self.updated, language),
            "unchanged": number_text(self.unchanged, language),
            "errors": number_text(len(self.errors), language),
        }
        if self.errors:
            return gettext("%(errors)s error(s): nothing was imported.") % counts
        if dry_run:
            return (
                gettext(
                    "Dry run: %(created)s dimensions and indicators would be created, "
                    "%(updated)s updated and %(unchanged)s left unchanged."
                )
                % counts
            )
        return (
            gettext(
                "%(created)s dimensions and indicators created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % counts
        )


def read_rows(data: bytes) -> tuple[Rows, list[CatalogueImportError]]:
    """The file's data rows by row number (the header is row 1), or the file's own errors."""
    return read_csv_rows(data, COLUMNS, CatalogueImportError, "no_catalogue_rows")


class _RowChecker:
    """Checks rows one by one, remembering the codes already seen (per kind)."""

    def __init__(self, file_dimensions: set[str]) -> None:
        self.known_dimensions = file_dimensions | set(
            Dimension.objects.values_list("code", flat=True)
        )
        self.first_row: dict[tuple[str, str], int] = {}
        self.errors: list[CatalogueImportError] = []

    def error(self, code: str, row: int, **params: Any) -> None:
        self.errors.append(CatalogueImportError(code, {"row": row, **params}))

    def check(self, row: int, cells: dict[str, str]) -> CatalogueRow | None:
        before = len(self.errors)
        kind = cells["kind"].lower()
        if kind not in KINDS:
            self.error("bad_kind", row, value=cells["kind"])
        code = cells["code"]
        self._code(row, kind, code)
        values = self._names(row, cells)
        if kind == "indicator":
            values.update(self._indicator(row, cells))
        if len(self.errors) > before:
            return None
        return CatalogueRow(row, kind, code, values, cells["dimension"])

    def _code(self, row: int, kind: str, code: str) -> None:
        if not code:
            self.error("no_code", row)
            return
        try:
            validate_slug(code)
            if len(code) > CODE_LENGTH:
                raise ValidationError("length")
        except ValidationError:
            self.error("bad_code", row, value=code)
            return
        if (kind, code) in self.first_row:
            self.error("duplicate_code", row, value=code, first=self.first_row[(kind, code)])
        else:
            self.first_row[(kind, code)] = row

    def _names(self, row: int, cells: dict[str, str]) -> dict[str, Any]:
        for language in ("en", "fa"):
            if not cells[f"name_{language}"]:
                self.error(f"no_name_{language}", row)
        if max(len(cells["name_en"]), len(cells["name_fa"])) > NAME_LENGTH:
            self.error("long_name", row)
        return {"name_en": cells["name_en"], "name_fa": cells["name_fa"]}

    def _indicator(self, row: int, cells: dict[str, str]) -> dict[str, Any]:
        if len(cells["unit"]) > UNIT_LENGTH:
            self.error("long_unit", row)
        direction = cells["direction"].lower()
        if direction not in Direction.values:
            self.error("bad_direction", row, value=cells["direction"])
        low = self._number(row, "min", cells["min"])
        high = self._number(row, "max", cells["max"])
        if low is not None and high is not None and low > high:
            self.error("min_above_max", row)
        if cells["dimension"] not in self.known_dimensions:
            self.error("unknown_dimension", row, value=cells["dimension"])
        reported = YES_NO.get(cells["county_reported"].lower())
        if reported is None:
            self.error("bad_county_reported", row, value=cells["county_reported"])
        return {
            "unit": cells["unit"],
            "direction": direction,
            "min_value": low,
            "max_value": high,
            "is_county_reported": bool(reported),
        }

    def _number(self, row: int, column: str, text: str) -> float | None:
        if not text:
            return None
        try:
            value = float(normalise_number(text))
        except ValueError:
            value = math.nan
        if not within_measure_range(value):
            self.error("bad_number", row, column=column, value=text)
            return None
        return value


def check_file(data: bytes) -> CatalogueImport:
    """Every row of the file checked; `errors` lists every problem found, in row order."""
    records, errors = read_rows(data)
    if errors:
        return CatalogueImport(errors=errors)
    file_dimensions = {
        cells["code"] for _row, cells in records if cells["kind"].lower() == "dimension"
    }
    checker = _RowChecker(file_dimensions)
    rows = [checked for row, cells in records if (checked := checker.check(row, cells))]
    return CatalogueImport(rows=rows, errors=checker.errors)


def import_catalogue(data: bytes, *, dry_run: bool = False) -> CatalogueImport:
    """Check the file and, if every row is good and this is no dry run, create or update its
    dimensions and indicators in one transaction; then the default methodology is refreshed."""
    plan = check_file(data)
    if plan.ok:
        _write(plan, dry_run=dry_run)
    return plan


@transaction.atomic
def _write(plan: CatalogueImport, *, dry_run: bool) -> None:
    dimensions = {d.code: d for d in Dimension.objects.select_for_update()}
    indicators = {i.code: i for i in Indicator.objects.select_for_update()}
    last_order = max((d.order for d in dimensions.values()), default=0)
    for row in plan.rows:
        if row.kind == "dimension":
            existing: Model | None = dimensions.get(row.code)
            if existing is None:
                last_order += 1
                dimension = Dimension(code=row.code, order=last_order, **row.values)
                dimensions[row.code] = dimension
                _save(plan, dimension, None, row.values, dry_run=dry_run)
            else:
                _save(plan, existing, existing, row.values, dry_run=dry_run)
        else:
            values = {**row.values, "dimension": dimensions[row.dimension]}
            indicator = indicators.get(row.code)
            _save(plan, indicator or Indicator(code=row.code), indicator, values, dry_run=dry_run)
    if not dry_run:
        codes = [row.code for row in plan.rows if row.kind == "indicator"]
        plan.methodology = announce_catalogue_changed(indicators=codes)


def _save(
    plan: CatalogueImport,
    instance: Model,
    existing: Model | None,
    values: dict[str, Any],
    *,
    dry_run: bool,
) -> None:
    """Create `instance` or update the fields of `existing` that changed; count either."""
    if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
        plan.unchanged += 1
        return
    if existing is None:
        plan.created += 1
    else:
        plan.updated += 1
    for name, value in values.items():
        setattr(instance, name, value)
    if not dry_run:
        instance.save()
