"""The vendored partial plotly.js bundle (scripts/plotly-bundle) matches the figures Tavazon
builds: the same plotly.js version as the plotly package, and every trace type they use."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.offline
from django.conf import settings

BASE = Path(settings.BASE_DIR)
BUNDLE = BASE / "static" / "vendor" / "plotly" / "plotly.min.js"
APPS = ("counties", "dashboards", "participation", "projects", "reports", "scores", "submissions")
NOT_TRACES = {"Figure", "Layout"}


def _bundle() -> str:
    return BUNDLE.read_text(encoding="utf-8")


def test_the_bundle_is_the_plotly_packages_version():
    version = plotly.offline.get_plotlyjs_version()
    assert _bundle().startswith(f"/*! plotly.js v{version} ")
    assert f'version="{version}"' in _bundle()


def test_the_bundle_has_every_trace_type_the_figures_use():
    used = set()
    for app in APPS:
        for path in (BASE / app).rglob("*.py"):
            used |= {name.lower() for name in re.findall(r"\bgo\.([A-Z]\w+)\(", path.read_text())}
    used -= {name.lower() for name in NOT_TRACES}
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', _bundle()))
    assert used, "no figure found: the scan is broken"
    assert used <= registered, sorted(used - registered)


def test_the_bundle_is_much_smaller_than_the_full_one():
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert BUNDLE.stat().st_size < full.stat().st_size / 2
