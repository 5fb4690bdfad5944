"""Endpoints of geography, indicators and observations.

All are public statistics for any signed-in user, as on the pages (governance.access), and
read-only.
"""

from __future__ import annotations

from typing import Any

import django_filters
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from counties.api.serializers import (
    COUNTY_ROWS,
    OBSERVATION_ROWS,
    AreaSerializer,
    CountySerializer,
    DimensionSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    ProvinceSerializer,
)
from counties.models import Area, County, Dimension, Indicator, Observation, Province
from counties.queries import observations_stamp
from governance.api import PeriodFilter, ReadOnlyForSignedIn
from governance.filters import PersianFilterSet


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.defer("geometry")
    serializer_class = ProvinceSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = ["code", "is_synthetic"]
    lookup_field = "code"
    cursor_ordering = "code"  # no history to stamp a cached count: keyset pages on request


class CountyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = County.objects.select_related("province").defer("geometry", "province__geometry")
    serializer_class = CountySerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = {"province__code": ["exact"], "code": ["exact"], "is_synthetic": ["exact"]}
    lookup_field = "code"
    cursor_ordering = "code"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Rows are read with `.values()` and turned out by the serializer's fields
        # (COUNTY_ROWS): the same answer without building 100 counties and their provinces.
        # (A comment, not a docstring: the schema describes the list with the class's.)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*COUNTY_ROWS.lookups))
        assert page is not None  # every list is paginated (settings.REST_FRAMEWORK)
        return self.get_paginated_response(COUNTY_ROWS.rows(page))


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Area.objects.select_related("county").defer("geometry", "county__geometry")
    serializer_class = AreaSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = {"county__code": ["exact"], "kind": ["exact"], "is_deprived": ["exact"]}
    cursor_ordering = "pk"


class DimensionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Dimension.objects.all()
    serializer_class = DimensionSerializer
    permission_classes = [ReadOnlyForSignedIn]
    lookup_field = "code"
    cursor_ordering = "code"


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.select_related("dimension")
    serializer_class = IndicatorSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_fields = {"dimension__code": ["exact"], "frequency": ["exact"]}
    lookup_field = "code"
    cursor_ordering = "code"


class ObservationFilter(PersianFilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    county = django_filters.CharFilter(field_name="county__code")
    province = django_filters.CharFilter(field_name="county__province__code")
    period = PeriodFilter()
    area = django_filters.NumberFilter(field_name="area_id")
    county_level = django_filters.BooleanFilter(field_name="area", lookup_expr="isnull")

    class Meta:
        model = Observation
        fields = ["indicator", "county", "province", "period", "area", "is_synthetic"]


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Observation.objects.select_related("indicator", "county").order_by("pk")
    serializer_class = ObservationSerializer
    permission_classes = [ReadOnlyForSignedIn]
    filterset_class = ObservationFilter
    cursor_ordering = "id"  # the page order: deep pages read a range of the primary key

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Rows are read with `.values()` and turned out by the serializer's fields
        # (OBSERVATION_ROWS): the same answer without building 100 model instances.
        # (A comment, not a docstring: the schema describes the list with the class's.)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*OBSERVATION_ROWS.lookups))
        assert page is not None  # every list is paginated (settings.REST_FRAMEWORK)
        return self.get_paginated_response(OBSERVATION_ROWS.rows(page))

    def count_stamp(self) -> int:
        """Page counts are cached until an observation is written (governance.pagination)."""
        return observations_stamp()
