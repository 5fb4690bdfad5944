"""Dataset sizes of the benchmarks, and the database each size lives in.

`python -m bench --size national,large` runs the chosen benchmarks once per size. Every size has
its own database, so `--reuse-data` finds a size's dataset again without regenerating it:
national uses BENCH_DATABASE_URL itself; another size uses BENCH_DATABASE_URL_<SIZE> if set, else
BENCH_DATABASE_URL with `_<size>` appended to the database name (create it first on PostgreSQL).
The generator (`bench.scoring.generate`) reads the active size, national unless `activate` chose
another one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Size:
    """The shape of a synthetic country."""

    name: str
    provinces: int
    counties: int
    areas: int
    dimensions: int
    per_dimension: int
    first_year: int
    years: int
    area_indicators: int  # yearly indicators also measured for every area
    repeat: int  # default repetitions of rebuild and floor (best kept)

    @property
    def indicators(self) -> int:
        return self.dimensions * self.per_dimension

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))

    @property
    def import_years(self) -> list[int]:
        """Ten years before the dataset's first: periods an import fills with creates only."""
        return list(range(self.first_year - 10, self.first_year))

    @property
    def county_values(self) -> int:
        return self.indicators * self.counties * self.years

    @property
    def area_values(self) -> int:
        return self.area_indicators * self.areas * self.years

    @property
    def monthly_values(self) -> int:
        return self.counties * self.years * 12

    @property
    def population_values(self) -> int:
        return self.counties * self.years

    @property
    def observations(self) -> int:
        return self.county_values + self.area_values + self.monthly_values + self.population_values


PRESETS: dict[str, Size] = {
    # The national scale every earlier figure in docs/performance.md was measured at.
    "national": Size(
        name="national",
        provinces=31,
        counties=450,
        areas=2000,
        dimensions=6,
        per_dimension=5,
        first_year=1389,
        years=15,
        area_indicators=8,
        repeat=3,
    ),
    # Issue 14: 5,000 counties x 20,000 areas x 40 indicators x 20 periods.
    "large": Size(
        name="large",
        provinces=31,
        counties=5000,
        areas=20_000,
        dimensions=8,
        per_dimension=5,
        first_year=1384,
        years=20,
        area_indicators=8,
        repeat=1,
    ),
}
NATIONAL = PRESETS["national"]

_active = NATIONAL


def active() -> Size:
    """The size the generator builds and the benchmarks expect."""
    return _active


def parse(values: list[str] | None) -> list[Size]:
    """`--size` values (repeatable, comma-separated) as presets, in order, without repeats."""
    names: list[str] = []
    for value in values or ["national"]:
        for name in value.split(","):
            name = name.strip()
            if name not in PRESETS:
                raise ValueError(f"unknown size {name!r} (known: {', '.join(PRESETS)})")
            if name not in names:
                names.append(name)
    return [PRESETS[name] for name in names]


def database_url(size: Size, environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """The benchmark database of `size` (see the module docstring)."""
    default = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    base = environ.get("BENCH_DATABASE_URL", default)
    if size.name == "national":
        return base
    own = environ.get(f"BENCH_DATABASE_URL_{size.name.upper()}")
    if own:
        return own
    if base.startswith("sqlite:"):
        return base.removesuffix(".sqlite3") + f"_{size.name}.sqlite3"
    head, _, query = base.partition("?")
    return f"{head}_{size.name}" + (f"?{query}" if query else "")


def activate(size: Size) -> str:
    """Point this process (and the servers it starts) at `size`'s database, migrated. Returns its
    URL. Called before Django's first query for the first size, and between sizes."""
    global _active
    import environ as django_environ

    url = database_url(size)
    if url.startswith("sqlite:"):
        (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = url
    _active = size
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if settings.configured and "default" in settings.DATABASES:
        connections.close_all()
        # The connection handler keeps the same dict as settings.DATABASES: update it in place.
        parsed = django_environ.Env.db_url_config(url)
        where = ("NAME", "USER", "PASSWORD", "HOST", "PORT")
        connections["default"].settings_dict.update({k: parsed[k] for k in where if k in parsed})
    call_command("migrate", verbosity=0)
    return url
