"""The data approval blocks of the county's workbench and profile, supplied without counties
importing submissions (counties' templates load this library)."""

from __future__ import annotations

from typing import Any

from django import template

from counties.models import County
from governance import access
from governance.periods import current_year
from submissions import entry_queries

register = template.Library()


def _user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("submissions/_workbench_panel.html", takes_context=True)
def data_approval_panel(context: dict[str, Any], county: County) -> dict[str, Any]:
    """Returned submissions and their comments, for whoever enters the county's figures; how
    many await the user's decision, for approvers; at most two queries."""
    user = _user(context)
    can_enter = user is not None and access.can_enter_data(user, county)
    may_review = user is not None and entry_queries.may_review(user)
    return {
        "county": county,
        "can_enter": can_enter,
        "may_review": may_review,
        "returned": entry_queries.returned_submissions(user, county) if can_enter else [],
        "awaiting": entry_queries.approval_count(user, county) if may_review else 0,
        "year": str(current_year()),
    }


@register.inclusion_tag("submissions/_entry_link.html", takes_context=True)
def data_entry_link(context: dict[str, Any], county: County) -> dict[str, Any]:
    """A link to the county's data entry form, for those who may enter its figures."""
    user = _user(context)
    return {
        "county": county,
        "can_enter": user is not None and access.can_enter_data(user, county),
        "year": str(current_year()),
    }
