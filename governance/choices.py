"""Choices shared by the whole site."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    GOVERNOR = "governor", _("Governor")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    MINISTRY_STAFF = "ministry_staff", _("Ministry staff")
    ANALYST = "analyst", _("Analyst")


class Calendar(models.TextChoices):
    """The calendar of periods, dates, date inputs and exports (the country profile's)."""

    JALALI = "jalali", _("Jalali (Solar Hijri)")
    GREGORIAN = "gregorian", _("Gregorian")


class Language(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
