"""Versioned records: one edit-conflict check for every page, API client and admin.

A record several people edit carries a `version`. Whoever opens it reads the version; a change
is saved only if the stored version is still that one (`lock_current`), and saving it raises the
version (`save_next_version`). A change based on an older version raises StaleEditError and the
newer change is kept. Callers that pass no version (the demo, internal steps) are not checked.
The admin side (VersionedAdmin) is in governance/versioned_admin.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from governance.models import User


class StaleEditError(Exception):
    """Someone else saved the record after the user opened it; their change is kept."""


class Versioned(models.Model):
    """A record whose every saved change raises `version` (the edit-conflict check)."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


V = TypeVar("V", bound=Versioned)


def check_version(record: Versioned, expected_version: int | None) -> None:
    """StaleEditError when `record` (as stored now) is no longer at `expected_version`;
    None checks nothing."""
    if expected_version is not None and record.version != expected_version:
        raise StaleEditError


def lock_current(
    record: V, expected_version: int | None = None, *, rows: QuerySet[V] | None = None
) -> V:
    """The row of `record` as stored now, locked until the transaction ends; StaleEditError
    when someone saved it after `expected_version` (None: not checked). `rows` may add
    select_related; only the record's own row is locked, because PostgreSQL refuses FOR UPDATE
    on the nullable side of an outer join."""
    if rows is None:
        rows = type(record)._default_manager.all()
    current = rows.select_for_update(of=("self",)).get(pk=record.pk)
    check_version(current, expected_version)
    return current


def save_next_version(
    record: V, fields: Iterable[str] | None = None, *, user: User | None, into: V | None = None
) -> V:
    """Save a change of a locked row as its next version, by `user` (kept in its history).

    `fields` None saves every field (and creates a new row); otherwise only those fields, the
    version and the auto-updated timestamps. `into` (the caller's own copy) is brought up to date
    too, for callers that go on using it."""
    record.version += 1
    record._history_user = user  # type: ignore[attr-defined]
    if fields is None or record.pk is None:
        record.save()
    else:
        stamps = [f.name for f in record._meta.concrete_fields if getattr(f, "auto_now", False)]
        record.save(update_fields=list(dict.fromkeys([*fields, "version", *stamps])))
    if into is not None and into is not record:
        for field in record._meta.concrete_fields:
            setattr(into, field.attname, getattr(record, field.attname))
    return record


def stale_message(noun: StrOrPromise) -> str:
    """What a person sees when their save was refused because someone saved first."""
    return gettext(
        "Someone else changed this %(noun)s after you opened it. Their change was kept; reload "
        "the page to see it, then make your change again."
    ) % {"noun": noun}
