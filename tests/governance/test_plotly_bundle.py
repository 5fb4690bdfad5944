"""The vendored partial plotly.js bundles (scripts/plotly-bundle) match the figures Tavazon
builds: the same plotly.js version as the plotly package, every trace type they use in the full
bundle, every trace type but the maps in the basic one, and pages are given both."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.offline
import pytest
from django.conf import settings
from django.template.loader import render_to_string

from governance.templatetags.charts import GEO_TRACES, needs_geo

BASE = Path(settings.BASE_DIR)
VENDOR = BASE / "static" / "vendor" / "plotly"
BUNDLE = VENDOR / "plotly.min.js"  # every trace type: what kaleido draws the PDFs' charts with
BASIC = VENDOR / "plotly-basic.min.js"  # no maps: for pages whose charts are no map
APPS = ("counties", "dashboards", "participation", "projects", "reports", "scores", "submissions")
NOT_TRACES = {"Figure", "Layout"}


def _read(bundle: Path) -> str:
    return bundle.read_text(encoding="utf-8")


def _registered(bundle: Path) -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', _read(bundle)))


def _used() -> set[str]:
    used = set()
    for app in APPS:
        for path in (BASE / app).rglob("*.py"):
            used |= {name.lower() for name in re.findall(r"\bgo\.([A-Z]\w+)\(", path.read_text())}
    used -= {name.lower() for name in NOT_TRACES}
    assert used, "no figure found: the scan is broken"
    return used


@pytest.mark.parametrize("bundle", [BUNDLE, BASIC], ids=["full", "basic"])
def test_the_bundle_is_the_plotly_packages_version(bundle):
    version = plotly.offline.get_plotlyjs_version()
    assert _read(bundle).startswith(f"/*! plotly.js v{version} ")
    assert f'version="{version}"' in _read(bundle)


def test_the_bundle_has_every_trace_type_the_figures_use():
    used, registered = _used(), _registered(BUNDLE)
    assert used <= registered, sorted(used - registered)


def test_the_basic_bundle_has_every_trace_type_but_the_maps():
    used, registered = _used(), _registered(BASIC)
    assert used - GEO_TRACES <= registered, sorted(used - GEO_TRACES - registered)
    assert not registered & GEO_TRACES
    assert "choropleth" in _registered(BUNDLE)


def test_the_bundles_are_much_smaller_than_the_full_one():
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert BUNDLE.stat().st_size < full.stat().st_size / 3
    # The maps (d3-geo, topojson, the choropleth trace) are a sixth of the bundle.
    assert BASIC.stat().st_size < BUNDLE.stat().st_size * 0.85
    # maplibre-gl's stylesheet, for trace types no figure draws, is left out of both.
    assert "maplibregl" not in _read(BUNDLE) and "maplibregl" not in _read(BASIC)


def test_pages_get_plotly_from_charts_js_which_knows_both_bundles_and_the_topology():
    html = render_to_string("governance/_plotly.html")
    assert html.count("<script") == 1 and "js/charts.js" in html
    for name in ("plotly.min.js", "plotly-basic.min.js", "world_110m.json"):
        assert name in html, name
    script = (BASE / "static" / "js" / "charts.js").read_text()
    assert "plotlyBasic" in script and "plotlyFull" in script and "PlotlyGeoAssets" in script


def test_a_chart_is_marked_as_a_map_when_it_needs_the_full_bundle():
    assert needs_geo({"data": [{"type": "choropleth"}], "layout": {}})
    assert needs_geo({"data": [], "layout": {"geo": {"visible": False}}})
    assert not needs_geo({"data": [{"type": "bar"}, {"x": [1]}], "layout": {"height": 3}})
