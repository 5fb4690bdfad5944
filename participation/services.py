"""Writes of the participation domain. Views, serializers, commands and tasks call these only.

Every function validates its input and raises django.core.exceptions.ValidationError with a
message a person can act on; it runs in a transaction, so a refused write changes nothing.
Every write records who made it (`_history_user`, kept in the record's history). Stakeholders,
critiques, commitments, investments and experiences carry a `version`: a change based on an
older version (`expected_version`) raises StaleEditError and the newer change is kept; callers
that pass None (the demo, internal steps) are not checked.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties.models import (
    County,
    Dimension,
    FlagshipProject,
    Indicator,
    Observation,
    ProjectFeedback,
)
from counties.periods import Period, parse_period
from counties.services import StaleEditError, WriteReport
from governance.access import require_same_county
from governance.ranges import check_numbers
from governance.templatetags.tavazon import digits, num
from participation import measures
from participation.catalogue import (
    MEASURE_SOURCE,
    PARTICIPATION_DIMENSION,
    PARTICIPATION_INDICATORS,
)
from participation.choices import (
    CONVERTED_FROM,
    COVERAGE_DAYS,
    COVERAGE_TYPES,
    OPEN_COMMITMENT_STATUSES,
    PIPELINE,
    PUBLISHABLE_STATUSES,
    RESPONSE_STATUSES,
    CommitmentStatus,
    CritiqueChannel,
    CritiqueSource,
    InvestmentStage,
    MeetingStatus,
    StakeholderType,
)
from participation.models import (
    CalendarToken,
    Commitment,
    Critique,
    Engagement,
    Experience,
    ExperienceAttachment,
    ExperienceResult,
    Investment,
    InvestmentEvent,
    Meeting,
    MeetingSeries,
    Stakeholder,
)
from participation.models.calendars import new_calendar_key
from participation.queries import normalise_search_text

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from governance.models import User


__all__ = ["StaleEditError"]  # re-exported: views and the API catch it from here

Versioned = TypeVar(
    "Versioned", Stakeholder, Critique, Commitment, Investment, Experience, ProjectFeedback
)


def _today() -> datetime.date:
    return timezone.localdate()


def _set(instance: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(instance, name, value)


def _by(instance: Any, user: User | None) -> Any:
    """Mark who makes the next save of `instance` (kept in its history record)."""
    instance._history_user = user
    return instance


def _locked(instance: Versioned, expected_version: int | None) -> Versioned:
    """The row as stored now, locked until the transaction ends; StaleEditError when someone
    saved it after the version the caller read."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError
    return current


def _save_version(
    current: Versioned, fields: Iterable[str] | None, user: User | None, into: Versioned
) -> Versioned:
    """Save a change of a locked row as its next version, by `user`; the caller's object is
    brought up to date too (pages and the API go on using it)."""
    current.version += 1
    _by(current, user)
    if fields is None:
        current.save()
    else:
        # mypy forgets `fields is not None` when it checks the TypeVar's other models (a mypy bug).
        current.save(update_fields=[*dict.fromkeys([*fields, "version", "updated_at"])])  # type: ignore[misc]
    if into is not current:
        for field in current._meta.concrete_fields:
            setattr(into, field.attname, getattr(current, field.attname))
    return current


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


# --- stakeholders --------------------------------------------------------------------------


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
    target = stakeholder if stakeholder.pk is None else _locked(stakeholder, expected_version)
    _set(target, values)
    target.name = target.name.strip()
    if not target.name:
        raise ValidationError({"name": _("Give the stakeholder a name.")})
    clash = Stakeholder.objects.filter(county_id=target.county_id, name=target.name)
    if clash.exclude(pk=target.pk).exists():
        raise ValidationError({"name": _("This county already has a stakeholder with this name.")})
    if target.pk is None:
        _by(target, user).save()
        if interests is not None:
            target.interests.set(list(interests))  # recorded as a second entry, by `user`
        return target
    if interests is not None:
        _set_m2m_quietly(target, "interests", interests)
    return _save_version(target, None, user, into=stakeholder)


