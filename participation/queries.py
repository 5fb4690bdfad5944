"""Read-side querysets of the participation domain: every list is scoped by who is asking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.utils import timezone

from governance import access
from governance.collation import persian
from projects.models import ProjectFeedback
from submissions.choices import SubmissionOrigin
from submissions.models import SubmittedValue

if TYPE_CHECKING:
    from governance.access import AnyUser


class CountyScopedQuerySet(models.QuerySet):
    """Rows that belong to a county (a `county` foreign key), scoped like the county pages."""

    def viewable_by(self, user: AnyUser) -> CountyScopedQuerySet:
        """Rows of the counties whose non-public data the user may read."""
        return self.filter(access.scope_of(user, "view").q())

    def changeable_by(self, user: AnyUser) -> CountyScopedQuerySet:
        """Rows of the counties the user may change (and every row for superusers, whatever
        their role: see readable_by)."""
        if access.is_ministry(user):
            return self.all()
        return self.filter(access.scope_of(user, "change").q())

    def demo(self) -> CountyScopedQuerySet:
        return self.filter(is_demo=True)


class CommitmentQuerySet(CountyScopedQuerySet):
    def open(self) -> CommitmentQuerySet:
        from participation.choices import OPEN_COMMITMENT_STATUSES

        return self.filter(status__in=OPEN_COMMITMENT_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> CommitmentQuerySet:
        """Open commitments whose due date has passed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class ExperienceQuerySet(CountyScopedQuerySet):
    def published(self) -> ExperienceQuerySet:
        return self.filter(status="published")

    def readable_by(self, user: AnyUser) -> ExperienceQuerySet:
        """Published experiences for every signed-in user, drafts for whoever may change them."""
        if not access.can_browse_nation(user):
            return self.none()
        if access.is_ministry(user):
            # A superuser made by createsuperuser keeps the default role (analyst), whose
            # county scope is empty; here superusers have always seen every draft.
            return self.all()
        return self.filter(models.Q(status="published") | access.scope_of(user, "change").q())


# --- reads that assemble several models (imports are local: models import this module) ------


def counties_with_activity() -> list[int]:
    """Ids of counties with any participation record."""
    from participation.models import Critique, Engagement, Investment, Meeting, MeetingSeries

    ids: set[int] = set()
    for model in (Engagement, MeetingSeries, Meeting, Critique, Investment):
        ids.update(model.objects.values_list("county_id", flat=True).distinct())
    return sorted(ids)


def load_activity(county_ids: list[int]) -> tuple[dict[int, Any], set[int]]:
    """Each county's activity as plain records for participation.measures, and which counties
    have demo content. A fixed number of queries, whatever the number of counties."""
    from participation.choices import PERIODICITY_MONTHS
    from participation.measures import (
        CommitmentRecord,
        CountyActivity,
        CritiqueRecord,
        InvestmentRecord,
        SeriesRecord,
    )
    from participation.models import (
        Commitment,
        Critique,
        Engagement,
        InvestmentEvent,
        Meeting,
        MeetingSeries,
    )

    activity = {county_id: CountyActivity() for county_id in county_ids}
    demo: set[int] = set()
    for county_id, day, kind, is_demo in Engagement.objects.filter(
        county_id__in=county_ids
    ).values_list("county_id", "date", "stakeholder__type", "is_demo"):
        activity[county_id].engagements.append((day, kind))
        if is_demo:
            demo.add(county_id)
    held: dict[int, list[datetime.date]] = {}
    for series_id, starts_at in Meeting.objects.filter(
        county_id__in=county_ids, status="held", series__isnull=False
    ).values_list("series_id", "starts_at"):
        held.setdefault(series_id, []).append(timezone.localtime(starts_at).date())
    for series in MeetingSeries.objects.filter(county_id__in=county_ids, is_active=True):
        activity[series.county_id].series.append(
            SeriesRecord(
                series.starts_on,
                PERIODICITY_MONTHS[series.periodicity],
                tuple(held.get(series.pk, ())),
            )
        )
        if series.is_demo:
            demo.add(series.county_id)
    for county_id, due_on, status, completed_on, is_demo in Commitment.objects.filter(
        county_id__in=county_ids
    ).values_list("county_id", "due_on", "status", "completed_on", "is_demo"):
        activity[county_id].commitments.append(CommitmentRecord(due_on, status, completed_on))
        if is_demo:
            demo.add(county_id)
    for county_id, received_on, responded_on, is_demo in Critique.objects.filter(
        county_id__in=county_ids
    ).values_list("county_id", "received_on", "responded_on", "is_demo"):
        activity[county_id].critiques.append(CritiqueRecord(received_on, responded_on))
        if is_demo:
            demo.add(county_id)
    events: dict[tuple[int, int], list[tuple[datetime.date, str, int]]] = {}
    for county_id, investment_id, day, stage, jobs, is_demo in (
        InvestmentEvent.objects.filter(investment__county_id__in=county_ids)
        .order_by("date", "pk")
        .values_list(
            "investment__county_id",
            "investment_id",
            "date",
            "stage",
            "realized_jobs",
            "investment__is_demo",
        )
    ):
        events.setdefault((county_id, investment_id), []).append((day, stage, jobs))
        if is_demo:
            demo.add(county_id)
    for (county_id, _investment), history in events.items():
        activity[county_id].investments.append(InvestmentRecord(tuple(history)))
    return activity, demo


