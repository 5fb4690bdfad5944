"""Writes of notifications: record an event for its recipients once, e-mail it in each
recipient's language, mark it read, and keep each user's e-mail choices.

`notify` is the one way an event becomes notifications (notifications/events.py says who gets
what). The same event (`dedupe_key`) is recorded once per recipient, whatever runs it how many
times (a second run of beat, a retried task): the row exists, nothing is recorded or sent again.
An e-mail is sent at most once: its row is marked sent before the mail goes out, and back to
pending if the mail server refused it (the next run of `send_emails` tries again).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from governance.compiled import CompiledQuery
from governance.queueing import enqueue_after_commit
from notifications.choices import EmailStatus, NotificationKind
from notifications.messages import message
from notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from governance.models import User

logger = logging.getLogger(__name__)

# How the new notifications of `notify` are e-mailed: "now", in this process once the
# transaction commits (beat, the worker); "queued", by a Celery task once it commits (a request
# never waits for the mail server); "later", left pending for the caller's own `send_emails`
# (one connection for a whole run); "never", in the site only.
EmailWhen = Literal["now", "queued", "later", "never"]

# A pending e-mail (the mail server was down) is tried again by every run of `send_emails`
# without ids for this long after its notification was recorded; then it stays unsent.
EMAIL_RETRY_DAYS = 3


def absolute(path: str) -> str:
    """A link on this site as mails write it: SITE_URL and the path."""
    return settings.SITE_URL.rstrip("/") + (path or reverse("notifications:list"))


def email_refused(users: Sequence[User], kinds: Iterable[str]) -> set[tuple[int, str]]:
    """(user id, kind) of every e-mail the users turned off among `kinds` (one query)."""
    rows = NotificationPreference.objects.filter(
        user__in=[u.pk for u in users], kind__in=list(kinds), email=False
    ).values_list("user_id", "kind")
    return set(rows)


def _not_told(recipients: Iterable[User], dedupe_key: str) -> list[User]:
    """The distinct active recipients who have not had the event yet (one query; a daily run
    usually finds nobody new)."""
    users: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.is_active:
            users.setdefault(user.pk, user)
    told = set(
        Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=list(users)).values_list(
            "recipient_id", flat=True
        )
    )
    return [user for pk, user in users.items() if pk not in told]


def _mail_after_commit(ids: list[int], email: EmailWhen) -> None:
    if not ids:
        return
    if email == "queued":
        from notifications.tasks import send_notification_emails

        # The broker down: the rows stay pending and the next daily run sends them.
        enqueue_after_commit(send_notification_emails, ids)
    elif email == "now":
        transaction.on_commit(lambda: send_emails(ids))


@transaction.atomic
def notify(
    recipients: Iterable[User],
    kind: str,
    params: Mapping[str, Any],
    link: str,
    dedupe_key: str,
    *,
    email: EmailWhen = "now",
) -> list[Notification]:
    """Record the event `dedupe_key` for each active recipient that has not had it yet, and
    e-mail them (see EmailWhen) if they have an address and want e-mails of this `kind`.
    Returns the notifications recorded now (none when every recipient had it already)."""
    dedupe_key = dedupe_key[:200]
    users = _not_told(recipients, dedupe_key)
    if not users:
        return []
    refused = email_refused(users, [kind]) if email != "never" else set()
    created = []
    for user in users:
        mailed = email != "never" and bool(user.email) and (user.pk, kind) not in refused
        notification, new = Notification.objects.get_or_create(
            recipient=user,
            dedupe_key=dedupe_key,
            defaults={
                "kind": kind,
                "params": dict(params),
                "link": link[:500],
                "email_status": EmailStatus.PENDING if mailed else EmailStatus.SKIPPED,
            },
        )
        if new:  # a concurrent run may have recorded it meanwhile
            created.append(notification)
    _mail_after_commit([n.pk for n in created if n.email_status == EmailStatus.PENDING], email)
    return created


# --- e-mail ---------------------------------------------------------------------------------


def email_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of a notification, in its recipient's language: plain text with an HTML
    alternative (templates/notifications/email/)."""
    user = notification.recipient
    with translation.override(user.language):
        written = message(notification.kind, notification.params)
        context = {
            "user": user,
            "message": written,
            "link": absolute(notification.link),
            "preferences_link": absolute(reverse("notifications:preferences")),
            "list_link": absolute(reverse("notifications:list")),
            "LANG": translation.get_language(),
            "IS_RTL": translation.get_language_bidi(),
        }
        subject = render_to_string("notifications/email/subject.txt", context)
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    mail = EmailMultiAlternatives(
        " ".join(subject.split()),
        text,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},  # RFC 3834: no out-of-office replies
    )
    mail.attach_alternative(html, "text/html")
    return mail


