"""Change history pages: who changed what, when, for each record people edit.

Whoever may read a record reads its history (governance.access through county_for, or the
library's rule for experiences); personal contact values are shown only to those who may see
the county's contacts.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

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
from participation.views.common import county_context, county_for
from participation.views.experiences import readable_experience


def _page(
    request: HttpRequest,
    county: County,
    section: str,
    *,
    title: str,
    back: str,
    crumbs: list[tuple[str, str]],
    sources: list[Source],
) -> HttpResponse:
    """The county's history page of one record; contact values only for those who may see them."""
    context = county_context(request, county, section)
    context.update(
        {
            "title": title,
            "back": back,
            "crumbs": crumbs,
            "entries": build_entries(sources, show_private=context["can_view_contacts"]),
        }
    )
    return render(request, "participation/history.html", context)


@login_required
def stakeholder_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A stakeholder's changes and its engagement log's."""
    county = county_for(request, code)
    stakeholder = get_object_or_404(Stakeholder.objects.only("name"), pk=pk, county=county)
    return _page(
        request,
        county,
        "stakeholders",
        title=stakeholder.name,
        back=reverse("participation:stakeholder", args=[county.code, pk]),
        crumbs=[(_("Middle rings"), reverse("participation:stakeholders", args=[county.code]))],
        sources=[
            Source(
                Stakeholder.history.filter(id=pk),
                _("Stakeholder"),
                "name",
                STAKEHOLDER_CONTACT_FIELDS,
            ),
            Source(Engagement.history.filter(stakeholder_id=pk), _("Engagement"), "topic"),
        ],
    )


@login_required
def meeting_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A meeting's changes and those of the commitments decided at it."""
    county = county_for(request, code)
    meeting = get_object_or_404(Meeting.objects.only("title"), pk=pk, county=county)
    return _page(
        request,
        county,
        "meetings",
        title=meeting.title,
        back=reverse("participation:meeting", args=[county.code, pk]),
        crumbs=[
            (_("Meetings and commitments"), reverse("participation:meetings", args=[county.code]))
        ],
        sources=[
            Source(Meeting.history.filter(id=pk), _("Meeting"), "title"),
            Source(Commitment.history.filter(meeting_id=pk), _("Commitment"), "title"),
        ],
    )


@login_required
def series_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A meeting series' changes (name, periodicity, place, invited groups, active)."""
    county = county_for(request, code)
    series = get_object_or_404(MeetingSeries.objects.only("name"), pk=pk, county=county)
    return _page(
        request,
        county,
        "meetings",
        title=series.name,
        back=reverse("participation:meetings", args=[county.code]),
        crumbs=[
            (_("Meetings and commitments"), reverse("participation:meetings", args=[county.code]))
        ],
        sources=[Source(MeetingSeries.history.filter(id=pk), _("Meeting series"), "name")],
    )


@login_required
def commitment_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A commitment's changes: status, owner, due date, and each time it was carried forward."""
    county = county_for(request, code)
    commitment = get_object_or_404(
        Commitment.objects.only("title", "meeting_id"), pk=pk, county=county
    )
    return _page(
        request,
        county,
        "meetings",
        title=commitment.title,
        back=reverse("participation:meeting", args=[county.code, commitment.meeting_id]),
        crumbs=[
            (_("Meetings and commitments"), reverse("participation:meetings", args=[county.code]))
        ],
        sources=[Source(Commitment.history.filter(id=pk), _("Commitment"), "title")],
    )


@login_required
def critique_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A critique's changes: its response, status, publication; a citizen's details withheld."""
    county = county_for(request, code)
    critique = get_object_or_404(Critique.objects.only("topic"), pk=pk, county=county)
    return _page(
        request,
        county,
        "critiques",
        title=critique.topic,
        back=reverse("participation:critique", args=[county.code, pk]),
        crumbs=[(_("Critiques"), reverse("participation:critiques", args=[county.code]))],
        sources=[
            Source(
                Critique.history.filter(id=pk),
                _("Critique"),
                "topic",
                critique_private_fields(CRITIQUE_CONTACT_FIELDS),
            )
        ],
    )


@login_required
def investment_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An investment's changes: description, stage and jobs (each move is also an event)."""
    county = county_for(request, code)
    investment = get_object_or_404(Investment.objects.only("name"), pk=pk, county=county)
    return _page(
        request,
        county,
        "investments",
        title=investment.name,
        back=reverse("participation:investment", args=[county.code, pk]),
        crumbs=[(_("Investors"), reverse("participation:investments", args=[county.code]))],
        sources=[
            Source(
                Investment.history.filter(id=pk), _("Investment"), "name", INVESTMENT_CONTACT_FIELDS
            )
        ],
    )


@login_required
def experience_history(request: HttpRequest, pk: int) -> HttpResponse:
    """An experience's changes, its results and attachments (added, removed)."""
    access.require(access.can_browse_nation(request.user))
    experience = readable_experience(request, pk)
    sources: list[Source] = [
        Source(
            Experience.history.filter(id=pk), _("Experience"), "title", EXPERIENCE_CONTACT_FIELDS
        ),
        Source(ExperienceResult.history.filter(experience_id=pk), _("Result"), "indicator"),
        Source(
            ExperienceAttachment.history.filter(experience_id=pk), _("Attachment"), "original_name"
        ),
    ]
    show_private = access.can_view_contacts(request.user, experience.county)
    context: dict[str, Any] = {
        "title": experience.title,
        "back": reverse("participation:experience", args=[pk]),
        "entries": build_entries(sources, show_private=show_private),
        "can_view_contacts": show_private,
    }
    return render(request, "participation/experience_history.html", context)
