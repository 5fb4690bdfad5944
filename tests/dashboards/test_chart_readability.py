"""Charts a person can read: ticks at round values, labels of at least 11 px, counties without
data drawn and named in the legend, a province shown among the others, a scatter plot without
one colour per province, quarters written as «فصل ۳ ۱۴۰۵»."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from dashboards import charts as dashboard_charts
from participation import charts as participation_charts
from tests.conftest import client_for
from tests.personas import SQUARE


def _is_round(values: list[float]) -> bool:
    """Ticks 1, 2 or 5 times a power of ten apart, each a whole multiple of that step."""
    if len(values) < 2:
        return False
    step = values[1] - values[0]
    magnitude = 10 ** math.floor(math.log10(step))
    if not any(math.isclose(step, m * magnitude) for m in (1, 2, 5)):
        return False
    return all(math.isclose(v / step, round(v / step), abs_tol=1e-9) for v in values)


def _critique_chart(language: str) -> dict[str, Any]:
    with translation.override(language):
        return participation_charts.critique_response_over_time(
            ["1405-Q1", "1405-Q2", "1405-Q3"],
            [None, 75.0, 40.0],
            [None, 17.0, 18.27],
            {"rate": "rate", "days": "days", "days_axis": "days"},
            rtl=language == "fa",
        )


@pytest.mark.parametrize("language", ["fa", "en"])
def test_both_axes_of_the_critique_chart_tick_at_round_values(language):
    layout = _critique_chart(language)["layout"]
    for axis in ("yaxis", "yaxis2"):
        assert _is_round(layout[axis]["tickvals"]), (axis, layout[axis].get("tickvals"))


def test_quarters_on_charts_read_season_then_year_in_persian_and_do_not_wrap():
    figure = _critique_chart("fa")
    quarters = ["فصل\u00a0۱\u2007۱۴۰۵", "فصل\u00a0۲\u2007۱۴۰۵", "فصل\u00a0۳\u2007۱۴۰۵"]
    assert figure["data"][0]["x"] == quarters
    with translation.override("fa"):
        jobs = participation_charts.jobs_over_time(
            ["1404-Q4", "1405-Q1"], [3, 7], 20, {"realized": "r", "expected": "e", "axis": "a"}
        )
    assert jobs["data"][0]["x"] == ["فصل\u00a0۴\u2007۱۴۰۴", "فصل\u00a0۱\u2007۱۴۰۵"]
    assert _is_round(jobs["layout"]["yaxis"]["tickvals"])


def test_the_investment_funnel_never_shrinks_its_labels_below_11_px():
    figure = participation_charts.pipeline_funnel(
        ["Identified", "Meeting", "Permits", "Operating"], [40, 12, 3, 1], "Funnel"
    )
    funnel = figure["data"][0]
    assert funnel["textfont"]["size"] >= 11
    assert figure["layout"]["uniformtext"] == {"minsize": 11, "mode": "show"}
    # The stage names are axis labels beside the bars, not text squeezed into the narrow ones.
    assert figure["layout"]["yaxis"]["showticklabels"] is True
    assert figure["layout"]["yaxis"]["tickfont"]["size"] >= 11


def _shape(code: str, name: str) -> SimpleNamespace:
    return SimpleNamespace(code=code, name=name, geometry=SQUARE)


@pytest.mark.django_db  # the map names its boundaries by a URL carrying their version
@pytest.mark.parametrize("language, no_data", [("en", "no data"), ("fa", "بدون داده")])
def test_places_without_data_are_grey_and_named_in_the_legend(language, no_data):
    with translation.override(language):
        figure = dashboard_charts.choropleth(
            [_shape("A", "A"), _shape("B", "B"), _shape("C", "C")], [50.0, None, 70.0], "Score"
        )
    missing = [t for t in figure["data"] if t.get("showlegend")]
    assert len(missing) == 1 and missing[0]["name"] == no_data
    assert missing[0]["locations"] == ["B"]
    scale = next(t for t in figure["data"] if t.get("colorbar"))
    # A vertical title beside the bar: a long title at the top is cut off by the map's edge.
    assert scale["colorbar"]["title"]["side"] == "right"
    assert _is_round(scale["colorbar"]["tickvals"])


def test_the_national_scatter_plot_does_not_give_each_province_its_own_colour():
    points = [
        {"x": i, "y": i * 2.5, "county_name": f"C{i}", "province": f"P{i % 31}"} for i in range(62)
    ]
    figure = dashboard_charts.scatter(points, "x", "y", {})
    colours = {t["marker"]["color"] for t in figure["data"]}
    assert len(colours) == 1
    assert sum(len(t["x"]) for t in figure["data"]) == 62
    layout = figure["layout"]
    assert _is_round(layout["xaxis"]["tickvals"]) and _is_round(layout["yaxis"]["tickvals"])


def test_the_province_dashboard_draws_its_province_among_the_others(scored):
    response = client_for(scored.ministry, "fa").get("/dashboards/province/PA/")
    panel = next(p for p in response.context["panels"] if p.key == "province-map")
    drawn = [code for trace in panel.figure["data"] for code in trace["locations"]]
    assert sorted(drawn) == ["PA", "PB"]
    scale = next(t for t in panel.figure["data"] if t.get("colorbar"))
    widths = dict(zip(scale["locations"], scale["marker"]["line"]["width"], strict=True))
    assert widths["PA"] > widths["PB"]
    assert sorted(r["province_code"] for r in panel.rows) == ["PA", "PB"]


@pytest.mark.parametrize(
    "key, fa, en",
    [
        ("1405-Q3", "فصل\u00a0۳\u2007۱۴۰۵", "1405-Q3"),
        ("1405-07", "مهر\u00a0۱۴۰۵", "1405-07"),
        ("1405", "۱۴۰۵", "1405"),
    ],
)
def test_one_period_label_for_pages_and_charts(key, fa, en):
    from governance.periods import period_label

    assert period_label(key, "fa") == fa
    assert period_label(key, "en", gregorian=False) == en
