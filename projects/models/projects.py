"""Flagship projects of a county: milestones, progress updates with evidence, KPIs, feedback."""

from __future__ import annotations

import datetime
import uuid
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import challenge_field, county_field
from counties.models.geography import Area, County
from counties.models.indicators import Indicator
from governance.fields import Timestamped, money_field, user_link
from governance.ranges import measure_validators
from governance.versioning import Versioned
from projects.choices import EvidenceKind
from projects.progress import (
    BEHIND_AT_RISK_POINTS,
    BEHIND_DELAYED_POINTS,
    MilestoneFact,
    ProjectFacts,
    ProjectState,
    Status,
    project_state,
)

if TYPE_CHECKING:
    from governance.access import AnyUser

MONEY: dict[str, Any] = {
    "max_digits": 22,
    "decimal_places": 0,
}  # whole currency units; 22 digits hold any public budget


class KeptHistory(HistoricalRecords):
    """History in the tables the records had in the counties app, before the move (no copy)."""

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        options = super().get_meta_options(model)
        options["db_table"] = f"counties_historical{model._meta.model_name}"
        return options

    def get_meta_options_m2m(self, through_model: type[models.Model]) -> dict[str, Any]:
        options = super().get_meta_options_m2m(through_model)
        options["db_table"] = f"counties_historical{through_model._meta.model_name}"
        return options


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


class CountyWorkQuerySet(models.QuerySet):
    """A county's projects or plans: the ones not archived, the ones a user may see."""

    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def viewable_by(self, user: AnyUser) -> Self:
        return self.filter(county__in=County.objects.viewable_by(user))


class CountyWork(BilingualTitle):
    """Abstract: a titled piece of a county's work over a period (a flagship project, an action
    plan), archived rather than deleted. Its fields stay on each model, in the order its forms
    and admin list them; this holds what the two do alike with them."""

    archived_at: datetime.datetime | None
    period_start: datetime.date
    period_end: datetime.date

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def clean(self) -> None:
        check_title(self.title_fa, self.title_en)
        check_period(self.period_start, self.period_end)


