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


def _run(path: Path, **options) -> None:
    """The command, its messages in English unless the test asks for another language."""
    options.setdefault("language", "en")
    call_command("import_geography", path, **options)


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
    _run(provinces_file, level="province")
    _run(counties_file, level="county")
    assert Province.objects.count() == 2
    be = County.objects.get(code="102")
    assert be.province.code == "02" and be.census_code == "0203" and be.name_en == "Be"
    assert 12000 < float(be.area_km2) < 12500  # one degree square near 10°N


def test_reimport_updates_in_place_and_reports_unchanged(provinces_file, tmp_path, capsys):
    _run(provinces_file, level="province")
    _run(provinces_file, level="province")
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    renamed = _write(tmp_path, [_feature(sci_code="01", name_fa="یک", name_en="Uno")])
    _run(renamed, level="province")
    assert Province.objects.get(code="01").name_en == "Uno"
    assert Province.objects.count() == 2


def test_custom_field_mapping_serves_any_country(tmp_path):
    path = _write(
        tmp_path, [_feature(GID_1="FR-IDF", NAME_LOCAL="Île-de-France", NAME_1="Ile-de-France")]
    )
    _run(
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
        _run(path, level="province")
    assert Province.objects.count() == 0


def test_county_file_imported_as_provinces_is_recognised_and_changes_nothing(counties_file):
    with pytest.raises(CommandError, match="looks like a county file"):
        _run(counties_file, level="province")
    assert Province.objects.count() == 0


def test_counties_before_their_provinces_name_the_missing_province(counties_file):
    with pytest.raises(CommandError, match="unknown province 01"):
        _run(counties_file, level="county")
    assert County.objects.count() == 0


def test_one_bad_feature_among_good_ones_imports_nothing_and_names_every_problem(
    provinces_file, tmp_path
):
    _run(provinces_file, level="province")
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
        _run(path, level="county")
    text = str(excinfo.value)
    assert "Feature 2: code 1 repeats feature 1" in text
    assert "Feature 3: invalid geometry" in text
    assert (
        'Feature 4: property "osm_relation" is missing (choose another with --code-field).' in text
    )
    assert County.objects.count() == 0


def test_dry_run_validates_without_writing(provinces_file):
    _run(provinces_file, level="province", dry_run=True)
    assert Province.objects.count() == 0


def test_messages_default_to_the_site_language_persian(counties_file):
    # No --language: settings.LANGUAGE_CODE (fa), whatever language is active.
    with pytest.raises(CommandError, match="استان ناشناختهٔ 01"):
        call_command("import_geography", counties_file, level="county")


def test_iranian_optional_properties_are_kept_when_present(tmp_path):
    provinces = _write(
        tmp_path,
        [
            _feature(
                sci_code="01",
                name_fa="یک",
                name_en="One",
                iso_3166_2="IR-01",
                osm_relation=7,
                wikidata="Q1",
            )
        ],
        "p.geojson",
    )
    counties = _write(
        tmp_path,
        [
            _feature(
                osm_relation=101,
                province_code="01",
                name_fa="الف",
                name_en="Alef",
                sci_code_2016="0101",
                wikidata="Q2",
            )
        ],
        "c.geojson",
    )
    _run(provinces, level="province")
    _run(counties, level="county")
    one = Province.objects.get(code="01")
    assert (one.iso_code, one.osm_relation, one.wikidata) == ("IR-01", 7, "Q1")
    alef = County.objects.get(code="101")
    assert (alef.census_code, alef.osm_relation, alef.wikidata) == ("0101", 101, "Q2")


# A country nobody here prepared: codes and one name per feature, no Iranian properties.
STATES = [
    _feature(code="N1", name="Northland"),
    _feature(code="S1", name="Southland"),
]
DISTRICTS = [
    _feature(code="N1-A", name="Alpha", state="N1"),
    _feature(code="N1-B", name="Beta", state="N1"),
    _feature(code="S1-C", name="Gamma", state="S1"),
]
GENERIC = {"code_field": "code", "name_field": "name"}


def test_a_country_with_single_names_and_its_own_codes_imports(tmp_path, capsys):
    _run(_write(tmp_path, STATES, "states.geojson"), level="province", **GENERIC)
    _run(
        _write(tmp_path, DISTRICTS, "districts.geojson"),
        level="county",
        province_field="state",
        **GENERIC,
    )
    assert "Counties: 3 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    north = Province.objects.get(code="N1")
    assert (north.name_fa, north.name_en) == ("Northland", "Northland")
    assert (north.iso_code, north.osm_relation, north.wikidata) == ("", None, "")
    gamma = County.objects.get(code="S1-C")
    assert (gamma.name_fa, gamma.name_en, gamma.province.code) == ("Gamma", "Gamma", "S1")
    assert (gamma.census_code, gamma.osm_relation, gamma.wikidata) == ("", None, "")
    assert County.objects.filter(province=north).count() == 2


def _bad_districts(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        [
            DISTRICTS[0],
            _feature(name="No code", state="N1"),  # feature 2: no code
            _feature(code="X1-D", name="Delta", state="X1"),  # feature 3: unknown state
        ],
        "bad-districts.geojson",
    )


def test_a_bad_district_file_lists_every_error_in_english_and_writes_nothing(tmp_path):
    _run(_write(tmp_path, STATES, "states.geojson"), level="province", **GENERIC)
    with pytest.raises(CommandError) as excinfo:
        _run(_bad_districts(tmp_path), level="county", province_field="state", **GENERIC)
    assert str(excinfo.value).splitlines() == [
        "Nothing was imported:",
        'Feature 2: property "code" is missing (choose another with --code-field).',
        "Feature 3: unknown province X1 (import provinces first).",
    ]
    assert County.objects.count() == 0


def test_a_bad_district_file_lists_every_error_in_persian_with_persian_digits(tmp_path):
    _run(_write(tmp_path, STATES, "states.geojson"), level="province", **GENERIC)
    with pytest.raises(CommandError) as excinfo:
        _run(
            _bad_districts(tmp_path),
            level="county",
            province_field="state",
            language="fa",
            **GENERIC,
        )
    lines = str(excinfo.value).splitlines()
    assert len(lines) == 3
    assert lines[0] == "چیزی وارد نشد:"
    assert lines[1].startswith("عارضهٔ ۲:") and "«code»" in lines[1] and "--code-field" in lines[1]
    assert lines[2].startswith("عارضهٔ ۳:") and "X1" in lines[2]
    assert County.objects.count() == 0


def test_missing_single_name_names_the_option(tmp_path):
    path = _write(tmp_path, [_feature(code="N1", title="Northland")])
    with pytest.raises(CommandError, match=r'"name" \(the name\) is missing.*--name-field'):
        _run(path, level="province", **GENERIC)


def test_name_field_with_the_two_name_options_is_refused(tmp_path):
    path = _write(tmp_path, STATES)
    with pytest.raises(CommandError, match="either --name-field"):
        _run(path, level="province", name_fa_field="name", **GENERIC)
    assert Province.objects.count() == 0
