"""Calendar subscription secrets (the meetings' iCalendar feed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from participation.models import CalendarToken
from participation.models.calendars import new_calendar_key

if TYPE_CHECKING:
    from governance.models import User


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