class DayNumber(models.Func):
    """A date as the number of days since 2000-01-01, for exact day arithmetic in SQL."""

    output_field = models.IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(julianday(%(expressions)s) - julianday('2000-01-01') AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(%(expressions)s - DATE '2000-01-01')"
        return self.as_sql(compiler, connection, template=template, **extra)


def _count_milestones(**where: Any) -> Any:
    """How many milestones of the outer project match `where` (0 when none)."""
    rows = Milestone.objects.filter(project=OuterRef("pk"), **where).order_by().values("project")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


def _behind_margin(points: int, day: datetime.date) -> Any:
    """Without milestones, while under way: round(100 d / s, 1) - reported > points, with d the
    days elapsed and s the days of the period (projects.progress.elapsed_share), is
    2000 d - (20 (points + reported) + 1) s > 0 in whole numbers (0 is the rounding tie)."""
    start = DayNumber("period_start")
    elapsed = Value((day - datetime.date(2000, 1, 1)).days) - start
    span = Greatest(DayNumber("period_end") - start, Value(1))
    threshold = Value(20 * points + 1) + Value(20) * F("reported_clamped")
    return ExpressionWrapper(
        Value(2000) * elapsed - threshold * span, output_field=models.IntegerField()
    )


def _tie_rounds_up(points: int) -> list[int]:
    """Reported percents for which Python's round() of the tie value T + 0.05 exceeds T."""
    return [
        r for r in range(101) if round(float(Fraction(20 * (points + r) + 1, 20)), 1) > points + r
    ]


def _behind(points: int) -> Q:
    margin = f"behind_{points}"
    return Q(**{f"{margin}__gt": 0}) | Q(
        **{margin: 0, "reported_clamped__in": _tie_rounds_up(points)}
    )


def _status_case(day: datetime.date) -> Case:
    """projects.progress.derive_status as SQL, over the annotations of `with_status`."""
    has_milestones = Q(milestone_count__gt=0)
    started = Q(reported_clamped__gt=0) | Q(milestones_done__gt=0)
    return Case(
        When(has_milestones & Q(milestones_open=0), then=Value(Status.DONE.value)),
        When(~has_milestones & Q(reported_clamped__gte=100), then=Value(Status.DONE.value)),
        When(Q(period_start__gt=day) & ~started, then=Value(Status.NOT_STARTED.value)),
        When(period_end__lt=day, then=Value(Status.DELAYED.value)),
        When(has_milestones & Q(milestones_very_late__gt=0), then=Value(Status.DELAYED.value)),
        When(has_milestones & Q(milestones_late__gt=0), then=Value(Status.AT_RISK.value)),
        When(has_milestones | Q(period_start__gte=day), then=Value(Status.ON_TRACK.value)),
        When(period_end__lte=day, reported_clamped__lt=65, then=Value(Status.DELAYED.value)),
        When(period_end__lte=day, reported_clamped__lt=85, then=Value(Status.AT_RISK.value)),
        When(period_end__lte=day, then=Value(Status.ON_TRACK.value)),
        When(_behind(int(BEHIND_DELAYED_POINTS)), then=Value(Status.DELAYED.value)),
        When(_behind(int(BEHIND_AT_RISK_POINTS)), then=Value(Status.AT_RISK.value)),
        default=Value(Status.ON_TRACK.value),
        output_field=models.CharField(),
    )


class ProjectQuerySet(CountyWorkQuerySet):
    """Projects, scoped by who asks, with what the status rules need loaded in few queries."""

    def public(self) -> ProjectQuerySet:
        """What anyone may see: public and not archived."""
        return self.filter(is_public=True, archived_at__isnull=True)

    def with_status(self, day: datetime.date) -> ProjectQuerySet:
        """Annotate `derived_status` and `derived_stale`: the rules of projects.progress on
        `day` (with the settings' tolerance and stale days), computed by the database so that
        lists filter by status without loading every project."""
        tolerance = datetime.timedelta(days=settings.PROJECT_DELAY_TOLERANCE_DAYS)
        latest = ProgressUpdate.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk")
        reported = Coalesce(Subquery(latest.values("percent")[:1]), 0)
        counted = self.annotate(
            reported_clamped=Least(Greatest(reported, Value(0)), Value(100)),
            milestone_count=_count_milestones(),
            milestones_open=_count_milestones(done_date__isnull=True),
            milestones_done=_count_milestones(done_date__isnull=False),
            milestones_late=_count_milestones(done_date__isnull=True, planned_date__lt=day),
            milestones_very_late=_count_milestones(
                done_date__isnull=True, planned_date__lt=day - tolerance
            ),
        ).annotate(
            behind_15=_behind_margin(int(BEHIND_AT_RISK_POINTS), day),
            behind_35=_behind_margin(int(BEHIND_DELAYED_POINTS), day),
        )
        status = _status_case(day)
        cutoff = day - datetime.timedelta(days=settings.PROJECT_STALE_DAYS)
        recent = (
            Q(period_start__gte=cutoff)
            | Exists(ProgressUpdate.objects.filter(project=OuterRef("pk"), date__gte=cutoff))
            | Exists(Milestone.objects.filter(project=OuterRef("pk"), done_date__gte=cutoff))
        )
        under_way = ~Q(derived_status__in=[Status.DONE.value, Status.NOT_STARTED.value])
        return counted.annotate(derived_status=status).annotate(
            derived_stale=Case(
                When(under_way & ~recent, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def with_derived_status(self, status: str, day: datetime.date) -> ProjectQuerySet:
        """Projects whose derived status on `day` is `status` ("stale": the stale ones; any
        other value: all), filtered in SQL."""
        if status == "stale":
            return self.with_status(day).filter(derived_stale=True)
        if status in Status._value2member_map_:
            return self.with_status(day).filter(derived_status=status)
        return self

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


class FlagshipProject(CountyWork, Versioned, Timestamped):
    """A flagship work (کار شاخص) of a county for a period; its status is derived, never typed."""

    county = county_field("projects", on_delete=models.PROTECT)
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas"),
        blank=True,
        related_name="projects",
        help_text=_("Where in the county the work happens; leave empty for county-wide work."),
    )
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    dimension = challenge_field("projects")
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
    planned_budget = money_field(_("planned budget"), max_digits=MONEY["max_digits"])
    spent_budget = money_field(_("spent budget"), max_digits=MONEY["max_digits"])
    location = models.CharField(_("location"), max_length=300, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the county's public page, without budget or contact details."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = user_link(_("created by"))

    history = KeptHistory(m2m_fields=[areas])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        db_table = "counties_flagshipproject"  # kept from before the move
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

    history = KeptHistory()

    class Meta:
        db_table = "counties_milestone"  # kept from before the move
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
    created_by = user_link(_("reported by"))

    class Meta:
        db_table = "counties_progressupdate"  # kept from before the move
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
        db_table = "counties_evidence"  # kept from before the move
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

    history = KeptHistory()

    class Meta:
        db_table = "counties_projectkpi"  # kept from before the move
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


class ProjectFeedback(Versioned, Timestamped):
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
    dismissed_at = models.DateTimeField(_("dismissed as spam on"), null=True, blank=True)
    dismissed_by = user_link(_("dismissed by"))
    dismissal_reason = models.CharField(_("reason for dismissal"), max_length=300, blank=True)

    objects = FeedbackQuerySet.as_manager()
    # The visitor's hashed address serves the rate limit only: no copies in the history.
    history = KeptHistory(excluded_fields=["ip_hash"])

    class Meta:
        db_table = "counties_projectfeedback"  # kept from before the move
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
