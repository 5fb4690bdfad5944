"""Writes of meeting series, meetings and the commitments their decisions become."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from counties.models import County
from governance import access
from governance.access import require_same_county
from governance.ranges import check_numbers
from governance.templatetags.tavazon import digits
from governance.versioning import lock_current, save_next_version
from participation.choices import (
    OPEN_COMMITMENT_STATUSES,
    CommitmentStatus,
    MeetingStatus,
    StakeholderType,
)
from participation.models import Commitment, Meeting, MeetingSeries
from participation.services.common import _by, _set, _today

if TYPE_CHECKING:
    from governance.models import User


def check_invited_groups(groups: Any) -> list[str]:
    """The invited groups as a list of known stakeholder types; a bare string (which would be
    stored as its characters), null or an unknown group is refused."""
    if isinstance(groups, str | bytes) or not isinstance(groups, Iterable):
        raise ValidationError({"invited_groups": _("Choose the invited groups from the list.")})
    groups = list(groups)
    if any(not isinstance(g, str) or g not in StakeholderType.values for g in groups):
        raise ValidationError({"invited_groups": _("Choose the invited groups from the list.")})
    return groups


@transaction.atomic
def save_meeting_series(
    series: MeetingSeries, values: dict[str, Any], *, user: User | None = None
) -> MeetingSeries:
    """Create or update a periodic meeting series of a county."""
    if "invited_groups" in values:
        values = {**values, "invited_groups": check_invited_groups(values["invited_groups"])}
    _set(series, values)
    clash = MeetingSeries.objects.filter(county_id=series.county_id, name=series.name)
    if clash.exclude(pk=series.pk).exists():
        raise ValidationError({"name": _("This county already has a series with this name.")})
    _by(series, user).save()
    return series


@transaction.atomic
def schedule_meeting(
    county: County,
    *,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    series: MeetingSeries | None = None,
    place: str = "",
    invited_groups: Sequence[str] = (),
    agenda: str = "",
    duration_minutes: int = 120,
    is_demo: bool = False,
    user: User | None = None,
) -> Meeting:
    """Schedule a meeting; open commitments of its series roll forward onto it."""
    require_same_county(county, series=series)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    meeting = Meeting(
        county=county,
        series=series,
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        place=place or (series.place if series else ""),
        invited_groups=check_invited_groups(
            invited_groups or (series.invited_groups if series else [])
        ),
        agenda=agenda,
        duration_minutes=duration_minutes,
        is_demo=is_demo,
    )
    check_numbers(meeting)
    _by(meeting, user).save()
    roll_forward_commitments(meeting, user=user)
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting, values: dict[str, Any], *, user: User | None = None
) -> Meeting:
    """Change a meeting's details (date, place, invited groups, agenda, series of its county)."""
    require_same_county(meeting.county_id, series=values.get("series"))
    if "invited_groups" in values:
        values = {**values, "invited_groups": check_invited_groups(values["invited_groups"])}
    _set(meeting, values)
    check_numbers(meeting)
    _by(meeting, user).save(update_fields=[*values, "updated_at"])
    return meeting


@dataclass(frozen=True)
class Decision:
    """A decision taken at a meeting, to become a commitment."""

    title: str
    owner: str
    due_on: datetime.date | None


def _check_decisions(decisions: Sequence[Decision], meeting_day: datetime.date) -> None:
    errors = []
    for number, decision in enumerate(decisions, start=1):
        if not decision.title.strip():
            errors.append(_("Decision %(n)s has no text.") % {"n": digits(number)})
        if not decision.owner.strip():
            errors.append(
                _("Decision %(n)s (%(title)s) has no owner: every commitment needs one.")
                % {"n": digits(number), "title": decision.title.strip() or "—"}
            )
        if decision.due_on is None:
            errors.append(_("Decision %(n)s has no due date.") % {"n": digits(number)})
        elif decision.due_on < meeting_day:
            errors.append(
                _("Decision %(n)s is due before the meeting that took it.") % {"n": digits(number)}
            )
    if errors:
        raise ValidationError({"decisions": errors})


@transaction.atomic
def add_commitments(
    meeting: Meeting,
    decisions: Sequence[Decision],
    *,
    is_demo: bool = False,
    user: User | None = None,
) -> list[Commitment]:
    """Turn decisions of a meeting into commitments (all or none: each needs an owner)."""
    _check_decisions(decisions, meeting.date)
    commitments = [
        Commitment(
            county_id=meeting.county_id,
            meeting=meeting,
            current_meeting=meeting,
            title=d.title.strip(),
            owner=d.owner.strip(),
            due_on=cast(datetime.date, d.due_on),  # _check_decisions refused a missing date
            is_demo=is_demo,
        )
        for d in decisions
    ]
    for commitment in commitments:
        _by(commitment, user).save()
    return commitments


