"""The country profile in templates: `{% load country %}`, then `{% boundary_credit as credit %}`,
`{% data_sources as text %}` or `{% country_name %}` (all in the active language)."""

from __future__ import annotations

from django import template

from governance import attribution
from governance.country import current_profile, localized

register = template.Library()


@register.simple_tag
def boundary_credit() -> attribution.BoundaryCredit | None:
    return attribution.boundary_credit()


@register.simple_tag
def data_sources() -> str:
    return attribution.data_sources()


@register.simple_tag
def country_name() -> str:
    return localized(current_profile(), "name")
