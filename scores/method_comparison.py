"""Two methodologies side by side: the counties' ranks in one period under each, who moves, and
how much the two orders agree (Spearman's rho, Kendall's tau-b; docs/methodology.md §10).

The published run's own methodology (at the version it used) is read from the run's scores;
any other methodology is computed on request by the rebuild's own steps (services
`fetch_score_rows` and `compute_scores`) and cached under the run and that methodology's
version, so a page view recomputes nothing until a new run is published or the methodology
changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from scipy.stats import kendalltau, spearmanr

from counties.models import County
from governance.caching import cached, versioned_key
from governance.exports.table import Column, ExportTable
from governance.persian import format_number
from scores import services
from scores.models import Methodology, Score, ScoreRun
from scores.run_review import TOP_MOVES, RankMove, ranks_in_both

# county id -> {"national_rank", "tier", "score"}; period -> that.
PeriodRanks = dict[int, dict[str, Any]]


@dataclass(frozen=True)
class MethodMove(RankMove):
    """A county's rank and score under methodology A (`old_*`) and B (`new_*`)."""

    old_score: float = 0.0
    new_score: float = 0.0


@dataclass
class MethodComparison:
    """The ranks of `period`'s counties under `a` and `b` (both ranked: `compared_count`)."""

    run: ScoreRun
    period: str
    a: Methodology
    b: Methodology
    moves: list[MethodMove] = field(default_factory=list)  # every county in both, largest first
    only_a: int = 0  # counties ranked under A only (B leaves them unranked), and the reverse
    only_b: int = 0
    spearman: float | None = None
    kendall: float | None = None

    @property
    def compared_count(self) -> int:
        return len(self.moves)

    @property
    def moved_count(self) -> int:
        return sum(1 for m in self.moves if m.change)

    @property
    def top_moves(self) -> list[MethodMove]:
        """The TOP_MOVES largest moves (counties that keep their rank are left out)."""
        return [m for m in self.moves if m.change][:TOP_MOVES]


def uses_run(run: ScoreRun, methodology: Methodology) -> bool:
    """Whether `run` was computed with `methodology` as it is now (same id and version)."""
    snapshot = run.methodology_snapshot or {}
    return snapshot.get("id") == methodology.pk and snapshot.get("version") == methodology.version


def methodology_ranks(run: ScoreRun, methodology: Methodology, period: str) -> PeriodRanks:
    """Each ranked county's national rank, tier and score (0-100) in `period` under
    `methodology`: the run's scores when the run used it, else computed (cached per run and
    methodology version) on the data the rebuild reads."""
    if uses_run(run, methodology):
        rows = Score.objects.filter(run=run, period=period).values_list(
            "county_id", "national_rank", "tier", "composite"
        )
        return {c: {"national_rank": r, "tier": t, "score": float(s)} for c, r, t, s in rows}
    key = versioned_key("method-ranks", run.pk, methodology.pk, methodology.version)
    return cached(key, lambda: compute_methodology_ranks(methodology)).get(period, {})


def compute_methodology_ranks(methodology: Methodology) -> dict[str, PeriodRanks]:
    """Every period's ranks, tiers and scores under `methodology` (as a rebuild computes them,
    completeness rules included), without storing anything."""
    spec = methodology.spec
    rows = services.fetch_score_rows(services.spec_codes(spec))
    computed = services.compute_scores(rows, spec, services.completeness_rules(methodology))
    out: dict[str, PeriodRanks] = {}
    for score in computed.scores:
        out.setdefault(score.period, {})[score.county_id] = {
            "national_rank": score.national_rank,
            "tier": score.tier,
            "score": score.composite,
        }
    return out


def compare_methodologies(
    run: ScoreRun, period: str, a: Methodology, b: Methodology
) -> MethodComparison:
    """Compare the ranks of `period` under `a` and `b` (see the module's docstring)."""
    ranks_a = methodology_ranks(run, a, period)
    ranks_b = methodology_ranks(run, b, period)
    comparison = MethodComparison(
        run=run,
        period=period,
        a=a,
        b=b,
        only_a=len(ranks_a.keys() - ranks_b.keys()),
        only_b=len(ranks_b.keys() - ranks_a.keys()),
    )
    pairs = ranks_in_both(ranks_a, ranks_b)
    if len(pairs) >= 2:
        rank_a = [p[1] for p in pairs]
        rank_b = [p[2] for p in pairs]
        comparison.spearman = _finite(spearmanr(rank_a, rank_b).statistic)
        comparison.kendall = _finite(kendalltau(rank_a, rank_b).statistic)
    counties = (
        County.objects.select_related("province")
        .defer("geometry", "province__geometry")
        .in_bulk([p[0] for p in pairs])
    )
    comparison.moves = [
        MethodMove(
            counties[p[0]],
            *p[1:],
            old_score=ranks_a[p[0]]["score"],
            new_score=ranks_b[p[0]]["score"],
        )
        for p in pairs
    ]
    return comparison


def _finite(value: Any) -> float | None:
    """A correlation, or None when it is undefined (every county tied under one method)."""
    number = float(value)
    return None if number != number else number


def comparison_table(comparison: MethodComparison) -> ExportTable:
    """Every county ranked under both methodologies, the largest move first (the page's table
    is its first rows), with the two rank correlations in the notes."""
    name_a, name_b = comparison.a.name, comparison.b.name
    return ExportTable(
        title=_("Ranks under two methodologies"),
        columns=[
            Column("county", _("County"), kind="county"),
            Column("old_rank", _("Rank (%(name)s)") % {"name": name_a}, "#,##0"),
            Column("new_rank", _("Rank (%(name)s)") % {"name": name_b}, "#,##0"),
            Column("change", _("Places gained"), "#,##0"),
            Column("old_score", _("Score (%(name)s)") % {"name": name_a}, "0.00"),
            Column("new_score", _("Score (%(name)s)") % {"name": name_b}, "0.00"),
        ],
        rows=iter(comparison.moves),
        notes=[
            _("Period: %(period)s.") % {"period": comparison.period},
            correlation_note(_("Spearman's rho"), comparison.spearman),
            correlation_note(_("Kendall's tau"), comparison.kendall),
        ],
    )


def correlation_note(label: str, value: float | None) -> str:
    """'label: value' with three decimals in the active language ('—' when undefined)."""
    text = "—" if value is None else format_number(value, 3, get_language())
    return f"{label}: {text}"
