"""The change history of participation records, ready to show: who, when, what changed.

Records come from django-simple-history (every service sets the user). Each entry compares a
history record with the previous one of the same row and lists the changed fields with their
labels and readable values (governance.display.field_value: choices by label, numbers with their
stored precision, dates in the user's calendar, digits of numbers and phones in the user's
language; related rows by name). Personal contact fields are listed as changed but their values
are left out for users who may not see contacts (access.can_view_contacts): a history page never
shows an old phone number to someone who could not read the current one. Queries are bounded:
one per source, one per many-to-many field, one per kind of related row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from counties.models import Dimension, Indicator
from governance.display import field_label, field_value
from governance.models import User
from governance.templatetags.tavazon import digits, jdate
from participation.choices import CritiqueChannel, StakeholderType
from participation.models import Meeting, MeetingSeries, Stakeholder
from projects.models import FlagshipProject

# Bookkeeping, never shown: ids, the version counter, timestamps, the stored file's name.
HIDDEN_FIELDS = frozenset(
    {"id", "county", "version", "created_at", "updated_at", "uploaded_at", "token", "file"}
)
HISTORY_BEGAN = "history began"  # the reason of the records migration 0004 wrote

# Related rows shown by name; any other relation (a citizen's feedback) only by its number.
NAMED_RELATIONS: dict[type[models.Model], Callable[[Any], str]] = {
    Dimension: lambda o: o.name,
    Indicator: lambda o: o.name,
    Stakeholder: lambda o: o.name,
    MeetingSeries: lambda o: o.name,
    Meeting: lambda o: f"{o.title} ({jdate(o.starts_at)})",
    FlagshipProject: lambda o: o.title,
    User: lambda o: o.get_full_name() or o.username,
}
NAMED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    User: ("username", "first_name", "last_name"),
    Meeting: ("title", "starts_at"),
    Stakeholder: ("name",),
    MeetingSeries: ("name",),
    FlagshipProject: ("title_fa", "title_en"),
}


@dataclass(frozen=True)
class Change:
    """One field's change; `private` when its values are withheld from this user."""

    field: str
    old: str
    new: str
    private: bool = False


@dataclass
class Entry:
    """One recorded change of one row."""

    date: datetime.datetime
    user: str
    action: str
    label: str  # the kind of row: "Commitment"
    name: str  # which one: its title
    changes: list[Change] = field(default_factory=list)
    order: int = 0


@dataclass
class Source:
    """The history records of one kind of row, with how to name them and what is private."""

    records: Any  # a queryset of historical records
    label: str
    name_field: str
    private: Collection[str] | Callable[[Any], Collection[str]] = ()

    def private_fields(self, record: Any) -> Collection[str]:
        return self.private(record) if callable(self.private) else self.private


def critique_private_fields(contact_fields: Collection[str]) -> Callable[[Any], Collection[str]]:
    """A critique's private fields: the citizen's contacts, and what was said when it came from
    the public feedback form (Critique.body_is_private)."""

    def private(record: Any) -> Collection[str]:
        if record.channel == CritiqueChannel.PUBLIC_FEEDBACK:
            return (*contact_fields, "body")
        return contact_fields

    return private


def build_entries(sources: Sequence[Source], *, show_private: bool) -> list[Entry]:
    """Every recorded change of the sources' rows, newest first."""
    loaded = []
    for source in sources:
        records = list(source.records.select_related("history_user").order_by("history_id"))
        loaded.append((source, records, _m2m_links(records)))
    names = _related_names(loaded)
    entries: list[Entry] = []
    for source, records, links in loaded:
        previous: dict[Any, Any] = {}
        for record in records:  # oldest first, so each is compared with the one before
            older = previous.get(record.id)
            previous[record.id] = record
            entry = _entry(record, older, source, names, links, show_private)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.order), reverse=True)
    return entries


