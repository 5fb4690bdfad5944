"""What the participation services share: the day, who makes a save, links to projects."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require_same_county
from governance.versioning import save_next_version
from projects.models import FlagshipProject

if TYPE_CHECKING:
    from governance.models import User


def _today() -> datetime.date:
    return timezone.localdate()


def _set(instance: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(instance, name, value)


def _by(instance: Any, user: User | None) -> Any:
    """Mark who makes the next save of `instance` (kept in its history record)."""
    instance._history_user = user
    return instance


def check_project(project: FlagshipProject | None, county_id: int) -> None:
    """Refuse linking a record to a project of another county or to an archived project."""
    if project is None:
        return
    require_same_county(county_id, project=project)
    if project.archived_at is not None:
        raise ValidationError(
            {"project": _("That flagship project is archived: link a current project.")},
            code="project_archived",
        )


def _set_m2m_quietly(instance: Any, field: str, related: Iterable[Any]) -> None:
    """Change a many-to-many field without a history record of its own: the save that follows
    records the whole change, the new links included."""
    instance.skip_history_when_saving = True
    try:
        getattr(instance, field).set(list(related))
    finally:
        del instance.skip_history_when_saving


def save_linked(
    target: Any, original: Any, field: str, related: Iterable[Any] | None, *, user: User | None
) -> Any:
    """Save a checked record with its many-to-many `field` set to `related` (None: left as it
    is). A new record is created; a stored one (`target`, locked) is saved as its next version,
    the links in the same history entry, and `original`, the caller's copy, brought up to
    date."""
    if target.pk is None:
        _by(target, user).save()
        if related is not None:
            getattr(target, field).set(list(related))  # recorded as a second entry, by `user`
        return target
    if related is not None:
        _set_m2m_quietly(target, field, related)
    return save_next_version(target, None, user=user, into=original)
