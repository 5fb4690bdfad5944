"""The participation block of the county page, supplied without touching counties/views.py."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from counties.models import County
from governance import access
from participation import queries
from participation.models import Commitment, Experience

register = template.Library()

SIMILAR_COUNT = 5


@register.inclusion_tag("participation/_county_panel_body.html", takes_context=True)
def participation_panel(context: dict[str, Any], county: County) -> dict[str, Any]:
    """Overdue commitments (for those who may see them), counties facing similar challenges and
    the experiences they published."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_view = user is not None and access.can_view_county(user, county)
    neighbours = queries.similar_counties(county.pk, SIMILAR_COUNT)
    by_id = {
        c.pk: c
        for c in County.objects.filter(pk__in=[pk for pk, _ in neighbours])
        .select_related("province")
        .defer("geometry", "province__geometry")
    }
    similar = [{"county": by_id[pk], "distance": d} for pk, d in neighbours if pk in by_id]
    experiences = list(
        Experience.objects.published()
        .filter(county_id__in=by_id)
        .select_related("county")
        .defer("county__geometry")
        .prefetch_related("challenges")
        .order_by("-is_featured", "-published_on")[:6]
    )
    overdue = []
    if can_view:
        overdue = list(
            Commitment.objects.overdue(timezone.localdate())
            .filter(county=county)
            .order_by("due_on")[:5]
        )
    return {
        "county": county,
        "can_view": can_view,
        "overdue": overdue,
        "similar": similar,
        "experiences": experiences,
        "request": request,
    }
