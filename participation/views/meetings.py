"""Part 2: periodic meetings, their decisions and the commitment ledger; iCalendar export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.models import County
from governance import access
from governance.http import signed_in_user
from participation import ics, queries, services
from participation.choices import StakeholderType
from participation.forms import (
    CommitmentForm,
    DecisionRowForm,
    MeetingForm,
    MeetingOutcomeForm,
    MeetingSeriesForm,
)
from participation.models import CalendarToken, Commitment, Meeting, MeetingSeries
from participation.views.common import (
    county_context,
    county_for,
    county_page,
    form_page,
    require_change_to_post,
    save_change,
    save_form,
)


@login_required
def meeting_list(request: HttpRequest, code: str) -> HttpResponse:
    """Series with their periods (held, missed), upcoming and past meetings, open commitments."""
    county = county_for(request, code)
    today = timezone.localdate()
    meetings = Meeting.objects.filter(county=county).select_related("series")
    return county_page(
        request,
        county,
        "meetings",
        "participation/meeting_list.html",
        {
            "series": queries.series_overview(county.pk, today),
            "upcoming": meetings.filter(status="scheduled").order_by("starts_at"),
            "past": meetings.exclude(status="scheduled").order_by("-starts_at")[:30],
            "open_commitments": Commitment.objects.open()
            .filter(county=county)
            .select_related("meeting", "current_meeting")
            .order_by("due_on"),
            "today": today,
            "calendar_url": _calendar_url(request, county),
        },
    )


def _calendar_url(request: HttpRequest, county: County) -> str:
    """The user's secret subscription link to this county's calendar ("" if none was made)."""
    token = CalendarToken.objects.filter(user=signed_in_user(request)).first()
    if token is None:
        return ""
    path = reverse("participation:meetings-ics-feed", args=[county.code, token.key])
    return request.build_absolute_uri(path)


@login_required
def series_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    county = county_for(request, code, change=True)
    series = (
        get_object_or_404(MeetingSeries, pk=pk, county=county)
        if pk
        else MeetingSeries(county=county)
    )
    form = MeetingSeriesForm(request.POST or None, instance=series)
    saved = save_form(
        request,
        form,
        lambda: services.save_meeting_series(
            series, form.cleaned_data, user=signed_in_user(request)
        ),
        done=_("The meeting series was saved."),
    )
    if saved is not None:
        return redirect("participation:meetings", code=county.code)
    return form_page(
        request,
        county_context(request, county, "meetings"),
        form,
        title=_("Edit meeting series") if pk else _("New meeting series"),
        cancel_url=reverse("participation:meetings", args=[county.code]),
    )


@login_required
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    """Schedule a meeting; open commitments of its series roll onto it."""
    county = county_for(request, code, change=True)
    initial = {}
    series_id = request.GET.get("series")
    if series_id:
        series = MeetingSeries.objects.filter(county=county, pk=series_id).first()
        if series:
            initial = {
                "series": series,
                "title": series.name,
                "kind": series.kind,
                "place": series.place,
                "invited_groups": series.invited_groups,
            }
    form = MeetingForm(request.POST or None, county=county, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.schedule_meeting(
            county,
            title=data["title"],
            kind=data["kind"],
            starts_at=form.starts_at(),
            series=data["series"],
            place=data["place"],
            invited_groups=data["invited_groups"],
            agenda=data["agenda"],
            duration_minutes=data["duration_minutes"],
            user=signed_in_user(request),
        )
        messages.success(request, _("The meeting was scheduled."))
        return redirect("participation:meeting", code=county.code, pk=meeting.pk)
    return form_page(
        request,
        county_context(request, county, "meetings"),
        form,
        title=_("Schedule a meeting"),
        cancel_url=reverse("participation:meetings", args=[county.code]),
    )


def _decision_forms(request: HttpRequest) -> list[DecisionRowForm]:
    data = request.POST if request.method == "POST" else None
    return [DecisionRowForm(data, prefix=f"d{n}") for n in range(MeetingOutcomeForm.DECISION_ROWS)]


def _decisions(rows: list[DecisionRowForm]) -> list[services.Decision]:
    """The decisions of the valid rows that are not left empty."""
    return [
        services.Decision(
            r.cleaned_data["title"], r.cleaned_data["owner"], r.cleaned_data["due_on"]
        )
        for r in rows
        if not r.is_blank()
    ]


@login_required
def meeting_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A meeting: agenda, minutes, decisions, carried commitments; staff record its outcome."""
    county = county_for(request, code)
    meeting = get_object_or_404(Meeting.objects.select_related("series"), pk=pk, county=county)
    form = MeetingOutcomeForm(request.POST or None)
    rows = _decision_forms(request)
    require_change_to_post(request, county)
    # Every row is checked, so that each shows its own errors.
    rows_valid = all([r.is_valid() for r in rows])
    recorded = None
    if rows_valid:
        recorded = save_form(
            request,
            form,
            lambda: services.record_meeting_outcome(
                meeting,
                decisions=_decisions(rows),
                user=signed_in_user(request),
                **form.cleaned_data,
            ),
            done=_("The meeting's outcome was recorded."),
            shown=meeting,
        )
    if recorded is not None:
        return redirect("participation:meeting", code=county.code, pk=meeting.pk)
    labels = dict(StakeholderType.choices)
    return county_page(
        request,
        county,
        "meetings",
        "participation/meeting_detail.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": rows,
            "invited": [labels.get(g, g) for g in meeting.invited_groups],
            "decisions": meeting.decisions.select_related("current_meeting"),
            "carried": meeting.carried_commitments.exclude(meeting=meeting).select_related(
                "meeting"
            ),
        },
    )


