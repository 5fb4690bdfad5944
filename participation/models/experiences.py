"""Shared experiences: what worked in one county, for the others to learn from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import county_field
from governance.fields import Timestamped, money_field, user_link
from governance.ranges import measure_validators
from governance.versioning import Versioned
from participation.choices import ExperienceStatus
from participation.queries import ExperienceQuerySet

EXPERIENCE_CONTACT_FIELDS = ("contact_person", "phone", "email")


class Experience(Versioned, Timestamped):
    """A county's successful experience: problem, what was done, results, cost, contacts."""

    county = county_field("experiences")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    actions = models.TextField(_("what was done"))
    results = models.TextField(_("results"), blank=True)
    cost = money_field(_("cost"))
    challenges = models.ManyToManyField(
        "counties.Dimension",
        verbose_name=_("challenges"),
        blank=True,
        related_name="experiences",
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ExperienceStatus.choices, default="draft"
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    featured_by = user_link(_("featured by"))
    featured_on = models.DateField(_("featured on"), null=True, blank=True)
    created_by = user_link(_("created by"))
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = ExperienceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[challenges])

    class Meta:
        ordering = ["-is_featured", "-published_on", "-pk"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "title"], name="experience_title_unique_in_county"
            ),
            models.CheckConstraint(
                name="experience_cost_not_negative",
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExperienceResult(models.Model):
    """A measured result: an indicator's value before and after."""

    experience = models.ForeignKey(
        Experience, verbose_name=_("experience"), on_delete=models.CASCADE, related_name="outcomes"
    )
    indicator = models.ForeignKey(
        "counties.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="experience_results",
    )
    before_value = models.FloatField(_("before"), validators=measure_validators())
    after_value = models.FloatField(_("after"), validators=measure_validators())
    before_period = models.CharField(_("before (period)"), max_length=16, blank=True)
    after_period = models.CharField(_("after (period)"), max_length=16, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["experience", "indicator"]
        verbose_name = _("experience result")
        verbose_name_plural = _("experience results")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.before_value} -> {self.after_value}"

    @property
    def change(self) -> float:
        return self.after_value - self.before_value

    @property
    def improved(self) -> bool:
        if self.indicator.direction == "lower":
            return self.after_value < self.before_value
        return self.after_value > self.before_value


def attachment_path(instance: ExperienceAttachment, filename: str) -> str:
    """Stored under the experience's id; the original name is kept in a field, not the path."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"participation/experiences/{instance.experience_id}/{instance.token}.{suffix}"


class ExperienceAttachment(models.Model):
    """A file attached to an experience; served only through a permission-checked view."""

    experience = models.ForeignKey(
        Experience,
        verbose_name=_("experience"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    token = models.CharField(max_length=32, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = user_link(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["experience", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
