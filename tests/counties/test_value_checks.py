"""Checks on values before approval (counties/value_checks.py): range, rules, outliers."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from counties.catalogue import VALIDATION_RULES, ValidationRule
from counties.models import Area, Indicator
from counties.services import ensure_default_catalogue
from counties.value_checks import (
    Candidate,
    Flag,
    check_values,
    describe_flag,
    previous_period,
)
from tests import personas
from tests.observations import observe

# Eight counties of one province: recycling 10..17 % in 1402, each +1 or -1 in 1403.
RECYCLING_1402 = [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]


@pytest.fixture
def checked(db):
    """The catalogue, a province of eight counties with two years of recycling and 1403
    landfill shares, and a second province of two counties."""
    ensure_default_catalogue()
    big = personas.make_province("PBIG")
    small = personas.make_province("PSMALL")
    counties = [personas.make_county(big, f"B{i}") for i in range(8)]
    others = [personas.make_county(small, f"S{i}") for i in range(2)]
    for i, (county, value) in enumerate(zip(counties, RECYCLING_1402, strict=True)):
        observe(county, "waste_recycling", "1402", value)
        observe(county, "waste_recycling", "1403", value + (1 if i % 2 else -1))
        observe(county, "sanitary_landfill_share", "1403", 60.0)
    for county in others:
        observe(county, "waste_recycling", "1403", 12.0)
    return {
        "recycling": Indicator.objects.get(code="waste_recycling"),
        "landfill": Indicator.objects.get(code="sanitary_landfill_share"),
        "counties": counties,
        "others": others,
    }


def codes(flags: list[Flag]) -> list[str]:
    return [flag.code for flag in flags]


def test_an_ordinary_value_has_no_flag(checked):
    county = checked["counties"][2]
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 13.0)])
    assert flags == []


def test_a_value_outside_the_indicators_range_is_a_blocking_flag(checked):
    county = checked["counties"][0]
    [flags] = check_values([Candidate(checked["recycling"], county, "1404", 120.0)])
    [flag] = [f for f in flags if f.code == "range"]
    assert flag.blocking
    assert flag.params["value"] == 120 and flag.params["min"] == 0 and flag.params["max"] == 100
    [nan_flags] = check_values([Candidate(checked["recycling"], county, "1404", float("nan"))])
    assert codes(nan_flags) == ["range"]


def test_recycling_and_landfill_adding_up_to_more_than_100_is_a_blocking_rule_flag(checked):
    county = checked["counties"][0]  # approved landfill 60 % in 1403
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 45.0)])
    [flag] = [f for f in flags if f.code == "rule"]
    assert flag.blocking
    assert flag.params["rule"] == "waste_destinations"
    assert flag.params["total"] == 105 and flag.params["limit"] == 100


def test_a_rule_at_exactly_its_limit_passes(checked):
    county = checked["counties"][0]
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 40.0)])
    assert "rule" not in codes(flags)


def test_candidates_take_the_place_of_approved_values_on_the_other_side_of_a_rule(checked):
    county = checked["counties"][0]
    recycling = Candidate(checked["recycling"], county, "1403", 45.0)
    landfill = Candidate(checked["landfill"], county, "1403", 50.0)  # replaces the approved 60
    assert [codes(f).count("rule") for f in check_values([recycling, landfill])] == [0, 0]
    too_much = Candidate(checked["landfill"], county, "1403", 70.0)
    assert [codes(f).count("rule") for f in check_values([recycling, too_much])] == [1, 1]


def test_a_rule_without_all_its_values_says_nothing(checked):
    county = checked["counties"][0]  # no landfill share in 1404
    [flags] = check_values([Candidate(checked["recycling"], county, "1404", 95.0)])
    assert "rule" not in codes(flags)


def test_a_part_may_not_exceed_its_whole(checked):
    county = checked["others"][0]
    observe(county, "urban_share", "1403", 30.0)
    rule = ValidationRule(
        "informal_within_urban", ("informal_settlement_share",), "…", "…", whole="urban_share"
    )
    informal = Indicator.objects.get(code="informal_settlement_share")
    [flags] = check_values([Candidate(informal, county, "1403", 31.0)], rules=[rule])
    assert codes(flags) == ["rule"] and flags[0].params["limit"] == 30
    [flags] = check_values([Candidate(informal, county, "1403", 30.0)], rules=[rule])
    assert flags == []


def test_a_large_change_from_the_previous_year_is_a_warning(checked):
    county = checked["counties"][2]  # 12 % in 1402, others moved by one point
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 30.0)])
    [flag] = [f for f in flags if f.code == "change"]
    assert not flag.blocking
    assert flag.params["previous"] == 12 and flag.params["previous_period"] == "1402"
    assert flag.params["value"] == 30
    assert flag.params["count"] == 8


def test_a_value_far_from_its_province_is_a_warning(checked):
    county = checked["counties"][7]
    observe(county, "waste_recycling", "1404", 44.0)  # high already: no unusual change
    others = [
        Candidate(checked["recycling"], c, "1405", v)
        for c, v in zip(checked["counties"][:7], RECYCLING_1402, strict=False)
    ]
    flags = check_values([*others, Candidate(checked["recycling"], county, "1405", 45.0)])
    assert all(f == [] for f in flags[:7])
    [flag] = flags[7]
    assert flag.code == "province" and not flag.blocking
    assert flag.params["scope"] == "province" and flag.params["count"] == 8
    assert flag.params["median"] == pytest.approx(13.5)


def test_a_small_province_is_compared_with_the_whole_country(checked):
    county = checked["others"][0]
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 40.0)])
    [flag] = [f for f in flags if f.code == "province"]
    assert flag.params["scope"] == "national" and flag.params["count"] == 10


def test_area_values_are_checked_for_change_but_not_against_counties(checked):
    county = checked["counties"][0]
    area = Area.objects.create(
        county=county, code="A1", name_fa="ناحیه", name_en="Area", kind="city"
    )
    observe(county, "waste_recycling", "1402", 10.0, area=area)
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 90.0, area.pk)])
    # One area: too few changes, so the relative fallback (9 times the previous value) flags it.
    assert "change" in codes(flags) and "province" not in codes(flags)


def test_the_previous_period_follows_the_period_kind():
    assert previous_period("1403") == "1402"
    assert previous_period("1403-Q1") == "1402-Q4"
    assert previous_period("1403-Q3") == "1403-Q2"
    assert previous_period("1403-01") == "1402-12"
    assert previous_period("1403-07") == "1403-06"
    assert previous_period("not a period") is None


def test_a_quarter_is_compared_with_the_quarter_before(checked):
    county = checked["counties"][1]
    observe(county, "waste_recycling", "1402-Q4", 10.0)
    [flags] = check_values([Candidate(checked["recycling"], county, "1403-Q1", 30.0)])
    [flag] = [f for f in flags if f.code == "change"]
    assert flag.params["previous_period"] == "1402-Q4"


def test_flags_are_json_safe(checked):
    county = checked["counties"][2]
    [flags] = check_values([Candidate(checked["recycling"], county, "1403", 130.0)])
    stored = json.loads(json.dumps([f.as_json() for f in flags], allow_nan=False))
    assert {f["code"] for f in stored} >= {"range"}
    assert all(set(f) == {"code", "blocking", "params"} for f in stored)


def test_the_number_of_queries_does_not_grow_with_the_candidates(
    checked, django_assert_max_num_queries
):
    recycling, landfill = checked["recycling"], checked["landfill"]
    counties = [*checked["counties"], *checked["others"]]
    one = [Candidate(recycling, counties[0], "1403", 20.0)]
    many = [
        Candidate(
            (recycling, landfill)[n % 2], counties[n % 10], f"{1380 + n // 24}-{n % 12 + 1:02d}", n
        )
        for n in range(500)
    ]
    assert len({(c.indicator.pk, c.county.pk, c.period) for c in many}) == 500
    with django_assert_max_num_queries(2):
        check_values(one)
    with django_assert_max_num_queries(2):
        result = check_values(many)
    assert len(result) == 500


def test_no_candidates_need_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert check_values([]) == []


def test_the_catalogues_rules_name_existing_indicators(db):
    ensure_default_catalogue()
    known = set(Indicator.objects.values_list("code", flat=True))
    for rule in VALIDATION_RULES:
        assert set(rule.codes) <= known
        assert rule.description_fa and rule.description_en
        assert (rule.whole is None) != (rule.limit is None)


def test_flag_sentences_in_persian_use_persian_digits_and_the_unit():
    change = Flag(
        "change",
        False,
        {"value": 45, "previous": 12, "previous_period": "1402", "unit": "%", "decimals": 1},
    ).as_json()
    with translation.override("fa"):
        text = describe_flag(change)
    assert text == "۴۵٫۰٪ در مقایسه با ۱۲٫۰٪ در دورهٔ قبل، ۱۴۰۲ (تغییر غیرعادی)."
    with translation.override("en"):
        assert describe_flag(change) == (
            "45.0% against 12.0% in the previous period, 1402 (unusual change)."
        )


def test_every_flag_has_a_sentence_in_both_languages():
    flags = [
        Flag("range", True, {"value": 120, "min": 0, "max": 100, "unit": "%", "decimals": 1}),
        Flag("range", True, {"value": -3, "min": 0, "max": None, "unit": "people", "decimals": 0}),
        Flag(
            "rule",
            True,
            {"rule": "waste_destinations", "total": 105, "limit": 100, "unit": "%", "decimals": 1},
        ),
        Flag(
            "province",
            False,
            {"value": 45, "median": 13.5, "scope": "province", "count": 8, "unit": "%"},
        ),
        Flag(
            "province",
            False,
            {"value": 1.9, "median": 0.7, "scope": "national", "count": 420, "unit": "kg/day"},
        ),
    ]
    with translation.override("fa"):
        fa = [describe_flag(f.as_json()) for f in flags]
    with translation.override("en"):
        en = [describe_flag(f.as_json()) for f in flags]
    assert en == [
        "120.0% is outside the valid range 0.0% to 100.0%.",
        "-3 people is below the lowest valid value 0 people.",
        "Recycling and sanitary landfill are two separate destinations of the same collected "
        "waste: their shares may not add up to more than 100 %. Total: 105.0%, more than 100.0%.",
        "45.0% against a median of 13.5% in the province (8 counties; unusual distance from the "
        "province).",
        "1.9 kg/day against a national median of 0.7 kg/day (420 counties; unusual distance from "
        "the other counties).",
    ]
    assert fa[0] == "۱۲۰٫۰٪ بیرون از بازهٔ معتبر ۰٫۰٪ تا ۱۰۰٫۰٪ است."
    assert "۱۰۵٫۰٪" in fa[2] and "مجموع دو سهم" in fa[2]
    assert "۱۳٫۵٪" in fa[3] and "استان" in fa[3] and "۸" in fa[3]
    assert "۴۲۰" in fa[4] and "کشوری" in fa[4]
    for text in fa:
        assert not any(ch.isascii() and ch.isdigit() for ch in text), text


def test_a_large_county_is_not_flagged_for_its_population(checked):
    counties = checked["counties"]
    population = Indicator.objects.get(code="population")
    values = [50_000, 60_000, 55_000, 52_000, 58_000, 61_000, 57_000, 2_000_000]
    flags = check_values(
        [Candidate(population, c, "1403", v) for c, v in zip(counties, values, strict=True)]
    )
    assert all("province" not in codes(f) for f in flags)