@dataclass(frozen=True)
class CoverageRow:
    """One stakeholder type of a county: how many are registered, when last engaged."""

    type: str
    label: str
    stakeholders: int
    last_engaged: datetime.date | None
    engaged_recently: bool


def coverage_by_type(county_id: int, today: datetime.date | None = None) -> list[CoverageRow]:
    """Every stakeholder type with its count and last engagement; 'recently' = last 90 days."""
    from django.db.models import Count, Max

    from participation.choices import COVERAGE_DAYS, StakeholderType
    from participation.models import Engagement, Stakeholder

    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=COVERAGE_DAYS - 1)
    counts = dict(
        Stakeholder.objects.filter(county_id=county_id, is_active=True)
        .values_list("type")
        .annotate(n=Count("pk"))
        .values_list("type", "n")
    )
    last = dict(
        Engagement.objects.filter(county_id=county_id, date__lte=today)
        .values_list("stakeholder__type")
        .annotate(last=Max("date"))
        .values_list("stakeholder__type", "last")
    )
    return [
        CoverageRow(
            value,
            str(label),
            counts.get(value, 0),
            last.get(value),
            last.get(value) is not None and last[value] >= since,
        )
        for value, label in StakeholderType.choices
    ]


def series_overview(county_id: int, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Each active series of a county with its slots (held, missed, pending), oldest first."""
    from participation.choices import PERIODICITY_MONTHS
    from participation.measures import SeriesRecord, slot_states
    from participation.models import Meeting, MeetingSeries

    today = today or timezone.localdate()
    series_list = list(
        MeetingSeries.objects.filter(county_id=county_id).order_by(persian("name"), "pk")
    )
    held: dict[int, list[datetime.date]] = {}
    for series_id, starts_at in Meeting.objects.filter(
        series__in=series_list, status="held"
    ).values_list("series_id", "starts_at"):
        held.setdefault(series_id, []).append(timezone.localtime(starts_at).date())
    overview = []
    for series in series_list:
        record = SeriesRecord(
            series.starts_on, PERIODICITY_MONTHS[series.periodicity], tuple(held.get(series.pk, ()))
        )
        slots = slot_states(record, today) if series.is_active else []
        overview.append(
            {
                "series": series,
                "slots": [{"start": s, "end": e, "state": state} for s, e, state in slots],
                "missed": sum(1 for *_, state in slots if state == "missed"),
                "held": sum(1 for *_, state in slots if state == "held"),
            }
        )
    return overview


def current_quarter_window(today: datetime.date | None = None) -> tuple[str, Any]:
    """(key of the quarter of the profile's calendar today is in, Window from its first day to
    today)."""
    from governance.periods import Period
    from participation.measures import Window

    today = today or timezone.localdate()
    period = Period.of_day(today, "quarter")
    return period.key, Window(period.start, today)


def live_measures(county_id: int, today: datetime.date | None = None) -> dict[str, float | None]:
    """The county's participation measures for the current quarter up to today."""
    from participation.services.measures import compute_measures

    _key, window = current_quarter_window(today)
    activity, _demo = load_activity([county_id])
    return compute_measures(activity[county_id], window)


def recent_quarters(count: int, today: datetime.date | None = None) -> list[str]:
    """The keys of the last `count` quarters (of the profile's calendar), the current one last."""
    from governance.periods import parse_period

    key, _window = current_quarter_window(today)
    period = parse_period(key)
    year, quarter = period.year, period.index
    keys = []
    for _ in range(count):
        keys.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(keys))


