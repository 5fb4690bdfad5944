"""Exports benchmark: the observations workbook, a county PDF and a province briefing pack.

`python -m bench exports` loads the national-scale dataset of bench.scoring (unless --reuse-data
finds it), computes the scores, and gives one county (BC000) flagship projects with milestones and
an action plan with targets, so that its report draws both of its charts (the generated country
has none). Then, in this process, as a Celery worker would run them:

- the observations XLSX (`write_workbook` into a temporary file, as the download does) at
  100,000 rows and at all rows: rows per second, rows per CPU-second of this process (the figure
  the machine's load does not move), and the peak of traced Python memory in a second pass;
- the county PDF of BC000: cold (the first in the process: Chromium starts, WeasyPrint loads),
  then warm with the chart cache emptied before each (the charts are drawn) and warm with the
  images cached (the median of --pdf-repeat each), and the first PDF of a fresh process whose
  Celery warm-up (reports.tasks.start_pdf_tools) ran first;
- the briefing pack of province BP00 (15 counties): first and warm (the median of
  --pdf-repeat).

Each figure is printed against its target (issue 14) with the load average, since other work on
the machine slows everything down. Figures are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_ROWS_PER_S = 50_000
TARGET_COUNTY_PDF_S = 3.0
TARGET_BRIEFING_S = 20.0
COUNTY = "BC000"
PROVINCE = "BP00"
PROJECTS = 6
TARGETS = 4
# The PDF measurements empty the cache: never the one CACHE_URL names (a shared Redis).
PRIVATE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("exports")
    group.add_argument(
        "--pdf-repeat", type=int, default=5, help="warm PDFs measured (median kept; default 5)"
    )
    group.add_argument("--skip-xlsx", action="store_true", help="skip the XLSX measurement")
    group.add_argument("--skip-pdf", action="store_true", help="skip the PDF measurements")


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# --- data ------------------------------------------------------------------------------------


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
    _county_projects()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _county_projects() -> None:
    """Flagship projects (with milestones) and a plan with targets in BC000, once."""
    from counties.models import County, Dimension, Indicator
    from projects import services
    from projects.models import FlagshipProject
    from projects.queries import today

    county = County.objects.get(code=COUNTY)
    if FlagshipProject.objects.filter(county=county).exists():
        return
    day = today()
    dimension = Dimension.objects.get(code="bench")
    for n in range(PROJECTS):
        start = day - datetime.timedelta(days=40 * n + 30)
        end = day + datetime.timedelta(days=60 * n + 90)
        project = services.create_project(
            county,
            {
                "title_fa": f"پروژه سنجش {n + 1}",
                "title_en": f"Bench project {n + 1}",
                "dimension": dimension,
                "period_start": start,
                "period_end": end,
                "responsible_agency": "Bench agency",
                "planned_budget": Decimal(1_000_000_000 * (n + 1)),
            },
        )
        for step in range(3):
            services.add_milestone(
                project,
                {
                    "title_fa": f"گام {step + 1}",
                    "title_en": f"Step {step + 1}",
                    "planned_date": start + (end - start) * (step + 1) / 4,
                    "weight": 1,
                },
            )
    plan = services.create_plan(
        county,
        {
            "title_fa": "برنامه سنجش",
            "title_en": "Bench plan",
            "dimension": dimension,
            "period_start": day - datetime.timedelta(days=200),
            "period_end": day + datetime.timedelta(days=500),
        },
    )
    for code in [f"bench_d{d}_i0" for d in range(TARGETS)]:
        services.add_target(
            plan,
            indicator=Indicator.objects.get(code=code),
            target_value=80,
            deadline=day + datetime.timedelta(days=400),
        )


def _user() -> Any:
    from governance.models import User

    user, _ = User.objects.get_or_create(
        username="bench-ministry", defaults={"role": "ministry_staff", "language": "fa"}
    )
    return user


# --- XLSX ------------------------------------------------------------------------------------


def measure_xlsx(limit: int | None) -> dict[str, Any]:
    """Write the observations workbook in-process: rows/s and CPU (untraced), then the peak of
    traced Python memory in a second pass."""
    from dataclasses import replace

    from django.test import override_settings
    from django.utils import translation

    from governance.exports.xlsx_export import write_workbook
    from reports import tables

    def table() -> Any:
        built = tables.observations_table(None)
        if limit is not None:  # the first `limit` rows of the copy source the workbook reads
            queryset = built.copy_source.queryset.order_by("pk")
            last = queryset.values_list("pk", flat=True)[limit - 1 : limit].get()
            built.copy_source = replace(built.copy_source, queryset=queryset.filter(pk__lte=last))
        return built

    with translation.override("fa"), override_settings(DEBUG=False):
        load = _load()
        with tempfile.TemporaryFile() as out:
            started, cpu = time.perf_counter(), time.process_time()
            rows = write_workbook(table(), out)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            size = out.tell()
        tracemalloc.start()
        with tempfile.TemporaryFile() as out:
            write_workbook(table(), out)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "rows_per_cpu_s": rows / cpu,
        "peak_mb": peak / 1e6,
        "mb": size / 1e6,
        "load": load,
    }


def _xlsx() -> None:
    from counties.models import Observation

    total = Observation.objects.count()
    print(f"\nObservations XLSX (in-process, into a temporary file; {total:,} rows stored):")
    for limit in (100_000, None):
        row = measure_xlsx(limit)
        print(
            f"  {row['rows']:>9,} rows  {row['seconds']:6.2f} s  {row['rows_per_s']:>8,.0f} rows/s "
            f"(target ≥ {TARGET_ROWS_PER_S:,}: {_verdict(row['rows_per_s'] >= TARGET_ROWS_PER_S)})"
            f"  {row['rows_per_cpu_s']:>8,.0f} rows per CPU-second  {row['mb']:5.1f} MB file  "
            f"peak traced memory {row['peak_mb']:5.2f} MB  ({row['load']})",
            flush=True,
        )


# --- PDFs ------------------------------------------------------------------------------------


def _timed(function: Callable[[], Any]) -> tuple[float, float, str]:
    load = _load()
    started, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - cpu, load


def _charts_timer() -> list[float]:
    """Seconds spent getting chart images (drawn or cached), one entry per report."""
    from governance.exports import chart_images

    spent: list[float] = []
    draw = chart_images.draw

    def timed(charts: Any) -> list[bytes]:
        started = time.perf_counter()
        try:
            return draw(charts)
        finally:
            spent.append(time.perf_counter() - started)

    chart_images.draw = timed
    return spent


def _pdfs(repeat: int) -> None:
    from django.core.cache import cache
    from django.test import override_settings
    from django.utils import translation

    from counties.models import County, Province
    from reports import report_data

    user = _user()
    county = County.objects.select_related("province").get(code=COUNTY)
    province = Province.objects.get(code=PROVINCE)
    charts = _charts_timer()

    def county_pdf() -> None:
        assert report_data.county_report_pdf(county, user).startswith(b"%PDF")

    def briefing() -> None:
        assert report_data.province_briefing_pdf(province, user).startswith(b"%PDF")

    def show(label: str, seconds: float, cpu: float, load: str, target: float, note: str) -> None:
        print(
            f"  {label:<48} {seconds:6.2f} s  CPU {cpu:5.2f} s  (target < {target:g} s: "
            f"{_verdict(seconds < target)}){note}  ({load})",
            flush=True,
        )

    with translation.override("fa"), override_settings(DEBUG=False, CACHES=PRIVATE_CACHE):
        cache.clear()
        print(f"\nCounty PDF of {COUNTY} ({PROJECTS} projects, {TARGETS} targets: two charts):")
        seconds, cpu, load = _timed(county_pdf)
        show("cold: first in this process", seconds, cpu, load, TARGET_COUNTY_PDF_S, "")
        for label, empty_cache in (("warm, charts drawn", True), ("warm, charts cached", False)):
            runs = []
            for _ in range(repeat):
                if empty_cache:
                    cache.clear()
                runs.append(_timed(county_pdf))
            seconds = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            note = f", charts {statistics.median(charts[-repeat:]):.2f} s"
            show(f"{label} (median of {repeat})", seconds, cpu, runs[-1][2], 3.0, note)
        print(f"  {'first in a new worker process after its warm-up':<48} {_fresh_worker()}")

        counties = len(report_data.briefing_counties(user, province))
        print(f"\nBriefing pack of {PROVINCE} ({counties} counties):")
        seconds, cpu, load = _timed(briefing)
        show("first", seconds, cpu, load, TARGET_BRIEFING_S, "")
        runs = [_timed(briefing) for _ in range(max(1, repeat // 2))]
        seconds = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        show(f"warm (median of {len(runs)})", seconds, cpu, runs[-1][2], TARGET_BRIEFING_S, "")


def _fresh_worker() -> str:
    """The first county PDF of a new process that ran the worker's warm-up first (as a Celery
    worker process does at worker_process_init), measured in a child process."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--fresh-worker"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ.copy(),
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        return f"failed: {result.stderr.strip()[-300:]}"
    return lines[-1]


