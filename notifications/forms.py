"""The e-mail preferences form: one checkbox per kind of notification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms import PersianForm
from notifications.choices import NotificationKind as Kind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _choice(kind: Kind, help_text: StrOrPromise) -> forms.BooleanField:
    field = forms.BooleanField(label=kind.label, required=False, help_text=help_text)
    field.widget.attrs["class"] = "form-check-input"
    return field


class EmailPreferencesForm(PersianForm):
    """Which notifications the user also gets by e-mail (the list shows every one)."""

    commitment_due = _choice(
        Kind.COMMITMENT_DUE,
        _(
            "Shortly before its due date, to the commitment's owner (without an owner's "
            "account, to the county's governors)."
        ),
    )
    commitment_overdue = _choice(
        Kind.COMMITMENT_OVERDUE,
        _(
            "Once it is past its due date, to its owner; when it is still open days later, to "
            "the province's officers too."
        ),
    )
    submission_waiting = _choice(
        Kind.SUBMISSION_WAITING,
        _("When figures are sent for approval, to those who may approve them."),
    )
    submission_returned = _choice(
        Kind.SUBMISSION_RETURNED,
        _("When a reviewer returns figures you sent, with the reviewer's comment."),
    )
    project_feedback = _choice(
        Kind.PROJECT_FEEDBACK,
        _("When a citizen writes on a public project page, to the county's governors."),
    )
    briefing_ready = _choice(
        Kind.BRIEFING_READY,
        _("When a province briefing pack you asked for is ready (or could not be made)."),
    )
