"""Template filters of flagship projects: status badges."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from projects.choices import ProjectStatus

register = template.Library()


@register.filter
def status_badge(status: str) -> str:
    """A coloured badge with the status in words (colour never the only cue)."""
    try:
        label = ProjectStatus(status).label
    except ValueError:
        return str(status)
    return format_html('<span class="badge status-badge status-{}">{}</span>', status, label)
