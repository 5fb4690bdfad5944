"""Error pages a newcomer can read: 404, 403, 429 and 500 in Persian and English, never Django's."""

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
