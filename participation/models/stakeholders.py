"""The middle rings: stakeholders of a county and the log of the governor's engagements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import challenge_link, county_field
from governance.fields import Timestamped, optional_link, user_link
from governance.versioning import Versioned
from participation.choices import EngagementKind, StakeholderType
from participation.queries import CountyScopedQuerySet

# Fields that hold personal contact details: shown only where access.can_view_contacts allows.
STAKEHOLDER_CONTACT_FIELDS = ("contact_person", "phone", "email", "address")


class Stakeholder(Versioned, Timestamped):
    """A group or person the governor works with; contact details are private."""

    county = county_field("stakeholders")
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=StakeholderType.choices)
    interests = models.ManyToManyField(
        "counties.Dimension",
        verbose_name=_("areas of interest"),
        blank=True,
        related_name="interested_stakeholders",
    )
    interests_note = models.CharField(_("other interests"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = CountyScopedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[interests])

    class Meta:
        ordering = ["county", "type", "name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="stakeholder_name_unique_in_county"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Engagement(models.Model):
    """One contact with a stakeholder: a meeting, consultation, visit or call."""

    county = county_field("engagements")
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="engagements",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=EngagementKind.choices)
    topic = models.CharField(_("topic"), max_length=300)
    challenge = challenge_link("engagements")
    project = optional_link("projects.FlagshipProject", _("flagship project"), "engagements")
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = user_link(_("recorded by"))
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CountyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes = [models.Index(fields=["county", "date"], name="engagement_county_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.stakeholder} {self.topic}"
