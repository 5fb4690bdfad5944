"""Static images of Plotly figures for PDFs, drawn by kaleido in the system Chromium.

The browser is the one `governance.exports.chromium.chromium_path` finds; without one, drawing
raises `ChartsUnavailable`, whose message (translated in the active language) says so.

Starting Chromium and loading plotly.js into it takes one to a few seconds; drawing one figure in
a running browser about a tenth of that. So each process keeps ONE browser session
(`ChartSession`): started on the first chart (or ahead, in each Celery worker process, by
reports.tasks), reused for every later chart and report, restarted if the browser died, and
closed when the process ends (atexit, and Celery's worker_process_shutdown). A report's charts
are drawn in one call (`figure_data_uris`).

Images are cached by what they show: the key is a digest of the figure (data and layout, as
the dashboard's figure builders make it), its size and the plotly.js drawing it. The same figure
is drawn once, whatever asks for it; a figure that changes (another run's scores, an edited
project, another day's "today" line) is another key, so nothing is ever stale and nothing needs
invalidating. Each image is kept CACHE_SECONDS in Django's cache (Redis where CACHE_URL is set,
shared by every worker).
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import functools
import hashlib
import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kaleido
import plotly.graph_objects as go
import plotly.io as pio
from choreographer.browsers.chromium import Chromium
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext
from plotly.utils import PlotlyJSONEncoder

from governance.exports.chromium import ENV_VAR, FLAGS, chromium_path
from governance.exports.figure_preparers import prepared_figure

logger = logging.getLogger(__name__)
# kaleido and choreographer log every tab, temporary folder and browser line at INFO or DEBUG.
for _noisy in ("kaleido", "choreographer", "browser_proc", "chrome_wrapper"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

# The plotly.js the pages draw with (scripts/plotly-bundle): the images are drawn by the same
# code as the dashboard's charts, and the partial bundle loads in a third of the time.
PLOTLY_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly.min.js"
# Map figures make plotly.js ask for the Natural Earth topojson: kaleido reads the vendored copy
# (plotly's default is its CDN, and Tavazon reads no network at run time).
VENDORED_TOPOJSON = Path(settings.BASE_DIR, "static", "vendor", "topojson-4.0.0").as_uri() + "/"
SCALE = 2
CACHE_SECONDS = 30 * 24 * 3600
START_SECONDS = 60  # to start the browser
DRAW_SECONDS = 30  # to draw one figure


class ChartsUnavailable(RuntimeError):
    """No browser to draw charts with: a set-up problem, not worth retrying."""

    def __init__(self) -> None:
        super().__init__(
            gettext("Charts could not be drawn: no Chromium browser was found (set %(var)s).")
            % {"var": ENV_VAR}
        )


class _Chromium(Chromium):
    """choreographer's Chromium with every flag of governance.exports.chromium.FLAGS."""

    def get_cli(self) -> Sequence[str]:
        cli = list(super().get_cli())
        return cli + [flag for flag in FLAGS if flag not in cli]


@dataclass(frozen=True)
class Chart:
    """A figure to draw, at a size in CSS pixels (drawn at SCALE times that)."""

    figure: dict[str, Any]
    width: int = 900
    height: int = 450

    def spec(self) -> dict[str, Any]:
        """The figure as kaleido draws it (white paper, the size in its layout; boundaries given
        as URLs put back inline: kaleido has no server to fetch them from)."""
        fig = go.Figure(prepared_figure(self.figure))
        fig.update_layout(width=self.width, height=self.height, paper_bgcolor="white")
        return fig.to_plotly_json()

    def options(self) -> dict[str, Any]:
        return {"format": "png", "width": self.width, "height": self.height, "scale": SCALE}


def cache_key(spec: dict[str, Any], options: dict[str, Any]) -> str:
    """The cache key of an image: a digest of everything that decides its pixels."""
    content = json.dumps(
        [spec, options, _plotly_js_stamp()], cls=PlotlyJSONEncoder, sort_keys=True
    ).encode()
    return "chart-png:" + hashlib.sha256(content).hexdigest()


@functools.cache
def _plotly_js_stamp() -> str:
    """The bundle's digest: the same on every worker sharing the cache, another after a change."""
    return hashlib.sha256(PLOTLY_JS.read_bytes()).hexdigest()


class ChartSession:
    """One kaleido browser, driven from its own thread and event loop, shared by every chart the
    process draws. Created by `session()`; `launches` counts the browsers started (tests)."""

    launches = 0

    def __init__(self, browser: str) -> None:
        self.browser = browser
        self.pid = os.getpid()
        self._kaleido: kaleido.Kaleido | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="chart-session", daemon=True
        )
        self._thread.start()
        ChartSession.launches += 1
        # Started now, waited for by the first draw: a worker can start it ahead of any job.
        self._opened = asyncio.run_coroutine_threadsafe(self._open(), self._loop)

    async def _open(self) -> None:
        browser = kaleido.Kaleido(
            path=self.browser,
            browser_cls=_Chromium,
            plotlyjs=str(PLOTLY_JS),
            mathjax=False,  # the charts have no formulas, and no network to fetch MathJax from
            timeout=DRAW_SECONDS,
        )
        await browser.open()
        self._kaleido = browser

    @property
    def alive(self) -> bool:
        if self.pid != os.getpid() or not self._thread.is_alive():
            return False
        if not self._opened.done():
            return True  # still starting
        if self._opened.exception() is not None or self._kaleido is None:
            return False
        process = getattr(self._kaleido, "subprocess", None)
        return process is None or process.poll() is None

    def draw(self, figures: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[bytes]:
        """PNG bytes of each (figure spec, kaleido options), drawn in this session's browser."""
        self._opened.result(timeout=START_SECONDS)
        future = asyncio.run_coroutine_threadsafe(self._draw(figures), self._loop)
        return future.result(timeout=START_SECONDS + DRAW_SECONDS * len(figures))

    async def _draw(self, figures: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[bytes]:
        assert self._kaleido is not None
        drawn = await asyncio.gather(
            *(
                self._kaleido.calc_fig(
                    spec, opts=options, topojson=pio.defaults.topojson or VENDORED_TOPOJSON
                )
                for spec, options in figures
            )
        )
        return [bytes(png) for png in drawn]

    def close(self) -> None:
        """Close the browser and stop the thread (only in the process that started them: a
        forked child leaves its parent's browser alone)."""
        if self.pid != os.getpid():
            return
        try:
            with contextlib.suppress(Exception):  # a browser still starting is closed once up
                self._opened.result(timeout=START_SECONDS)
            if self._kaleido is not None:
                asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(
                    timeout=20
                )
        except Exception:  # the browser is already gone: nothing to close
            logger.warning("closing the chart browser failed", exc_info=True)
        finally:
            self._kaleido = None
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                self._loop.close()


_session: ChartSession | None = None
_lock = threading.Lock()


def session() -> ChartSession:
    """This process's browser session, started if there is none (or it died, or it was the
    parent's before a fork); ChartsUnavailable without a browser."""
    global _session
    browser = chromium_path()
    if browser is None:
        raise ChartsUnavailable
    with _lock:
        if _session is None or not _session.alive or _session.browser != browser:
            if _session is not None:
                _session.close()
            _session = ChartSession(browser)
        return _session


def start_session() -> None:
    """Start this process's browser ahead of the first chart (without waiting for it); nothing
    without a browser."""
    try:
        session()
    except ChartsUnavailable:
        logger.warning("no Chromium found: PDF charts cannot be drawn (set %s)", ENV_VAR)


def close_session() -> None:
    """Close this process's browser session, if it has one."""
    global _session
    with _lock:
        if _session is not None:
            _session.close()
            _session = None


atexit.register(close_session)


def draw(charts: Sequence[Chart]) -> list[bytes]:
    """PNG bytes of each chart: from the cache, else drawn together in the process's browser
    (started anew once if it fails mid-way, e.g. a crashed browser). Without a browser this
    raises ChartsUnavailable even when every image is cached: a set-up problem is reported the
    same way whatever the cache holds."""
    if chromium_path() is None:
        raise ChartsUnavailable
    figures = {}
    keys = []
    for chart in charts:
        spec, options = chart.spec(), chart.options()
        key = cache_key(spec, options)
        figures[key] = (spec, options)
        keys.append(key)
    found: dict[str, bytes] = cache.get_many(list(figures))
    todo = [key for key in figures if key not in found]  # each distinct figure once
    if todo:
        try:
            images = session().draw([figures[key] for key in todo])
        except ChartsUnavailable:
            raise
        except Exception:
            logger.warning("drawing charts failed; starting a new browser", exc_info=True)
            close_session()
            images = session().draw([figures[key] for key in todo])
        drawn = dict(zip(todo, images, strict=True))
        cache.set_many(drawn, CACHE_SECONDS)
        found.update(drawn)
    return [found[key] for key in keys]


def figure_png(figure: dict[str, Any], width: int = 900, height: int = 450) -> bytes:
    """PNG bytes of a figure dict (as built by the apps' charts modules)."""
    return draw([Chart(figure, width, height)])[0]


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure_data_uri(figure: dict[str, Any], width: int = 900, height: int = 450) -> str:
    """A data: URI of the PNG, to place in an <img> of a PDF template."""
    return data_uri(figure_png(figure, width, height))


def figure_data_uris(charts: dict[str, Chart]) -> dict[str, str]:
    """Data URIs of several charts by name, drawn in one call."""
    names = list(charts)
    return {
        name: data_uri(png)
        for name, png in zip(names, draw([charts[n] for n in names]), strict=True)
    }
