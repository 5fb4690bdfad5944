"""Page loads in headless Chromium (Playwright): load time and bytes transferred, cold and warm.

Cold: a new browser context (empty cache) loads the page; warm: the same context loads it again.
Load time is the navigation's start to its load event (Navigation Timing); "server" the part of
it spent waiting for the page's first byte (requestStart to responseStart); "drawn" the wall
time until the first figure is on the page (a Plotly chart or a map drawn on the server, None
when the page has none) and "all drawn" until every Plotly chart of the page is drawn, those
off the screen included (static/js/charts.js draws them once the page has loaded). Bytes are
the sum of `encodedDataLength` of every finished response (headers included, as sent on the
wire), read from the DevTools protocol's Network events, once the network is idle.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass
from typing import Any

from governance.exports.chromium import chromium_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLOT_SELECTOR = ".js-plotly-plot, svg.svg-map"
PLOT_WAIT_MS = 10_000
CHARTS = ".plotly-chart"
DRAWN_CHARTS = ".plotly-chart[data-fitted]"  # set by charts.js once a chart is drawn and fitted
ALL_DRAWN_WAIT_S = 30
LOAD_TIMEOUT_MS = 60_000  # a page that has not loaded by then counts as failed (status 0)


@dataclass(frozen=True)
class Load:
    """One page load."""

    path: str
    cache: str  # "cold" or "warm"
    load_ms: float
    drawn_ms: float | None
    transferred: int
    responses: int
    status: int
    all_drawn_ms: float | None = None
    server_ms: float | None = None


def cookies(header: str, base_url: str) -> list[dict[str, Any]]:
    """A Cookie header ("a=1; b=2") as Playwright cookies for `base_url`."""
    pairs = (part.strip().split("=", 1) for part in header.split(";") if "=" in part)
    return [{"name": name, "value": value, "url": base_url} for name, value in pairs]


def measure(base_url: str, cookie_header: str, paths: list[str]) -> list[Load]:
    """Each path loaded cold then warm. Raises RuntimeError without Chromium or Playwright."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    loads = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for path in paths:
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                context.add_cookies(cookies(cookie_header, base_url))  # type: ignore[arg-type]
                page = context.new_page()
                for cache in ("cold", "warm"):
                    loads.append(_load(context, page, base_url + path, path, cache))
                context.close()
        finally:
            browser.close()
    return loads


def _load(context: Any, page: Any, url: str, path: str, cache: str) -> Load:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    session = context.new_cdp_session(page)
    session.send("Network.enable")
    finished: list[int] = []
    session.on("Network.loadingFinished", lambda event: finished.append(event["encodedDataLength"]))
    started = time.perf_counter()
    try:
        response = page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    except PlaywrightTimeout:
        session.detach()
        return Load(path, cache, math.nan, None, int(sum(finished)), len(finished), 0)
    drawn_ms = None
    try:
        page.wait_for_selector(PLOT_SELECTOR, timeout=PLOT_WAIT_MS, state="attached")
        drawn_ms = (time.perf_counter() - started) * 1000
    except PlaywrightTimeout:  # a page without figures
        pass
    all_drawn_ms = _all_drawn(page, started)
    with contextlib.suppress(PlaywrightTimeout):  # something still polls: count what came
        page.wait_for_load_state("networkidle", timeout=30_000)
    timing = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0];"
        " return [t.loadEventEnd - t.startTime, t.responseStart - t.requestStart]; }"
    )
    session.detach()
    return Load(
        path=path,
        cache=cache,
        load_ms=float(timing[0]),
        drawn_ms=drawn_ms,
        transferred=int(sum(finished)),
        responses=len(finished),
        status=response.status if response is not None else 0,
        all_drawn_ms=all_drawn_ms,
        server_ms=float(timing[1]),
    )


def _all_drawn(page: Any, started: float) -> float | None:
    """Wall ms from `started` until every Plotly chart of the page is drawn (None without any,
    or when some is still not drawn after ALL_DRAWN_WAIT_S). Polled from here: a function
    evaluated by wait_for_function is a string the Content-Security-Policy refuses."""
    deadline = time.perf_counter() + ALL_DRAWN_WAIT_S
    while True:
        charts, drawn = page.evaluate(
            f"() => [document.querySelectorAll('{CHARTS}').length,"
            f" document.querySelectorAll('{DRAWN_CHARTS}').length]"
        )
        if not charts:
            return None
        if drawn >= charts:
            return (time.perf_counter() - started) * 1000
        if time.perf_counter() > deadline:
            return None
        page.wait_for_timeout(20)