def _set_m2m_quietly(instance: Any, field: str, related: Iterable[Any]) -> None:
    """Change a many-to-many field without a history record of its own: the save that follows
    records the whole change, the new links included."""
    instance.skip_history_when_saving = True
    try:
        getattr(instance, field).set(list(related))
    finally:
        del instance.skip_history_when_saving


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


# --- meetings and commitments ---------------------------------------------------------------


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
            due_on=d.due_on,
            is_demo=is_demo,
        )
        for d in decisions
        if d.due_on is not None  # always: _check_decisions refused a decision without one
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


@transaction.atomic
def update_commitment(
    commitment: Commitment,
    *,
    status: str,
    completed_on: datetime.date | None = None,
    owner: str | None = None,
    due_on: datetime.date | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    user: User | None = None,
) -> Commitment:
    """Change a commitment's status (done needs a completion date), owner or due date;
    StaleEditError if it changed since `expected_version`."""
    current = _locked(commitment, expected_version)
    if owner is not None and not owner.strip():
        raise ValidationError({"owner": _("A commitment must have an owner.")})
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
    if due_on is not None:
        current.due_on = due_on
        fields.append("due_on")
    if note is not None:
        current.note = note
        fields.append("note")
    return _save_version(current, fields, user, into=commitment)


# --- critiques -------------------------------------------------------------------------------


@transaction.atomic
def issue_calendar_token(user: User) -> CalendarToken:
    """Give the user a new calendar subscription secret; any previous link stops working."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.key = new_calendar_key()
        token.created_at = timezone.now()
        token.save(update_fields=["key", "created_at"])
    return token


@transaction.atomic
def revoke_calendar_token(user: User) -> bool:
    """Remove the user's calendar subscription secret; True if there was one."""
    deleted, _rows = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)


@transaction.atomic
def register_critique(
    county: County, values: dict[str, Any], *, user: User | None = None
) -> Critique:
    """Record a critique received from a stakeholder or a citizen (name optional), optionally
    about a current flagship project of the county."""
    critique = Critique(county=county, recorded_by=user)
    _set(critique, values)
    if critique.source == "stakeholder" and critique.stakeholder_id is None:
        raise ValidationError({"stakeholder": _("Choose the stakeholder who raised it.")})
    require_same_county(county, stakeholder=critique.stakeholder)
    if critique.source == "citizen":
        critique.stakeholder = None
    if critique.received_on > _today():
        raise ValidationError({"received_on": _("A critique cannot be received in the future.")})
    check_project(critique.project, county.pk)
    _by(critique, user).save()
    return critique


def feedback_topic(feedback: ProjectFeedback) -> str:
    """The register's topic of a copied feedback: names the project, quotes nothing private."""
    topic = _("Citizen feedback on “%(project)s”") % {"project": feedback.project.title}
    return topic[: Critique._meta.get_field("topic").max_length]


@transaction.atomic
def register_critique_from_feedback(
    feedback: ProjectFeedback, user: User | None = None
) -> tuple[Critique, bool]:
    """Copy a citizen's public project feedback into the critiques register, once.

    Returns (critique, created); feedback dismissed as spam is refused (restore it first).
    The critique is raised by a citizen through the public
    feedback form, about the feedback's project and its challenge, received on the day the
    feedback was sent (Tehran time); the citizen's name goes to the private name field and the
    text to the body, which only those who may see contacts read (Critique.body_is_private).
    Registering the same feedback again returns the critique already made, also when two
    requests race (the one-to-one link is unique in the database).
    """
    existing = Critique.objects.filter(feedback=feedback).first()
    if existing is not None:
        return existing, False
    # Locked, so that a dismissal of the same feedback waits for this registration (or wins).
    if ProjectFeedback.objects.select_for_update().get(pk=feedback.pk).is_dismissed:
        raise ValidationError(
            _("This feedback was dismissed as spam: restore it to register it."),
            code="feedback_dismissed",
        )
    project = feedback.project
    critique = Critique(
        county_id=project.county_id,
        source=CritiqueSource.CITIZEN,
        citizen_name=feedback.name,
        channel=CritiqueChannel.PUBLIC_FEEDBACK,
        topic=feedback_topic(feedback),
        body=feedback.text,
        challenge_id=project.dimension_id,
        project=project,
        feedback=feedback,
        received_on=timezone.localdate(feedback.created_at),
        recorded_by=user,
    )
    try:
        with transaction.atomic():
            _by(critique, user).save()
    except IntegrityError:
        # Another request registered it between the check and the save.
        return Critique.objects.get(feedback=feedback), False
    return critique, True


