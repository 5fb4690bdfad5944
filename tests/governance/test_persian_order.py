"""Names sort in Persian alphabetical order (چ after ج, گ after ک, پ after ب, ژ after ز), the
same on SQLite and PostgreSQL; run this file with DATABASE_URL=postgres://… for the latter."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation

from counties.models import Area, County, Province
from governance.collation import persian_sort_key
from tests import personas
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# In Persian alphabetical order; code-point order would put پ چ ژ after ی's neighbours and
# گ after ک's Arabic form.
ALPHABETICAL = [
    "آبادان",
    "ابهر",
    "باغ ملک",
    "پارس آباد",
    "جم",
    "چالوس",
    "زرند",
    "ژاله",
    "کرمان",
    "گرگان",
    "یزد",
]


def _shuffled() -> list[str]:
    return ALPHABETICAL[::2] + ALPHABETICAL[1::2]


def test_the_sort_key_follows_the_persian_alphabet_not_code_points():
    assert sorted(_shuffled()) != ALPHABETICAL
    assert sorted(_shuffled(), key=persian_sort_key) == ALPHABETICAL


def test_arabic_letter_forms_and_zero_width_joiners_sort_with_their_persian_letters():
    names = ["يزد", "كرمان", "اسلام‌شهر", "اسلامشهر", "گرگان", "بم"]
    assert sorted(names, key=persian_sort_key) == [
        "اسلامشهر",
        "اسلام‌شهر",
        "بم",
        "كرمان",
        "گرگان",
        "يزد",
    ]


def test_counties_are_listed_in_persian_alphabetical_order():
    province = personas.make_province()
    for name in _shuffled():
        personas.make_county(province, name_fa=name)
    with translation.override("fa"):
        names = list(County.objects.order_by_name().values_list("name_fa", flat=True))
    assert names == ALPHABETICAL


def test_provinces_and_areas_use_the_same_order():
    for name in _shuffled():
        personas.make_province(name_fa=name)
    county = personas.make_county(Province.objects.first())
    for name in _shuffled():
        Area.objects.create(county=county, name_fa=name, kind="city")
    with translation.override("fa"):
        provinces = list(Province.objects.order_by_name().values_list("name_fa", flat=True))
        areas = list(county.areas.order_by_name().values_list("name_fa", flat=True))
    assert provinces == ALPHABETICAL and areas == ALPHABETICAL


def test_the_overview_lists_counties_in_persian_order_both_ways(world):
    for name in _shuffled():
        personas.make_county(world.province_a, name_fa=name)
    client = client_for(world.analyst, "fa")
    html = client.get("/counties/?q=&sort=name").content.decode()
    positions = [html.index(f">{name}<") for name in ALPHABETICAL]
    assert positions == sorted(positions)
    html = client.get("/counties/?sort=-name").content.decode()
    positions = [html.index(f">{name}<") for name in ALPHABETICAL]
    assert positions == sorted(positions, reverse=True)


def test_english_names_sort_alphabetically_ignoring_case(world):
    with translation.override("en"):
        names = list(
            County.objects.filter(pk__in=[world.county_a.pk, world.county_b.pk])
            .order_by_name()
            .values_list("name_en", flat=True)
        )
    assert names == ["County A", "County B"]
    assert sorted(["bam", "Abadan", "ahar"], key=persian_sort_key) == ["Abadan", "ahar", "bam"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ICU collation")
def test_the_python_key_agrees_with_postgresqls_icu_collation():
    names = [*_shuffled(), "يزد", "كرمان", "اسلام‌شهر", "اسلامشهر", "اسلام شهر", "شهر 2", "Bam"]
    with connection.cursor() as cursor:
        cursor.execute('SELECT n FROM unnest(%s::text[]) AS n ORDER BY n COLLATE "fa_ir"', [names])
        icu = [row[0] for row in cursor.fetchall()]
    assert sorted(names, key=persian_sort_key) == icu


def test_a_countys_stakeholders_are_listed_in_persian_order(world):
    from tests.participation import factories

    for name in _shuffled():
        factories.stakeholder(world.county_a, name=f"انجمن {name}")
    html = client_for(world.governor_a, "fa").get("/participation/CA/stakeholders/").content
    html = html.decode()
    positions = [html.index(f"انجمن {name}") for name in ALPHABETICAL]
    assert positions == sorted(positions)
