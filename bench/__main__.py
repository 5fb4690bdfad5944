"""Tavazon benchmarks: `python -m bench [name ...]` (all of them by default).

Each benchmark runs against a separate database, never the development one: BENCH_DATABASE_URL
if set (e.g. postgres://postgres@127.0.0.1:5432/tavazon_bench, created beforehand), else the
SQLite file var/bench.sqlite3. `--size national,large` runs them once per dataset size, each
size in its own database (bench/sizes.py), and ends with a summary of every target. Celery
tasks queued by the code under test go to an in-memory
broker, so no worker runs during the measurements. Figures are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from bench import report, sizes

ROOT = Path(__file__).resolve().parent.parent

# name -> module with a `run(args) -> None` function and an optional `add_arguments(parser)`.
BENCHES: dict[str, str] = {
    "scoring": "bench.scoring",
    "chord": "bench.chord",
    "web": "bench.web",
    "exports": "bench.exports",
}


def _configure_environment(first: sizes.Size) -> None:
    url = sizes.database_url(first)
    if url.startswith("sqlite:"):
        (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHES)}")
    parser.add_argument(
        "--size",
        action="append",
        dest="sizes",
        help=f"dataset size(s), repeatable or comma-separated: {', '.join(sizes.PRESETS)} "
        "(default national)",
    )
    modules = {name: importlib.import_module(path) for name, path in BENCHES.items()}
    for module in modules.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHES))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    try:
        chosen = sizes.parse(args.sizes)
    except ValueError as error:
        parser.error(str(error))
    _configure_environment(chosen[0])

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    for size in chosen:
        url = sizes.activate(size)
        print(f"\n#### size {size.name}: benchmark database {url.split('@')[-1]}")
        for name in args.names or list(BENCHES):
            print(f"\n== {name} ({size.name}) ==")
            modules[name].run(args)
    report.print_summary()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
