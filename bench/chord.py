"""Benchmark of the score rebuild split by province across real Celery workers (a chord).

`python -m bench chord --chord-redis redis://127.0.0.1:6379/N` uses the national-scale dataset of
`bench.scoring` (generated, or reused with `--reuse-data`) and measures, best of `--repeat`:

- the single-process rebuild in this process (`bench.scoring.rebuild`) and its floor (read +
  numpy, `bench.scoring.floor`);
- through Redis and real `celery -A governance worker --concurrency 1` processes on the benchmark
  database, from sending the task to the run being published: the single-process rebuild on one
  worker (the split turned off), and the split rebuild (the chord) with 1 and with 2 workers.

The Redis database given carries both the tasks and the chord's results; it is flushed of
Celery's queue at the start. Figures are recorded in docs/performance.md ("Rebuild across
workers").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from bench import scoring

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 120.0
RUN_TIMEOUT = 600.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("chord")
    group.add_argument(
        "--chord-redis",
        default=os.environ.get("BENCH_CELERY_URL", "redis://127.0.0.1:6379/0"),
        help="Redis database for the workers' tasks and results (default BENCH_CELERY_URL, "
        "else redis://127.0.0.1:6379/0)",
    )
    group.add_argument(
        "--chord-workers",
        default="1,2",
        help="numbers of worker processes to time the chord with (default 1,2)",
    )
    group.add_argument(
        "--chord-parts", type=int, default=8, help="REBUILD_SPLIT_PARTS of the workers (default 8)"
    )


@contextmanager
def workers(count: int, redis_url: str, *, split: bool, parts: int) -> Iterator[None]:
    """`count` Celery worker processes (one process each) on the benchmark database, ready."""
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "REBUILD_SPLIT_MIN_COUNTIES": "1" if split else "0",
        "REBUILD_SPLIT_PARTS": str(parts),
        "LOG_LEVEL": "WARNING",
    }
    logs = Path(settings.BASE_DIR) / "var" / "bench-chord"
    logs.mkdir(parents=True, exist_ok=True)
    processes: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        for n in range(count):
            log = logs / f"worker{n}.log"
            log.unlink(missing_ok=True)
            command = [
                *(sys.executable, "-m", "celery", "-A", "governance", "worker"),
                *("--concurrency", "1", "--pool", "prefork", "--without-gossip"),
                *("--without-mingle", "--without-heartbeat", "--loglevel", "INFO"),
                *("-n", f"bench{n}@%h", "--logfile", str(log)),
            ]
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            processes.append((process, log))
        deadline = time.monotonic() + READY_TIMEOUT
        for process, log in processes:
            while not (log.exists() and " ready." in log.read_text(errors="replace")):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker did not start; see {log}")
                time.sleep(0.2)
        yield
    finally:
        for process, _log in processes:
            process.terminate()
        for process, _log in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _purge(redis_url: str) -> None:
    from governance.celery import app

    with app.connection_for_write(redis_url) as connection:
        app.control.purge(connection=connection)


def _wait_idle(redis_url: str) -> None:
    """Until the workers run nothing and nothing waits (a publish queues the dashboards'
    warm-up, which must not overlap the next measurement)."""
    from governance.celery import app

    with app.connection_for_write(redis_url) as connection:
        client = cast(Any, connection.default_channel).client  # kombu's Redis channel
        for _ in range(600):
            inspect = app.control.inspect(timeout=1.0, connection=connection)
            busy = [*(inspect.active() or {}).values(), *(inspect.reserved() or {}).values()]
            if not any(busy) and not client.llen("celery"):
                return
            time.sleep(0.5)


def timed_through_workers(redis_url: str, repeat: int) -> tuple[float, Any]:
    """Best time of `repeat` rebuilds through the workers, each started with idle workers."""
    best, last = float("inf"), None
    for _ in range(repeat):
        _wait_idle(redis_url)
        start = time.perf_counter()
        last = through_workers(redis_url)
        best = min(best, time.perf_counter() - start)
    _wait_idle(redis_url)
    return best, last


def through_workers(redis_url: str) -> Any:
    """Queue a published rebuild, send its task to the workers, wait until it is published."""
    from governance.celery import app
    from scores.choices import ScoreRunStatus
    from scores.services import queue_score_rebuild
    from scores.tasks import rebuild_scores

    run = queue_score_rebuild(publish=True, enqueue=False)
    with app.connection_for_write(redis_url) as connection:
        rebuild_scores.apply_async((run.pk,), producer=connection.Producer())
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        run.refresh_from_db()
        if run.status == ScoreRunStatus.PUBLISHED:
            return run
        if run.status == ScoreRunStatus.FAILED or time.monotonic() > deadline:
            raise RuntimeError(f"score run {run.pk} ended {run.status}: {run.error}")
        time.sleep(0.02)


def run(args: argparse.Namespace) -> None:
    from bench.web import _prepare  # the dataset, generated or reused, with fresh statistics
    from counties.models import County, Observation

    _prepare(args)
    repeat = getattr(args, "repeat", 3)
    redis_url = args.chord_redis
    counts = [int(n) for n in args.chord_workers.split(",") if n.strip()]
    _purge(redis_url)

    single_s, _ = scoring._timed(scoring.rebuild, repeat)
    floor_s, _ = scoring._timed(scoring.floor, repeat)
    results: list[tuple[str, float, dict[str, Any]]] = [
        (f"single process, in this process (best of {repeat})", single_s, {}),
        (f"floor: read + numpy (best of {repeat})", floor_s, {}),
    ]
    with workers(1, redis_url, split=False, parts=args.chord_parts):
        seconds, last = timed_through_workers(redis_url, repeat)
        results.append(("single process on 1 worker, queue to published", seconds, last.timings))
    chord: dict[int, float] = {}
    for count in counts:
        with workers(count, redis_url, split=True, parts=args.chord_parts):
            seconds, last = timed_through_workers(redis_url, repeat)
        chord[count] = seconds
        results.append((f"chord on {count} worker(s), queue to published", seconds, last.timings))

    print(
        f"\n  {County.objects.count():,} counties, {Observation.objects.count():,} observations, "
        f"{args.chord_parts} parts at most"
    )
    for label, value, timings in results:
        print(f"  {label:<52} {value:7.2f} s  {timings or ''}")
    print(f"  single process / floor = {single_s / floor_s:.2f} (target <= 1.5)")
    for count, seconds in chord.items():
        print(f"  chord on {count} worker(s) / floor = {seconds / floor_s:.2f}")
    if 1 in chord and 2 in chord:
        print(f"  chord: 1 worker / 2 workers = {chord[1] / chord[2]:.2f} (target > 1)")
