"""The participation blocks of the county page and of a flagship project's page, supplied
without touching counties/views.py."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from counties.models import County
from governance import access
from governance.money import money_label
from participation import panels, queries
from participation.models import Critique, Engagement
from projects.models import FlagshipProject

register = template.Library()

PROJECT_ITEMS = 5

# Labels of amounts on the participation pages, which name the currency. They are made here, not
# in the templates: a template's _("...") doubles its "%" before looking the text up.
MONEY_LABELS = {
    "amount": _("Amount (%(currency)s)"),
    "amount_not_dropped": _("Amount, not dropped (%(currency)s)"),
    "cost": _("Cost (%(currency)s)"),
}


@register.simple_tag
def amount_label(key: str) -> str:
    """`MONEY_LABELS[key]` with the currency's name: "Amount (dollars)"; "Amount" when the
    country profile names no currency (governance.money.money_label)."""
    return money_label(MONEY_LABELS[key])


@register.inclusion_tag("participation/_county_panel_body.html", takes_context=True)
def participation_panel(context: dict[str, Any], county: County) -> dict[str, Any]:
    """Overdue commitments (for those who may see them), and the counties facing similar
    challenges with the experiences they published (participation.panels), each cached under
    the stamps of what it derives from, read in one statement; the similar counties also under
    the page's `observations_stamp` and `geography_stamp`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_view = user is not None and access.can_view_county(user, county)
    experiences, commitments = panels.participation_stamps()
    return {
        "county": county,
        "can_view": can_view,
        "overdue": panels.overdue_commitments(county, commitments) if can_view else [],
        "similar_block": panels.similar_block(
            county,
            stamp=context.get("observations_stamp"),
            geography=context.get("geography_stamp", ""),
            experiences=experiences,
        ),
        "request": request,
    }


@register.inclusion_tag("participation/_project_panel_body.html", takes_context=True)
def project_participation_panel(
    context: dict[str, Any], project: FlagshipProject
) -> dict[str, Any]:
    """A project's critiques (count and latest, linked), engagements about it, and, for those
    who may read citizens' feedback, how much of it waits to be registered (5 queries)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    county = project.county
    if user is None or not access.can_view_county(user, county):
        return {"visible": False}
    critiques = Critique.objects.filter(project=project).order_by("-received_on", "-pk")
    engagements = (
        Engagement.objects.filter(project=project)
        .select_related("stakeholder")
        .order_by("-date", "-pk")
    )
    can_view_feedback = access.can_view_citizen_feedback(user, county)
    pending = None
    if can_view_feedback:
        pending = queries.waiting_feedback(project=project).count()
    return {
        "visible": True,
        "county": county,
        "project": project,
        "critique_count": critiques.count(),
        "critiques": list(critiques[:PROJECT_ITEMS]),
        "engagement_count": engagements.count(),
        "engagements": list(engagements[:PROJECT_ITEMS]),
        "can_view_feedback": can_view_feedback,
        "pending_feedback": pending,
        "request": request,
    }
