"""Counties created after the last census (Iran: 1395) say why they have no figures or score.

In the Iranian data set `sci_code_2016` is null for the 49 counties created after the census; the
importer leaves their `census_code` blank. Without census figures nothing else is recorded for
them, so they have no score: their county page and county dashboard say so in both languages
instead of showing empty tables.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from counties.models import County
from demo.geography import real_data_available
from scores import services as scores
from tests.conftest import client_for
from tests.demo_snapshots import seed_demo_once
from tests.observations import scoring_world
from tests.personas import make_county

pytestmark = pytest.mark.django_db

NOTE = {
    "en": "created after the last census",
    "fa": "پس از آخرین سرشماری",
}


@pytest.fixture
def new_county(world) -> County:
    """A census-coded country with one county created after the census (no code, no values)."""
    for number, county in enumerate((world.county_a, world.county_a2, world.county_b), 1):
        county.census_code = f"{number:04d}"
        county.save(update_fields=["census_code"])
    return make_county(world.province_a, "NEW", name_en="Khomam", name_fa="خمام")


def _text(world, url: str, language: str) -> str:
    client = client_for(world.analyst)
    world.analyst.language = language
    world.analyst.save(update_fields=["language"])
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_county_without_a_census_code_among_coded_ones_was_created_after_the_census(
    world, new_county
):
    assert new_county.created_after_census
    assert not world.county_a.created_after_census
    synthetic = make_county(world.province_a, "S9", is_synthetic=True)
    assert not synthetic.created_after_census


def test_without_any_census_codes_no_county_is_said_to_postdate_the_census(world):
    # Another country's boundaries, imported without census codes: nothing to conclude.
    assert not County.objects.exclude(census_code="").exists()
    assert not County.objects.get(pk=world.county_a.pk).created_after_census


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_county_page_says_why_a_post_census_county_has_no_figures(world, new_county, language):
    text = _text(world, "/counties/NEW/", language)
    assert NOTE[language] in text
    if language == "en":
        assert "No figures for this county yet." in text
        assert "no score either" in text
    else:
        assert "هنوز رقمی برای این شهرستان ثبت نشده است." in text
        assert "امتیازی هم ندارد" in text


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_county_with_a_census_code_and_no_figures_gets_no_census_note(world, language):
    world.county_a.census_code = "0001"
    world.county_a.save(update_fields=["census_code"])
    assert NOTE[language] not in _text(world, "/counties/CA/", language)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_county_dashboard_says_why_a_post_census_county_has_no_score(
    world, new_county, language
):
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    text = _text(world, "/dashboards/county/NEW/", language)
    assert NOTE[language] in text
    if language == "en":
        assert "No score for this county." in text
    else:
        assert "این شهرستان امتیازی ندارد." in text
    # A scored county shows its score and no such note.
    assert NOTE[language] not in _text(world, "/dashboards/county/CA/", language)


def test_a_census_county_without_a_score_is_told_a_score_needs_values(world, new_county):
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    old = make_county(world.province_a, "OLD", census_code="0099")
    text = _text(world, f"/dashboards/county/{old.code}/", "en")
    assert "No score for this county in the latest published run." in text
    assert NOTE["en"] not in text


@pytest.mark.skipif(
    not real_data_available(settings.DEMO_DATA_DIR),
    reason="../shared/data/iran is not beside the checkout",
)
def test_the_49_iranian_counties_created_after_2016_explain_their_empty_pages(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo_once(synthetic=False)
    new = County.objects.filter(census_code="")
    assert new.count() == 49
    assert all(c.created_after_census for c in new)
    assert not County.objects.get(name_en="Arak").created_after_census
    khomam = County.objects.get(name_en="Khomam")
    assert not khomam.observations.exists()
    from governance.models import User

    analyst = User.objects.get(username="analyst")
    for language in ("en", "fa"):
        client = client_for(analyst)
        analyst.language = language
        analyst.save(update_fields=["language"])
        client.cookies["django_language"] = language
        for url in (f"/counties/{khomam.code}/", f"/dashboards/county/{khomam.code}/"):
            html = client.get(url).content.decode()
            assert NOTE[language] in " ".join(re.sub(r"<[^>]+>", " ", html).split()), url
