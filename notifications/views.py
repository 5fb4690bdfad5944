"""The signed-in user's notifications: the list (newest first, unread highlighted), marking them
read, and which kinds also come by e-mail. Everyone sees and changes only their own: another
user's notification is 404, as if it did not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.http import signed_in_user
from notifications import services
from notifications.choices import NotificationKind
from notifications.forms import EmailPreferencesForm
from notifications.messages import message
from notifications.models import Notification

PAGE_SIZE = 50


def _own(request: HttpRequest, pk: int) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=signed_in_user(request))


def _row(notification: Notification) -> dict[str, Any]:
    return {
        "notification": notification,
        "message": message(notification.kind, notification.params),
    }


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, 50 a page."""
    rows = Notification.objects.filter(recipient=signed_in_user(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": [_row(n) for n in page.object_list],
            "unread": services.unread_count(request.user),
        },
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:list")
    return redirect(target)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read. Through htmx: the row again, and the navbar's count."""
    notification = services.mark_read(_own(request, pk))
    if getattr(request, "htmx", False):
        return render(
            request,
            "notifications/_read_response.html",
            {**_row(notification), "unread": services.unread_count(request.user)},
        )
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the user read."""
    if services.mark_all_read(signed_in_user(request)):
        messages.success(request, _("Every notification is marked as read."))
    return _back_to_list(request)


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = services.mark_read(_own(request, pk))
    link = notification.link
    if not link or not url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        link = reverse("notifications:list")  # only links on this site are followed
    return redirect(link)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """A checkbox per kind: whether it also comes by e-mail."""
    user = signed_in_user(request)
    form = EmailPreferencesForm(request.POST or None, initial=services.email_preferences(user))
    if request.method == "POST" and form.is_valid():
        services.set_email_preferences(
            user, {kind: bool(form.cleaned_data[kind]) for kind in NotificationKind.values}
        )
        messages.success(request, _("Your e-mail preferences were saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(user.email)},
    )
