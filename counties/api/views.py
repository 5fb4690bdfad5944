"""Endpoints of geography, indicators, observations, methodologies and scores.

All are public statistics for any signed-in user, as on the pages (governance.access), and
read-only, except publishing or discarding a draft score run (ministry staff).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from counties import scores
from counties.api.serializers import (
    AreaSerializer,
    CountySerializer,
    DimensionSerializer,
    IndicatorSerializer,
    MethodologySerializer,
    ObservationSerializer,
    ProvinceSerializer,
    ScoreRunSerializer,
    ScoreSerializer,
)
from counties.models import (
    Area,
    County,
    Dimension,
    Indicator,
    Methodology,
    Observation,
    Province,
    Score,
    ScorePeriod,
    ScoreRun,
)
from counties.periods import PeriodError, parse_period
from counties.queries import observations_stamp
from governance import access
from governance.api import ReadOnlyForSignedIn
from governance.filters import PersianFilterSet


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.defer("geometry")
    serializer_class = ProvinceSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = ["code", "is_synthetic"]
    lookup_field = "code"


class CountyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = County.objects.select_related("province").defer("geometry", "province__geometry")
    serializer_class = CountySerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = {"province__code": ["exact"], "code": ["exact"], "is_synthetic": ["exact"]}
    lookup_field = "code"


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Area.objects.select_related("county")
    serializer_class = AreaSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = {"county__code": ["exact"], "kind": ["exact"], "is_deprived": ["exact"]}


class DimensionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Dimension.objects.all()
    serializer_class = DimensionSerializer
    permission_classes = [ReadOnlyForSignedIn]
    lookup_field = "code"


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.select_related("dimension")
    serializer_class = IndicatorSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = {"dimension__code": ["exact"], "frequency": ["exact"]}
    lookup_field = "code"


class ObservationFilter(PersianFilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")
    period = django_filters.CharFilter(method="filter_period")
    area = django_filters.NumberFilter(field_name="area_id")
    county_level = django_filters.BooleanFilter(field_name="area", lookup_expr="isnull")

    class Meta:
        model = Observation
        fields = ["indicator", "county", "province", "period", "area", "is_synthetic"]

    def filter_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Periods as users type them: 1402, ۱۴۰۲, 1402-Q3, 1402-07 (unparsable: no rows)."""
        try:
            return queryset.filter(period=parse_period(value).key)
        except PeriodError:
            return queryset.none()


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Observation.objects.select_related("indicator", "county").order_by("pk")
    serializer_class = ObservationSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_class = ObservationFilter

    def count_stamp(self) -> int:
        """Page counts are cached until an observation is written (governance.pagination)."""
        return observations_stamp()


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

    def get_permissions(self) -> list[BasePermission]:
        if self.action in ("publish", "discard"):
            return [CanPublishScores()]
        return super().get_permissions()

    def _decide(self, function: Any) -> Response:
        run = self.get_object()
        try:
            function(run.pk, user=self.request.user)
        except scores.RunNotPublishable as refused:
            raise RunStateConflict(refused.message) from refused
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data)

    @extend_schema(request=None, responses=ScoreRunSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish a draft run: every page, export and API list then shows it."""
        return self._decide(scores.publish_score_run)

    @extend_schema(request=None, responses=ScoreRunSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str | None = None) -> Response:
        """Discard a draft run: its results are deleted; the published run stays."""
        return self._decide(scores.discard_score_run)


class ScoreFilter(PersianFilterSet):
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")

    class Meta:
        model = Score
        fields = ["run", "county", "province", "period", "tier"]


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of the latest published run, unless `?run=<id>` asks for another run."""

    queryset = Score.objects.select_related("county__province").defer(
        "county__geometry", "county__province__geometry"
    )
    serializer_class = ScoreSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_class = ScoreFilter

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().order_by("period", "national_rank", "county__code")
        if self.action == "list" and "run" not in self.request.query_params:
            latest = ScoreRun.objects.latest_published()
            return queryset.filter(run=latest) if latest else queryset.none()
        return queryset
