"""Dismissing citizens' project feedback as spam, and restoring it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.templatetags.tavazon import digits
from governance.versioning import lock_current, save_next_version
from participation.models import Critique
from projects.models import ProjectFeedback

if TYPE_CHECKING:
    from governance.models import User


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
    current = lock_current(feedback, expected_version)
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
    return save_next_version(current, DISMISSAL_FIELDS, user=user, into=feedback)


@transaction.atomic
def restore_feedback(
    feedback: ProjectFeedback, *, expected_version: int | None = None, user: User | None = None
) -> ProjectFeedback:
    """Bring dismissed feedback back to the feedback waiting to be registered (the dismissal
    stays in its history); StaleEditError when it changed since `expected_version`."""
    current = lock_current(feedback, expected_version)
    if not current.is_dismissed:
        return current
    current.dismissed_at = None
    current.dismissed_by = None
    current.dismissal_reason = ""
    return save_next_version(current, DISMISSAL_FIELDS, user=user, into=feedback)
