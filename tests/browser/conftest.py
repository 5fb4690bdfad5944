"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Skipped with a clear reason when no Chromium is installed, except under CI=true where a missing
browser is a failure. Screenshots go to test-artifacts/ for people to look at.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance.exports.chromium import chromium_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium is installed (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are
    # still synchronous and safe. Set only while the browser runs, so no subprocess inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser context; fails the test if the page asks anything of another host."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    track_network(page)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:", "about:"))
            else None
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert outside == [], f"the page reached outside the app: {outside}"


@pytest.fixture
def synthetic_demo(settings, tmp_path) -> None:
    """The small synthetic country: 12 counties, scored 1390-1403 (seeded once per worker, then
    restored from its snapshot: tests/demo_snapshots.py)."""
    from django.core.cache import cache

    from tests.demo_snapshots import seed_demo_once

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo_once(synthetic=True)
    cache.clear()


def screenshot(page, name: str) -> Path:
    """A full-page PNG in test-artifacts/ for people to look at (never an assertion).

    Right after a viewport change, charts refit themselves to the new width; the capture waits
    for two animation frames first. Should Chromium still not deliver a full-page capture in
    time (seen once in CI after a resize to phone width), the visible part is kept instead of
    failing the test over a picture."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    try:
        page.screenshot(path=str(path), full_page=True, timeout=15_000)
    except PlaywrightTimeout:
        page.screenshot(path=str(path), timeout=15_000)
    return path


def track_network(page) -> None:
    """Keep the requests the page has in flight, for `settle`."""
    in_flight: set[object] = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    page.tavazon_in_flight = in_flight


def settle(page, quiet: float = 0.1, timeout: float = 20.0) -> None:
    """The page has loaded and has had no request in flight for `quiet` seconds: Playwright's
    "networkidle" with a 100-ms quiet window instead of 500 ms (the suite waited about half a
    second after every page for nothing). Pages not made with `track_network` wait for
    "networkidle" itself."""
    in_flight = getattr(page, "tavazon_in_flight", None)
    if in_flight is None:
        page.wait_for_load_state("networkidle")
        return
    page.wait_for_load_state("load")
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        if in_flight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return
        page.wait_for_timeout(20)  # lets Playwright deliver the page's request events
    raise AssertionError(f"requests still in flight: {[r.url for r in in_flight]}")


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    settle(page)


def switch_language(page, language: str) -> None:
    button = page.locator(f"button[name=language][value={language}]")
    if button.count():
        button.click()
        settle(page)
