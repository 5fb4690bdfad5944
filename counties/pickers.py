"""County pickers that stay small at any number of counties.

A picker lists every county as an `<option>` while there are few (static/js/county-picker.js
searches them in the browser); above PICKER_OPTIONS (a 5,000-option select alone is about
300 KB) it lists only the chosen ones and the browser asks `counties:search` for the rest.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from counties.models import County

PICKER_OPTIONS = 300
SEARCH_RESULTS = 20


@dataclass
class Picker:
    """The options a county picker writes, and the search address when it searches the server
    ("" when every county is an option)."""

    counties: list[County]
    search_url: str


def county_picker(
    chosen: Collection[str], field: str = "code", queryset: Any = None, scope: str = ""
) -> Picker:
    """The picker's counties (`queryset`, all by default) in name order, with their province:
    all of them, or only those whose `field` is in `chosen` when there are more than
    PICKER_OPTIONS. Two queries whatever the number of counties. `scope="view"` makes the
    server search answer only counties whose full data the user may read (the queryset should
    then be `County.objects.viewable_by(user)`)."""
    counties = (
        (queryset if queryset is not None else County.objects.all())
        .select_related("province")
        .defer("geometry", "province__geometry")
    )
    if counties.count() <= PICKER_OPTIONS:
        return Picker(list(counties.order_by_name()), "")
    chosen_rows = counties.filter(**{f"{field}__in": list(chosen)}).order_by_name()
    parameters = {"value": field if field != "code" else "", "scope": scope}
    query = urlencode({name: value for name, value in parameters.items() if value})
    url = reverse("counties:search")
    return Picker(list(chosen_rows), f"{url}?{query}" if query else url)


def search_results(text: str, field: str = "code", queryset: Any = None) -> list[dict[str, str]]:
    """The first SEARCH_RESULTS counties of `queryset` (all by default) matching `text`
    (counties.queries.county_search), as the picker's options: value (`field`), text (name ·
    province in the active language) and both names to search in."""
    counties = (
        (queryset if queryset is not None else County.objects.all())
        .search(text)
        .select_related("province")
        .defer("geometry", "province__geometry")
        .order_by_name()[:SEARCH_RESULTS]
    )
    return [
        {
            "value": str(getattr(c, field)),
            "text": f"{c.name} · {c.province.name}",
            "search": f"{c.name_fa} {c.name_en} {c.province.name_fa} {c.province.name_en}",
        }
        for c in counties
    ]
