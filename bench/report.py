"""What one `python -m bench` run found, across sizes: each target as met or not, and how long
each phase took, printed together at the end of the run (targets are printed, never asserted)."""

from __future__ import annotations

from dataclasses import dataclass

from bench import sizes


@dataclass(frozen=True)
class Check:
    """One target compared with its measurement at one size."""

    size: str
    target: str
    measured: str
    met: bool


@dataclass(frozen=True)
class Phase:
    """The wall time of one step of the run at one size."""

    size: str
    name: str
    seconds: float


CHECKS: list[Check] = []
PHASES: list[Phase] = []


def check(target: str, measured: str, met: bool) -> None:
    CHECKS.append(Check(sizes.active().name, target, measured, met))


def phase(name: str, seconds: float) -> None:
    PHASES.append(Phase(sizes.active().name, name, seconds))


def summary_lines(checks: list[Check], phases: list[Phase]) -> list[str]:
    """The summary as printed: phases, then each target with `met` / `NOT MET`."""
    lines = []
    if phases:
        lines.append("Phases (wall time):")
        lines += [f"  [{p.size}] {p.name:<44} {p.seconds:8.1f} s" for p in phases]
    if checks:
        lines.append("Targets:")
        lines += [
            f"  [{c.size}] {c.target:<58} {c.measured:<34} {'met' if c.met else 'NOT MET'}"
            for c in checks
        ]
        missed = sum(not c.met for c in checks)
        lines.append(f"  {len(checks) - missed} of {len(checks)} targets met")
    return lines


def print_summary() -> None:
    lines = summary_lines(CHECKS, PHASES)
    if lines:
        print("\n== summary ==")
        print("\n".join(lines))
