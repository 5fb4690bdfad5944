"""Dependencies point one way: scores reads counties; counties never imports scores (it signals),
and scores never imports the dashboards that read it (they connect to its signal)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_apps(app: str) -> set[tuple[str, str]]:
    """(file, top-level package) of every import in the app's Python files, migrations aside."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add((str(path.relative_to(ROOT)), node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    found.add((str(path.relative_to(ROOT)), alias.name.split(".")[0]))
    return found


@pytest.mark.parametrize(
    ("app", "forbidden"), [("counties", "scores"), ("scores", "dashboards"), ("scores", "reports")]
)
def test_an_app_does_not_import_the_apps_that_read_it(app, forbidden):
    offending = sorted(path for path, package in _imported_apps(app) if package == forbidden)
    assert offending == []
