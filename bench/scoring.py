"""Benchmark of the score rebuild and of the observation import at national scale.

The generator builds a synthetic country (31 provinces, 450 counties, 2,000 areas, 30 indicators
in 6 dimensions, 15 yearly periods 1389-1403, a monthly employment indicator, county populations)
in the benchmark database. One run then measures:

- rebuild: `rebuild_scores_now()`, the whole service (queue, read, compute, write, publish);
- floor: only reading the same rows and the pure numpy scoring (`fetch_score_rows` +
  `compute_scores`): what no implementation can avoid;
- baseline: a straightforward per-county ORM loop (a query per county and period, one INSERT per
  score), the code one would write first;
- import: a 500,000-row long CSV through `import_observations` (all creates, with history), and
  the same file again (all unchanged).

Targets: rebuild <= 2x floor, >= 10x faster than the baseline, import < 60 s. Django is imported
inside the functions: `python -m bench` sets the database up before calling `run`.
"""

from __future__ import annotations

import argparse
import io
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

PROVINCES = 31
COUNTIES = 450
AREAS = 2000
DIMENSIONS = 6
PER_DIMENSION = 5
YEARS = list(range(1389, 1404))  # 15 yearly periods
AREA_INDICATORS = 8  # the first indicators of each dimension, also measured for areas
MONTHLY_CODE = "bench_unemployment_monthly"
IMPORT_ROWS = 500_000
IMPORT_YEARS = list(range(1379, 1389))  # periods the generator leaves empty: all creates


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scoring")
    group.add_argument(
        "--repeat", type=int, default=3, help="repetitions of rebuild and floor (best kept)"
    )
    group.add_argument(
        "--skip-baseline", action="store_true", help="skip the slow per-county ORM loop"
    )
    group.add_argument("--skip-import", action="store_true", help="skip the 500,000-row import")


def _codes() -> list[str]:
    return [f"bench_d{d}_i{i}" for d in range(DIMENSIONS) for i in range(PER_DIMENSION)]


def _spec() -> dict[str, Any]:
    dimensions = []
    for d in range(DIMENSIONS):
        indicators = [
            {
                "code": f"bench_d{d}_i{i}",
                "weight": 1 + (i % 2),
                "direction": "lower" if i % 3 == 0 else "higher",
                "normalization": "goalposts",
                "min": 0,
                "max": 100,
            }
            for i in range(PER_DIMENSION)
        ]
        if d == 0:
            indicators.append(
                {
                    "code": MONTHLY_CODE,
                    "weight": 1,
                    "direction": "lower",
                    "normalization": "goalposts",
                    "min": 0,
                    "max": 40,
                }
            )
        dimensions.append(
            {
                "code": f"bench_d{d}",
                "weight": 1,
                "aggregation": "arithmetic",
                "indicators": indicators,
            }
        )
    return {"aggregation": "geometric", "missing": "reweight", "dimensions": dimensions}