def _entry(
    record: Any,
    older: Any,
    source: Source,
    names: dict[tuple[type[models.Model], Any], str],
    links: dict[str, dict[int, list[Any]]],
    show_private: bool,
) -> Entry | None:
    changes: list[Change] = []
    if record.history_type == "~" and older is not None:
        private = set() if show_private else set(source.private_fields(record))
        private |= set() if show_private else set(source.private_fields(older))
        for model_field in _fields(record):
            old = getattr(older, model_field.attname)
            new = getattr(record, model_field.attname)
            if old != new:
                changes.append(_change(model_field, old, new, names, private))
        for name, by_record in links.items():
            old_ids, new_ids = by_record.get(older.history_id, []), by_record[record.history_id]
            if old_ids != new_ids:
                model_field = record.instance_type._meta.get_field(name)
                changes.append(_change(model_field, old_ids, new_ids, names, private, many=True))
        if not changes:
            return None  # a save that changed nothing shown here
    name_field = record.instance_type._meta.get_field(source.name_field)
    return Entry(
        date=record.history_date,
        user=_user(record.history_user),
        action=_action(record),
        label=source.label,
        name=_value(name_field, getattr(record, name_field.attname), names),
        changes=sorted(changes, key=lambda c: c.field),
        order=record.history_id,
    )


def _fields(record: Any) -> list[models.Field]:
    return [f for f in record.tracked_fields if f.name not in HIDDEN_FIELDS]


def _change(
    model_field: Any,
    old: Any,
    new: Any,
    names: dict[tuple[type[models.Model], Any], str],
    private: set[str],
    *,
    many: bool = False,
) -> Change:
    label = field_label(model_field)
    label = label[:1].upper() + label[1:]
    if model_field.name in private:
        return Change(label, "", "", private=True)
    if many:
        return Change(label, _names(model_field, old, names), _names(model_field, new, names))
    return Change(label, _value(model_field, old, names), _value(model_field, new, names))


def _value(model_field: Any, value: Any, names: dict[tuple[type[models.Model], Any], str]) -> str:
    """A stored value as people read it."""
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        related = model_field.related_model
        if related in NAMED_RELATIONS:
            return names.get((related, value)) or digits(f"#{value} ") + _("(deleted)")
        return digits(f"#{value}")
    if isinstance(value, list):  # invited groups
        labels = dict(StakeholderType.choices)
        return _join([str(labels.get(item, item)) for item in value])
    return field_value(model_field, value)


def _names(
    model_field: Any, ids: list[Any], names: dict[tuple[type[models.Model], Any], str]
) -> str:
    related = model_field.related_model
    return _join([names.get((related, pk)) or digits(f"#{pk}") for pk in ids])


def _join(items: Iterable[str]) -> str:
    return ("، " if get_language() == "fa" else ", ").join(items)


def _user(user: User | None) -> str:
    if user is None:
        return _("system")
    return user.get_full_name() or user.username


def _action(record: Any) -> str:
    if record.history_change_reason == HISTORY_BEGAN:
        return _("State when history began")
    return {
        "+": pgettext("history", "Created"),
        "~": pgettext("history", "Changed"),
        "-": pgettext("history", "Deleted"),
    }[record.history_type]


def _m2m_links(records: list[Any]) -> dict[str, dict[int, list[Any]]]:
    """For each many-to-many field: history record id -> the related ids it held, sorted."""
    if not records:
        return {}
    historical = type(records[0])
    out: dict[str, dict[int, list[Any]]] = {}
    for m2m in historical._history_m2m_fields:
        links = apps.get_model(historical._meta.app_label, f"{historical.__name__}_{m2m.name}")
        target = m2m.m2m_reverse_field_name()
        by_record: dict[int, list[Any]] = defaultdict(list)
        rows = links.objects.filter(history_id__in=[r.history_id for r in records])
        for history_id, related_id in rows.values_list("history_id", f"{target}_id"):
            by_record[history_id].append(related_id)
        out[m2m.name] = {r.history_id: sorted(by_record[r.history_id]) for r in records}
    return out


def _related_names(
    loaded: list[tuple[Source, list[Any], dict[str, dict[int, list[Any]]]]],
) -> dict[tuple[type[models.Model], Any], str]:
    """Names of every related row the records point at: one query per kind of row."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for _source, records, links in loaded:
        if not records:
            continue
        for model_field in _fields(records[0]):
            if model_field.is_relation and model_field.related_model in NAMED_RELATIONS:
                wanted[model_field.related_model] |= {
                    getattr(r, model_field.attname) for r in records
                } - {None}
        for name, by_record in links.items():
            related = records[0].instance_type._meta.get_field(name).related_model
            wanted[related] |= {pk for ids in by_record.values() for pk in ids}
    names: dict[tuple[type[models.Model], Any], str] = {}
    for model, ids in wanted.items():
        if not ids:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if model in NAMED_FIELDS:
            queryset = queryset.only(*NAMED_FIELDS[model])
        for obj in queryset:
            names[(model, obj.pk)] = NAMED_RELATIONS[model](obj)
    return names
