"""Fixtures for the participation browser tests: Chromium through Playwright, a live server,
demo content, signed-in pages in Persian or English, and screenshots under test-artifacts/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import settle, track_network

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "participation"

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture(scope="module")
def chromium(browser) -> object:
    """The session's Chromium (tests/browser/conftest.py): one Playwright per thread."""
    return browser


@pytest.fixture(scope="session")
def _translations_compiled() -> None:
    """The .mo files are build products (gitignored): compile them, then drop cached catalogues."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compiletranslations", verbosity=0)
    # Django's private translation caches (the stubs leave them out).
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]


@pytest.fixture
def demo(world, _translations_compiled):
    """The world of tests/conftest.py with indicator values and the demo participation content."""
    from counties.models import Indicator, Observation
    from counties.services import ensure_default_catalogue
    from participation.demo import load_demo_participation
    from tests.personas import make_county

    ensure_default_catalogue()
    extra = [make_county(world.province_b, f"CX{n}", name_en=f"County X{n}") for n in range(3)]
    rates = {"unemployment_rate": 1.0, "literacy_rate": -1.0, "urban_share": 0.5}
    counties = [world.county_a, world.county_a2, world.county_b, *extra]
    for code, sign in rates.items():
        indicator = Indicator.objects.get(code=code)
        for n, county in enumerate(counties):
            Observation.objects.create(
                indicator=indicator,
                county=county,
                period="1395",
                period_kind="year",
                period_start=dt.date(2016, 3, 20),
                value=50 + sign * (n * 3 % 7),
            )
    load_demo_participation()
    return world


@pytest.fixture
def open_as(live_server, chromium, demo) -> Iterator[Callable[..., object]]:
    """Open a page signed in as a persona ('anonymous' for none) in a language."""
    contexts = []

    def _open(persona: str, language: str, path: str = "/") -> object:
        from tests.personas import PASSWORD

        context = chromium.new_context(
            viewport={"width": 1366, "height": 900}, locale="fa-IR" if language == "fa" else "en-US"
        )
        contexts.append(context)
        page = context.new_page()
        track_network(page)
        page.set_default_timeout(15_000)
        if persona == "anonymous":
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        else:
            user = demo.persona(persona)
            user.language = language
            user.save(update_fields=["language"])
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
        page.goto(f"{live_server.url}{path}")
        return page

    yield _open
    for context in contexts:
        context.close()


def submit(page: Page, button: str) -> None:
    """Click a form's submit button and wait for the page the server answers with: a bare
    click returns once the navigation starts, so a check made right after it may read the old
    page."""
    with page.expect_navigation():
        page.click(button)
    settle(page)


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot under test-artifacts/participation/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    settle(page)
    page.screenshot(path=str(path), full_page=True)
    return path