DISMISSAL_FIELDS = ["dismissed_at", "dismissed_by", "dismissal_reason"]


@transaction.atomic
def dismiss_feedback(
    feedback: ProjectFeedback,
    *,
    reason: str = "",
    expected_version: int | None = None,
    user: User | None = None,
) -> ProjectFeedback:
    """Dismiss a citizen's feedback as spam, saying why if one likes: it no longer waits to be
    registered nor counts, is kept, and can be restored. Refused for feedback already in the
    register; StaleEditError when it changed since `expected_version`."""
    current = _locked(feedback, expected_version)
    reason = reason.strip()
    max_length = ProjectFeedback._meta.get_field("dismissal_reason").max_length
    if len(reason) > max_length:  # type: ignore[operator]
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": digits(max_length)}}
        )
    if Critique.objects.filter(feedback_id=current.pk).exists():
        raise ValidationError(
            _("This feedback is already in the critiques register: it cannot be dismissed."),
            code="feedback_registered",
        )
    if current.is_dismissed:
        return current
    current.dismissed_at = timezone.now()
    current.dismissed_by = user
    current.dismissal_reason = reason
    return _save_version(current, DISMISSAL_FIELDS, user, into=feedback)


@transaction.atomic
def restore_feedback(
    feedback: ProjectFeedback, *, expected_version: int | None = None, user: User | None = None
) -> ProjectFeedback:
    """Bring dismissed feedback back to the feedback waiting to be registered (the dismissal
    stays in its history); StaleEditError when it changed since `expected_version`."""
    current = _locked(feedback, expected_version)
    if not current.is_dismissed:
        return current
    current.dismissed_at = None
    current.dismissed_by = None
    current.dismissal_reason = ""
    return _save_version(current, DISMISSAL_FIELDS, user, into=feedback)


@transaction.atomic
def answer_critique(
    critique: Critique,
    *,
    response: str,
    status: str,
    responded_on: datetime.date,
    user: User | None = None,
    responder_name: str = "",
    decline_reason: str = "",
    is_publishable: bool = False,
    public_summary: str = "",
    expected_version: int | None = None,
) -> Critique:
    """Record the response to a critique: text, by whom, when, and the resulting status.

    Refused (nothing saved): a response dated before the critique was received or in the
    future, no response text, a decline without a reason, publishing a declined critique;
    StaleEditError when the critique changed since `expected_version`.
    """
    current = _locked(critique, expected_version)
    errors: dict[str, list[str]] = {}
    if status not in RESPONSE_STATUSES:
        errors.setdefault("status", []).append(
            _("A response leaves the critique answered, acted on or declined.")
        )
    if not response.strip():
        errors.setdefault("response", []).append(_("Write the response."))
    if responded_on < current.received_on:
        errors.setdefault("responded_on", []).append(
            _(
                "The response date (%(response)s) is before the critique was received "
                "(%(received)s)."
            )
            % {"response": responded_on.isoformat(), "received": current.received_on.isoformat()}
        )
    if responded_on > _today():
        errors.setdefault("responded_on", []).append(_("The response date is in the future."))
    if status == "declined" and not decline_reason.strip():
        errors.setdefault("decline_reason", []).append(
            _("Say why the critique was declined: the reason is kept with it.")
        )
    if is_publishable and status not in PUBLISHABLE_STATUSES:
        errors.setdefault("is_publishable", []).append(
            _("Only answered or acted-on critiques can be published.")
        )
    if errors:
        raise ValidationError(errors)
    current.response = response.strip()
    current.status = status
    current.responded_on = responded_on
    current.responded_by = user
    current.responder_name = responder_name or (
        user.get_full_name() or user.username if user else ""
    )
    current.decline_reason = decline_reason.strip() if status == "declined" else ""
    current.is_publishable = is_publishable
    current.public_summary = public_summary.strip()
    return _save_version(
        current,
        [
            "response",
            "status",
            "responded_on",
            "responded_by",
            "responder_name",
            "decline_reason",
            "is_publishable",
            "public_summary",
        ],
        user,
        into=critique,
    )


