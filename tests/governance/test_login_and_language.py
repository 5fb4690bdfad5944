"""Login, throttled failures, and a language that follows the user."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_governor_logs_in_and_lands_on_their_countys_workbench(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "gov_a", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.request["PATH_INFO"] == f"/counties/{world.county_a.code}/workbench/"


def test_wrong_password_is_refused_with_a_message(world):
    response = Client().post("/accounts/login/", {"username": "gov_a", "password": "nope"})
    assert response.status_code == 200
    assert "didn" in response.content.decode() or "مطابقت" in response.content.decode()


def test_repeated_failures_lock_the_account_out(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "gov_a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "gov_a", "password": PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_persian_is_the_default_language_and_right_to_left(world):
    response = Client().get("/")
    html = response.content.decode()
    assert 'lang="fa"' in html
    assert 'dir="rtl"' in html
    assert "bootstrap.rtl.min.css" in html


def test_switching_language_is_remembered_on_the_account(world):
    client = Client()
    client.force_login(world.governor_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    world.governor_a.refresh_from_db()
    assert world.governor_a.language == "en"
    # A fresh browser (no cookie) still gets English after login.
    other = Client()
    other.force_login(world.governor_a)
    html = other.get(f"/counties/{world.county_a.code}/").content.decode()
    assert 'lang="en"' in html and 'dir="ltr"' in html


def test_logout_requires_post_and_ends_the_session(world):
    client = Client()
    client.force_login(world.governor_a)
    client.post("/accounts/logout/")
    assert client.get("/counties/").status_code == 302
