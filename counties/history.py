"""The change history of counties' records (projects, plans, areas), ready to show.

Each entry compares a history record with the one before it of the same row (simple_history's
diff_against) and lists the changed fields by their labels, with values as people read them
(governance.display.field_value: choices by label, numbers with their stored precision, dates
and digits in the user's language; a project's areas by name). Bookkeeping fields are left out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language

from governance.display import field_label, field_value
from governance.templatetags.tavazon import digits

HIDDEN_FIELDS = {"version", "updated_at", "created_at"}


def changes(records: Any, label: str, area_names: dict[int, str]) -> list[dict[str, Any]]:
    """Entries of the records of one row, newest first: {record, label, name, changes}."""
    records = list(records)
    out = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        model = newer.instance_type
        diff = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                diff.append(
                    {
                        "field": _field_label(model, change.field),
                        "old": _display(change.old, change.field, area_names, model),
                        "new": _display(change.new, change.field, area_names, model),
                    }
                )
            if not diff and newer.history_type == "~":
                continue  # a save that changed nothing visible
        out.append({"record": newer, "label": label, "name": str(newer.instance), "changes": diff})
    return out


def changes_by_object(records: Any, label: str, area_names: dict[int, str]) -> list[dict[str, Any]]:
    """Entries of the records of several rows (a project's milestones), each row on its own."""
    by_object: dict[int, list[Any]] = {}
    for record in records.order_by("-history_date"):
        by_object.setdefault(record.id, []).append(record)
    entries: list[dict[str, Any]] = []
    for items in by_object.values():
        entries += changes(items, label, area_names)
    return entries


def _display(value: Any, field: str, area_names: dict[int, str], model: Any) -> str:
    if field == "areas" and isinstance(value, list):
        names = [area_names.get(row.get("area"), str(row.get("area"))) for row in value]
        return "، ".join(names) if get_language() == "fa" else ", ".join(names)
    try:
        model_field = model._meta.get_field(field)
    except FieldDoesNotExist:
        return digits(value)
    if model_field.is_relation and not model_field.choices:
        return "" if value is None else digits(f"#{value}")
    return field_value(model_field, value)


def _field_label(model: Any, field: str) -> str:
    try:
        return field_label(model._meta.get_field(field))
    except FieldDoesNotExist:
        return field
