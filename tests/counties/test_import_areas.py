"""import_geography --level area: a county's areas with their boundaries, all or nothing, matched
by code within their county; the county page maps them."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from counties.geojson_import import matching_area
from counties.models import Area
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

SQUARE = [[[50.1, 30.1], [50.4, 30.1], [50.4, 30.4], [50.1, 30.4], [50.1, 30.1]]]
OTHER_SQUARE = [[[50.5, 30.5], [50.8, 30.5], [50.8, 30.8], [50.5, 30.8], [50.5, 30.5]]]


def _feature(coordinates=SQUARE, **props):
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": coordinates},
    }


def _write(tmp_path: Path, features, name="areas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return path


def _run(path: Path, **options) -> str:
    from io import StringIO

    options.setdefault("language", "en")
    out = StringIO()
    call_command("import_geography", path, level="area", stdout=out, **options)
    return out.getvalue()


# County A (CA) and county B (CB) of the `world` fixture.
AREAS = [
    _feature(code="A1", county_code="CA", name_fa="شهر الف", name_en="Alef town", kind="city"),
    _feature(
        OTHER_SQUARE,
        code="A2",
        county_code="CA",
        name_fa="حاشیه",
        name_en="Fringe",
        kind="informal settlement",
    ),
    _feature(code="A1", county_code="CB", name_fa="روستا", name_en="Village", kind="rural"),
]


def test_areas_import_into_their_counties_with_kinds_and_boundaries(world, tmp_path):
    output = _run(_write(tmp_path, AREAS), kind_field="kind")
    assert "Areas: 3 created, 0 updated, 0 unchanged." in output
    town = Area.objects.get(county=world.county_a, code="A1")
    assert (town.name_fa, town.name_en, town.kind) == ("شهر الف", "Alef town", "city")
    assert town.geometry == {"type": "Polygon", "coordinates": SQUARE}
    assert Area.objects.get(code="A2").kind == "informal_settlement"
    # The same code in another county is another area.
    assert Area.objects.get(county=world.county_b, code="A1").kind == "rural"


def test_reimport_updates_by_code_within_the_county_and_is_idempotent(world, tmp_path):
    _run(_write(tmp_path, AREAS), kind_field="kind")
    assert "0 created, 0 updated, 3 unchanged" in _run(_write(tmp_path, AREAS), kind_field="kind")
    town = Area.objects.get(county=world.county_a, code="A1")
    version = town.version
    moved = _feature(OTHER_SQUARE, code="A1", county_code="CA", name_fa="شهر الف", name_en="Alef")
    moved["geometry"]["coordinates"] = [[[50.0, 30.0], [50.2, 30.0], [50.2, 30.2], [50.0, 30.0]]]
    assert "0 created, 1 updated, 0 unchanged" in _run(_write(tmp_path, [moved], "moved.geojson"))
    town.refresh_from_db()
    assert town.name_en == "Alef" and town.geometry == moved["geometry"]
    assert town.kind == "city"  # no kind in the file: the area keeps its own
    assert town.version == version + 1  # a page opened before the import is refused
    assert Area.objects.count() == 3


def test_an_area_entered_without_a_code_takes_the_file_code_by_its_persian_name(world, tmp_path):
    entered = Area.objects.create(
        county=world.county_a, name_fa="شهر الف", name_en="Town", kind="city", population=5000
    )
    _run(_write(tmp_path, AREAS[:1]))
    entered.refresh_from_db()
    assert (entered.code, entered.population, entered.geometry is not None) == ("A1", 5000, True)
    assert Area.objects.filter(county=world.county_a).count() == 1


def test_a_new_area_without_a_kind_takes_the_default_kind(world, tmp_path):
    plain = [_feature(code="Z", county_code="CA", name="Zone")]
    _run(_write(tmp_path, plain), name_field="name")
    assert Area.objects.get(code="Z").kind == "district"
    _run(
        _write(tmp_path, [_feature(code="Y", county_code="CA", name="Y")]),
        name_field="name",
        default_kind="rural",
    )
    assert Area.objects.get(code="Y").kind == "rural"


def _bad_file(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        [
            AREAS[0],
            _feature(code="B1", county_code="NOPE", name_fa="ب", name_en="Be"),  # 2: no county
            _feature(code="B2", name_fa="پ", name_en="Pe"),  # 3: no county property
            _feature(county_code="CA", name_fa="ت", name_en="Te"),  # 4: no code
            _feature(code="B5", county_code="CA", name_fa="ث", kind="castle"),  # 5: bad kind
            _feature(code="B6", county_code="CA", name_fa="شهر الف"),  # 6: name of feature 1
        ],
        "bad.geojson",
    )


def test_a_bad_file_lists_every_error_in_english_and_imports_nothing(world, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        _run(_bad_file(tmp_path), kind_field="kind")
    assert str(excinfo.value).splitlines() == [
        "Nothing was imported:",
        "Feature 2: unknown county NOPE (import counties first).",
        'Feature 3: property "county_code" is missing (choose another with --county-field).',
        'Feature 4: property "code" is missing (choose another with --code-field).',
        "Feature 5: the kind castle is unknown; use city, district, rural, informal_settlement.",
        "Feature 6: the Persian name “شهر الف” is already used in county CA by feature 1.",
    ]
    assert not Area.objects.exists()


def test_a_bad_file_lists_every_error_in_persian_with_persian_digits(world, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        _run(_bad_file(tmp_path), kind_field="kind", language="fa")
    lines = str(excinfo.value).splitlines()
    assert lines[0] == "چیزی وارد نشد:"
    assert len(lines) == 6
    assert [line.split(":")[0] for line in lines[1:]] == [
        "عارضهٔ ۲",
        "عارضهٔ ۳",
        "عارضهٔ ۴",
        "عارضهٔ ۵",
        "عارضهٔ ۶",
    ]
    assert "NOPE" in lines[1] and "--county-field" in lines[2] and "castle" in lines[4]
    assert not Area.objects.exists()


def test_an_area_named_like_another_coded_area_of_the_county_is_refused(world, tmp_path):
    Area.objects.create(county=world.county_a, code="OLD", name_fa="شهر الف", kind="city")
    with pytest.raises(
        CommandError, match="already has another area named “شهر الف” \\(code OLD\\)"
    ):
        _run(_write(tmp_path, AREAS[:1]))
    assert Area.objects.count() == 1


def test_an_area_file_imported_as_counties_is_recognised(world, tmp_path):
    with pytest.raises(CommandError, match="looks like an area file; import it with --level area"):
        call_command("import_geography", _write(tmp_path, AREAS), level="county", language="en")


def test_the_county_page_maps_its_areas_only_when_one_has_a_boundary(world, tmp_path):
    Area.objects.create(county=world.county_a, name_fa="بی‌مرز", name_en="No boundary", kind="city")
    client = client_for(world.governor_a)
    html = client.get("/counties/CA/").content.decode()
    assert 'id="area-map"' not in html
    _run(_write(tmp_path, AREAS), kind_field="kind")
    Area.objects.filter(code="A2").update(is_deprived=True)
    response = client.get("/counties/CA/")
    html = response.content.decode()
    assert 'id="area-map"' in html
    panel = html[html.index('id="area-map-panel"') :]
    assert "OpenStreetMap contributors" in panel[: panel.index("</div>", panel.index("map-credit"))]
    drawn = response.context["area_map"]  # inline SVG (counties.svg_maps), over the outline
    assert [name for _colour, name in drawn.legend] == ["other areas", "deprived"]
    assert [s.outline for s in drawn.shapes] == [True, False, False]
    assert drawn.shapes[1].title == "Alef town · City"
    svg = html[html.index('<svg id="area-map"') :]
    assert svg[: svg.index("</svg>")].count('<path d="M') == 3
    assert 'id="area-map"' not in client.get("/counties/CA2/").content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_county_page_with_an_areas_map_opens_for_the_same_people(world, tmp_path, persona):
    _run(_write(tmp_path, AREAS), kind_field="kind")
    response = client_for(world.persona(persona)).get("/counties/CB/")
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200 and 'id="area-map"' in response.content.decode()


def test_the_area_api_does_not_expose_boundaries_like_the_county_api(world, tmp_path):
    _run(_write(tmp_path, AREAS), kind_field="kind")
    response = client_for(world.analyst).get("/api/v1/areas/?county__code=CA")
    rows = response.json()["results"]
    assert rows and all("geometry" not in row for row in rows)
    county = client_for(world.analyst).get("/api/v1/counties/CA/").json()
    assert "geometry" not in county


def test_codes_and_names_longer_than_the_database_keeps_are_errors(world, tmp_path):
    long = _write(
        tmp_path,
        [
            _feature(code="X" * 33, county_code="CA", name_fa="الف"),
            _feature(code="B", county_code="CA", name_fa="ب" * 201),
        ],
    )
    with pytest.raises(CommandError) as excinfo:
        _run(long)
    assert str(excinfo.value).splitlines()[1:] == [
        "Feature 1: the code is longer than 32 characters.",
        "Feature 2: a name is longer than 200 characters.",
    ]
    assert not Area.objects.exists()


def test_a_feature_without_a_code_updates_the_area_of_its_name_not_the_first_without_code():
    city = SimpleNamespace(code="", name_fa="شهر")
    rural = SimpleNamespace(code="", name_fa="روستا")
    assert matching_area([city, rural], "", "روستا") is rural
    assert matching_area([city, rural], "", "دیگر") is None
