"""Export jobs: long exports (PDF reports, briefing packs) built by a Celery worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.versioning import Versioned


class ExportKind(models.TextChoices):
    COUNTY_REPORT = "county_report", _("County report (PDF)")
    PROVINCE_BRIEFING = "province_briefing", _("Province briefing pack (PDF)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One requested export: who asked, what for, how far it got, and the file."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ExportKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fa")
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Set when the weekly e-mail of a briefing pack (reports/briefings.py) asked for the job.
    schedule = models.ForeignKey(
        "reports.BriefingSchedule",
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)


class Weekday(models.IntegerChoices):
    """Days of the week, numbered as Python's date.weekday() numbers them."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PackLanguage(models.TextChoices):
    """The language a scheduled briefing pack is written and e-mailed in."""

    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
    RECIPIENT = "recipient", _("Each recipient's own language")


class BriefingSchedule(Versioned):
    """A province's briefing pack, built and e-mailed as a PDF to its recipients every week on
    one day (reports.tasks.send_scheduled_briefings, run daily by Celery beat)."""

    province = models.ForeignKey(
        "counties.Province",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="briefing_schedules",
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipients"),
        related_name="briefing_subscriptions",
        blank=True,
    )
    language = models.CharField(
        _("language of the pack"),
        max_length=16,
        choices=PackLanguage.choices,
        default=PackLanguage.PERSIAN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="briefing_schedules",
    )
    active = models.BooleanField(_("active"), default=True)
    last_sent_on = models.DateField(_("last sent on"), null=True, blank=True)
    last_job = models.ForeignKey(
        ExportJob,
        verbose_name=_("last export job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # What people set is kept; the sends (last_sent_on, last_job) are not edits.
    history = HistoricalRecords(
        excluded_fields=["last_sent_on", "last_job", "updated_at"], m2m_fields=[recipients]
    )

    class Meta:
        ordering = ["province__code", "weekday", "pk"]
        verbose_name = _("briefing schedule")
        verbose_name_plural = _("briefing schedules")

    def __str__(self) -> str:
        return f"{self.province} · {self.get_weekday_display()}"
