"""Secret links with which a calendar application subscribes to a user's meeting calendars."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_calendar_key() -> str:
    """A random URL-safe secret (256 bits)."""
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A user's calendar subscription secret: reads the .ics feeds with that user's rights.

    One per user; regenerating replaces the key (the old link stops working), revoking deletes
    the row. The key is kept readable so the meetings page can show the link again, as calendar
    services do; it gives nothing but the meeting calendars the user may read.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_calendar_key)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.user)
