"""Part 5 in the browser: the experiences library searched in Persian and English, ministry
featuring, and the county page's "counties facing similar challenges"."""

from __future__ import annotations

import pytest

from tests.browser import participation_support as support

# The fixtures this module uses (kept in participation_support, not in a shared conftest).
chromium = support.chromium
_translations_compiled = support._translations_compiled
demo = support.demo
open_as = support.open_as
shot = support.shot
submit = support.submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "query"), [("fa", "پسماند"), ("en", "settlement")])
def test_the_library_is_searched_in_both_languages(open_as, language, query):
    page = open_as("governor_b", language, "/participation/experiences/")
    total = page.locator(".experience-card").count()
    assert total >= 4
    page.fill("#id_q", query)
    submit(page, "#library-search button[type=submit]")
    found = page.locator(".experience-card").count()
    assert 1 <= found < total
    shot(page, f"5-library-search-{language}")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_ministry_features_an_experience(open_as, language):
    from participation.models import Experience

    experience = Experience.objects.filter(is_featured=False, status="published").first()
    page = open_as("ministry", language, f"/participation/experiences/{experience.pk}/")
    submit(page, "#feature-form button")
    assert page.locator("#featured-badge").count() == 1
    shot(page, f"5-experience-featured-{language}")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_county_page_suggests_similar_counties_and_their_experiences(open_as, language):
    page = open_as("governor_a", language, "/counties/CA/")
    assert page.locator("#similar-counties li").count() >= 3
    assert page.locator("#similar-experiences li a").count() >= 1
    page.locator("#participation-panel").scroll_into_view_if_needed()
    shot(page, f"5-county-panel-{language}")