# --- investments -----------------------------------------------------------------------------


def _check_jobs(values: dict[str, Any]) -> None:
    errors = {}
    for name in ("expected_jobs", "realized_jobs"):
        jobs = values.get(name)
        if jobs is not None and int(jobs) < 0:
            errors[name] = _("Jobs cannot be negative.")
    amount = values.get("amount_rials")
    if amount is not None and Decimal(amount) < 0:
        errors["amount_rials"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_investment(
    county: County, values: dict[str, Any], *, user: User | None = None
) -> Investment:
    """Add an investor's or entrepreneur's project to the county's pipeline, as a lead."""
    _check_jobs(values)
    require_same_county(county, stakeholder=values.get("stakeholder"))
    investment = Investment(county=county, stage="lead", realized_jobs=0)
    _set(investment, {k: v for k, v in values.items() if k not in ("stage", "realized_jobs")})
    if investment.lead_on > _today():
        raise ValidationError({"lead_on": _("The first contact cannot be in the future.")})
    if Investment.objects.filter(county=county, name=investment.name).exists():
        raise ValidationError({"name": _("This county already has a project with this name.")})
    investment.stage_changed_on = investment.lead_on
    check_numbers(investment)
    _by(investment, user).save()
    InvestmentEvent.objects.create(
        investment=investment,
        date=investment.lead_on,
        stage="lead",
        realized_jobs=0,
        recorded_by=user,
    )
    return investment


@transaction.atomic
def update_investment(
    investment: Investment,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
    user: User | None = None,
) -> Investment:
    """Change an investment's description (not its stage or jobs: see advance_investment);
    StaleEditError if it changed since `expected_version`."""
    current = _locked(investment, expected_version)
    _check_jobs(values)
    require_same_county(current.county_id, stakeholder=values.get("stakeholder"))
    values = {
        k: v for k, v in values.items() if k not in ("stage", "realized_jobs", "county", "version")
    }
    if "name" in values:
        clash = Investment.objects.filter(county_id=current.county_id, name=values["name"])
        if clash.exclude(pk=current.pk).exists():
            raise ValidationError({"name": _("This county already has a project with this name.")})
    _set(current, values)
    check_numbers(current)
    return _save_version(current, values, user, into=investment)


@transaction.atomic
def advance_investment(
    investment: Investment,
    *,
    stage: str,
    date: datetime.date,
    realized_jobs: int | None = None,
    dropped_reason: str = "",
    blocking_agency: str = "",
    note: str = "",
    user: User | None = None,
    expected_version: int | None = None,
) -> Investment:
    """Move an investment forward in the pipeline (or drop it), or report realized jobs.

    Refused: going back, leaving "dropped" or "operating" for another stage, a date before the
    current stage was reached or in the future, negative jobs, dropping without both a reason
    and the blocking agency; StaleEditError if it changed since `expected_version`.
    """
    stored = _locked(investment, expected_version)
    errors: dict[str, str] = {}
    current = stored.stage
    if stage != current:
        if current == "dropped":
            errors["stage"] = _("A dropped investment stays dropped; register it again instead.")
        elif stage == "dropped" and current == "operating":
            errors["stage"] = _("An operating investment cannot be dropped.")
        elif stage != "dropped" and PIPELINE.index(stage) < PIPELINE.index(current):
            errors["stage"] = _(
                "An investment moves forward only: it cannot go back to %(stage)s."
            ) % {"stage": InvestmentStage(stage).label}
    if date < stored.stage_changed_on:
        errors["date"] = _("The date is before the investment reached its current stage.")
    if date > _today():
        errors["date"] = _("The date is in the future.")
    if realized_jobs is not None and realized_jobs < 0:
        errors["realized_jobs"] = _("Jobs cannot be negative.")
    if stage == "dropped":
        if not dropped_reason.strip():
            errors["dropped_reason"] = _("Say why the investment was dropped.")
        if not blocking_agency.strip():
            errors["blocking_agency"] = _(
                "Name the agency that blocked it (or 'none' if the investor withdrew)."
            )
    if errors:
        raise ValidationError(errors)
    jobs = stored.realized_jobs if realized_jobs is None else realized_jobs
    fields = ["realized_jobs"]
    if stage != current:
        stored.stage = stage
        stored.stage_changed_on = date
        fields += ["stage", "stage_changed_on"]
    if stage == "dropped":
        stored.dropped_reason = dropped_reason.strip()
        stored.blocking_agency = blocking_agency.strip()
        fields += ["dropped_reason", "blocking_agency"]
    stored.realized_jobs = jobs
    check_numbers(stored)
    _save_version(stored, fields, user, into=investment)
    InvestmentEvent.objects.create(
        investment=investment,
        date=date,
        stage=stage,
        realized_jobs=jobs,
        note=note,
        recorded_by=user,
    )
    return investment


# --- experiences -----------------------------------------------------------------------------

ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    # extension: (content type served, accepted leading bytes; empty = any UTF-8 text)
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "csv": ("text/csv", ()),
    "txt": ("text/plain", ()),
}


