"""Part 3: the critiques register, responses, measures over time, export."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from counties.periods import parse_period
from governance import access
from participation import charts, queries, services
from participation.choices import CritiqueStatus
from participation.forms import CritiqueForm, CritiqueResponseForm
from participation.measures import CritiqueRecord, Window, critique_response
from participation.models import Critique
from participation.views.common import (
    add_service_errors,
    county_context,
    county_for,
    csv_response,
)

TREND_QUARTERS = 6


@login_required
def critique_list(request: HttpRequest, code: str) -> HttpResponse:
    """The register, filterable by status, with the response rate and median days over time."""
    county = county_for(request, code)
    critiques = Critique.objects.filter(county=county).select_related("stakeholder", "challenge")
    status = request.GET.get("status", "")
    if status in CritiqueStatus.values:
        critiques = critiques.filter(status=status)
    records = [
        CritiqueRecord(r, a)
        for r, a in Critique.objects.filter(county=county).values_list(
            "received_on", "responded_on"
        )
    ]
    quarters = queries.recent_quarters(TREND_QUARTERS)
    trend = [critique_response(records, services.period_window(parse_period(q))) for q in quarters]
    figure = None
    if records:
        figure = charts.critique_response_over_time(
            quarters,
            [rate for rate, _days in trend],
            [days for _rate, days in trend],
            {
                "rate": _("Response rate (%)"),
                "days": _("Median days to respond"),
                "days_axis": _("days"),
            },
            rtl=get_language_bidi(),
        )
    overall_rate, overall_days = critique_response(
        records, Window(datetime.date.min, timezone.localdate())
    )
    context = county_context(request, county, "critiques")
    context.update(
        {
            "critiques": critiques,
            "statuses": CritiqueStatus.choices,
            "status": status,
            "figure": figure,
            "trend": list(zip(quarters, trend, strict=True)),
            "overall_rate": overall_rate,
            "overall_days": overall_days,
        }
    )
    return render(request, "participation/critique_list.html", context)


@login_required
def critique_create(request: HttpRequest, code: str) -> HttpResponse:
    county = county_for(request, code, change=True)
    form = CritiqueForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            critique = services.register_critique(county, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The critique was registered."))
            return redirect("participation:critique", code=county.code, pk=critique.pk)
    context = county_context(request, county, "critiques")
    context.update(
        {
            "form": form,
            "title": _("Register a critique"),
            "cancel_url": reverse("participation:critiques", args=[county.code]),
        }
    )
    return render(request, "participation/form.html", context)


@login_required
def critique_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A critique and its response; staff answer it here."""
    county = county_for(request, code)
    critique = get_object_or_404(
        Critique.objects.select_related("stakeholder", "challenge", "responded_by"),
        pk=pk,
        county=county,
    )
    context = county_context(request, county, "critiques")
    initial = {}
    if critique.responded_on:
        initial = {
            "response": critique.response,
            "status": critique.status,
            "responded_on": critique.responded_on,
            "responder_name": critique.responder_name,
            "decline_reason": critique.decline_reason,
            "is_publishable": critique.is_publishable,
            "public_summary": critique.public_summary,
        }
    form = CritiqueResponseForm(request.POST or None, initial=initial)
    if request.method == "POST":
        access.require(context["can_change"])
        if form.is_valid():
            try:
                services.answer_critique(critique, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                critique.refresh_from_db()
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The response was recorded."))
                return redirect("participation:critique", code=county.code, pk=critique.pk)
    context.update({"critique": critique, "form": form})
    return render(request, "participation/critique_detail.html", context)


@login_required
def critique_export(request: HttpRequest, code: str) -> HttpResponse:
    """CSV of the register; a citizen's name and contact only for those who may see contacts."""
    county = county_for(request, code)
    access.require(access.can_export(request.user))
    with_contacts = access.can_view_contacts(request.user, county)
    header = [
        "received_on",
        "source",
        "stakeholder",
        "channel",
        "topic",
        "challenge",
        "status",
        "responded_on",
        "days_to_respond",
        "response",
        "decline_reason",
        "publishable",
        "demo",
    ]
    if with_contacts:
        header += ["citizen_name", "citizen_contact"]
    rows = []
    for c in Critique.objects.filter(county=county).select_related("stakeholder", "challenge"):
        row = [
            c.received_on.isoformat(),
            c.source,
            c.stakeholder.name if c.stakeholder else "",
            c.channel,
            c.topic,
            c.challenge.code if c.challenge else "",
            c.status,
            c.responded_on.isoformat() if c.responded_on else "",
            c.days_to_respond,
            c.response,
            c.decline_reason,
            c.is_publishable,
            c.is_demo,
        ]
        if with_contacts:
            row += [c.citizen_name, c.citizen_contact]
        rows.append(row)
    return csv_response(f"critiques-{county.code}.csv", header, rows)
