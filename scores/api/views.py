"""Endpoints of methodologies and scores.

Public statistics for any signed-in user, as on the pages (governance.access), and read-only,
except publishing or discarding a draft score run (ministry staff).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import django_filters
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from governance import access
from governance.api import ReadOnlyForSignedIn
from governance.filters import PersianFilterSet
from governance.periods import PeriodError, parse_period
from governance.persian import latin_text
from scores import services
from scores.api.serializers import (
    SCORE_ROWS,
    MethodologySerializer,
    ScorePeriodsSerializer,
    ScoreRunSerializer,
    ScoreSerializer,
    score_rows,
)
from scores.choices import ScoreRunStatus
from scores.completeness import RunPeriods, run_periods
from scores.models import Methodology, Score, ScorePeriod, ScoreRun

if TYPE_CHECKING:
    from rest_framework.permissions import _SupportsHasPermission


class MethodologyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Methodology.objects.all()
    serializer_class = MethodologySerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = ["is_current"]
    lookup_field = "code"


class CanPublishScores(BasePermission):
    """Publishing or discarding a draft score run: ministry staff (governance.access)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.can_publish_scores(request.user)


class RunStateConflict(APIException):
    """409: the run is not a draft (already published, discarded, still computing)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Only a run awaiting review can be published or discarded.")
    default_code = "not_a_draft"


class ScoreRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Score runs with their status (draft = awaiting review) and each period's completeness;
    ministry staff publish or discard a draft with POST .../publish/ or .../discard/."""

    queryset = ScoreRun.objects.select_related("reviewed_by").prefetch_related(
        Prefetch("score_periods", queryset=ScorePeriod.objects.order_by("period"))
    )
    serializer_class = ScoreRunSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = ["status", "trigger"]
    cursor_ordering = "-pk"  # runs keep no history to stamp a cached count: keyset on request

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action in ("publish", "discard"):
            return [CanPublishScores()]
        return super().get_permissions()

    def _decide(self, function: Any) -> Response:
        run = self.get_object()
        try:
            function(run.pk, user=self.request.user)
        except services.RunNotPublishable as refused:
            raise RunStateConflict(refused.message) from refused
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data)

    @extend_schema(request=None, responses=ScoreRunSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish a draft run: every page, export and API list then shows it."""
        return self._decide(services.publish_score_run)

    @extend_schema(request=None, responses=ScoreRunSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str | None = None) -> Response:
        """Discard a draft run: its results are deleted; the published run stays."""
        return self._decide(services.discard_score_run)


class ScoreFilter(PersianFilterSet):
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")
    period = django_filters.CharFilter(method="filter_period")

    class Meta:
        model = Score
        fields = ["run", "county", "province", "period", "tier"]

    def filter_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Periods as users type them (1403, ۱۴۰۳); unparsable: no rows."""
        try:
            return queryset.filter(period=parse_period(value).key)
        except PeriodError:
            return queryset.none()


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of published runs only: the latest published run unless `?run=<id>` names an
    earlier published one, in the run's latest complete period unless `?period=` asks for
    another (a provisional period's rows say so). Only ranked counties have scores."""

    queryset = Score.objects.select_related("county__province").defer(
        "county__geometry", "county__province__geometry"
    )
    serializer_class = ScoreSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_class = ScoreFilter

    def chosen_run(self) -> ScoreRun | None:
        """The published run asked for (`?run=`, any digits), else the latest published."""
        if not hasattr(self, "_chosen_run"):
            asked = latin_text(self.request.query_params.get("run", "")).strip()
            published = ScoreRun.objects.published()
            if not asked:
                self._chosen_run = published.order_by("-published_at", "-pk").first()
            else:
                self._chosen_run = (
                    published.filter(pk=int(asked)).first() if asked.isdigit() else None
                )
        return self._chosen_run

    def periods_for(self, run_id: int | None) -> RunPeriods:
        """The completeness of the run's periods, read once per run and request."""
        cache = self.__dict__.setdefault("_periods", {})
        if run_id not in cache:
            chosen = self.chosen_run() if self.action in ("list", "periods") else None
            run = chosen if chosen and chosen.pk == run_id else None
            if run is None and run_id is not None:
                run = ScoreRun.objects.published().filter(pk=run_id).first()
            cache[run_id] = run_periods(run)
        return cache[run_id]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "periods_for": self.periods_for}

    def count_stamp(self) -> int | None:
        """A published run's scores never change and the run is in the query, so its counts are
        cached (governance.pagination) under the run: a deleted run lists nothing."""
        run = self.chosen_run()
        return run.pk if run else None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A published run's scores never change, and every signed-in user may read them all
        # (the permission was checked before this), so a page's rows and count are cached
        # under the run, the parameters that choose them and the language (the provisional
        # label); the links are made for each request. Rows are read with `.values()`.
        # (A comment, not a docstring: the schema describes the list with the class's.)
        run = self.chosen_run()
        key = page_cache_key(run.pk, request) if run is not None else None
        cached = cache.get(key) if key is not None else None
        if cached is not None:
            count, results = cached
            assert self.paginator is not None
            PageNumberPagination.paginate_queryset(self.paginator, range(count), request, self)
            return self.get_paginated_response(results)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*SCORE_ROWS.lookups))
        assert page is not None  # every list is paginated (settings.REST_FRAMEWORK)
        results = score_rows(page, self.periods_for)
        response = self.get_paginated_response(results)
        if key is not None and results:
            cache.set(key, (response.data["count"], results), PAGE_CACHE_SECONDS)
        return response

    def get_queryset(self) -> QuerySet:
        queryset = (
            super()
            .get_queryset()
            .filter(run__status=ScoreRunStatus.PUBLISHED)
            .order_by("period", "national_rank", "county__code")
        )
        if self.action == "list":
            run = self.chosen_run()
            if run is None:
                return queryset.none()
            queryset = queryset.filter(run=run)
            if not self.request.query_params.get("period"):
                queryset = queryset.filter(period=self.periods_for(run.pk).default)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("run", int, description="A published run (default: the latest).")
        ],
        responses=ScorePeriodsSerializer,
        filters=False,
    )
    @action(detail=False, filter_backends=[], pagination_class=None)
    def periods(self, request: Request) -> Response:
        """Every period of the published run with its completeness; `default` is the period
        lists open on (the latest complete one)."""
        run = self.chosen_run()
        statuses = self.periods_for(run.pk if run else None)
        data = {
            "run": run.pk if run else None,
            "default": statuses.default,
            "periods": [
                {
                    **{k: getattr(status, k) for k in PERIOD_FIELDS},
                    "is_default": status.period == statuses.default,
                }
                for status in statuses.statuses.values()
            ],
        }
        return Response(ScorePeriodsSerializer(data).data)


PAGE_CACHE_SECONDS = 3600


# The parameters that choose a page of scores (ScoreFilter's and the page number).
PAGE_PARAMETERS = ("run", "county", "province", "period", "tier", "page")


def page_cache_key(run_id: int, request: Request) -> str:
    """The key of a page of a published run's scores: the run, the parameters that choose the
    rows (others, unknown to the list, cannot make new entries) and the language. Nothing of
    the user: every signed-in user may read every score."""
    chosen = [(name, request.query_params.getlist(name)) for name in PAGE_PARAMETERS]
    text = f"{run_id}|{chosen!r}|{get_language()}"
    return "api:scores:page:" + hashlib.sha256(text.encode()).hexdigest()


PERIOD_FIELDS = (
    "period",
    "is_complete",
    "is_provisional",
    "provisional_label",
    "ranked",
    "counties",
    "with_data",
    "unranked",
    "mean_coverage",
    "min_coverage",
    "min_ranked_share",
)
