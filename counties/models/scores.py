"""Development-balance scores: the methodology they follow, the runs that compute them, results."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.choices import RunTrigger, ScoreRunStatus
from counties.models.geography import BilingualName, County
from governance.persian import format_number


class Methodology(BilingualName):
    """A named, versioned composite-index spec (the counties.scoring format); one is current."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    spec = models.JSONField(_("specification"))
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("Score rebuilds use the current methodology.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_current", "code"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_methodology",
            )
        ]

    def indicator_codes(self) -> list[str]:
        return [i["code"] for d in self.spec.get("dimensions", []) for i in d.get("indicators", [])]


class ScoreRunQuerySet(models.QuerySet):
    """Score runs; dashboards read `latest_published()`."""

    def published(self) -> ScoreRunQuerySet:
        return self.filter(status=ScoreRunStatus.PUBLISHED)

    def latest_published(self) -> ScoreRun | None:
        return self.published().order_by("-published_at", "-pk").first()


class ScoreRun(models.Model):
    """One computation of every county's scores from a methodology snapshot and the data."""

    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("methodology"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
    )
    methodology_snapshot = models.JSONField(_("methodology as used"), default=dict, blank=True)
    data_version = models.CharField(_("data version"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ScoreRunStatus.choices,
        default=ScoreRunStatus.QUEUED,
        db_index=True,
    )
    trigger = models.CharField(
        _("trigger"), max_length=16, choices=RunTrigger.choices, default=RunTrigger.MANUAL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Touched by the computing process between steps; a running run whose heartbeat is old lost
    # its worker (killed, out of memory) and is failed so the next run may go.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    periods = models.JSONField(_("periods"), default=list, blank=True)
    score_count = models.PositiveIntegerField(_("scores"), default=0)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)

    objects = ScoreRunQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("score run")
        verbose_name_plural = _("score runs")
        constraints = [
            # Coalescing and one-at-a-time, enforced by the database across processes.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="queued"),
                name="one_queued_score_run",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="one_running_score_run",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def methodology_label(self) -> str:
        """The methodology the run used, by its name in the active language and its version in
        the language's digits («روش پیش‌فرض توازن: سه چالش، نسخهٔ ۱»); its code when unnamed."""
        snapshot = self.methodology_snapshot or {}
        language = get_language()
        name = snapshot.get("name_fa" if language == "fa" else "name_en") or snapshot.get(
            "code", ""
        )
        if not snapshot.get("version"):
            return str(name)
        version = format_number(snapshot["version"], 0, language)
        return _("%(name)s, version %(version)s") % {"name": name, "version": version}


class Score(models.Model):
    """A county's development-balance score in one period, as computed by one run."""

    run = models.ForeignKey(
        ScoreRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="scores"
    )
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.CASCADE, related_name="scores"
    )
    period = models.CharField(_("period"), max_length=16)
    composite = models.DecimalField(_("score (0-100)"), max_digits=5, decimal_places=2)
    dimensions = models.JSONField(
        _("dimension scores (0-100)"), default=dict, help_text=_("Dimension code → score.")
    )
    coverage = models.DecimalField(_("data coverage (0-1)"), max_digits=4, decimal_places=3)
    national_rank = models.PositiveIntegerField(_("national rank"))
    provincial_rank = models.PositiveIntegerField(_("provincial rank"))
    tier = models.PositiveSmallIntegerField(
        _("tier"), help_text=_("Quintile: 1 = most deprived, 5 = most developed.")
    )
    balance = models.DecimalField(
        _("within-county imbalance (Theil T)"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Population-weighted Theil T of the areas' scores; 0 = perfectly balanced."),
    )
    area_count = models.PositiveSmallIntegerField(_("areas scored"), default=0)
    area_scores = models.JSONField(
        _("area scores (0-100)"), default=dict, blank=True, help_text=_("Area id → score.")
    )
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Computed from at least one synthetic value.")
    )

    class Meta:
        ordering = ["run", "period", "national_rank"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "county", "period"], name="score_unique_run_county_period"
            )
        ]
        indexes = [models.Index(fields=["run", "period"], name="score_run_period")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.period} = {self.composite}"


class ScoreDecomposition(models.Model):
    """National inequality of county scores in one period: Theil T between and within provinces."""

    run = models.ForeignKey(
        ScoreRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="decompositions"
    )
    period = models.CharField(_("period"), max_length=16)
    county_count = models.PositiveIntegerField(_("counties"))
    mean_score = models.DecimalField(_("mean score (0-100)"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("Theil T"), max_digits=9, decimal_places=6)
    between = models.DecimalField(_("between provinces"), max_digits=9, decimal_places=6)
    within = models.DecimalField(_("within provinces"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["run", "period"]
        verbose_name = _("national score decomposition")
        verbose_name_plural = _("national score decompositions")
        constraints = [
            models.UniqueConstraint(fields=["run", "period"], name="decomposition_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.period}: T={self.total}"

    @property
    def between_share(self) -> float | None:
        return float(self.between / self.total) if self.total else None


__all__ = ["Methodology", "Score", "ScoreDecomposition", "ScoreRun"]
