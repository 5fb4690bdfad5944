"""Template helpers of the score-run lifecycle: the draft-run banner and shares as percents."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from governance import access
from governance.persian import format_number
from governance.templatetags.tavazon import number_filter
from scores.models import ScoreRun

register = template.Library()


@register.inclusion_tag("scores/_draft_run_banner.html", takes_context=True)
def draft_run_banner(context: dict[str, Any]) -> dict[str, Any]:
    """«A new score run awaits review», linking to its review page: for ministry staff only
    (one query for them, none for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can_publish_scores(user):
        return {"draft": None}
    return {"draft": ScoreRun.objects.latest_draft()}


@register.filter
@number_filter
def percent(share: float, decimals: int = 0) -> str:
    """A share (0-1) as a percent in the active language's digits: 0.85 -> «۸۵٪» / "85%";
    up to `decimals` places, none for a whole percent ('—' when missing)."""
    number = 100 * share
    language = get_language()
    places = int(decimals) if round(number, int(decimals)) % 1 else 0  # 85 %, not 85.0 %
    return format_number(number, places, language) + ("٪" if language == "fa" else "%")
