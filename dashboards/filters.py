"""The filters of the national and provincial dashboard: what the controls offer (`choices`) and
what the query string asks for, checked against it (`read_filters`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from counties.models import Dimension, Indicator, Province
from scores.completeness import RunPeriods, run_periods
from scores.models import ScoreRun

TIERS = (1, 2, 3, 4, 5)


@dataclass
class Filters:
    """What the national (or provincial) dashboard shows; unknown values fall back to defaults."""

    period: str
    province: str
    tier: int | None
    period_from: str
    x: str
    y: str

    def key(self) -> str:
        return f"{self.period}:{self.province}:{self.tier}:{self.period_from}:{self.x}:{self.y}"


@dataclass
class Choices:
    """The values the filter controls offer."""

    periods: list[tuple[str, int]]  # (period, counties ranked), newest first
    provinces: list[Province]
    indicators: list[Indicator]
    default_period: str = ""  # the latest complete period (scores.completeness)
    statuses: RunPeriods = field(default_factory=lambda: RunPeriods(run_id=None))

    @property
    def complete(self) -> list[str]:
        return self.statuses.complete


def run_dimensions(run: ScoreRun) -> list[tuple[str, str]]:
    """(code, name) of the run's dimensions in spec order (one query)."""
    spec = (run.methodology_snapshot or {}).get("spec") or {}
    codes = [d["code"] for d in spec.get("dimensions", [])]
    names = {d.code: d.name for d in Dimension.objects.filter(code__in=codes)}
    return [(code, names.get(code, code)) for code in codes]


def choices(run: ScoreRun) -> Choices:
    """Periods scored by the run, provinces and indicators for the filter controls (3 queries)."""
    statuses = run_periods(run)
    counts = statuses.ranked_counts()
    return Choices(
        statuses=statuses,
        default_period=statuses.default,
        periods=[(p, counts[p]) for p in sorted(counts, reverse=True)],
        provinces=list(Province.objects.defer("geometry").order_by_name()),
        indicators=list(Indicator.objects.order_by("dimension__order", "code")),
    )


def read_filters(params: Any, options: Choices, province: str = "") -> Filters:
    """The filters asked for in the query string, each checked against what exists."""
    counts = dict(options.periods)
    period = params.get("period", "")
    if period not in counts:
        period = options.default_period
    if not province:
        province = params.get("province", "")
        if province not in {p.code for p in options.provinces}:
            province = ""
    tier_text = params.get("tier", "")
    tier = int(tier_text) if tier_text in {str(t) for t in TIERS} else None
    x, y = _axes(params, [i.code for i in options.indicators])
    return Filters(period, province, tier, _period_from(params, options, period), x, y)


def _period_from(params: Any, options: Choices, period: str) -> str:
    """The period movers compare with: a complete period before `period` (ranks of a
    provisional period are among a few counties), by default the latest such."""
    complete = set(options.complete)
    earlier = sorted(p for p in complete if p < period)
    period_from = params.get("from", "")
    if period_from not in complete or period_from >= period:
        period_from = earlier[-1] if earlier else ""
    return period_from


def _axes(params: Any, codes: list[str]) -> tuple[str, str]:
    """The scatter's indicators (x, y): known codes, by default the first two."""
    x = params.get("x", "") if params.get("x", "") in codes else (codes[0] if codes else "")
    default_y = next((c for c in codes if c != x), x)
    y = params.get("y", "") if params.get("y", "") in codes else default_y
    return x, y