def jobs_over_time(county_id: int, quarters: list[str]) -> list[tuple[str, int]]:
    """Realized jobs of the county's investments at the end of each quarter."""
    from governance.periods import parse_period
    from participation.measures import realized_jobs
    from participation.services.measures import period_window

    activity, _demo = load_activity([county_id])
    today = timezone.localdate()
    points = []
    for key in quarters:
        end = min(period_window(parse_period(key)).end, today)
        points.append((key, realized_jobs(activity[county_id].investments, end)))
    return points


def furthest_stages(county_id: int) -> list[str | None]:
    """For each investment of the county, the furthest pipeline stage it reached."""
    from participation.choices import PIPELINE
    from participation.measures import furthest_stage
    from participation.models import InvestmentEvent

    stages: dict[int, list[str]] = {}
    for investment_id, stage in InvestmentEvent.objects.filter(
        investment__county_id=county_id
    ).values_list("investment_id", "stage"):
        stages.setdefault(investment_id, []).append(stage)
    return [furthest_stage(s, PIPELINE) for s in stages.values()]


_ARABIC_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ـ": None})


def normalise_search_text(text: str) -> str:
    """Arabic letter forms to Persian (ي→ی, ك→ک), tatweel and diacritics out.

    Applied to what is stored (services) and to what is searched, so both spellings match.
    """
    text = text.translate(_ARABIC_FORMS)
    return "".join(ch for ch in text if not ("\u064b" <= ch <= "\u0652"))


def search_experiences(queryset: Any, text: str) -> Any:
    """Filter experiences by words of `text` in title, problem, actions and results.

    PostgreSQL: full-text search with the 'simple' configuration (no stemming, so it works for
    Persian and English alike), each word matched as a prefix, ranked. Other databases: every
    word must appear somewhere (icontains).
    """
    import re

    from django.db import connection
    from django.db.models import Q

    words = [w for w in re.findall(r"\w+", normalise_search_text(text)) if w]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="simple") + SearchVector(
            "problem", "actions", "results", weight="B", config="simple"
        )
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "-is_featured", "-published_on", "-pk")
        )
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(actions__icontains=word)
            | Q(results__icontains=word)
        )
    return queryset


PROFILE_EXCLUDED_DIMENSIONS = ("participation",)
PROFILE_EXCLUDED_UNITS = ("people",)


def _profile_matrix(stamp: int | None = None) -> tuple[list[int], Any]:
    """Counties x indicators matrix of the latest county-level values (NaN where missing).

    Participation measures and absolute counts (population) are left out: the profile is about
    the challenges a county faces, not its size. Cached until an observation changes.
    """
    import numpy as np
    from django.core.cache import cache

    from counties.models import Observation
    from counties.queries import observations_stamp

    rows = (
        Observation.objects.filter(area__isnull=True)
        .exclude(indicator__dimension__code__in=PROFILE_EXCLUDED_DIMENSIONS)
        .exclude(indicator__unit__in=PROFILE_EXCLUDED_UNITS)
    )
    key = f"participation:profile:{observations_stamp() if stamp is None else stamp}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    latest = {
        (county_id, indicator_id): value
        for county_id, indicator_id, value in rows.latest_values()
        .order_by()
        .values_list("county_id", "indicator_id", "value")
    }
    county_ids = sorted({c for c, _ in latest})
    indicator_ids = sorted({i for _, i in latest})
    matrix = np.full((len(county_ids), len(indicator_ids)), np.nan)
    row_of = {c: n for n, c in enumerate(county_ids)}
    col_of = {i: n for n, i in enumerate(indicator_ids)}
    for (county_id, indicator_id), value in latest.items():
        matrix[row_of[county_id], col_of[indicator_id]] = value
    result = (county_ids, matrix)
    cache.set(key, result, 3600)
    return result