def attachment_limit() -> int:
    return int(getattr(settings, "PARTICIPATION_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


@transaction.atomic
def save_experience(
    experience: Experience,
    values: dict[str, Any],
    *,
    challenges: Iterable[Dimension] | None = None,
    user: User | None = None,
    expected_version: int | None = None,
) -> Experience:
    """Create or update an experience (a draft until published); an update based on an older
    version than the stored one raises StaleEditError."""
    target = experience if experience.pk is None else _locked(experience, expected_version)
    cost = values.get("cost_rials")
    if cost is not None and Decimal(cost) < 0:
        raise ValidationError({"cost_rials": _("The cost cannot be negative.")})
    _set(target, values)
    for name in ("title", "problem", "actions", "results"):
        setattr(target, name, normalise_search_text(getattr(target, name) or "").strip())
    check_numbers(target)
    clash = Experience.objects.filter(county_id=target.county_id, title=target.title)
    if clash.exclude(pk=target.pk).exists():
        raise ValidationError(
            {"title": _("This county already has an experience with this title.")}
        )
    if target.pk is None:
        target.created_by = user
        _by(target, user).save()
        if challenges is not None:
            target.challenges.set(list(challenges))  # recorded as a second entry, by `user`
        return target
    if challenges is not None:
        _set_m2m_quietly(target, "challenges", challenges)
    return _save_version(target, None, user, into=experience)


@transaction.atomic
def publish_experience(
    experience: Experience,
    *,
    publish: bool = True,
    expected_version: int | None = None,
    user: User | None = None,
) -> Experience:
    """Publish an experience to every county's library (or take it back to draft);
    StaleEditError if it changed since `expected_version`."""
    current = _locked(experience, expected_version)
    if publish and not (current.problem.strip() and current.actions.strip()):
        raise ValidationError(_("Describe the problem and what was done before publishing."))
    current.status = "published" if publish else "draft"
    current.published_on = (current.published_on or _today()) if publish else None
    if not publish:
        current.is_featured = False
    return _save_version(current, ["status", "published_on", "is_featured"], user, into=experience)


@transaction.atomic
def feature_experience(
    experience: Experience,
    *,
    user: User,
    featured: bool = True,
    expected_version: int | None = None,
) -> Experience:
    """Ministry staff feature a published experience at the top of the library (or unfeature);
    StaleEditError if it changed since `expected_version`."""
    current = _locked(experience, expected_version)
    if featured and current.status != "published":
        raise ValidationError(_("Only a published experience can be featured."))
    current.is_featured = featured
    current.featured_by = user if featured else None
    current.featured_on = _today() if featured else None
    return _save_version(
        current, ["is_featured", "featured_by", "featured_on"], user, into=experience
    )


@transaction.atomic
def add_experience_result(
    experience: Experience,
    *,
    indicator: Indicator,
    before_value: float,
    after_value: float,
    before_period: str = "",
    after_period: str = "",
    user: User | None = None,
) -> ExperienceResult:
    """Attach a before/after indicator value to an experience (periods checked if given)."""
    periods = {}
    for name, text in (("before_period", before_period), ("after_period", after_period)):
        if text:
            try:
                periods[name] = parse_period(text)
            except ValueError as exc:
                raise ValidationError({name: _("Not a period: %(text)s") % {"text": text}}) from exc
    if (
        len(periods) == 2
        and periods["after_period"].gregorian_start() < periods["before_period"].gregorian_start()
    ):
        raise ValidationError({"after_period": _("The 'after' period is before the 'before' one.")})
    for name, value in (("before_value", before_value), ("after_value", after_value)):
        low, high = indicator.min_value, indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(
                {name: _("%(value)s is outside the indicator's valid range.") % {"value": value}}
            )
    result = ExperienceResult(
        experience=experience,
        indicator=indicator,
        before_value=before_value,
        after_value=after_value,
        before_period=periods["before_period"].key if "before_period" in periods else "",
        after_period=periods["after_period"].key if "after_period" in periods else "",
    )
    check_numbers(result)
    _by(result, user).save()
    return result


def check_attachment(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload, else ValidationError saying why."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = attachment_limit()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; attachments are limited to %(limit)s MB.")
                % {
                    "size": num(upload.size / 1048576, 1),
                    "limit": num(limit / 1048576, 1),
                }
            }
        )
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _("Files of this type are not accepted. Accepted: %(types)s.")
                % {"types": ", ".join(sorted(ATTACHMENT_TYPES))}
            }
        )
    content_type, signatures = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if signatures:
        ok = any(head.startswith(s) for s in signatures)
    else:
        try:
            head.decode("utf-8")
            ok = b"\x00" not in head
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the 2048th byte: retry without the tail.
            try:
                head[:-3].decode("utf-8")
                ok = b"\x00" not in head
            except UnicodeDecodeError:
                ok = False
    if not ok:
        raise ValidationError(
            {"file": _("The file's content does not match its .%(ext)s name.") % {"ext": extension}}
        )
    return extension, content_type


