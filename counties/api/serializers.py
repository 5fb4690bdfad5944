"""Serializers of the counties API."""

from __future__ import annotations

from rest_framework import serializers

from counties.catalogue import INDICATOR_FIELDS
from counties.models import Area, County, Dimension, Indicator, Observation, Province
from governance.serializers import PersianModelSerializer, ValuesSerializer, read_only_slug


class ProvinceSerializer(PersianModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "iso_code", "name_fa", "name_en", "is_synthetic"]


class CountySerializer(PersianModelSerializer):
    province = read_only_slug()

    class Meta:
        model = County
        fields = [
            "id",
            "code",
            "census_code",
            "name_fa",
            "name_en",
            "province",
            "area_km2",
            "osm_relation",
            "wikidata",
            "is_synthetic",
        ]


class AreaSerializer(PersianModelSerializer):
    county = read_only_slug()

    class Meta:
        model = Area
        fields = [
            "id",
            "county",
            "code",
            "name_fa",
            "name_en",
            "kind",
            "is_deprived",
            "population",
            "is_synthetic",
            "version",
        ]


class DimensionSerializer(PersianModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "code", "name_fa", "name_en", "is_challenge", "order"]


class IndicatorSerializer(PersianModelSerializer):
    dimension = read_only_slug()

    class Meta:
        model = Indicator
        fields = ["id", *INDICATOR_FIELDS]


class ObservationSerializer(PersianModelSerializer):
    indicator = read_only_slug()
    county = read_only_slug()
    area: serializers.PrimaryKeyRelatedField[Area] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "county",
            "area",
            "period",
            "period_kind",
            "period_start",
            "value",
            "source",
            "note",
            "is_synthetic",
            "updated_at",
        ]


# ObservationSerializer's output from `.values()` rows (the observations list).
OBSERVATION_ROWS = ValuesSerializer(
    ObservationSerializer,
    {
        "id": "id",
        "indicator": "indicator__code",
        "county": "county__code",
        "area": "area_id",
        "period": "period",
        "period_kind": "period_kind",
        "period_start": "period_start",
        "value": "value",
        "source": "source",
        "note": "note",
        "is_synthetic": "is_synthetic",
        "updated_at": "updated_at",
    },
)


# CountySerializer's output from `.values()` rows (the counties list).
COUNTY_ROWS = ValuesSerializer(
    CountySerializer,
    {
        "id": "id",
        "code": "code",
        "census_code": "census_code",
        "name_fa": "name_fa",
        "name_en": "name_en",
        "province": "province__code",
        "area_km2": "area_km2",
        "osm_relation": "osm_relation",
        "wikidata": "wikidata",
        "is_synthetic": "is_synthetic",
    },
)