def prepare_similar_counties() -> None:
    """Compute and cache the counties' profiles (seconds at 5,000 counties) before a visitor
    asks: called while a score run that follows a data change is warmed."""
    _profile_matrix()


def similar_counties(
    county_id: int, k: int = 5, *, stamp: int | None = None
) -> list[tuple[int, float]]:
    """(county id, distance) of the k counties nearest on the normalised indicator profile,
    cached per county until an observation changes (normalising and searching 5,000 counties'
    profiles costs about 50 ms); `stamp` is `observations_stamp()` when the caller has read
    it."""
    from django.core.cache import cache

    from counties.queries import observations_stamp

    stamp = observations_stamp() if stamp is None else stamp
    key = f"participation:similar:{county_id}:{k}:{stamp}"
    found = cache.get_or_set(key, lambda: _similar_counties(county_id, k, stamp), 24 * 3600)
    return cast("list[tuple[int, float]]", found)


def similar_county_rows(
    county_id: int, k: int, *, stamp: int | None, geography: str
) -> list[dict[str, Any]]:
    """The k nearest counties (`similar_counties`) as the county page lists them: each
    {"county": County with its code, names and province's names, "distance": d}, cached until
    an observation changes (`stamp`) or a county or province is saved (`geography`, the newest
    `updated_at` of both; "" reads the names every time)."""
    from django.core.cache import cache

    from counties.models import County
    from counties.queries import observations_stamp

    stamp = observations_stamp() if stamp is None else stamp

    def read() -> list[dict[str, Any]]:
        neighbours = similar_counties(county_id, k, stamp=stamp)
        by_id = {
            c.pk: c
            for c in County.objects.filter(pk__in=[pk for pk, _ in neighbours])
            .select_related("province")
            .only("code", "name_fa", "name_en", "province__name_fa", "province__name_en")
        }
        return [{"county": by_id[pk], "distance": d} for pk, d in neighbours if pk in by_id]

    if not geography:
        return read()
    key = f"participation:similar-rows:{county_id}:{k}:{stamp}:{geography}"
    return cast("list[dict[str, Any]]", cache.get_or_set(key, read, 24 * 3600))


def _similar_counties(county_id: int, k: int, stamp: int) -> list[tuple[int, float]]:
    from participation.similarity import minmax_normalise, nearest_neighbours

    county_ids, matrix = _profile_matrix(stamp)
    if county_id not in county_ids:
        return []
    normalised = minmax_normalise(matrix)
    index = county_ids.index(county_id)
    return [(county_ids[row], d) for row, d in nearest_neighbours(normalised, index, k)]


def waiting_feedback(**filters: Any) -> models.QuerySet[ProjectFeedback]:
    """Citizens' feedback neither in the critiques register nor dismissed as spam."""
    return ProjectFeedback.objects.kept().filter(critique__isnull=True, **filters)


def investment_jobs_proposals(county_id: int, user: AnyUser, limit: int = 10) -> list[Any]:
    """The county's investor jobs proposed as `new_jobs` values (participation.services.jobs),
    newest year first, each a SubmittedValue with its submission; only those the user may read
    (access.can_view_submission: analysts, the approved ones)."""
    rows = (
        SubmittedValue.objects.filter(
            submission__origin=SubmissionOrigin.INVESTMENTS, submission__county_id=county_id
        )
        .select_related("submission__decided_by", "indicator")
        .order_by("-period", "-submission__created_at", "-pk")[:limit]
    )
    return [row for row in rows if access.can_view_submission(user, row.submission)]