@transaction.atomic
def attach_file(
    experience: Experience, upload: UploadedFile, *, user: User | None = None
) -> ExperienceAttachment:
    """Store an attachment after checking its size and type (by name and by content)."""
    _, content_type = check_attachment(upload)
    attachment = ExperienceAttachment(
        experience=experience,
        token=secrets.token_hex(16),
        original_name=(upload.name or "file")[-200:],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=user,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    _by(attachment, user).save()
    return attachment


@transaction.atomic
def remove_attachment(attachment: ExperienceAttachment, *, user: User | None = None) -> None:
    """Delete an attachment and its file (its history keeps who removed which file, when)."""
    storage, name = attachment.file.storage, attachment.file.name or ""
    _by(attachment, user).delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- participation measures -----------------------------------------------------------------


@transaction.atomic
def ensure_participation_indicators() -> dict[str, Indicator]:
    """Create the `participation` dimension and its derived indicators (left as edited)."""
    defaults = {k: v for k, v in PARTICIPATION_DIMENSION.items() if k != "code"}
    dimension, _created = Dimension.objects.get_or_create(code="participation", defaults=defaults)
    indicators = {}
    for code, (name_fa, name_en, unit, direction, low, high) in PARTICIPATION_INDICATORS.items():
        indicators[code], _created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "dimension": dimension,
                "name_fa": name_fa,
                "name_en": name_en,
                "unit": unit,
                "direction": direction,
                "min_value": low,
                "max_value": high,
                "frequency": "quarterly",
                "source": MEASURE_SOURCE,
            },
        )
    return indicators


