"""Invitations to set a password: one e-mail per account, in the account's own language, with a
one-time link to Django's password reset confirm view; all sent through one mail connection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

if TYPE_CHECKING:
    from governance.models import User


def set_password_link(user: User) -> str:
    """The absolute one-time link at which `user` sets a password (it expires after
    PASSWORD_RESET_TIMEOUT, and once the password is set)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def invitation(user: User) -> EmailMessage:
    """The invitation of `user`, written in the user's language."""
    with translation.override(user.language):
        context = {
            "user": user,
            "link": set_password_link(user),
            "site_url": settings.SITE_URL,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = render_to_string("governance/email/invitation_subject.txt", context)
        body = render_to_string("governance/email/invitation.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[user.email])


def send_invitations(users: Sequence[User]) -> int:
    """Send every invitation through one connection to the mail server; the number sent."""
    messages = [invitation(user) for user in users]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
