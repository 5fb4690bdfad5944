"""import_geography: any country's boundaries, validated, all or nothing, re-runnable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from counties.models import County, Province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


SQUARE = [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]


def _feature(**props):
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }


def _write(tmp_path: Path, features, name="file.geojson") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return path


@pytest.fixture
def provinces_file(tmp_path):
    return _write(
        tmp_path,
        [
            _feature(sci_code="01", name_fa="یک", name_en="One", iso_3166_2="XX-01"),
            _feature(sci_code="02", name_fa="دو", name_en="Two", iso_3166_2="XX-02"),
        ],
        "provinces.geojson",
    )


@pytest.fixture
def counties_file(tmp_path):
    return _write(
        tmp_path,
        [
            _feature(osm_relation=101, province_code="01", name_fa="الف", name_en="Alef"),
            _feature(
                osm_relation=102,
                province_code="02",
                name_fa="ب",
                name_en="Be",
                sci_code_2016="0203",
            ),
        ],
        "counties.geojson",
    )


def test_provinces_then_counties_import_with_names_codes_and_computed_area(
    provinces_file, counties_file
):
    call_command("import_geography", provinces_file, level="province")
    call_command("import_geography", counties_file, level="county")
    assert Province.objects.count() == 2
    be = County.objects.get(code="102")
    assert be.province.code == "02" and be.census_code == "0203" and be.name_en == "Be"
    assert 12000 < float(be.area_km2) < 12500  # one degree square near 10°N


def test_reimport_updates_in_place_and_reports_unchanged(provinces_file, tmp_path, capsys):
    call_command("import_geography", provinces_file, level="province")
    call_command("import_geography", provinces_file, level="province")
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    renamed = _write(tmp_path, [_feature(sci_code="01", name_fa="یک", name_en="Uno")])
    call_command("import_geography", renamed, level="province")
    assert Province.objects.get(code="01").name_en == "Uno"
    assert Province.objects.count() == 2


def test_custom_field_mapping_serves_any_country(tmp_path):
    path = _write(
        tmp_path, [_feature(GID_1="FR-IDF", NAME_LOCAL="Île-de-France", NAME_1="Ile-de-France")]
    )
    call_command(
        "import_geography",
        path,
        level="province",
        code_field="GID_1",
        name_fa_field="NAME_LOCAL",
        name_en_field="NAME_1",
    )
    assert Province.objects.get(code="FR-IDF").name_en == "Ile-de-France"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "no features"),
    ],
)
def test_malformed_file_is_refused_with_the_reason(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_geography", path, level="province")
    assert Province.objects.count() == 0


def test_county_file_imported_as_provinces_is_recognised_and_changes_nothing(counties_file):
    with pytest.raises(CommandError, match="looks like a county file"):
        call_command("import_geography", counties_file, level="province")
    assert Province.objects.count() == 0


def test_counties_before_their_provinces_name_the_missing_province(counties_file):
    with pytest.raises(CommandError, match="unknown province 01"):
        call_command("import_geography", counties_file, level="county")
    assert County.objects.count() == 0


def test_one_bad_feature_among_good_ones_imports_nothing_and_names_every_problem(
    provinces_file, tmp_path
):
    call_command("import_geography", provinces_file, level="province")
    bad_geometry = _feature(osm_relation=3, province_code="01", name_fa="ج")
    bad_geometry["geometry"] = {"type": "Point", "coordinates": [10, 10]}
    path = _write(
        tmp_path,
        [
            _feature(osm_relation=1, province_code="01", name_fa="الف"),
            _feature(osm_relation=1, province_code="01", name_fa="تکراری"),
            bad_geometry,
            _feature(province_code="01", name_fa="بی‌کد"),
        ],
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_geography", path, level="county")
    text = str(excinfo.value)
    assert "Feature 2: code 1 repeats feature 1" in text
    assert "Feature 3: invalid geometry" in text
    assert "Feature 4: missing property osm_relation" in text
    assert County.objects.count() == 0


def test_dry_run_validates_without_writing(provinces_file):
    call_command("import_geography", provinces_file, level="province", dry_run=True)
    assert Province.objects.count() == 0


def test_errors_are_reported_in_persian_under_persian(counties_file):
    with translation.override("fa"), pytest.raises(CommandError, match="استان ناشناختهٔ 01"):
        call_command("import_geography", counties_file, level="county")
