"""The public "you said, we did" page of a county: no login, no personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from counties.models import County
from participation.choices import PUBLISHABLE_STATUSES
from participation.models import Critique


def said_did(request: HttpRequest, code: str) -> HttpResponse:
    """Critiques the county chose to publish, with what it did; only non-personal fields."""
    county = get_object_or_404(County.objects.defer("geometry"), code=code)
    items = (
        Critique.objects.filter(county=county, is_publishable=True, status__in=PUBLISHABLE_STATUSES)
        .select_related("challenge")
        .only(
            "topic",
            "public_summary",
            "response",
            "status",
            "received_on",
            "responded_on",
            "challenge",
            "challenge__name_fa",
            "challenge__name_en",
            "is_demo",
        )
        .order_by("-responded_on", "-pk")
    )
    return render(request, "participation/said_did.html", {"county": county, "items": items})