def _timed(function: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


# --- the dataset ----------------------------------------------------------------------------


def generate() -> dict[str, int]:
    """Replace the benchmark database's content with the national-scale synthetic country."""
    from django.core.management import call_command
    from django.db import transaction

    from counties.models import Area, County, Dimension, Indicator, Methodology, Province
    from counties.observations import ObservationRow, write_observations
    from counties.periods import Period

    call_command("flush", interactive=False, verbosity=0)
    rng = np.random.default_rng(2024)
    with transaction.atomic():
        provinces = Province.objects.bulk_create(
            Province(code=f"BP{p:02d}", name_en=f"Province {p}", name_fa=f"استان {p}")
            for p in range(PROVINCES)
        )
        counties = County.objects.bulk_create(
            County(
                code=f"BC{c:03d}",
                name_en=f"County {c}",
                name_fa=f"شهرستان {c}",
                province=provinces[c % PROVINCES],
            )
            for c in range(COUNTIES)
        )
        kinds = ["city", "rural", "district", "informal_settlement"]
        areas = Area.objects.bulk_create(
            Area(
                county=counties[a % COUNTIES],
                code=f"A{a:04d}",
                name_fa=f"ناحیه {a}",
                name_en=f"Area {a}",
                kind=kinds[(a // COUNTIES) % len(kinds)],
                population=int(rng.integers(2_000, 400_000)),
            )
            for a in range(AREAS)
        )
        dimension = Dimension.objects.create(code="bench", name_en="Benchmark")
        codes = _codes()
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    code=code,
                    name_en=code,
                    dimension=dimension,
                    unit="%",
                    direction="higher",
                    min_value=0,
                    max_value=100,
                )
                for code in codes
            ]
            + [
                Indicator(
                    code=MONTHLY_CODE,
                    name_en="Unemployment (monthly)",
                    dimension=dimension,
                    unit="%",
                    direction="lower",
                    min_value=0,
                    max_value=100,
                    frequency="monthly",
                ),
                Indicator(
                    code="population",
                    name_en="Population",
                    dimension=dimension,
                    unit="people",
                    direction="higher",
                    min_value=0,
                ),
            ]
        )
        Methodology.objects.create(code="bench", name_en="Benchmark", spec=_spec(), is_current=True)
    by_code = {i.code: i.pk for i in indicators}
    starts = {y: Period(y).gregorian_start() for y in YEARS}
    rows: list[ObservationRow] = []
    county_effect = rng.normal(0, 12, COUNTIES)
    for code in codes:
        values = np.clip(
            50 + county_effect[:, None] + rng.normal(0, 15, (COUNTIES, len(YEARS))), 0, 100
        )
        for c, county in enumerate(counties):
            for y, year in enumerate(YEARS):
                rows.append(
                    ObservationRow(
                        by_code[code],
                        county.pk,
                        None,
                        str(year),
                        "year",
                        starts[year],
                        round(float(values[c, y]), 2),
                        "bench",
                    )
                )
    area_codes = [c for i, c in enumerate(codes) if i % PER_DIMENSION == 0][:AREA_INDICATORS]
    area_codes += [c for i, c in enumerate(codes) if i % PER_DIMENSION == 1][
        : AREA_INDICATORS - len(area_codes)
    ]
    for code in area_codes:
        values = np.clip(50 + rng.normal(0, 20, (AREAS, len(YEARS))), 0, 100)
        for a, area in enumerate(areas):
            for y, year in enumerate(YEARS):
                rows.append(
                    ObservationRow(
                        by_code[code],
                        area.county_id,
                        area.pk,
                        str(year),
                        "year",
                        starts[year],
                        round(float(values[a, y]), 2),
                        "bench",
                    )
                )
    monthly = np.clip(
        10 + county_effect[:, None] / 3 + rng.normal(0, 2, (COUNTIES, len(YEARS) * 12)), 0, 60
    )
    months = {(y, m): Period(y, "month", m) for y in YEARS for m in range(1, 13)}
    month_starts = {key: period.gregorian_start() for key, period in months.items()}
    for c, county in enumerate(counties):
        for y, year in enumerate(YEARS):
            for month in range(1, 13):
                period = months[(year, month)]
                rows.append(
                    ObservationRow(
                        by_code[MONTHLY_CODE],
                        county.pk,
                        None,
                        period.key,
                        "month",
                        month_starts[(year, month)],
                        round(float(monthly[c, y * 12 + month - 1]), 2),
                        "bench",
                    )
                )
    population = rng.integers(20_000, 3_000_000, COUNTIES)
    for c, county in enumerate(counties):
        for year in YEARS:
            rows.append(
                ObservationRow(
                    by_code["population"],
                    county.pk,
                    None,
                    str(year),
                    "year",
                    starts[year],
                    float(round(population[c] * 1.012 ** (year - 1395))),
                    "bench",
                )
            )
    write_observations(rows, [], reason="benchmark data", fast=True)
    return {
        "provinces": PROVINCES,
        "counties": COUNTIES,
        "areas": AREAS,
        "indicators": len(codes),
        "observations": len(rows),
    }


# --- the three ways of computing scores -----------------------------------------------------


def rebuild() -> Any:
    """The service as it runs in production (Celery calls the same function)."""
    from counties.scores import rebuild_scores_now

    run = rebuild_scores_now()
    assert run.status == "published", run.error
    return run


def floor() -> Any:
    """Reading the same rows and the pure numpy scoring, nothing else."""
    from counties.models import Methodology
    from counties.scores import compute_scores, fetch_score_rows

    spec = Methodology.objects.get(is_current=True).spec
    codes = [i["code"] for d in spec["dimensions"] for i in d["indicators"]]
    return compute_scores(fetch_score_rows(codes), spec)


