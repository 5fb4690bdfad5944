"""What a notification says, written from its stored values in the active language.

A notification stores the values of its text (`params`: names in both languages, ISO dates,
numbers, what people typed), never the text, so that each reader gets it in their own language
when they read the list or when the e-mail is written (`translation.override(user.language)`).
Each kind's sentences are gettext messages here; the e-mail templates
(templates/notifications/email/) lay them out.

Values people typed (a commitment's title, a comment, a file name, a person's name) are isolated
from the sentence around them: in HTML inside `<bdi dir="auto">`, in plain text between U+2068
and U+2069, so a Latin title keeps its own direction and digits inside Persian prose. Names of
places come in the reader's language; dates and numbers in the reader's calendar and digits.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from governance.templatetags.tavazon import digits, jdate, num, period_label
from notifications.choices import NotificationKind
from submissions.choices import COUNTY_ORIGINS

Params = Mapping[str, Any]


class Typed(str):
    """A value as someone typed it: shown isolated from the sentence around it."""

    __slots__ = ()


@dataclass(frozen=True)
class Text:
    """A translated sentence with %(name)s placeholders and their values, ready to be written
    as plain text (e-mail) or HTML (the list, the e-mail's HTML part)."""

    template: str
    values: Mapping[str, str] = field(default_factory=dict)

    def plain(self) -> str:
        return self.template % {
            k: f"\u2068{v}\u2069" if isinstance(v, Typed) else v for k, v in self.values.items()
        }

    def html(self) -> SafeString:
        values = {
            k: format_html('<bdi dir="auto">{}</bdi>', v) if isinstance(v, Typed) else escape(v)
            for k, v in self.values.items()
        }
        return mark_safe(escape(self.template) % values)  # every part is escaped

    def __str__(self) -> str:
        return self.plain()


def escape(text: str) -> str:
    return str(conditional_escape(text))


@dataclass(frozen=True)
class Message:
    """A notification written out: the e-mail's subject, the sentence the list shows, and
    further lines (a reviewer's comment)."""

    subject: Text
    headline: Text
    details: tuple[Text, ...] = ()


# --- the values, in the reader's language ----------------------------------------------------


def bilingual(obj: Any, attribute: str = "name") -> dict[str, str]:
    """A name in both languages ({"fa": ..., "en": ...}) from `<attribute>_fa`/`_en`."""
    return {
        "fa": getattr(obj, f"{attribute}_fa", "") or "",
        "en": getattr(obj, f"{attribute}_en", "") or "",
    }


def local_name(value: Any) -> str:
    """A stored name in the active language (the other one when it has none)."""
    if isinstance(value, Mapping):
        first, second = ("fa", "en") if get_language() == "fa" else ("en", "fa")
        return str(value.get(first) or value.get(second) or "—")
    return str(value or "—")


def _date(iso: Any) -> str:
    try:
        return jdate(datetime.date.fromisoformat(str(iso)))
    except ValueError:
        return "—"


def typed(value: Any) -> Typed:
    return Typed(str(value or "—"))


# --- each kind's sentences ------------------------------------------------------------------


def _commitment_values(p: Params) -> dict[str, str]:
    return {
        "title": typed(p.get("title")),
        "owner": typed(p.get("owner")),
        "county": local_name(p.get("county")),
        "date": _date(p.get("due_on")),
    }


def _commitment_due(p: Params) -> Message:
    values = _commitment_values(p)
    return Message(
        Text(_("Commitment due on %(date)s: %(title)s"), values),
        Text(
            _(
                "The commitment “%(title)s” of %(county)s county (owner: %(owner)s) is due on "
                "%(date)s and is still open."
            ),
            values,
        ),
    )


def _commitment_overdue(p: Params) -> Message:
    values = _commitment_values(p)
    if not p.get("escalated"):
        return Message(
            Text(_("Overdue commitment: %(title)s"), values),
            Text(
                _(
                    "The commitment “%(title)s” of %(county)s county (owner: %(owner)s) was due "
                    "on %(date)s and is still open."
                ),
                values,
            ),
        )
    days = int(p.get("days") or 0)
    values["days"] = num(days)
    return Message(
        Text(
            ngettext(
                "Overdue for %(days)s day: %(title)s", "Overdue for %(days)s days: %(title)s", days
            ),
            values,
        ),
        Text(
            ngettext(
                "The commitment “%(title)s” of %(county)s county (owner: %(owner)s) is %(days)s "
                "day overdue: it was due on %(date)s.",
                "The commitment “%(title)s” of %(county)s county (owner: %(owner)s) is %(days)s "
                "days overdue: it was due on %(date)s.",
                days,
            ),
            values,
        ),
    )


def _submission_values(p: Params) -> dict[str, str]:
    return {
        "person": typed(p.get("person")),
        "county": local_name(p.get("county")),
        "period": period_label(str(p.get("period") or "")),
        "file": typed(p.get("file")),
        "comment": typed(p.get("comment")),
    }


def _submission_waiting(p: Params) -> Message:
    values = _submission_values(p)
    if p.get("origin") in COUNTY_ORIGINS:
        return Message(
            Text(_("Figures to review: %(county)s, %(period)s"), values),
            Text(
                _(
                    "%(person)s sent the figures of %(county)s county for %(period)s for "
                    "approval; they wait for your review."
                ),
                values,
            ),
        )
    return Message(
        Text(_("A file to review: %(file)s"), values),
        Text(_("%(person)s uploaded a file (%(file)s) whose values wait for your review."), values),
    )


def _submission_returned(p: Params) -> Message:
    values = _submission_values(p)
    comment = (Text(_("Comment: %(comment)s"), values),)
    if p.get("origin") in COUNTY_ORIGINS:
        return Message(
            Text(_("Figures returned for correction: %(county)s, %(period)s"), values),
            Text(
                _(
                    "%(person)s returned the figures of %(county)s county for %(period)s for "
                    "correction."
                ),
                values,
            ),
            comment,
        )
    return Message(
        Text(_("File returned for correction: %(file)s"), values),
        Text(_("%(person)s returned your file (%(file)s) for correction."), values),
        comment,
    )


def _project_feedback(p: Params) -> Message:
    values = {
        "project": typed(local_name(p.get("project"))),
        "county": local_name(p.get("county")),
    }
    details: tuple[Text, ...] = ()
    if p.get("rating"):
        details = (Text(_("Rating: %(rating)s out of 5"), {"rating": digits(p["rating"])}),)
    return Message(
        Text(_("Citizen feedback on %(project)s"), values),
        Text(
            _("A citizen wrote about the public project “%(project)s” of %(county)s county."),
            values,
        ),
        details,
    )


def _briefing_ready(p: Params) -> Message:
    values = {"province": local_name(p.get("province"))}
    if p.get("status") == "failed":
        return Message(
            Text(_("Briefing pack not made: %(province)s"), values),
            Text(
                _(
                    "The briefing pack of %(province)s province that you asked for could not "
                    "be made."
                ),
                values,
            ),
        )
    return Message(
        Text(_("Briefing pack ready: %(province)s"), values),
        Text(
            _(
                "The briefing pack of %(province)s province that you asked for is ready to "
                "download."
            ),
            values,
        ),
    )


WRITERS: dict[str, Callable[[Params], Message]] = {
    NotificationKind.COMMITMENT_DUE: _commitment_due,
    NotificationKind.COMMITMENT_OVERDUE: _commitment_overdue,
    NotificationKind.SUBMISSION_WAITING: _submission_waiting,
    NotificationKind.SUBMISSION_RETURNED: _submission_returned,
    NotificationKind.PROJECT_FEEDBACK: _project_feedback,
    NotificationKind.BRIEFING_READY: _briefing_ready,
}


def message(kind: str, params: Params) -> Message:
    """The notification of `kind` with `params`, in the active language."""
    writer = WRITERS.get(kind)
    if writer is None:  # a kind no longer known: say what it was, never fail the page
        return Message(
            Text("%(kind)s", {"kind": typed(kind)}), Text("%(kind)s", {"kind": typed(kind)})
        )
    return writer(params)
