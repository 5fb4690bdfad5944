"""Links to the geography every app hangs its records on: the county, and its challenges.

Made here once so that every app links a record to its county, or to a challenge, with the same
verbose name and options (those the migrations record); the model names only what differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.fields import optional_link


def county_field(
    related_name: str, *, on_delete: Callable[..., None] = models.CASCADE, **options: Any
) -> models.ForeignKey[Any, Any]:
    """The county a record belongs to (deleted with it unless `on_delete` says otherwise)."""
    return models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        on_delete=on_delete,
        related_name=related_name,
        **options,
    )


def challenge_link(related_name: str) -> models.ForeignKey[Any, Any]:
    """An optional link to the challenge (a dimension) a record is about."""
    return optional_link("counties.Dimension", _("linked challenge"), related_name)


def challenge_field(related_name: str) -> models.ForeignKey[Any, Any]:
    """The challenge (a dimension) a plan or project serves; a dimension in use is kept."""
    return models.ForeignKey(
        "counties.Dimension",
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )
