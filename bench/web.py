"""Web benchmark: p95 server-side latency of pages and API lists, and the streamed CSV export.

`python -m bench web` loads the national-scale dataset of bench.scoring (unless --reuse-data finds
it), computes the scores, starts gunicorn on 127.0.0.1 (DEBUG off, a bench secret key), signs a
ministry user in, and drives each URL with 20 concurrent clients for a bounded time. Latency is
read from gunicorn's access log (%(D)s: microseconds spent in the server per request), so client
overhead does not count. The floor is /healthz measured the same way in the same run. Then the
CSV export of all observations is streamed in-process at two sizes, reporting rows/s and the
peak of traced Python memory (flat = constant memory).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 20
DEFAULT_URLS = [
    "/counties/",
    "/counties/{county}/",
    "/counties/scores/",
    "/dashboards/",
    "/dashboards/county/{county}/",
    "/api/v1/counties/",
    "/api/v1/observations/",
    "/api/v1/scores/",
    "/api/v1/projects/",
]
BROWSER_PATHS = ["/dashboards/", "/counties/{county}/"]
TARGET_P95_MS = 150  # client side, at national size
TARGET_FLOOR_RATIO = 3.0  # server side, every page and API list, at every size
TARGET_DASHBOARD_BYTES = 1_500_000
TARGET_DASHBOARD_LOAD_MS = 1000
TARGET_COUNTY_PAGE_BYTES = 500_000
TARGET_ROWS_PER_S = 100_000
SECRET_KEY = "bench-only-" + "x" * 60
PORT = 8162  # set from --port by run()
WRK_TIMEOUT_S = 30
THROTTLE_USER = "1000000/hour"
_ROW = re.compile(r"<tr[\s>]")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("web")
    group.add_argument(
        "--url",
        action="append",
        dest="urls",
        help="a path to measure (repeatable; default: the overview, a county page, the scores "
        "dashboard and the main API lists; {county} is replaced by a county code)",
    )
    group.add_argument("--seconds", type=float, default=15, help="seconds per URL (default 15)")
    group.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2×CPU)")
    group.add_argument("--port", type=int, default=8162, help="gunicorn's port on 127.0.0.1")
    group.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL for gunicorn, e.g. redis://127.0.0.1:6379/9 as in docker-compose "
        "(default: each worker's own memory cache)",
    )
    group.add_argument("--skip-csv", action="store_true", help="skip the CSV export measurement")
    group.add_argument("--skip-latency", action="store_true", help="skip the latency measurement")
    group.add_argument(
        "--skip-browser", action="store_true", help="skip the page loads in headless Chromium"
    )
    group.add_argument(
        "--paired-floors",
        action="store_true",
        help="measure each URL's floor right after the URL (on a machine whose load drifts, "
        "each ratio then compares the same minutes; costs one floor measurement per URL)",
    )


def _prepare(args: argparse.Namespace) -> None:
    from bench import scoring

    scoring.prepare_dataset(getattr(args, "reuse_data", False))
    from django.db import connection

    from scores.models import ScoreRun

    if not ScoreRun.objects.published().exists():
        print("Computing scores ...", flush=True)
        scoring.rebuild()
    if connection.vendor == "postgresql":
        # What autovacuum does in service: fresh statistics, and no dead rows. Where autovacuum
        # is off (as on the machine of docs/performance.md's issue-14 figures), the rows that
        # earlier import benchmarks deleted stay in the tables and their indexes, and every
        # "newest id" lookup walks past them (the observations' stamp took 32 ms, not 0.1).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _session_cookie() -> str:
    """A signed-in ministry user's session (created directly: no login form, no lockout)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings

    from governance.models import User

    user, _ = User.objects.get_or_create(
        username="bench-ministry", defaults={"role": "ministry_staff", "language": "fa"}
    )
    # Signed with the server's key, or gunicorn would not accept the session.
    with override_settings(SECRET_KEY=SECRET_KEY):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; django_language=fa"


def _start_gunicorn(workers: int, log: Path, cache_url: str) -> subprocess.Popen:
    env = dict(os.environ)
    if cache_url:
        env["CACHE_URL"] = cache_url
    env.update(
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="60",
        # The run asks the API lists thousands of times as one user: under the default
        # 5,000/hour the faster lists would be answered 429 before the run ends.
        API_THROTTLE_USER=THROTTLE_USER,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="bench.settings",  # the project's settings + the floor's URLs
    )
    if _static_changed():  # slow: compresses the plotly.js bundles
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "governance.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(U)s?%(q)s %(s)s %(D)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _static_changed() -> bool:
    """Whether static/ holds a file newer than the collected files' manifest (or none exists)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(p.stat().st_mtime > collected for p in (ROOT / "static").rglob("*") if p.is_file())


def _drive(
    path: str, cookie: str, seconds: float, clients: int = CLIENTS
) -> tuple[int, int, float]:
    """`clients` concurrent keep-alive clients for `seconds`: wrk when installed (a C client that
    leaves the CPUs to the server), else Python threads. Returns the ok and failed request counts
    (non-2xx/3xx responses, socket errors and timeouts) and the p95 latency seen by the clients in
    ms (queueing included; NaN without wrk)."""
    if shutil.which("wrk"):
        return _drive_wrk(path, cookie, seconds, clients)
    ok, bad = _drive_threads(path, cookie, seconds, clients)
    return ok, bad, float("nan")


WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("CLIENT_P95_US %d\\n", latency:percentile(95)))
end
"""


def parse_wrk(output: str) -> tuple[int, int, float]:
    """wrk's report as (ok, failed, p95 ms): failed counts non-2xx/3xx responses and every
    socket error (connect, read, write, timeout)."""
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    p95 = re.search(r"CLIENT_P95_US (\d+)", output)
    requests = int(total.group(1)) if total else 0
    non_2xx = int(bad.group(1)) if bad else 0
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    # wrk counts a timed-out request among neither the completed requests nor the responses.
    ok = requests - non_2xx
    p95_ms = int(p95.group(1)) / 1000 if p95 and requests else float("nan")
    return ok, non_2xx + socket_errors, p95_ms


def _drive_wrk(path: str, cookie: str, seconds: float, clients: int) -> tuple[int, int, float]:
    script = Path(tempfile.mkdtemp(prefix="tavazon-wrk-")) / "report.lua"
    script.write_text(WRK_REPORT)
    completed = subprocess.run(
        [
            "wrk",
            "--script",
            str(script),
            "--threads",
            "2",
            "--connections",
            str(clients),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            f"{WRK_TIMEOUT_S}s",
            "--header",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    shutil.rmtree(script.parent, ignore_errors=True)
    return parse_wrk(completed.stdout)


def _drive_threads(path: str, cookie: str, seconds: float, clients: int) -> tuple[int, int]:
    """`clients` threads, each with a keep-alive connection, until `seconds` pass."""
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "bad": 0}
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        ok = bad = 0
        while time.monotonic() < stop:
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                bad += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        with lock:
            counts["ok"] += ok
            counts["bad"] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["ok"], counts["bad"]


def _server_times(log: Path, path: str, offset: int) -> tuple[list[float], int]:
    """Milliseconds per request of `path` written to the access log after `offset`."""
    with log.open("rb") as handle:
        handle.seek(offset)
        data = handle.read().decode("utf-8", "replace")
        end = handle.tell()
    times = []
    for line in data.splitlines():
        parts = line.rsplit(" ", 2)
        if len(parts) == 3 and parts[0].removesuffix("?") == path:
            times.append(int(parts[2]) / 1000)
    return times, end


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rows_in(body: bytes, content_type: str) -> int:
    """The rows a response lists: an API list's `results` (or a JSON list's items), else a
    page's table rows (`<tr>` elements, less one per `<thead>`), as the floor renders them."""
    if "json" in content_type:
        data = json.loads(body)
        return len(data.get("results", [])) if isinstance(data, dict) else len(data)
    text = body.decode("utf-8", "replace")
    return max(0, len(_ROW.findall(text)) - text.count("<thead"))


def floor_path(url: str, rows: int) -> str:
    """The floor view with `rows` rows in the form of `url`: JSON for the API, else HTML."""
    kind = "json" if url.startswith("/api/") else "html"
    return f"/bench-floor/{kind}/{rows}"


def _get(path: str, cookie: str, timeout: float = 300) -> tuple[int, str, bytes]:
    """One request: status (0 when the server dropped it, e.g. a worker killed at gunicorn's
    timeout), content type and body."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    except (OSError, http.client.HTTPException):
        return 0, "", b""
    finally:
        connection.close()


class Server:
    """The benchmark's gunicorn (bench.settings: the project's settings + the floor views) and
    its access log, for one size."""

    def __init__(self, workers: int, cache_url: str, cookie: str) -> None:
        self.workers = workers
        self.cookie = cookie
        self.scratch = Path(tempfile.mkdtemp(prefix="tavazon-bench-web-"))
        self.log = self.scratch / "access.log"
        self.log.touch()
        self.offset = 0
        self.process = _start_gunicorn(workers, self.log, cache_url)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def settle(self, longest_ms: float) -> None:
        """Wait until the requests the clients abandoned when they stopped have finished: no
        new access-log line for 1.5x the longest request seen (at least 1 s, at most 120 s)."""
        quiet = min(120.0, max(1.0, 1.5 * longest_ms / 1000))
        deadline = time.monotonic() + 300
        size, since = self.log.stat().st_size, time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.25)
            now = self.log.stat().st_size
            if now != size:
                size, since = now, time.monotonic()

    def measure(self, path: str, seconds: float) -> dict[str, Any]:
        """Warm `path` up (one request, then every worker), then CLIENTS clients for `seconds`:
        server-side times from the access log, the clients' p95, failures."""
        started = time.perf_counter()
        status, content_type, body = _get(path, self.cookie)
        first_ms = (time.perf_counter() - started) * 1000
        _drive(path, self.cookie, min(2.0, seconds), clients=self.workers)
        self.settle(first_ms)
        _, self.offset = _server_times(self.log, path, self.offset)
        ok, failed, client_p95 = _drive(path, self.cookie, seconds)
        time.sleep(0.3)  # let gunicorn flush the access log
        times, self.offset = _server_times(self.log, path, self.offset)
        self.settle(max(times, default=first_ms))
        _, self.offset = _server_times(self.log, path, self.offset)
        return {
            "url": path,
            "status": status,
            "rows": rows_in(body, content_type) if status == 200 else 0,
            "bytes": len(body),
            "requests": len(times),
            "errors": failed + (status != 200),
            "rps": ok / seconds,
            "p50": _percentile(times, 0.5) if times else float("nan"),
            "p95": _percentile(times, 0.95) if times else float("nan"),
            "p99": _percentile(times, 0.99) if times else float("nan"),
            "mean": statistics.fmean(times) if times else float("nan"),
            "client_p95": client_p95,
        }


def _print_row(row: dict[str, Any]) -> None:
    print(
        f"  {row['url']:<34} {row['rows']:>5} rows {row['requests']:>6} req {row['errors']:>4} "
        f"err  p50 {row['p50']:8.1f}  p95 {row['p95']:8.1f}  p99 {row['p99']:8.1f} ms  "
        f"{row['rps']:6.1f} req/s  client p95 {row['client_p95']:8.1f} ms",
        flush=True,
    )


def measure_csv(limit: int | None) -> dict[str, Any]:
    """Stream the observations CSV in-process: rows/s (untraced), then peak traced memory."""
    import itertools
    from dataclasses import replace

    from django.test import override_settings
    from django.utils import translation

    from governance.exports.csv_export import iter_csv
    from reports import tables

    def table() -> Any:
        built = tables.observations_table(None)
        if limit is not None:
            built.rows = itertools.islice(built.rows, limit)
            if built.copy_source is not None:  # the COPY path reads the first `limit` rows
                queryset = built.copy_source.queryset.order_by("pk")
                last = queryset.values_list("pk", flat=True)[limit - 1 : limit].get()
                built.copy_source = replace(
                    built.copy_source, queryset=queryset.filter(pk__lte=last)
                )
        return built

    # As in production: DEBUG off, so the connection does not keep a log of every query.
    with translation.override("fa"), override_settings(DEBUG=False):
        started = time.perf_counter()
        rows = size = 0
        for chunk in iter_csv(table()):
            rows += chunk.count("\n")
            size += len(chunk)
        seconds = time.perf_counter() - started
        rows -= 1  # header
        tracemalloc.start()
        for _chunk in iter_csv(table()):
            pass
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "peak_mb": peak / 1e6,
        "mb": size / 1e6,
    }


def run(args: argparse.Namespace) -> None:
    global PORT
    PORT = args.port
    _prepare(args)
    if not (args.skip_latency and args.skip_browser):
        _serve_and_measure(args)
    if not args.skip_csv:
        _csv()


def _serve_and_measure(args: argparse.Namespace) -> None:
    from django.db import connection

    from bench import report
    from counties.models import County

    county = County.objects.order_by("code").values_list("code", flat=True).first()
    workers = args.workers or 2 * (os.cpu_count() or 1)
    cookie = _session_cookie()
    print(
        f"gunicorn with {workers} workers on 127.0.0.1:{PORT}, database {connection.vendor}, "
        f"cache {args.cache_url or 'per-worker memory'}, load: {CLIENTS} connections from "
        f"{'wrk' if shutil.which('wrk') else 'Python threads'}, {args.seconds:g} s per URL",
        flush=True,
    )
    started = time.perf_counter()
    server = Server(workers, args.cache_url, cookie)
    try:
        if not args.skip_latency:
            _latency(server, [u.format(county=county) for u in args.urls or DEFAULT_URLS], args)
            report.phase("pages, API lists and floors (wrk)", time.perf_counter() - started)
        if not args.skip_browser:
            browser_started = time.perf_counter()
            _browser(cookie, [p.format(county=county) for p in BROWSER_PATHS], workers)
            report.phase("browser loads", time.perf_counter() - browser_started)
    finally:
        server.stop()


def _latency(server: Server, urls: list[str], args: argparse.Namespace) -> None:
    from bench import report, sizes

    results = []
    paired: list[dict[str, Any]] = []  # with --paired-floors: each URL's floor, measured next
    for path in urls:
        row = server.measure(path, args.seconds)
        _print_row(row)
        results.append(row)
        if args.paired_floors:
            paired.append(server.measure(floor_path(row["url"], row["rows"]), args.seconds))
            _print_row(paired[-1])
    floors: dict[str, dict[str, Any]] = {}
    floor_of: dict[int, dict[str, Any]] = {}
    for index, row in enumerate(results):
        path = floor_path(row["url"], row["rows"])
        if paired:
            floor_of[index] = paired[index]
            continue
        if path not in floors:
            floors[path] = server.measure(path, args.seconds)
            _print_row(floors[path])
        floor_of[index] = floors[path]
    national = sizes.active() is sizes.NATIONAL
    print(
        "\n| URL | rows | requests | errors | p50 ms | p95 ms | floor p95 ms | p95 / floor "
        "| client p95 ms | floor client p95 ms | client / floor | req/s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for index, row in enumerate(results):
        floor = floor_of[index]
        ratio = row["p95"] / floor["p95"]
        client_ratio = row["client_p95"] / floor["client_p95"]
        print(
            f"| `{row['url']}` | {row['rows']:,} | {row['requests']:,} | {row['errors']} "
            f"| {row['p50']:.1f} | {row['p95']:.1f} | {floor['p95']:.1f} | {ratio:.2f} "
            f"| {row['client_p95']:.0f} | {floor['client_p95']:.0f} | {client_ratio:.2f} "
            f"| {row['rps']:.1f} |"
        )
        report.check(
            f"{row['url']} server p95 <= {TARGET_FLOOR_RATIO:g}x floor, no errors",
            f"{ratio:.2f}x, {row['errors']} errors",
            ratio <= TARGET_FLOOR_RATIO and row["errors"] == 0 and row["requests"] > 0,
        )
        if national:
            report.check(
                f"{row['url']} client p95 <= {TARGET_P95_MS} ms",
                f"{row['client_p95']:.0f} ms",
                row["client_p95"] <= TARGET_P95_MS,
            )
    listed = (
        [(floor_path(r["url"], r["rows"]), f) for r, f in zip(results, paired, strict=True)]
        if paired
        else []
    )
    for path, floor in listed or list(floors.items()):
        print(
            f"| floor `{path}` | {floor['rows']:,} | {floor['requests']:,} | {floor['errors']} "
            f"| {floor['p50']:.1f} | {floor['p95']:.1f} | | | {floor['client_p95']:.0f} | | "
            f"| {floor['rps']:.1f} |"
        )


def _browser(cookie: str, paths: list[str], workers: int) -> None:
    from bench import browser, report

    # "Cold" is the browser's cache: every worker of the server has answered each page already
    # (the shared cache warm and each process past its first request, as after the latency
    # part), so load times measure the page, not its first computation after the server started.
    for path in paths:
        for _round in range(2):
            warmers = [threading.Thread(target=_get, args=(path, cookie)) for _ in range(workers)]
            for warmer in warmers:
                warmer.start()
            for warmer in warmers:
                warmer.join()
    try:
        loads = browser.measure(f"http://127.0.0.1:{PORT}", cookie, paths)
    except RuntimeError as error:
        print(f"  browser loads skipped: {error}")
        return
    print(
        "\n| page | cache | load event ms | of which server ms | first figure ms "
        "| all charts drawn ms | transferred KB | responses |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")

    def ms(value: float | None) -> str:
        return "" if value is None else f"{value:.0f}"

    for load in loads:
        print(
            f"| `{load.path}` | {load.cache} | {load.load_ms:.0f} | {ms(load.server_ms)} "
            f"| {ms(load.drawn_ms)} | {ms(load.all_drawn_ms)} "
            f"| {load.transferred / 1000:,.0f} | {load.responses} |"
        )
    dashboard, county_page = (
        next(load for load in loads if load.path == path and load.cache == "cold") for path in paths
    )
    report.check(
        f"national dashboard cold <= {TARGET_DASHBOARD_BYTES / 1e6:g} MB",
        f"{dashboard.transferred / 1e6:.2f} MB",
        dashboard.transferred <= TARGET_DASHBOARD_BYTES,
    )
    report.check(
        f"national dashboard cold load <= {TARGET_DASHBOARD_LOAD_MS} ms",
        f"{dashboard.load_ms:.0f} ms",
        dashboard.load_ms <= TARGET_DASHBOARD_LOAD_MS,
    )
    report.check(
        f"county page cold <= {TARGET_COUNTY_PAGE_BYTES / 1000:g} KB",
        f"{county_page.transferred / 1000:.0f} KB",
        county_page.transferred <= TARGET_COUNTY_PAGE_BYTES,
    )


def _csv() -> None:
    from counties.models import Observation

    total = Observation.objects.count()
    print(f"\nCSV export of observations (in-process, streamed; {total:,} rows stored):")
    for limit in (100_000, 300_000, None):
        row = measure_csv(limit)
        verdict = "ok" if row["rows_per_s"] >= TARGET_ROWS_PER_S else "MISSED"
        print(
            f"  {row['rows']:>9,} rows  {row['seconds']:6.2f} s  {row['rows_per_s']:>9,.0f} rows/s "
            f"({verdict})  {row['mb']:6.1f} MB written  "
            f"peak traced memory {row['peak_mb']:6.2f} MB",
            flush=True,
        )
