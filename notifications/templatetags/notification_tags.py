"""The navbar's link to the notifications with the number of unread ones."""

from __future__ import annotations

from typing import Any

from django import template

from notifications.services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def notifications_badge(context: template.Context) -> dict[str, Any]:
    """The link and its count: one COUNT query for a signed-in user, none for anyone else (and
    none on pages drawn without a request, such as the 500 page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_count(user)}
