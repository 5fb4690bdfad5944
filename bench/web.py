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
PORT = 8162
CLIENTS = 20
DEFAULT_URLS = [
    "/healthz",
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
TARGET_P95_MS = 150
TARGET_ROWS_PER_S = 100_000
SECRET_KEY = "bench-only-" + "x" * 60


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
    group.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL for gunicorn, e.g. redis://127.0.0.1:6379/9 as in docker-compose "
        "(default: each worker's own memory cache)",
    )
    group.add_argument("--skip-csv", action="store_true", help="skip the CSV export measurement")
    group.add_argument("--skip-latency", action="store_true", help="skip the latency measurement")


def _prepare(args: argparse.Namespace) -> None:
    from bench import scoring

    if getattr(args, "reuse_data", False) and scoring._generated():
        print("Reusing the dataset of an earlier run.")
    else:
        print("Generating the national-scale dataset ...", flush=True)
        seconds, sizes = scoring._timed(scoring.generate)
        print(f"  {sizes} in {seconds:.1f} s", flush=True)
    from django.db import connection

    from scores.models import ScoreRun

    if not ScoreRun.objects.published().exists():
        print("Computing scores ...", flush=True)
        scoring.rebuild()
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum keeps them in service
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
        LOG_LEVEL="WARNING",
    )
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():  # slow: compresses plotly.js
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


def _drive(path: str, cookie: str, seconds: float) -> tuple[int, int, float]:
    """CLIENTS concurrent keep-alive clients for `seconds`: wrk when installed (a C client that
    leaves the CPUs to the server), else Python threads. Returns the ok and bad response counts
    and the p95 latency seen by the clients in ms (queueing included; NaN without wrk)."""
    if shutil.which("wrk"):
        return _drive_wrk(path, cookie, seconds)
    ok, bad = _drive_threads(path, cookie, seconds)
    return ok, bad, float("nan")


WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("CLIENT_P95_US %d\\n", latency:percentile(95)))
end
"""


def _drive_wrk(path: str, cookie: str, seconds: float) -> tuple[int, int, float]:
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
            str(CLIENTS),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "--header",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    total = re.search(r"(\d+) requests in", completed.stdout)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", completed.stdout)
    errors = re.search(r"Socket errors: .*?(\d+) timeout", completed.stdout)
    p95 = re.search(r"CLIENT_P95_US (\d+)", completed.stdout)
    requests = int(total.group(1)) if total else 0
    failed = (int(bad.group(1)) if bad else 0) + (int(errors.group(1)) if errors else 0)
    return requests - failed, failed, int(p95.group(1)) / 1000 if p95 else float("nan")


def _drive_threads(path: str, cookie: str, seconds: float) -> tuple[int, int]:
    """CLIENTS threads, each with a keep-alive connection, until `seconds` pass."""
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

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
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


def measure_urls(
    urls: list[str], seconds: float, workers: int, cache_url: str = ""
) -> list[dict[str, Any]]:
    from counties.models import County

    county = County.objects.order_by("code").values_list("code", flat=True).first()
    cookie = _session_cookie()
    scratch = Path(tempfile.mkdtemp(prefix="tavazon-bench-web-"))
    log = scratch / "access.log"
    log.touch()
    process = _start_gunicorn(workers, log, cache_url)
    results = []
    try:
        offset = 0
        for template in urls:
            path = template.format(county=county)
            _drive(path, cookie, min(2.0, seconds))  # warm-up: caches, connections
            _, offset = _server_times(log, path, offset)
            ok, bad, client_p95 = _drive(path, cookie, seconds)
            time.sleep(0.3)  # let gunicorn flush the access log
            times, offset = _server_times(log, path, offset)
            row = {
                "url": path,
                "requests": len(times),
                "errors": bad,
                "rps": ok / seconds,
                "p50": _percentile(times, 0.5) if times else float("nan"),
                "p95": _percentile(times, 0.95) if times else float("nan"),
                "p99": _percentile(times, 0.99) if times else float("nan"),
                "mean": statistics.fmean(times) if times else float("nan"),
                "client_p95": client_p95,
            }
            results.append(row)
            print(
                f"  {path:<34} {row['requests']:>6} req {row['errors']:>4} err "
                f"p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  p99 {row['p99']:7.1f} ms  "
                f"{row['rps']:6.1f} req/s  client p95 {row['client_p95']:7.1f} ms",
                flush=True,
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    return results


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

    _prepare(args)
    urls = args.urls or DEFAULT_URLS
    if "/healthz" not in urls:
        urls = ["/healthz", *urls]
    if not args.skip_latency:
        _latency(args, urls)
    if not args.skip_csv:
        _csv()


def _latency(args: argparse.Namespace, urls: list[str]) -> None:
    from django.db import connection

    workers = args.workers or 2 * (os.cpu_count() or 1)
    print(
        f"Latency: {CLIENTS} concurrent clients, {args.seconds:g} s per URL, gunicorn with "
        f"{workers} workers on 127.0.0.1, database {connection.vendor}, "
        f"cache {args.cache_url or 'per-worker memory'}, load from "
        f"{'wrk' if shutil.which('wrk') else 'Python threads'}",
        flush=True,
    )
    results = measure_urls(urls, args.seconds, workers, args.cache_url)
    floor = next(r for r in results if r["url"] == "/healthz")
    print()
    for row in results:
        verdict = "ok" if row["p95"] <= TARGET_P95_MS else "MISSED"
        print(
            f"  {row['url']:<34} p95 {row['p95']:7.1f} ms = {row['p95'] / floor['p95']:6.1f}× "
            f"the /healthz floor  (target ≤ {TARGET_P95_MS} ms: {verdict})"
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
