"""People: a user has one role and, for governors and provincial officers, one scope."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.choices import Role


class UserManager(DjangoUserManager["User"]):
    """`createsuperuser` makes ministry staff: the role that administers the site."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.MINISTRY_STAFF)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A Tavazon user: a role plus the county or province the role applies to."""

    objects: ClassVar[UserManager] = UserManager()

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.ANALYST)
    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    province = models.ForeignKey(
        "counties.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("fa", _("Persian")), ("en", _("English"))],
        default="fa",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="governor_has_county",
                condition=~models.Q(role=Role.GOVERNOR) | models.Q(county__isnull=False),
            ),
            models.CheckConstraint(
                name="provincial_officer_has_province",
                condition=~models.Q(role=Role.PROVINCIAL_OFFICER)
                | models.Q(province__isnull=False),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.GOVERNOR and self.county_id is None:
            raise ValidationError({"county": _("A governor must be assigned a county.")})
        if self.role == Role.PROVINCIAL_OFFICER and self.province_id is None:
            raise ValidationError(
                {"province": _("A provincial officer must be assigned a province.")}
            )


from governance.profile_model import CountryProfile  # noqa: E402  (the app's second model)

__all__ = ["CountryProfile", "User", "UserManager"]
