"""Writes of stakeholders and the engagements logged with them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counties.models import Dimension
from governance.versioning import lock_current
from participation.models import Engagement, Stakeholder
from participation.services.common import _by, _set, _today, check_project, save_linked
from projects.models import FlagshipProject

if TYPE_CHECKING:
    from governance.models import User


@transaction.atomic
def save_stakeholder(
    stakeholder: Stakeholder,
    values: dict[str, Any],
    *,
    interests: Iterable[Dimension] | None = None,
    expected_version: int | None = None,
    user: User | None = None,
) -> Stakeholder:
    """Create or update a stakeholder of its county; names are unique within a county.
    An update based on an older version than the stored one raises StaleEditError."""
    target = stakeholder if stakeholder.pk is None else lock_current(stakeholder, expected_version)
    _set(target, values)
    target.name = target.name.strip()
    if not target.name:
        raise ValidationError({"name": _("Give the stakeholder a name.")})
    clash = Stakeholder.objects.filter(county_id=target.county_id, name=target.name)
    if clash.exclude(pk=target.pk).exists():
        raise ValidationError({"name": _("This county already has a stakeholder with this name.")})
    return save_linked(target, stakeholder, "interests", interests, user=user)


@transaction.atomic
def record_engagement(
    stakeholder: Stakeholder,
    *,
    date: datetime.date,
    kind: str,
    topic: str,
    challenge: Dimension | None = None,
    project: FlagshipProject | None = None,
    notes: str = "",
    user: User | None = None,
    is_demo: bool = False,
) -> Engagement:
    """Log a meeting, consultation, visit or call with a stakeholder (not in the future),
    optionally about a current flagship project of the stakeholder's county."""
    if date > _today():
        raise ValidationError({"date": _("An engagement cannot be dated in the future.")})
    if not topic.strip():
        raise ValidationError({"topic": _("Say what the engagement was about.")})
    check_project(project, stakeholder.county_id)
    engagement = Engagement(
        county_id=stakeholder.county_id,
        stakeholder=stakeholder,
        date=date,
        kind=kind,
        topic=topic.strip(),
        challenge=challenge,
        project=project,
        notes=notes,
        recorded_by=user,
        is_demo=is_demo,
    )
    _by(engagement, user).save()
    return engagement
