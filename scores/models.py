"""Development-balance scores: the methodology they follow, the runs that compute them, results."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import county_field
from counties.models.geography import BilingualName
from governance.fields import optional_link, user_link
from governance.persian import format_number
from scores.choices import AnalysisStatus, RunTrigger, ScoreRunStatus


class Methodology(BilingualName):
    """A named, versioned composite-index spec (the scores.scoring format); one is current."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    spec = models.JSONField(_("specification"))
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("Score rebuilds use the current methodology.")
    )
    # Completeness rules (docs/methodology.md §5): a county is ranked in a period only when its
    # data coverage reaches min_coverage; a period is complete only when at least
    # min_ranked_share of the counties are ranked in it. Incomplete periods are provisional.
    min_coverage = models.DecimalField(
        _("minimum data coverage to be ranked"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Share of the indicator weights a county must have data for (0.01 to 1) to be "
            "given a score, rank and tier in a period."
        ),
    )
    min_ranked_share = models.DecimalField(
        _("minimum share of counties ranked for a complete period"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.850"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "A period with fewer ranked counties than this share (0.01 to 1) is provisional: "
            "never shown by default, always labelled."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = user_link(_("updated by"))

    history = HistoricalRecords(table_name="counties_historicalmethodology")

    class Meta:
        db_table = "counties_methodology"  # kept from when scores lived in counties
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

    @property
    def method(self) -> str:
        """The scoring method its spec names ("composite" when it names none)."""
        return str(self.spec.get("method", "composite")) if isinstance(self.spec, dict) else ""


class ScoreRunQuerySet(models.QuerySet):
    """Score runs; every page, export and API reads `latest_published()`, never a draft."""

    def published(self) -> ScoreRunQuerySet:
        return self.filter(status=ScoreRunStatus.PUBLISHED)

    def latest_published(self) -> ScoreRun | None:
        return self.published().order_by("-published_at", "-pk").first()

    def drafts(self) -> ScoreRunQuerySet:
        return self.filter(status=ScoreRunStatus.DRAFT)

    def latest_draft(self) -> ScoreRun | None:
        """The computed run awaiting review (at most one: a newer draft discards older ones)."""
        return self.drafts().order_by("-finished_at", "-pk").first()


class ScoreRun(models.Model):
    """One computation of every county's scores from a methodology snapshot and the data."""

    methodology = optional_link(Methodology, _("methodology"), "runs")
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
    requested_by = user_link(_("requested by"))
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Touched by the computing process between steps; a running run whose heartbeat is old lost
    # its worker (killed, out of memory) and is failed so the next run may go.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # A run ends as a draft that ministry staff review (what would change) and then publish or
    # discard; `publish_when_done` publishes on completion (`rebuild_scores --sync --publish`,
    # the demo seeding). The completeness rules apply either way.
    publish_when_done = models.BooleanField(_("publish when computed"), default=False)
    reviewed_by = user_link(_("published or discarded by"))
    discarded_at = models.DateTimeField(_("discarded at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    periods = models.JSONField(_("periods"), default=list, blank=True)
    score_count = models.PositiveIntegerField(_("scores"), default=0)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)

    objects = ScoreRunQuerySet.as_manager()

    class Meta:
        db_table = "counties_scorerun"  # kept from when scores lived in counties
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


def _run_link(related_name: str) -> models.ForeignKey[ScoreRun, ScoreRun]:
    """The run a result row was computed by: results are deleted with their run."""
    return models.ForeignKey(
        ScoreRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name=related_name
    )


class Score(models.Model):
    """A county's development-balance score in one period, as computed by one run."""

    run = _run_link("scores")
    county = county_field("scores")
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
        db_table = "counties_score"  # kept from when scores lived in counties
        ordering = ["run", "period", "national_rank"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "county", "period"], name="score_unique_run_county_period"
            )
        ]
        # Pages and the API list a run's period in rank order: read from this index, never sorted.
        indexes = [
            models.Index(fields=["run", "period", "national_rank"], name="score_run_period_rank")
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.period} = {self.composite}"


class ScoreDecomposition(models.Model):
    """National inequality of county scores in one period: Theil T between and within provinces."""

    run = _run_link("decompositions")
    period = models.CharField(_("period"), max_length=16)
    county_count = models.PositiveIntegerField(_("counties"))
    mean_score = models.DecimalField(_("mean score (0-100)"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("Theil T"), max_digits=9, decimal_places=6)
    between = models.DecimalField(_("between provinces"), max_digits=9, decimal_places=6)
    within = models.DecimalField(_("within provinces"), max_digits=9, decimal_places=6)

    class Meta:
        db_table = "counties_scoredecomposition"  # kept from when scores lived in counties
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


class ScorePeriodQuerySet(models.QuerySet):
    def complete(self) -> ScorePeriodQuerySet:
        return self.filter(is_complete=True)


class ScorePeriod(models.Model):
    """How complete one period of a run is: counties ranked against counties in the country.

    A period is complete when `ranked_count / county_count` reaches the methodology's minimum
    share; otherwise it is provisional (never a default, always labelled with these counts).
    """

    run = _run_link("score_periods")
    period = models.CharField(_("period"), max_length=16)
    county_count = models.PositiveIntegerField(_("counties in the country"))
    with_data_count = models.PositiveIntegerField(_("counties with any data"))
    ranked_count = models.PositiveIntegerField(_("counties ranked"))
    mean_coverage = models.DecimalField(
        _("mean data coverage of counties with data"), max_digits=4, decimal_places=3
    )
    min_coverage = models.DecimalField(
        _("minimum coverage applied"), max_digits=4, decimal_places=3
    )
    min_ranked_share = models.DecimalField(
        _("minimum share ranked applied"), max_digits=4, decimal_places=3
    )
    is_complete = models.BooleanField(_("complete"), default=False)

    objects = ScorePeriodQuerySet.as_manager()

    class Meta:
        db_table = "counties_scoreperiod"  # kept from when scores lived in counties
        ordering = ["run", "period"]
        verbose_name = _("scored period")
        verbose_name_plural = _("scored periods")
        constraints = [
            models.UniqueConstraint(fields=["run", "period"], name="score_period_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.ranked_count}/{self.county_count}"

    @property
    def is_provisional(self) -> bool:
        return not self.is_complete

    @property
    def ranked_share(self) -> float:
        return self.ranked_count / self.county_count if self.county_count else 0.0


class CoverageShortfall(models.Model):
    """A county with some data in a period but below the minimum coverage: not ranked.

    It has no score, rank or tier in that period; pages say "not enough data" and list
    `missing`, the methodology's indicators it has no value for.
    """

    run = _run_link("shortfalls")
    county = county_field("shortfalls")
    period = models.CharField(_("period"), max_length=16)
    coverage = models.DecimalField(_("data coverage (0-1)"), max_digits=4, decimal_places=3)
    missing = models.JSONField(
        _("indicators without a value"), default=list, blank=True, help_text=_("Indicator codes.")
    )

    class Meta:
        db_table = "counties_coverageshortfall"  # kept from when scores lived in counties
        ordering = ["run", "period", "county"]
        verbose_name = _("county without enough data")
        verbose_name_plural = _("counties without enough data")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "county", "period"], name="shortfall_unique_run_county_period"
            )
        ]
        indexes = [models.Index(fields=["run", "period"], name="shortfall_run_period")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.period}: coverage {self.coverage}"


class SensitivityAnalysis(models.Model):
    """The Sobol sensitivity analysis of one run's ranks in one period under one methodology
    version (scores.scoring.sensitivity): its progress while it runs, then its result."""

    run = models.ForeignKey(
        ScoreRun, verbose_name=_("score run"), on_delete=models.CASCADE, related_name="+"
    )
    methodology = optional_link(Methodology, _("methodology"))
    methodology_code = models.SlugField(_("methodology code"), max_length=64)
    methodology_version = models.PositiveIntegerField(_("methodology version"))
    period = models.CharField(_("period"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED
    )
    samples = models.PositiveIntegerField(_("base samples (N)"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # {"groups", "county_ids", "first_order", "total" (groups x counties), "p05", "median",
    # "p95", "base_rank" (per county), "n", "evaluations"}: see scores.sensitivity.
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = user_link(_("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sensitivity analysis")
        verbose_name_plural = _("sensitivity analyses")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "methodology_code", "methodology_version", "period"],
                name="sensitivity_unique_run_method_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.methodology_code} v{self.methodology_version} {self.period}"

    @property
    def is_busy(self) -> bool:
        return self.status in (AnalysisStatus.QUEUED, AnalysisStatus.RUNNING)

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return round(100 * self.progress_done / self.progress_total)


__all__ = [
    "CoverageShortfall",
    "Methodology",
    "Score",
    "ScoreDecomposition",
    "ScorePeriod",
    "ScoreRun",
    "SensitivityAnalysis",
]