def _fresh_worker_main() -> None:
    import django

    django.setup()
    from celery.signals import worker_process_init
    from django.core.cache import cache
    from django.test import override_settings
    from django.utils import translation

    import reports.tasks  # noqa: F401 (connects the worker's signals)
    from counties.models import County
    from governance.exports import chart_images
    from reports import report_data

    county = County.objects.select_related("province").get(code=COUNTY)
    user = _user()
    worker_process_init.send(sender=None)
    time.sleep(5)  # a worker process usually waits longer than this for its first job
    chart_images.session()._opened.result(timeout=120)
    with translation.override("fa"), override_settings(DEBUG=False, CACHES=PRIVATE_CACHE):
        cache.clear()
        load = _load()
        started, cpu = time.perf_counter(), time.process_time()
        report_data.county_report_pdf(county, user)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    chart_images.close_session()
    verdict = _verdict(seconds < TARGET_COUNTY_PDF_S)
    print(
        f"{seconds:6.2f} s  CPU {cpu:5.2f} s  (target < {TARGET_COUNTY_PDF_S:g} s: {verdict})  "
        f"({load})"
    )


def run(args: argparse.Namespace) -> None:
    _prepare(args)
    if not args.skip_pdf:
        _pdfs(max(1, args.pdf_repeat))
    if not args.skip_xlsx:
        _xlsx()


if __name__ == "__main__" and sys.argv[1:] == ["--fresh-worker"]:
    sys.path.insert(0, str(ROOT))
    _fresh_worker_main()
