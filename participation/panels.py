"""What the county page's participation panel shows of other counties (the counties facing
similar challenges and the experiences they published), rendered once per state of what it
derives from: the observations (the profiles), the places (their names) and the experiences
(every write of one is recorded in its history). Nothing of it depends on who is asking:
published experiences are open to every signed-in user."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from counties.models import County
from governance.caching import cached, versioned_key
from governance.compiled import CompiledQuery
from participation import queries
from participation.models import Experience

SIMILAR_COUNT = 5
EXPERIENCES_SHOWN = 6


def _newest_experience_change() -> Any:
    history = Experience.history.model._default_manager  # the descriptor builds a manager
    return history.order_by("-history_id").values_list("history_id")[:1]


_NEWEST_EXPERIENCE_CHANGE = CompiledQuery(_newest_experience_change)


def experiences_stamp() -> int:
    """A number that changes whenever an experience is written or deleted: the newest id of
    their history (one index lookup, compiled once: governance.compiled)."""
    newest = _NEWEST_EXPERIENCE_CHANGE.first()
    return int(newest[0]) if newest else 0


def similar_block(county: County, *, stamp: int | None, geography: str) -> SafeString:
    """The panel's similar counties and their experiences, cached under the observations'
    `stamp`, the places' `geography` stamp and `experiences_stamp()` (one query when cached);
    built every time when the page has not read the geography stamp ("")."""
    if not geography:
        return _render(county, stamp, geography)
    key = versioned_key("participation-similar", county.pk, stamp, geography, experiences_stamp())
    html: SafeString = cached(key, lambda: _render(county, stamp, geography))
    return html


def _render(county: County, stamp: int | None, geography: str) -> SafeString:
    similar = queries.similar_county_rows(
        county.pk, SIMILAR_COUNT, stamp=stamp, geography=geography
    )
    experiences = []
    if similar:
        experiences = list(
            Experience.objects.published()
            .filter(county_id__in=[s["county"].pk for s in similar])
            .select_related("county")
            .only("title", "is_featured", "is_demo", "county__name_fa", "county__name_en")
            .order_by("-is_featured", "-published_on")[:EXPERIENCES_SHOWN]
        )
    return render_to_string(
        "participation/_similar_counties.html",
        {"similar": similar, "experiences": experiences},
    )
