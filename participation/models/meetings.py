"""Periodic meetings and conferences, and the commitments their decisions become."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import county_field
from governance.fields import Timestamped, optional_link
from governance.ranges import count_validators
from governance.versioning import Versioned
from participation.choices import (
    OPEN_COMMITMENT_STATUSES,
    CommitmentStatus,
    MeetingKind,
    MeetingStatus,
    Periodicity,
)
from participation.queries import CommitmentQuerySet, CountyScopedQuerySet


class MeetingSeries(models.Model):
    """A recurring meeting (e.g. the quarterly council): a slot per period, so a miss shows."""

    county = county_field("meeting_series")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    periodicity = models.CharField(
        _("periodicity"), max_length=16, choices=Periodicity.choices, default="quarterly"
    )
    starts_on = models.DateField(
        _("first period starts on"), help_text=_("The series expects one meeting per period.")
    )
    place = models.CharField(_("usual place"), max_length=200, blank=True)
    invited_groups = models.JSONField(_("invited groups"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = CountyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["county", "name"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="series_name_unique_in_county")
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(Timestamped):
    """A council, consultation, conference or public hearing: scheduled, held or cancelled."""

    county = county_field("meetings")
    series = optional_link(MeetingSeries, _("series"), "meetings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    invited_groups = models.JSONField(_("invited groups"), default=list, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default="scheduled"
    )
    attendance = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, validators=count_validators(1_000_000)
    )
    attendance_note = models.CharField(_("who attended"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = CountyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["county", "starts_at"], name="meeting_county_start")]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def date(self):  # -> datetime.date
        return timezone.localtime(self.starts_at).date()


class Commitment(Versioned):
    """A decision turned into a commitment: who owns it, by when, and where it stands."""

    county = county_field("commitments")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    current_meeting = optional_link(
        Meeting,
        _("on the agenda of"),
        "carried_commitments",
        help_text=_("Open commitments roll forward onto the next meeting of the series."),
    )
    title = models.CharField(_("decision"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    owner_user = optional_link(
        settings.AUTH_USER_MODEL,
        _("owner's account"),
        "+",
        help_text=_(
            "The user who owns the commitment, if they have an account: reminders go to them. "
            "Empty: they go to the county's governors."
        ),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=CommitmentStatus.choices, default="open"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    times_carried = models.PositiveSmallIntegerField(_("times carried forward"), default=0)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(name="commitment_has_owner", condition=~models.Q(owner="")),
        ]
        indexes = [models.Index(fields=["county", "status", "due_on"], name="commitment_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