def baseline() -> int:
    """A straightforward per-county ORM loop: queries per county and period, one INSERT each."""
    from counties import scoring
    from counties.models import County, Methodology, Observation, Score, ScoreRun

    methodology = Methodology.objects.get(is_current=True)
    spec = methodology.spec
    codes = [i["code"] for d in spec["dimensions"] for i in d["indicators"]]
    run = ScoreRun.objects.create(status="running", methodology=methodology)
    counties = list(County.objects.select_related("province"))
    written = 0
    for year in YEARS:
        period = str(year)
        data: dict[str, list[float]] = {code: [] for code in codes}
        populations: list[float] = []
        balances: list[float | None] = []
        for county in counties:
            values = {
                o.indicator.code: o.value
                for o in Observation.objects.filter(
                    county=county, area__isnull=True, period=period
                ).select_related("indicator")
            }
            months = [
                o.value
                for o in Observation.objects.filter(
                    county=county, indicator__code=MONTHLY_CODE, period__startswith=f"{period}-"
                )
            ]
            if MONTHLY_CODE not in values and months:
                values[MONTHLY_CODE] = sum(months) / len(months)
            for code in codes:
                data[code].append(values.get(code, math.nan))
            populations.append(values.get("population", math.nan))
            area_values: dict[int, dict[str, float]] = {}
            weights: dict[int, float] = {}
            for o in Observation.objects.filter(
                county=county, area__isnull=False, period=period
            ).select_related("indicator", "area"):
                area_values.setdefault(o.area_id, {})[o.indicator.code] = o.value
                weights[o.area_id] = o.area.population or 0
            balance = None
            if len(area_values) >= 2:
                area_data = {
                    code: [v.get(code, math.nan) for v in area_values.values()] for code in codes
                }
                area_scores = scoring.composite(area_data, spec).score
                balance = scoring.theil_t(area_scores, weights=list(weights.values()))
            balances.append(balance)
        result = scoring.composite(data, spec)
        ranks = scoring.rank(result.score)
        tiers = scoring.quantile_tiers(result.score)
        for k, county in enumerate(counties):
            if math.isnan(result.score[k]):
                continue
            provincial = 1 + sum(
                1
                for j, other in enumerate(counties)
                if other.province_id == county.province_id and result.score[j] > result.score[k]
            )
            Score.objects.create(
                run=run,
                county=county,
                period=period,
                composite=round(100 * float(result.score[k]), 2),
                dimensions={c: round(100 * float(v[k]), 2) for c, v in result.dimensions.items()},
                coverage=round(float(result.coverage[k]), 3),
                national_rank=int(ranks[k]),
                provincial_rank=provincial,
                tier=int(tiers[k]),
                balance=None if balances[k] is None else round(balances[k], 5),
            )
            written += 1
    run.delete()
    return written


# --- import -----------------------------------------------------------------------------------


def import_file(rows: int = IMPORT_ROWS) -> bytes:
    """A long CSV of `rows` area values for periods the dataset does not have yet."""
    from counties.models import Area

    areas = list(Area.objects.select_related("county").order_by("pk"))
    codes = _codes()
    per_area = math.ceil(rows / len(areas))
    rng = np.random.default_rng(1379)
    out = io.StringIO()
    out.write("indicator,county,area,period,value\n")
    written = 0
    combos = [(code, year) for year in IMPORT_YEARS for code in codes][:per_area]
    values = np.round(rng.uniform(0, 100, (len(areas), len(combos))), 2)
    for a, area in enumerate(areas):
        for k, (code, year) in enumerate(combos):
            if written == rows:
                break
            out.write(f"{code},{area.county.code},{area.code},{year},{values[a, k]}\n")
            written += 1
    return out.getvalue().encode()


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from counties.imports import import_observations

    print("Generating the national-scale dataset ...", flush=True)
    seconds, sizes = _timed(generate)
    print(f"  {sizes} in {seconds:.1f} s")

    rebuild_s, last_run = _timed(rebuild, args.repeat)
    floor_s, computed = _timed(floor, args.repeat)
    print(f"  scores per run: {last_run.score_count} ({len(last_run.periods)} periods)")
    print(f"  rebuild timings of the last run: {last_run.timings}")
    results: list[tuple[str, float, str]] = [
        (f"full rebuild (best of {args.repeat})", rebuild_s, ""),
        (f"floor: read + numpy (best of {args.repeat})", floor_s, ""),
    ]
    ratios = [f"rebuild / floor = {rebuild_s / floor_s:.2f} (target <= 2)"]
    if not args.skip_baseline:
        print("Running the per-county ORM baseline (slow) ...", flush=True)
        baseline_s, written = _timed(baseline)
        assert written == len(computed.scores), (written, len(computed.scores))
        results.append(("baseline: per-county ORM loop", baseline_s, f"{written} scores"))
        ratios.append(f"baseline / rebuild = {baseline_s / rebuild_s:.1f} (target >= 10)")
    if not args.skip_import:
        data = import_file()
        print(f"Importing {IMPORT_ROWS:,} rows ({len(data) / 1e6:.1f} MB) ...", flush=True)
        import_s, plan = _timed(lambda: import_observations(data, "bench.csv"))
        assert plan.ok and len(plan.creates) == IMPORT_ROWS, plan.issues[:3]
        results.append((f"import {IMPORT_ROWS:,} rows (creates)", import_s, "target < 60 s"))
        again_s, again = _timed(lambda: import_observations(data, "bench.csv"))
        assert again.unchanged == IMPORT_ROWS
        results.append((f"re-import {IMPORT_ROWS:,} rows (unchanged)", again_s, ""))

    print()
    print(f"  database: {connection.vendor}")
    for label, value, note in results:
        print(f"  {label:<42} {value:8.2f} s  {note}")
    for line in ratios:
        print(f"  {line}")
