"""The experiences library: search in Persian and English, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from participation.models import Experience
from participation.queries import normalise_search_text, search_experiences
from tests.conftest import client_for
from tests.participation import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    f.experience(
        world.county_a,
        title="تفکیک پسماند از مبدأ در مدارس",
        problem="سهم بازیافت کم بود.",
        actions="ایستگاه‌های تحویل پسماند خشک",
    )
    f.experience(
        world.county_b,
        title="Micro-loans for informal settlement households",
        problem="No secure tenure.",
        actions="Titles and loans.",
    )
    f.experience(world.county_a2, title="Unpublished draft about waste", publish=False)


def _titles(text: str) -> list[str]:
    return list(
        search_experiences(Experience.objects.published(), text).values_list("title", flat=True)
    )


def test_persian_words_find_persian_experiences(library):
    assert _titles("پسماند") == ["تفکیک پسماند از مبدأ در مدارس"]
    assert _titles("بازیافت پسماند") == ["تفکیک پسماند از مبدأ در مدارس"]


def test_arabic_letter_forms_match_persian_ones(library):
    # "مدارس" typed with an Arabic yeh/kaf elsewhere: ي and ك are normalised.
    assert normalise_search_text("كيفيت") == "کیفیت"
    assert _titles("تفكيك") == ["تفکیک پسماند از مبدأ در مدارس"]


def test_english_words_and_prefixes_find_english_experiences(library):
    assert _titles("settlement loans") == ["Micro-loans for informal settlement households"]
    if connection.vendor == "postgresql":
        assert _titles("settle") == ["Micro-loans for informal settlement households"]


def test_every_word_must_match(library):
    assert _titles("پسماند loans") == []


def test_the_library_page_searches_and_hides_drafts_of_other_counties(world, library):
    html = client_for(world.analyst).get("/participation/experiences/?q=waste").content.decode()
    assert "Unpublished draft" not in html
    html = client_for(world.governor_b).get("/participation/experiences/?q=پسماند").content.decode()
    assert "تفکیک پسماند از مبدأ در مدارس" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL")
def test_postgresql_ranks_title_matches_first(world):
    f.experience(world.county_a, title="Jobs for youth", problem="waste waste", actions="x")
    f.experience(world.county_b, title="Waste pickers cooperative", problem="y", actions="z")
    assert _titles("waste")[0] == "Waste pickers cooperative"
