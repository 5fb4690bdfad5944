"""Error pages a newcomer can read: 400, 404, 403, 429 and 500 in Persian and English, never
Django's."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import get_resolver
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from governance import views
from tests.conftest import client_for

LANGUAGES = [("fa", "rtl"), ("en", "ltr")]


def _is_error_page(html: str, language: str, direction: str, heading: str) -> None:
    assert f'<html lang="{language}" dir="{direction}"' in html
    assert 'id="error-page"' in html and 'id="error-home" href="/"' in html
    with translation.override(language):
        assert gettext(heading) in html
        assert (gettext(heading) != heading) == (language == "fa")
    assert "Traceback" not in html and "DEBUG = True" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_missing_page_answers_a_translated_404_with_a_way_home(world, language, direction):
    response = client_for(world.governor_a, language).get("/no-such-page/")
    assert response.status_code == 404
    _is_error_page(response.content.decode(), language, direction, "Not found")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
@pytest.mark.parametrize("address", ["/dashboards/county/CA/?period=14%0001", "/public/CA%00/"])
def test_an_address_with_a_nul_character_answers_a_translated_400_with_a_way_home(
    world, language, direction, address
):
    response = client_for(world.governor_a, language).get(address)
    assert response.status_code == 400
    _is_error_page(response.content.decode(), language, direction, "Bad request")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_forbidden_page_answers_a_translated_403_with_a_way_home(world, language, direction):
    response = client_for(world.governor_a, language).get("/counties/CB/workbench/")
    assert response.status_code == 403
    _is_error_page(response.content.decode(), language, direction, "Not allowed")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_too_many_login_attempts_answer_a_translated_429(world, settings, language, direction):
    client = Client()
    client.cookies["django_language"] = language
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "gov_a", "password": "wrong"})
    assert response.status_code == 429
    _is_error_page(response.content.decode(), language, direction, "Too many requests")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_form_without_its_security_token_answers_a_translated_403(world, language, direction):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": "gov_a", "password": "x"})
    assert response.status_code == 403
    _is_error_page(response.content.decode(), language, direction, "Not allowed")
    advice = (
        "Go back, reload the page and send the form again; make sure cookies are allowed for"
        " this site."
    )
    with translation.override(language):
        assert gettext(advice) in response.content.decode()


def _database_down() -> None:
    raise DatabaseError("the database is down")


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_500_page_needs_neither_the_database_nor_a_context(rf, language, direction):
    # No django_db mark: any query would fail the test.
    request = rf.get("/dashboards/")
    request.user = SimpleLazyObject(_database_down)
    with translation.override(language):
        response = views.server_error(request)
    assert response.status_code == 500
    _is_error_page(response.content.decode(), language, direction, "Something went wrong")


def test_the_500_page_falls_back_to_plain_text_in_both_languages(rf, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templates are gone too")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "خطا" in response.content.decode() and "went wrong" in response.content.decode()


@pytest.mark.django_db
def test_an_unexpected_error_in_a_view_answers_the_custom_500_page(monkeypatch):
    assert get_resolver().resolve_error_handler(500) is views.server_error

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "render", broken)
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "fa"
    response = client.get("/about/data/")
    assert response.status_code == 500
    _is_error_page(response.content.decode(), "fa", "rtl", "Something went wrong")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_500_page_shows_no_login_button_or_user_menu_to_a_signed_in_user(
    world, monkeypatch, language, direction
):
    """It cannot read the session (the error may be the database), so it claims nothing."""

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "render", broken)
    client = client_for(world.governor_a, language)
    client.raise_request_exception = False
    response = client.get("/about/data/")
    html = response.content.decode()
    assert response.status_code == 500
    _is_error_page(html, language, direction, "Something went wrong")
    assert 'href="/accounts/login/"' not in html and "/accounts/logout/" not in html
    with translation.override(language):
        assert gettext("Log in") not in html and gettext("Log out") not in html
    assert 'class="navbar-brand" href="/"' in html  # the neutral header: only the home link
    assert 'id="nav"' not in html and "navbar-toggler" not in html


@pytest.fixture
def public_project(world):
    from tests.project_factories import make_project

    return make_project(world.county_a, title_en="Park for everyone")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_too_much_public_feedback_answers_the_translated_429_page(
    world, settings, public_project, language, direction
):
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_FEEDBACK_PER_HOUR = 1
    client = Client()
    client.cookies["django_language"] = language
    url = f"/public/CA/projects/{public_project.pk}/"
    sent = {"text": "Please add lights", "name": "", "rating": "4", "website": ""}
    first, response = (client.post(url, sent) for _ in range(2))
    cache.clear()
    assert (first.status_code, response.status_code) == (302, 429)
    html = response.content.decode()
    _is_error_page(html, language, direction, "Too many requests")
    with translation.override(language):
        limit = gettext("You have sent a lot of feedback in the last hour. Please try again later.")
        assert limit in html
    assert response["Retry-After"].isdigit()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_throttled_browser_on_the_api_gets_the_429_page_and_a_program_gets_json(
    world, monkeypatch, language, direction
):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "allow_request", lambda self, request, view: False)
    monkeypatch.setattr(UserRateThrottle, "wait", lambda self: 60)
    client = client_for(world.governor_a, language)
    page = client.get("/api/v1/counties/", HTTP_ACCEPT="text/html")
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")
    _is_error_page(page.content.decode(), language, direction, "Too many requests")
    assert page["Retry-After"] == "60"
    program = client.get("/api/v1/counties/", HTTP_ACCEPT="application/json")
    assert program.status_code == 429 and program["Content-Type"] == "application/json"
    assert "detail" in program.json() and program["Retry-After"] == "60"
