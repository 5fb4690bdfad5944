"""The county and project figures speak the page's language: Persian digits, '٪' and Jalali
dates under fa (ticks, bar labels, hover texts, annotations), Latin digits and '%' under en."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from counties import charts
from projects import charts as project_charts
from projects.charts import RLM, chart_labels
from projects.progress import Status
from tests.chart_text import latin_text

TODAY = datetime.date(2026, 11, 24)  # 3 Azar 1405


def _milestone(offset: int, done: bool) -> SimpleNamespace:
    day = TODAY + datetime.timedelta(days=offset)
    return SimpleNamespace(title="Step", planned_date=day, done_date=day if done else None)


def _project(title: str, start: int, end: int, status: str, progress: float) -> SimpleNamespace:
    milestones = [_milestone(start + 30, True), _milestone(end - 30, False)]
    return SimpleNamespace(
        title=title,
        period_start=TODAY + datetime.timedelta(days=start),
        period_end=TODAY + datetime.timedelta(days=end),
        st=SimpleNamespace(status=status, progress=progress),
        milestones=SimpleNamespace(all=lambda: milestones),
    )


PROJECTS = [
    _project("Waste hub", -200, 300, Status.AT_RISK, 38.4),
    _project("Jobs in villages", -90, 120, Status.ON_TRACK, 100),
]


def _gantt(language: str) -> dict[str, Any]:
    with translation.override(language):
        return project_charts.gantt(
            PROJECTS,  # type: ignore[arg-type]
            today=TODAY,
            first=datetime.date(2026, 3, 21),
            last=datetime.date(2027, 3, 20),
            labels=chart_labels(),
            language=language,
        )


def _bullets(language: str) -> dict[str, Any]:
    rows = [
        SimpleNamespace(progress=150.0, on_track=True, indicator=SimpleNamespace(name="Landfill")),
        SimpleNamespace(progress=-9.2, on_track=False, indicator=SimpleNamespace(name="Sorting")),
        SimpleNamespace(progress=None, on_track=None, indicator=SimpleNamespace(name="Jobs")),
    ]
    with translation.override(language):
        return project_charts.target_bullets(rows, labels=chart_labels())


def test_the_gantt_draws_every_number_and_date_in_persian_under_fa():
    figure = _gantt("fa")
    assert latin_text(figure) == []
    bars = figure["data"][1]
    assert bars["text"] == ["۳۸٪", "۱۰۰٪"]
    assert [key.split(" ", 1)[0] for key in bars["y"]] == ["۱.", "۲."]
    assert "مهر ۱۴۰۵" in figure["layout"]["xaxis"]["ticktext"]
    # The hover gives the project's period in Jalali dates, each line kept right to left.
    assert "۱۸ اردیبهشت ۱۴۰۵" in str(figure["data"][0]["customdata"])
    assert f"<br>{RLM}%{{customdata[2]}}{RLM}<extra>" in figure["data"][0]["hovertemplate"]


def test_the_gantt_keeps_latin_digits_and_percent_under_en():
    figure = _gantt("en")
    bars = figure["data"][1]
    assert bars["text"] == ["38%", "100%"]
    assert bars["y"][0].startswith("1. Waste hub")
    assert "08 May 2026" in str(figure["data"][0]["customdata"])


def test_plan_target_bullets_write_their_percent_and_ticks_in_persian_under_fa():
    figure = _bullets("fa")
    assert latin_text(figure) == []
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert "۱۵۰٪" in texts and "-۹٪" in texts and "—" in texts
    assert figure["data"][0]["gauge"]["axis"]["ticktext"][:3] == ["۰", "۵۰", "۱۰۰"]


def test_plan_target_bullets_keep_latin_digits_under_en():
    texts = [a["text"] for a in _bullets("en")["layout"]["annotations"]]
    assert "150%" in texts and "-9%" in texts


def _county(code: str, name: str) -> SimpleNamespace:
    square = {"type": "Polygon", "coordinates": [[[50, 32], [51, 32], [51, 33], [50, 32]]]}
    return SimpleNamespace(code=code, name=name, geometry=square, pk=code)


@pytest.mark.django_db  # the map names its boundaries by a URL carrying their version
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_indicator_map_writes_its_values_and_colour_bar_in_the_language(language):
    counties = [_county("A", "Arak"), _county("B", "Saveh"), _county("C", "Khomam")]
    with translation.override(language):
        figure = charts.indicator_choropleth(
            counties,
            [1234.5, 12.25, None],
            "Unemployment rate",
            reverse=True,
        )
    values = figure["data"][1]
    if language == "fa":
        assert latin_text(figure) == []
        assert values["customdata"] == ["۱٬۲۳۴٫۵", "۱۲٫۲"]
    else:
        assert values["customdata"] == ["1,234.5", "12.2"]
    assert "%{customdata}" in values["hovertemplate"]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_inequality_trend_writes_its_periods_and_values_in_the_language(language):
    rows = [
        SimpleNamespace(period="1402", between=0.0123, within=0.034),
        SimpleNamespace(period="1403", between=0.0101, within=0.031),
    ]
    with translation.override(language):
        figure = charts.decomposition_trend(rows)
    if language == "fa":
        assert latin_text(figure) == []
        assert figure["data"][0]["x"] == ["۱۴۰۲", "۱۴۰۳"]
        assert figure["data"][0]["customdata"][0] == "۰٫۰۱۲۳"
    else:
        assert figure["data"][0]["customdata"][0] == "0.0123"
