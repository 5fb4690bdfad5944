"""The index of the counties' public pages shown on the landing page (no login)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from counties.models import County, Province

register = template.Library()


@register.inclusion_tag("projects/public/_county_index.html")
def public_county_index() -> dict[str, Any]:
    """Every county's public page, by province in Persian alphabetical order; the counties that
    published projects listed first (two queries)."""
    counties = list(
        County.objects.only("code", "name_fa", "name_en", "province_id")
        .annotate(
            published=Count(
                "projects", filter=Q(projects__is_public=True, projects__archived_at__isnull=True)
            )
        )
        .order_by_name()
    )
    by_province: dict[int, list[County]] = {}
    for county in counties:
        by_province.setdefault(county.province_id, []).append(county)
    provinces = [
        (province, by_province[province.pk])
        for province in Province.objects.only("code", "name_fa", "name_en").order_by_name()
        if province.pk in by_province
    ]
    return {"published": [c for c in counties if c.published], "provinces": provinces}