def period_window(period: Period) -> measures.Window:
    """The Gregorian days a Jalali period covers."""
    start = period.gregorian_start()
    if period.kind == "year":
        following = Period(period.year + 1)
    elif period.kind == "quarter":
        following = (
            Period(period.year, "quarter", period.index + 1)
            if period.index < 4
            else Period(period.year + 1, "quarter", 1)
        )
    else:
        following = (
            Period(period.year, "month", period.index + 1)
            if period.index < 12
            else Period(period.year + 1, "month", 1)
        )
    return measures.Window(start, following.gregorian_start() - datetime.timedelta(days=1))


def compute_measures(
    activity: measures.CountyActivity, window: measures.Window
) -> dict[str, float | None]:
    """The participation measures of one county's activity over a window."""
    return measures.county_measures(
        activity,
        window,
        coverage_types=COVERAGE_TYPES,
        pipeline=PIPELINE,
        converted_from=CONVERTED_FROM,
        coverage_days=COVERAGE_DAYS,
    )


@transaction.atomic
def store_participation_measures(
    period_key: str, *, county_ids: Iterable[int] | None = None
) -> WriteReport:
    """Compute each county's participation measures for a period and store them as observations.

    Only counties with participation records get values; an undefined measure (nothing to
    measure) stores nothing. Values computed from demo content are flagged synthetic.
    """
    from participation.queries import counties_with_activity, load_activity

    period = parse_period(period_key)
    window = period_window(period)
    if window.start > _today():
        raise ValidationError(
            _("The period %(period)s has not started yet.") % {"period": period.key}
        )
    indicators = ensure_participation_indicators()
    ids = list(county_ids) if county_ids is not None else counties_with_activity()
    activity, demo_counties = load_activity(ids)
    existing = {
        (o.indicator_id, o.county_id): o
        for o in Observation.objects.filter(
            period=period.key,
            area__isnull=True,
            indicator__in=indicators.values(),
            county_id__in=ids,
        )
    }
    report = WriteReport()
    to_create, to_update = [], []
    for county_id in ids:
        values = compute_measures(activity[county_id], window)
        synthetic = county_id in demo_counties
        for code, value in values.items():
            if value is None:
                continue
            value = round(value, 2)
            current = existing.get((indicators[code].pk, county_id))
            if current is None:
                to_create.append(
                    Observation(
                        indicator=indicators[code],
                        county_id=county_id,
                        period=period.key,
                        period_kind=period.kind,
                        period_start=period.gregorian_start(),
                        value=value,
                        source=MEASURE_SOURCE,
                        is_synthetic=synthetic,
                    )
                )
            elif current.value != value or current.is_synthetic != synthetic:
                current.value, current.is_synthetic = value, synthetic
                current.updated_at = timezone.now()
                to_update.append(current)
            else:
                report.unchanged += 1
    # Observations keep their history (who, when, old value): bulk writes record it too.
    bulk_create_with_history(
        to_create, Observation, batch_size=500, default_change_reason="participation measures"
    )
    bulk_update_with_history(
        to_update,
        Observation,
        ["value", "is_synthetic", "updated_at"],
        batch_size=500,
        default_change_reason="participation measures",
    )
    report.created, report.updated = len(to_create), len(to_update)
    return report
