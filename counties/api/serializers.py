"""Serializers of the counties API."""

from __future__ import annotations

from rest_framework import serializers

from counties.models import Area, County, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "iso_code", "name_fa", "name_en", "is_synthetic"]


class CountySerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

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


class AreaSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="code", read_only=True)

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
