"""What the county page's participation panel shows of other counties (the counties facing
similar challenges and the experiences they published), rendered once per state of what it
derives from: the observations (the profiles), the places (their names) and the experiences
(every write of one is recorded in its history). Nothing of it depends on who is asking:
published experiences are open to every signed-in user. The county's overdue commitments, which
only some may see, are cached per day and state of the commitments."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from counties.models import County
from governance.caching import cached, versioned_key
from governance.pagination import history_stamp
from participation import queries
from participation.models import Commitment, Experience

SIMILAR_COUNT = 5
EXPERIENCES_SHOWN = 6


def participation_stamps() -> tuple[int, int]:
    """The newest history ids of experiences and of commitments: each changes whenever one is
    written or deleted (one statement of two index lookups: governance.pagination)."""
    found = history_stamp(Experience, Commitment)
    return (found[0], found[1]) if found else (0, 0)


def overdue_commitments(county: County, commitments: int) -> list[Commitment]:
    """The county's five most overdue commitments, cached per day and state of the commitments
    (`commitments`: participation_stamps()'s second)."""
    today = timezone.localdate()
    key = versioned_key("overdue-commitments", county.pk, today.isoformat(), commitments)
    found: list[Commitment] = cached(
        key,
        lambda: list(
            Commitment.objects.overdue(today).filter(county=county).order_by("due_on")[:5]
        ),
    )
    return found


def similar_block(
    county: County, *, stamp: int | None, geography: str, experiences: int
) -> SafeString:
    """The panel's similar counties and their experiences, cached under the observations'
    `stamp`, the places' `geography` stamp and the `experiences` one (participation_stamps;
    no query when cached); built every time when the page has not read the geography stamp
    ("")."""
    if not geography:
        return _render(county, stamp, geography)
    key = versioned_key("participation-similar", county.pk, stamp, geography, experiences)
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
