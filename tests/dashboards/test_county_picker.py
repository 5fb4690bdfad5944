"""County pickers: native selects that static/js/county-picker.js turns into searchable Tom
Select pickers (vendored, no inline script), searchable by Persian or English name; the compare
page's small charts follow the table's column order, right to left under Persian."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from dashboards import charts
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "tom-select-2.6.2"


def _select(html: str, select_id: str) -> str:
    found = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S)
    assert found, select_id
    return found.group(0)


def _no_inline_script(html: str) -> None:
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)


def test_tom_select_is_vendored_with_its_licence_and_no_source_map_links():
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    for asset in ("js/tom-select.complete.min.js", "css/tom-select.bootstrap5.min.css"):
        text = (VENDOR / asset).read_text()
        assert "sourceMappingURL" not in text and len(text) > 10_000


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_compare_picker_searches_both_names_and_keeps_the_chosen_counties(world, language):
    html = (
        client_for(world.analyst, language).get("/dashboards/compare/?c=CA&c=CB").content.decode()
    )
    picker = _select(html, "f-counties")
    assert "data-county-picker" in picker and 'data-max="6"' in picker and "multiple" in picker
    option = re.search(r'<option value="CA"[^>]*>', picker).group(0)
    assert "County A" in option and world.county_a.name_fa in option and "selected" in option
    assert re.search(r'<option value="CB"[^>]*selected', picker)
    assert "vendor/tom-select-2.6.2/js/tom-select.complete.min.js" in html
    assert "js/county-picker.js" in html
    _no_inline_script(html)


def test_the_projects_filter_and_the_report_form_use_the_picker(world):
    client = client_for(world.officer_a)
    assert "data-county-picker" in _select(client.get("/projects/").content.decode(), "county")
    picker = _select(client.get("/reports/").content.decode(), "report-county")
    assert "data-county-picker" in picker and "County A2" in picker


def test_the_experience_form_picks_the_county_by_either_name(world):
    html = client_for(world.officer_a).get("/participation/experiences/new/").content.decode()
    picker = _select(html, "id_county")
    assert "data-county-picker" in picker
    search = re.search(rf'<option value="{world.county_a2.pk}"[^>]*data-search="([^"]*)"', picker)
    assert search and "County A2" in search.group(1) and world.county_a2.name_fa in search.group(1)


def _first_panel_is_on_the_right(language: str) -> bool:
    with translation.override(language):
        figure = json.loads(
            json.dumps(
                charts.small_multiples(
                    ["1401", "1402"], [("First", [50.0, 60.0]), ("Second", [40.0, 45.0])], "Score"
                )
            )
        )
    layout, traces = figure["layout"], figure["data"]
    first, second = (t for t in traces)

    def left_edge(trace: dict) -> float:
        axis = trace.get("xaxis", "x").replace("x", "xaxis")
        return layout[axis]["domain"][0]

    titles = {a["text"]: a["x"] for a in layout["annotations"] if a["text"] in ("First", "Second")}
    assert (titles["First"] > titles["Second"]) == (left_edge(first) > left_edge(second))
    return left_edge(first) > left_edge(second)


def test_small_charts_run_right_to_left_under_persian_like_the_table():
    assert _first_panel_is_on_the_right("fa")
    assert not _first_panel_is_on_the_right("en")