def _claim(notification: Notification) -> bool:
    """Mark the notification's e-mail sent unless another run did: True if this run sends it."""
    return bool(
        Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.SENT, emailed_at=timezone.now()
        )
    )


def _release(notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        email_status=EmailStatus.PENDING, emailed_at=None
    )


def _pending(ids: Sequence[int] | None) -> list[Notification]:
    rows = Notification.objects.filter(email_status=EmailStatus.PENDING).select_related("recipient")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    else:
        since = timezone.now() - datetime.timedelta(days=EMAIL_RETRY_DAYS)
        rows = rows.filter(created_at__gte=since)
    return list(rows.order_by("created_at", "pk"))


def send_emails(ids: Sequence[int] | None = None) -> int:
    """E-mail the pending notifications `ids` (None: every one recorded in the last
    EMAIL_RETRY_DAYS days) over one connection to the mail server; returns how many were sent.
    A recipient who has meanwhile lost their address or turned the kind off is skipped. When
    the server refuses a mail, that one and the rest stay pending for the next run."""
    rows = _pending(ids)
    if not rows:
        return 0
    refused = email_refused([n.recipient for n in rows], {n.kind for n in rows})
    sent = 0
    connection = get_connection()
    try:
        connection.open()  # one connection for them all (send_messages alone opens one each)
    except Exception:
        logger.exception("the mail server is unreachable: %s e-mails wait", len(rows))
        return 0
    try:
        for notification in rows:
            user = notification.recipient
            if not user.is_active or not user.email or (user.pk, notification.kind) in refused:
                Notification.objects.filter(pk=notification.pk).update(
                    email_status=EmailStatus.SKIPPED
                )
                continue
            if not _claim(notification):
                continue  # another run sent it
            try:
                connection.send_messages([email_message(notification)])
            except Exception:
                logger.exception("notification %s: the e-mail was not sent", notification.pk)
                _release(notification)
                break  # the server is likely down: the rest wait for the next run
            sent += 1
    finally:
        connection.close()
    return sent


# --- reading ---------------------------------------------------------------------------------


def mark_read(notification: Notification) -> Notification:
    """Mark one notification read (it stays read)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; how many there were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _unread_of(user_id: int) -> Any:
    return (
        Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread")
    )


# Every page's navigation bar counts them: compiled once (governance.compiled), the count costs
# an index lookup, not the ORM's compiling of an aggregate.
_UNREAD = CompiledQuery(_unread_of, numbers=1)


def unread_count(user: Any) -> int:
    """The user's unread notifications (one COUNT query; none for anonymous visitors)."""
    if not user.is_authenticated:
        return 0
    found = _UNREAD.first(user.pk)
    return int(found[0]) if found else 0


# --- preferences -----------------------------------------------------------------------------


def email_preferences(user: User) -> dict[str, bool]:
    """Whether the user wants e-mails of each kind (yes unless turned off)."""
    off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in off for kind in NotificationKind.values}


@transaction.atomic
def set_email_preferences(user: User, choices: Mapping[str, bool]) -> dict[str, bool]:
    """Store which kinds the user wants by e-mail (kinds left out keep their choice)."""
    for kind, wanted in choices.items():
        if kind in NotificationKind.values:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": bool(wanted)}
            )
    return email_preferences(user)