@transaction.atomic
def record_meeting_outcome(
    meeting: Meeting,
    *,
    status: str,
    attendance: int | None = None,
    attendance_note: str = "",
    minutes: str = "",
    decisions: Sequence[Decision] = (),
    user: User | None = None,
) -> Meeting:
    """Record that a meeting was held (attendance, minutes, decisions) or cancelled."""
    if status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError({"status": _("A meeting is either held or cancelled.")})
    if status == MeetingStatus.HELD and meeting.date > _today():
        raise ValidationError({"status": _("A meeting in the future cannot have been held yet.")})
    if attendance is not None and attendance < 0:
        raise ValidationError({"attendance": _("Attendance cannot be negative.")})
    if status == MeetingStatus.CANCELLED and decisions:
        raise ValidationError({"decisions": _("A cancelled meeting takes no decisions.")})
    meeting.status = status
    meeting.attendance = attendance
    meeting.attendance_note = attendance_note
    meeting.minutes = minutes
    check_numbers(meeting)
    _by(meeting, user).save(
        update_fields=["status", "attendance", "attendance_note", "minutes", "updated_at"]
    )
    add_commitments(meeting, decisions, is_demo=meeting.is_demo, user=user)
    following = _next_meeting(meeting)
    if following is not None:
        roll_forward_commitments(following, user=user)
    return meeting


def _next_meeting(meeting: Meeting) -> Meeting | None:
    if meeting.series_id is None:
        return None
    return (
        Meeting.objects.filter(
            series_id=meeting.series_id,
            status=MeetingStatus.SCHEDULED,
            starts_at__gt=meeting.starts_at,
        )
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def roll_forward_commitments(meeting: Meeting, *, user: User | None = None) -> int:
    """Put the series' open commitments from earlier meetings on this meeting's agenda.

    Only a scheduled meeting receives them, and only from earlier meetings of the same series;
    running it twice moves nothing more. Returns how many commitments moved. Each move is in
    the commitment's history; its `version` stays, because the fields people edit (status,
    owner, due date, note) do not change, so an edit open meanwhile is not refused for it.
    """
    if meeting.series_id is None or meeting.status != MeetingStatus.SCHEDULED:
        return 0
    earlier = Meeting.objects.filter(series_id=meeting.series_id, starts_at__lt=meeting.starts_at)
    moving = list(
        Commitment.objects.select_for_update().filter(
            current_meeting__in=earlier, status__in=OPEN_COMMITMENT_STATUSES
        )
    )
    for commitment in moving:
        commitment.current_meeting = meeting
        commitment.times_carried += 1
    bulk_update_with_history(
        moving, Commitment, ["current_meeting", "times_carried"], default_user=user
    )
    return len(moving)


class _Keep:
    """The value of an argument left out: keep what is stored."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def check_owner_user(county: County, owner_user: User | None) -> None:
    """Refuse an owner's account that may not read the commitment's county (its reminders
    would link to pages it cannot open)."""
    if owner_user is None:
        return
    if not owner_user.is_active or not access.can_view_county(owner_user, county):
        message = _("That user may not see this county's records.")
        raise ValidationError({"owner_user": ValidationError(message, code="other_county")})


@transaction.atomic
def update_commitment(
    commitment: Commitment,
    *,
    status: str,
    completed_on: datetime.date | None = None,
    owner: str | None = None,
    owner_user: User | None = KEEP,
    due_on: datetime.date | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    user: User | None = None,
) -> Commitment:
    """Change a commitment's status (done needs a completion date), owner (its name, and the
    account its reminders go to: None clears it, left out keeps it) or due date;
    StaleEditError if it changed since `expected_version`."""
    current = lock_current(commitment, expected_version)
    if owner is not None and not owner.strip():
        raise ValidationError({"owner": _("A commitment must have an owner.")})
    if owner_user is not KEEP:
        check_owner_user(current.county, owner_user)
    if status == CommitmentStatus.DONE:
        completed_on = completed_on or _today()
        if completed_on < commitment.meeting.date:
            raise ValidationError(
                {"completed_on": _("A commitment cannot be done before it was made.")}
            )
        if completed_on > _today():
            raise ValidationError({"completed_on": _("The completion date is in the future.")})
    else:
        completed_on = None
    current.status = status
    current.completed_on = completed_on
    fields = ["status", "completed_on"]
    if owner is not None:
        current.owner = owner.strip()
        fields.append("owner")
    if owner_user is not KEEP:
        current.owner_user = owner_user
        fields.append("owner_user")
    if due_on is not None:
        current.due_on = due_on
        fields.append("due_on")
    if note is not None:
        current.note = note
        fields.append("note")
    return save_next_version(current, fields, user=user, into=commitment)
