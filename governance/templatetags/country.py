"""The country profile in templates: `{% load country %}`, then `{% boundary_credit as credit %}`,
`{% data_sources as text %}` (in the active language)."""

from __future__ import annotations

from django import template

from governance import attribution

register = template.Library()


@register.simple_tag
def boundary_credit() -> attribution.BoundaryCredit | None:
    return attribution.boundary_credit()


@register.simple_tag
def data_sources() -> str:
    return attribution.data_sources()