@login_required
def commitment_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    county = county_for(request, code, change=True)
    commitment = get_object_or_404(
        Commitment.objects.select_related("meeting"), pk=pk, county=county
    )
    form = CommitmentForm(
        request.POST or None,
        initial={
            "status": commitment.status,
            "completed_on": commitment.completed_on,
            "owner": commitment.owner,
            "owner_user": commitment.owner_user_id,
            "due_on": commitment.due_on,
            "note": commitment.note,
            "version": commitment.version,
        },
        county=county,
    )
    if save_change(
        request,
        form,
        services.update_commitment,
        commitment,
        noun=_("commitment"),
        done=_("The commitment was updated."),
    ):
        return redirect("participation:meeting", code=county.code, pk=commitment.meeting_id)
    return form_page(
        request,
        county_context(request, county, "meetings"),
        form,
        title=_("Commitment: %(title)s") % {"title": commitment.title},
        cancel_url=reverse("participation:meeting", args=[county.code, commitment.meeting_id]),
    )


def _calendar(request: HttpRequest, county: County, *, disposition: str) -> HttpResponse:
    meetings = Meeting.objects.filter(county=county).order_by("starts_at")
    body = ics.calendar(
        meetings,
        calendar_name=_("Meetings of %(county)s") % {"county": county.name},
        host=request.get_host().split(":")[0] or "tavazon",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="meetings-{county.code}.ics"'
    return response


@login_required
def meetings_ics(request: HttpRequest, code: str) -> HttpResponse:
    """The county's meetings as an iCalendar file (RFC 5545)."""
    return _calendar(request, county_for(request, code), disposition="attachment")


def meetings_ics_feed(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """The same calendar for a calendar application: the secret link reads as its user.

    No session: the key names the user, whose rights decide. An unknown or revoked key, an
    inactive user, or a county the user may not read all answer 404 alike.
    """
    token = (
        CalendarToken.objects.select_related("user").filter(key=key, user__is_active=True).first()
    )
    county = County.objects.select_related("province").defer("geometry").filter(code=code).first()
    if token is None or county is None or not access.can_view_county(token.user, county):
        raise Http404
    response = _calendar(request, county, disposition="inline")
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_link_issue(request: HttpRequest, code: str) -> HttpResponse:
    """Create (or replace) the user's calendar subscription link; the old one stops working."""
    county = county_for(request, code)
    services.issue_calendar_token(signed_in_user(request))
    messages.success(
        request, _("Your calendar link is ready. Any link you had before no longer works.")
    )
    return redirect(reverse("participation:meetings", args=[county.code]) + "#calendar-link")


@login_required
@require_POST
def calendar_link_revoke(request: HttpRequest, code: str) -> HttpResponse:
    """Revoke the user's calendar subscription link."""
    county = county_for(request, code)
    if services.revoke_calendar_token(signed_in_user(request)):
        messages.success(request, _("Your calendar link was revoked; it no longer works."))
    return redirect("participation:meetings", code=county.code)  # the message is at the top
