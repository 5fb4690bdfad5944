"""import_catalogue: a country's own indicator catalogue from a CSV file, all or nothing, and the
default methodology that follows it (counties/catalogue_import.py, scores/methodologies.py)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from counties.catalogue_import import import_catalogue
from counties.models import Dimension, Indicator
from governance.models import User
from scores.methodologies import save_methodology
from scores.models import Methodology

pytestmark = pytest.mark.django_db

HEADER = "kind,code,name_en,name_fa,unit,direction,min,max,dimension,county_reported\n"
# A small Kenyan-style catalogue: two dimensions, four indicators, one range in Persian digits.
GOOD = (
    HEADER
    + "dimension,water,Water,آب,,,,,,\n"
    + "dimension,health,Health,سلامت,,,,,,\n"
    + "indicator,piped_water_share,Piped water,آب لوله‌کشی,%,higher,0,100,water,no\n"
    + "indicator,water_distance_km,Distance to water,فاصله تا آب,km,lower,۰,۵۰,water,yes\n"
    + "indicator,clinics_per_10k,Clinics per 10000,درمانگاه در ده هزار نفر,,higher,,,health,no\n"
    + "indicator,child_mortality,Child mortality,مرگ کودکان,per 1000,lower,0,,health,\n"
)
CODES = ["piped_water_share", "water_distance_km", "clinics_per_10k", "child_mortality"]
BAD = (
    HEADER
    + "dimension,water,Water,,,,,,,\n"  # row 2: no Persian name
    + "region,coast,Coast,ساحل,,,,,,\n"  # row 3: unknown kind
    + "indicator,piped_water_share,Piped water,آب لوله‌کشی,%,up,0,100,water,no\n"  # 4: direction
    + "indicator,distance,Distance,فاصله,km,lower,50,5,water,no\n"  # row 5: min > max
    + "indicator,clinics,Clinics,درمانگاه,,higher,few,,health,no\n"  # 6: min + dimension
    + "indicator,distance,Distance again,فاصله,km,lower,,,water,maybe\n"  # 7: duplicate, yes/no
    + "indicator,,,نام,,higher,,,water,no\n"  # row 8: no code, no English name
)
BAD_EN = [
    "Row 2: the Persian name is missing.",
    "Row 3: the kind region is unknown; use dimension or indicator.",
    "Row 4: the direction up is unknown; use higher or lower.",
    "Row 5: the min is greater than the max.",
    "Row 6: the min value few is not a number.",
    "Row 6: the dimension health is neither in the file nor in the database.",
    "Row 7: the code distance is already used in row 5.",
    "Row 7: county_reported is maybe; use yes or no.",
    "Row 8: the code is missing.",
    "Row 8: the English name is missing.",
]


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_catalogue", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


def _catalogue() -> list[tuple]:
    """Every dimension and indicator as stored."""
    return list(
        Dimension.objects.order_by("code").values_list("code", "name_en", "name_fa")
    ) + list(
        Indicator.objects.order_by("code").values_list(
            "code",
            "name_en",
            "name_fa",
            "unit",
            "direction",
            "min_value",
            "max_value",
            "dimension__code",
            "is_county_reported",
        )
    )


def _default() -> Methodology:
    return Methodology.objects.get(code="tavazon-default")


def test_a_new_countrys_catalogue_is_loaded_with_both_names_and_ranges(tmp_path):
    output = _run(_file(tmp_path, GOOD), "--language", "en")

    assert "6 dimensions and indicators created, 0 updated, 0 unchanged." in output
    assert list(
        Dimension.objects.filter(code__in=["water", "health"]).values_list(
            "code", "name_en", "name_fa"
        )
    ) == [
        ("water", "Water", "آب"),
        ("health", "Health", "سلامت"),
    ]
    distance = Indicator.objects.get(code="water_distance_km")
    assert (distance.min_value, distance.max_value) == (0, 50)  # Persian digits read
    assert distance.direction == "lower" and distance.is_county_reported
    clinics = Indicator.objects.get(code="clinics_per_10k")
    assert (clinics.min_value, clinics.max_value, clinics.dimension.code) == (None, None, "health")
    assert not Indicator.objects.get(code="child_mortality").is_county_reported


def test_running_the_same_file_again_changes_nothing(tmp_path):
    path = _file(tmp_path, GOOD)
    _run(path)
    before, version = _catalogue(), _default().version

    output = _run(path, "--language", "en")

    assert "0 dimensions and indicators created, 0 updated, 6 unchanged." in output
    assert _catalogue() == before
    assert _default().version == version


def test_a_changed_row_updates_its_indicator_in_place(tmp_path):
    _run(_file(tmp_path, GOOD))
    pk = Indicator.objects.get(code="clinics_per_10k").pk

    renamed = GOOD.replace("Clinics per 10000", '"Clinics per 10,000"')

    output = _run(_file(tmp_path, renamed), "--language", "en")

    assert "0 dimensions and indicators created, 1 updated, 5 unchanged." in output
    assert Indicator.objects.get(pk=pk).name_en == "Clinics per 10,000"


def test_a_dry_run_writes_nothing(tmp_path):
    before = _catalogue()

    output = _run(_file(tmp_path, GOOD), "--dry-run", "--language", "en")

    assert "Dry run: 6 dimensions and indicators would be created" in output
    assert _catalogue() == before


def test_every_bad_row_is_listed_in_english_and_nothing_is_written(tmp_path):
    before = _catalogue()

    with pytest.raises(CommandError, match="10 error"):
        _run(_file(tmp_path, BAD), "--language", "en")
    result = import_catalogue(BAD.encode())
    with translation.override("en"):
        assert [error.message for error in result.errors] == BAD_EN
    assert _catalogue() == before


def test_the_errors_are_listed_in_persian_with_persian_digits(tmp_path):
    before = _catalogue()
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_catalogue", str(_file(tmp_path, BAD)), "--language", "fa", stderr=err)
    lines = err.getvalue().splitlines()

    assert len(lines) == len(BAD_EN)
    assert lines[0].startswith("ردیف ۲") and "نام فارسی" in lines[0]
    assert "ردیف ۷" in lines[6] and "ردیف ۵" in lines[6]
    assert not any(digit in "\n".join(lines) for digit in "2345678")
    assert "۱۰" in str(refused.value)
    assert _catalogue() == before


def test_an_indicator_may_use_a_dimension_already_in_the_database(tmp_path):
    Dimension.objects.create(code="health", name_en="Health", name_fa="سلامت")
    text = HEADER + "indicator,clinics,Clinics,درمانگاه,,higher,,,health,no\n"

    assert import_catalogue(text.encode()).ok
    assert Indicator.objects.get(code="clinics").dimension.code == "health"


def test_the_untouched_default_methodology_weighs_exactly_the_loaded_indicators_equally(tmp_path):
    assert _default().indicator_codes() != CODES  # shipped with the Iranian indicators

    output = _run(_file(tmp_path, GOOD), "--language", "en")

    methodology = _default()
    assert "The default methodology now weighs every indicator equally." in output
    assert methodology.is_current
    assert sorted(methodology.indicator_codes()) == sorted(CODES)
    assert [(d["code"], d["weight"], d["aggregation"]) for d in methodology.spec["dimensions"]] == [
        ("water", 1, "arithmetic"),
        ("health", 1, "arithmetic"),
    ]
    indicators = [i for d in methodology.spec["dimensions"] for i in d["indicators"]]
    assert {(i["weight"], i["normalization"]) for i in indicators} == {(1, "minmax")}
    assert {i["code"]: i["direction"] for i in indicators}["water_distance_km"] == "lower"


def test_a_default_methodology_edited_by_ministry_staff_is_left_alone(tmp_path):
    _run(_file(tmp_path, GOOD))
    staff = User.objects.create_user("staff_x", role="ministry_staff")
    edited = _default().spec
    edited["dimensions"][0]["weight"] = 3
    save_methodology(_default(), {"spec": edited}, user=staff)
    extra = GOOD + "indicator,nurses,Nurses,پرستاران,,higher,,,health,no\n"

    output = _run(_file(tmp_path, extra), "--language", "en")

    assert "edited by ministry staff" in output
    assert _default().spec == edited
    assert "nurses" not in _default().indicator_codes()


def test_a_default_methodology_is_created_when_there_is_none(tmp_path):
    Methodology.objects.all().delete()

    _run(_file(tmp_path, GOOD))

    methodology = _default()
    assert methodology.is_current and sorted(methodology.indicator_codes()) == sorted(CODES)


def test_a_file_of_dimensions_only_says_nothing_of_the_methodology(tmp_path):
    header = "kind,code,name_en,name_fa,unit,direction,min,max,dimension,county_reported\n"
    output = _run(
        _file(tmp_path, header + "dimension,roads,Roads,راه‌ها,,,,,,\n"), "--language", "en"
    )

    assert Dimension.objects.filter(code="roads").exists()
    assert "methodology" not in output
