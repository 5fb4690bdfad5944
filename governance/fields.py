"""Fields the apps' models repeat, made in one place; nothing here names an app.

Each factory returns a new field with exactly the options the migrations record for it (verbose
name, null/blank, on_delete, related name), so a model states what a field is in one line and
two models saying the same thing say it the same way. A factory is called in the class body
like a field class, so the field keeps its place among the model's fields (forms and the admin
list fields in that order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: What an amount of money is, for the admin and the API schema.
MONEY_HELP = _("In whole units of the country's currency (the country profile's currency code).")

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def optional_link(
    to: type[models.Model] | str,
    verbose_name: StrOrPromise,
    related_name: str = "+",
    *,
    on_delete: Callable[..., None] = models.SET_NULL,
    one_to_one: bool = False,
    **options: Any,
) -> models.ForeignKey[Any, Any]:
    """A link that may be empty (null and blank); by default it is emptied, not deleted, when
    its target is deleted. `one_to_one` makes it a OneToOneField (at most one row per target)."""
    field_class = models.OneToOneField if one_to_one else models.ForeignKey
    return field_class(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
        **options,
    )


def user_link(verbose_name: StrOrPromise, *, blank: bool = True) -> models.ForeignKey[Any, Any]:
    """The user who did something to a record (recorded, created, approved it): no reverse
    accessor on the user, and the record stays, unattributed, when the user is deleted.
    `blank=False` keeps it required in forms (set by the code, never typed)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def money_field(
    verbose_name: StrOrPromise, *, max_digits: int = 24
) -> models.DecimalField[Any, Any]:
    """An optional amount of money in whole units of the country's currency (the country
    profile's `currency_code`; governance.money), never negative. Change histories label it
    with the currency's name (`is_money_field`)."""
    field = models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=MONEY_HELP,
    )
    field.is_money = True  # type: ignore[attr-defined]
    return field


def is_money_field(field: Any) -> bool:
    """Whether a model field was made by `money_field`."""
    return getattr(field, "is_money", False) is True


class Timestamped(models.Model):
    """Abstract: when the row was created and last saved, set by Django, never by a form."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
