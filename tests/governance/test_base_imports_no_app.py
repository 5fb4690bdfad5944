"""The base knows no app: governance/ is imported by the apps, never the other way round
(type-only imports included); the demo app, which imports them all, is imported by nobody."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def _imports_of(package: str, names: list[str]) -> list[str]:
    pattern = re.compile(rf"^\s*(?:from|import)\s+(?:{'|'.join(names)})\b")
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.match(line)
    ]


def test_governance_imports_no_app():
    assert "counties" in APPS and "demo" in APPS
    assert _imports_of("governance", [a for a in APPS if a != "governance"]) == []


def test_no_app_imports_the_demo_app():
    for app in APPS:
        if app != "demo":
            assert _imports_of(app, ["demo"]) == [], app
