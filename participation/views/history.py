"""Change history pages: who changed what, when, for each record people edit.

One view, `record_history`, serves every county record; each kind is declared once as a
`HistoryPage` (passed from participation/urls.py): which rows its history includes, what is
private, where it sits in the county's pages (and any rule beyond the county's: citizens'
feedback is read only by those who may read it). Whoever may read a record reads its history
(governance.access through county_for, or the library's rule for experiences); personal contact
values are shown only to those who may see the county's contacts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from counties.models import County
from governance import access
from participation.history import Source, build_entries, critique_private_fields
from participation.models import (
    Commitment,
    Critique,
    Engagement,
    Experience,
    ExperienceAttachment,
    ExperienceResult,
    Investment,
    Meeting,
    MeetingSeries,
    Stakeholder,
)
from participation.models.critiques import CRITIQUE_CONTACT_FIELDS
from participation.models.experiences import EXPERIENCE_CONTACT_FIELDS
from participation.models.investments import INVESTMENT_CONTACT_FIELDS
from participation.models.stakeholders import STAKEHOLDER_CONTACT_FIELDS
from participation.services.critiques import feedback_topic
from participation.views.common import county_context, county_for
from participation.views.experiences import readable_experience
from projects.models import ProjectFeedback

if TYPE_CHECKING:
    from governance.access import AnyUser

Label = str | Promise


@dataclass(frozen=True)
class Part:
    """Rows of another kind shown in a record's history: a stakeholder's engagements."""

    model: type[models.Model]
    link: str  # the field naming the record: "stakeholder_id"
    label: Label
    name_field: str

    def source(self, pk: int) -> Source:
        records = self.model.history.filter(**{self.link: pk})  # type: ignore[attr-defined]
        return Source(records, str(self.label), self.name_field)


@dataclass(frozen=True)
class HistorySources:
    """Whose history a record's page lists: the record itself, then its parts."""

    model: type[models.Model]
    label: Label
    name_field: str  # names the record (and each of its history entries)
    private: Collection[str] | Callable[[Any], Collection[str]] = ()
    parts: tuple[Part, ...] = ()

    def sources(self, pk: int) -> list[Source]:
        records = self.model.history  # type: ignore[attr-defined]
        own = Source(records.filter(id=pk), str(self.label), self.name_field, self.private)
        return [own, *(part.source(pk) for part in self.parts)]


@dataclass(frozen=True)
class HistoryPage:
    """A county record's history page: its sources, its tab, its list and the page it is of."""

    of: HistorySources
    section: str  # the county's tab
    list_url: str  # URL name of the list it belongs to (the breadcrumb)
    list_label: Label
    back_url: str  # URL name of the record's own page
    back_field: str | None = "pk"  # the record's field that URL takes; None: the county's only
    county_field: str = "county"  # how the record belongs to the county
    may_read: Callable[[AnyUser, County], bool] | None = None  # a rule beyond the county's
    title: Callable[[Any], str] | None = None  # the page's title; else the record's name


@login_required
def record_history(request: HttpRequest, code: str, pk: int, page: HistoryPage) -> HttpResponse:
    """The history of one record of the county, for whoever may read the county's records;
    a record that is not the county's is unknown here (404)."""
    county = county_for(request, code)
    if page.may_read is not None:
        access.require(page.may_read(request.user, county))
    fields = [page.of.name_field]
    if page.back_field not in (None, "pk"):
        fields.append(page.back_field)
    records = page.of.model._default_manager.only(*fields)
    record = get_object_or_404(records, pk=pk, **{page.county_field: county})
    context = county_context(request, county, page.section)
    context.update(
        {
            "title": page.title(record) if page.title else getattr(record, page.of.name_field),
            "back": _back(page, county, record),
            "crumbs": [(page.list_label, reverse(page.list_url, args=[county.code]))],
            "entries": build_entries(
                page.of.sources(pk), show_private=context["can_view_contacts"]
            ),
        }
    )
    return render(request, "participation/history.html", context)


def _back(page: HistoryPage, county: County, record: Any) -> str:
    args = [county.code]
    if page.back_field is not None:
        args.append(getattr(record, page.back_field))
    return reverse(page.back_url, args=args)


@login_required
def experience_history(request: HttpRequest, pk: int) -> HttpResponse:
    """An experience's changes, its results and attachments (added, removed): the library's
    rule, not a county's, says who reads it."""
    access.require(access.can_browse_nation(request.user))
    experience = readable_experience(request, pk)
    show_private = access.can_view_contacts(request.user, experience.county)
    context: dict[str, Any] = {
        "title": experience.title,
        "back": reverse("participation:experience", args=[pk]),
        "entries": build_entries(EXPERIENCE.sources(pk), show_private=show_private),
        "can_view_contacts": show_private,
    }
    return render(request, "participation/experience_history.html", context)


MEETINGS = ("participation:meetings", _("Meetings and commitments"))

STAKEHOLDER = HistoryPage(
    HistorySources(
        Stakeholder,
        _("Stakeholder"),
        "name",
        STAKEHOLDER_CONTACT_FIELDS,
        (Part(Engagement, "stakeholder_id", _("Engagement"), "topic"),),
    ),
    "stakeholders",
    "participation:stakeholders",
    _("Middle rings"),
    "participation:stakeholder",
)
MEETING = HistoryPage(
    HistorySources(
        Meeting,
        _("Meeting"),
        "title",
        parts=(Part(Commitment, "meeting_id", _("Commitment"), "title"),),
    ),
    "meetings",
    *MEETINGS,
    "participation:meeting",
)
SERIES = HistoryPage(
    HistorySources(MeetingSeries, _("Meeting series"), "name"),
    "meetings",
    *MEETINGS,
    "participation:meetings",
    back_field=None,
)
COMMITMENT = HistoryPage(
    HistorySources(Commitment, _("Commitment"), "title"),
    "meetings",
    *MEETINGS,
    "participation:meeting",
    back_field="meeting_id",
)
CRITIQUE = HistoryPage(
    HistorySources(
        Critique, _("Critique"), "topic", critique_private_fields(CRITIQUE_CONTACT_FIELDS)
    ),
    "critiques",
    "participation:critiques",
    _("Critiques"),
    "participation:critique",
)
INVESTMENT = HistoryPage(
    HistorySources(Investment, _("Investment"), "name", INVESTMENT_CONTACT_FIELDS),
    "investments",
    "participation:investments",
    _("Investors"),
    "participation:investment",
)
FEEDBACK = HistoryPage(
    # Dismissals as spam and restorations; what the citizen wrote is private like contacts.
    HistorySources(ProjectFeedback, _("Citizen feedback"), "project", ("name", "text")),
    "critiques",
    "participation:feedback",
    _("Citizens' feedback to register"),
    "participation:feedback",
    back_field=None,
    county_field="project__county",
    may_read=access.can_view_citizen_feedback,
    title=feedback_topic,
)
EXPERIENCE = HistorySources(
    Experience,
    _("Experience"),
    "title",
    EXPERIENCE_CONTACT_FIELDS,
    (
        Part(ExperienceResult, "experience_id", _("Result"), "indicator"),
        Part(ExperienceAttachment, "experience_id", _("Attachment"), "original_name"),
    ),
)
