"""Flagship projects of a county: milestones, progress updates with evidence, KPIs, feedback."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.choices import EvidenceKind
from counties.models.geography import Area, County
from counties.models.indicators import Dimension, Indicator
from counties.progress import MilestoneFact, ProjectFacts, ProjectState, project_state
from governance.ranges import measure_validators

if TYPE_CHECKING:
    from governance.access import AnyUser

MONEY: dict[str, Any] = {
    "max_digits": 22,
    "decimal_places": 0,
}  # rials; 22 digits hold any public budget


class BilingualTitle(models.Model):
    """Abstract: a Persian and an English title, shown in the active language."""

    title_fa = models.CharField(_("title (Persian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if get_language() == "en":
            return self.title_en or self.title_fa
        return self.title_fa or self.title_en


def check_period(start: datetime.date | None, end: datetime.date | None) -> None:
    """Refuse a period that ends before it starts."""
    if start and end and end < start:
        raise ValidationError(
            {"period_end": _("The end date is before the start date.")}, code="period_order"
        )


def check_title(title_fa: str, title_en: str) -> None:
    """A project or plan needs a title in at least one language."""
    if not (title_fa or "").strip() and not (title_en or "").strip():
        raise ValidationError(
            {"title_fa": _("Give a title in Persian or in English.")}, code="title_missing"
        )


class ProjectQuerySet(models.QuerySet):
    """Projects, scoped by who asks, with what the status rules need loaded in few queries."""

    def active(self) -> ProjectQuerySet:
        return self.filter(archived_at__isnull=True)

    def viewable_by(self, user: AnyUser) -> ProjectQuerySet:
        return self.filter(county__in=County.objects.viewable_by(user))

    def public(self) -> ProjectQuerySet:
        """What anyone may see: public and not archived."""
        return self.filter(is_public=True, archived_at__isnull=True)

    def with_state_data(self) -> ProjectQuerySet:
        """Load milestones, areas, the last update and the last reported percent (3 queries)."""
        latest = ProgressUpdate.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk")
        # Aggregating drops the default ordering: keep it explicit for stable pages.
        ordered = self if self.query.order_by else self.order_by("county", "period_start", "pk")
        return (
            ordered.select_related("county__province", "dimension")
            .defer("county__geometry", "county__province__geometry")
            .prefetch_related("milestones", "areas")
            .annotate(
                last_update=Max("updates__date"),
                reported_percent=Subquery(latest.values("percent")[:1]),
            )
        )


class FlagshipProject(BilingualTitle):
    """A flagship work (کار شاخص) of a county for a period; its status is derived, never typed."""

    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="projects"
    )
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas"),
        blank=True,
        related_name="projects",
        help_text=_("Where in the county the work happens; leave empty for county-wide work."),
    )
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    responsible_contact = models.CharField(
        _("responsible person's phone or email"),
        max_length=200,
        blank=True,
        help_text=_("Seen only by county staff, the province and the ministry."),
    )
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    planned_budget = models.DecimalField(
        _("planned budget (rials)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    spent_budget = models.DecimalField(
        _("spent budget (rials)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the county's public page, without budget or contact details."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[areas])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["county", "period_start", "pk"]
        verbose_name = _("flagship project")
        verbose_name_plural = _("flagship projects")
        constraints = [
            models.CheckConstraint(
                name="project_period_order", condition=Q(period_end__gte=models.F("period_start"))
            ),
            models.CheckConstraint(
                name="project_budget_not_negative",
                condition=(Q(planned_budget__isnull=True) | Q(planned_budget__gte=0))
                & (Q(spent_budget__isnull=True) | Q(spent_budget__gte=0)),
            ),
        ]
        indexes = [models.Index(fields=["county", "archived_at"], name="project_county_archived")]

    @property
    def description(self) -> str:
        if get_language() == "en":
            return self.description_en or self.description_fa
        return self.description_fa or self.description_en

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def clean(self) -> None:
        check_title(self.title_fa, self.title_en)
        check_period(self.period_start, self.period_end)

    def facts(self) -> ProjectFacts:
        """Inputs of the status rules (uses prefetched milestones and annotations if loaded)."""
        last_update = getattr(self, "last_update", None)
        reported = getattr(self, "reported_percent", None)
        if not hasattr(self, "last_update"):
            latest = self.updates.order_by("-date", "-pk").first()
            last_update = latest.date if latest else None
            reported = latest.percent if latest else None
        return ProjectFacts(
            start=self.period_start,
            end=self.period_end,
            milestones=[m.fact() for m in self.milestones.all()],
            reported_percent=float(reported) if reported is not None else None,
            last_update=last_update,
        )

    def state(self, today: datetime.date | None = None) -> ProjectState:
        """Progress, status and staleness on `today` (default: today in Tehran)."""
        from django.utils import timezone

        cached = getattr(self, "_derived_state", None)
        if cached is not None and today is None:
            return cached
        result = project_state(
            self.facts(),
            today or timezone.localdate(),
            tolerance_days=settings.PROJECT_DELAY_TOLERANCE_DAYS,
            stale_days=settings.PROJECT_STALE_DAYS,
        )
        if today is None:
            self._derived_state = result
        return result


class Milestone(BilingualTitle):
    """A step of a project with a planned date, a weight in the progress, and a done date."""

    project = models.ForeignKey(
        FlagshipProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    planned_date = models.DateField(_("planned date"))
    done_date = models.DateField(_("done on"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much this step counts in the project's progress (1-100)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                name="milestone_weight_range", condition=Q(weight__gte=1, weight__lte=100)
            ),
        ]

    @property
    def county(self) -> County:
        return self.project.county

    def fact(self) -> MilestoneFact:
        return MilestoneFact(planned=self.planned_date, done=self.done_date, weight=self.weight)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        from django.utils import timezone

        return self.fact().is_overdue(today or timezone.localdate())


class ProgressUpdate(models.Model):
    """A dated report on a project: percent done in the reporter's view, a note, evidence."""

    project = models.ForeignKey(
        FlagshipProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(name="progress_percent_range", condition=Q(percent__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date} {self.percent}%"

    @property
    def county(self) -> County:
        return self.project.county


def evidence_path(instance: Evidence, filename: str) -> str:
    """Random names under the project's folder: nothing the uploader typed reaches the disk."""
    project = instance.update.project
    return f"projects/{project.county_id}/{project.pk}/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    """A photo or PDF attached to a progress update, checked for type and size on upload."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("update"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("show on the public page"),
        default=True,
        help_text=_("Photos of public projects only; documents are never public."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""

    @property
    def extension(self) -> str:
        return {
            "image/jpeg": "jpg",
            "image/png": "png",
            "image/webp": "webp",
            "application/pdf": "pdf",
        }.get(self.content_type, "bin")

    @property
    def is_photo(self) -> bool:
        return self.kind == EvidenceKind.PHOTO


class ProjectKPI(models.Model):
    """An indicator a project should move: baseline, target and deadline; current from data."""

    project = models.ForeignKey(
        FlagshipProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="kpis"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.FloatField(_("baseline"), validators=measure_validators())
    target = models.FloatField(_("target"), validators=measure_validators())
    deadline = models.DateField(_("deadline"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project KPI")
        verbose_name_plural = _("project KPIs")
        constraints = [
            models.UniqueConstraint(fields=["project", "indicator"], name="kpi_unique_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.indicator.name}"

    @property
    def county(self) -> County:
        return self.project.county


class FeedbackQuerySet(models.QuerySet):
    def kept(self) -> FeedbackQuerySet:
        """Feedback not dismissed as spam: what counts and waits to be registered."""
        return self.filter(dismissed_at__isnull=True)

    def dismissed(self) -> FeedbackQuerySet:
        """Feedback dismissed as spam: kept, listed only when asked for."""
        return self.filter(dismissed_at__isnull=False)


class ProjectFeedback(models.Model):
    """A citizen's word on a public project, from the public page (kept for participation).
    The county's staff may dismiss it as spam (with who, when and why) and restore it; it is
    never deleted, and every change is in its history."""

    project = models.ForeignKey(
        FlagshipProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    text = models.TextField(_("feedback"), max_length=2000)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    ip_hash = models.CharField(_("IP hash"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dismissed_at = models.DateTimeField(_("dismissed as spam on"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissal_reason = models.CharField(_("reason for dismissal"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = FeedbackQuerySet.as_manager()
    # The visitor's hashed address serves the rate limit only: no copies in the history.
    history = HistoricalRecords(excluded_fields=["ip_hash"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project feedback")
        verbose_name_plural = _("project feedback")
        constraints = [
            models.CheckConstraint(
                name="feedback_rating_range",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.text[:40]}"

    @property
    def county(self) -> County:
        return self.project.county

    @property
    def is_dismissed(self) -> bool:
        return self.dismissed_at is not None


def latest_values(indicator_ids: list[int], county_ids: list[int]) -> dict[tuple[int, int], Any]:
    """Latest county-level observation per (indicator, county): greatest period_start wins."""
    from counties.models.indicators import Observation

    if not indicator_ids or not county_ids:
        return {}
    rows = (
        Observation.objects.filter(
            indicator_id__in=indicator_ids, county_id__in=county_ids, area__isnull=True
        )
        .order_by("indicator_id", "county_id", "-period_start")
        .only("indicator_id", "county_id", "value", "period", "period_start", "is_synthetic")
    )
    latest: dict[tuple[int, int], Any] = {}
    for row in rows:
        latest.setdefault((row.indicator_id, row.county_id), row)
    return latest
