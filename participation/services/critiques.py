"""Writes of the critiques register: critiques, their responses, copies of project feedback."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from counties.models import County
from governance.access import require_same_county
from governance.dates import display_date
from governance.versioning import lock_current, save_next_version
from participation.choices import (
    PUBLISHABLE_STATUSES,
    RESPONSE_STATUSES,
    CritiqueChannel,
    CritiqueSource,
)
from participation.models import Critique
from participation.services.common import _by, _set, _today, check_project
from projects.models import ProjectFeedback

if TYPE_CHECKING:
    from governance.models import User


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
    current = lock_current(critique, expected_version)
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
            % {
                "response": display_date(responded_on),
                "received": display_date(current.received_on),
            }
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
    return save_next_version(
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
        user=user,
        into=critique,
    )
