"""Read-only endpoints for the geography (public statistics for any signed-in user)."""

from __future__ import annotations

from rest_framework import viewsets

from counties.api.serializers import AreaSerializer, CountySerializer, ProvinceSerializer
from counties.models import Area, County, Province
from governance.api import ReadOnlyForSignedIn


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
