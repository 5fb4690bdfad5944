"""Who the boundaries and the data come from, as the country profile says: shown under every map,
on the "About the data" page and in every export."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from governance.country import current_profile, localized


@dataclass(frozen=True)
class BoundaryCredit:
    source: str
    url: str
    licence: str

    def __str__(self) -> str:
        text = f"{_('Boundaries')}: © {self.source}"
        return f"{text} ({self.licence})" if self.licence else text


def boundary_credit() -> BoundaryCredit | None:
    """The boundaries' source in the active language, or None when the profile names none."""
    profile = current_profile()
    source = localized(profile, "boundary_source")
    if not source:
        return None
    return BoundaryCredit(source, profile.boundary_source_url, profile.boundary_licence)


def data_sources() -> str:
    """The profile's note on its data sources in the active language ('' when none)."""
    return localized(current_profile(), "data_sources")


def attribution_lines() -> list[str]:
    """What an export must credit: the boundaries, then the data sources."""
    lines = []
    if credit := boundary_credit():
        lines.append(f"{credit} {credit.url}".strip())
    if sources := data_sources():
        lines.append(sources)
    return lines
