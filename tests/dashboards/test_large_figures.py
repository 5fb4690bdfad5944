"""At 5,000 counties the national dashboard's figures stay light (issue 14): the scatter plot and
the rank stability bands draw at most DRAWN_LIMIT counties and every outlier, say so on the chart
in the page's language, and keep every county in their table; the distribution carries counts."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from counties.models import Indicator, Observation
from counties.services import ensure_default_catalogue
from dashboards import overviews, sampling
from dashboards.filters import choices, read_filters
from governance.periods import parse_period
from scores.queries import period_rows
from tests.scale import PERIOD, scaled_country

COUNTIES = 5000
X, Y = "unemployment_rate", "population"
# Counties placed far from the rest on one axis: outliers the sample must keep.
FAR = {17: (90.0, None), 2024: (None, 9_000_000.0), 4999: (-40.0, None)}


@pytest.fixture
def large(db):
    country = scaled_country(COUNTIES)
    ensure_default_catalogue()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[X, Y])}
    parsed = parse_period(PERIOD)
    observations = []
    for i, county in enumerate(country.counties):
        far_x, far_y = FAR.get(i, (None, None))
        values = {
            X: far_x or 5 + (i * 7919) % 200 / 10,
            Y: far_y or 50_000 + (i * 104729) % 400_000,
        }
        observations += [
            Observation(
                indicator=indicators[code],
                county=county,
                period=parsed.key,
                period_kind=parsed.kind,
                period_start=parsed.gregorian_start(),
                value=value,
            )
            for code, value in values.items()
        ]
    Observation.objects.bulk_create(observations, batch_size=2000)
    return country


def _panels(country, language, monkeypatch):
    """The scatter and stability panels, with made-up rank bands: a band 20 ranks wide around
    each rank, except a few much wider ones (outliers) and one county ranked outside its band."""
    bands = {c.pk: (max(1, i - 10), float(i + 1), i + 11) for i, c in enumerate(country.counties)}
    for i in (100, 3000):
        bands[country.counties[i].pk] = (1, float(i + 1), COUNTIES)
    bands[country.counties[4000].pk] = (10.0, 20.0, 30.0)  # ranked 4,001st: outside its band
    monkeypatch.setattr(overviews, "rank_bands", lambda run, period: bands)
    options = choices(country.run)
    filters = read_filters({"x": X, "y": Y}, options)
    rows = list(period_rows(country.run, filters.period, ""))
    with translation.override(language):
        return overviews._scatter(rows, filters, options), overviews._stability(
            country.run, rows, filters.period
        )


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_scatter_draws_at_most_the_limit_and_keeps_every_outlier(large, language, monkeypatch):
    scatter, _stability = _panels(large, language, monkeypatch)
    assert len(scatter.rows) == COUNTIES  # the table and CSV: every county
    (trace,) = scatter.figure["data"]
    assert len(trace["x"]) <= sampling.DRAWN_LIMIT + len(FAR)
    assert len(trace["x"]) >= sampling.DRAWN_LIMIT - 1
    for i in FAR:
        with translation.override(language):
            name = large.counties[i].name
        assert any(text.startswith(f"{name} · ") for text in trace["customdata"]), name
    assert 90.0 in trace["x"] and -40.0 in trace["x"] and 9_000_000.0 in trace["y"]
    (caption,) = scatter.figure["layout"]["annotations"]
    if language == "en":
        assert caption["text"].startswith(f"{len(trace['x'])} of 5,000 counties drawn")
        assert "every outlier kept" in caption["text"]
        assert "every county" in scatter.note
    else:
        assert "از ۵٬۰۰۰ شهرستان" in caption["text"]
        assert not any(d in caption["text"] for d in "0123456789")
    # The points drawn come from every province, not the first few.
    provinces = {text.split(" · ")[1].split("<br>")[0] for text in trace["customdata"]}
    assert len(provinces) == 31


def test_the_scatter_figure_weighs_a_tenth_of_drawing_every_county(large, monkeypatch):
    scatter, _stability = _panels(large, "en", monkeypatch)
    monkeypatch.setattr(sampling, "DRAWN_LIMIT", COUNTIES)
    everything, _ = _panels(large, "en", monkeypatch)
    assert len(everything.figure["data"][0]["x"]) == COUNTIES and not everything.note
    assert "annotations" not in everything.figure["layout"]
    assert len(json.dumps(scatter.figure)) < len(json.dumps(everything.figure)) / 8


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_stability_bands_draw_a_spread_of_ranks_and_every_unusual_band(
    large, language, monkeypatch
):
    _scatter, stability = _panels(large, language, monkeypatch)
    assert len(stability.rows) == COUNTIES
    drawn = stability.figure["data"][1]["y"]  # the official ranks, in rank order
    assert len(drawn) <= sampling.DRAWN_LIMIT + 3
    assert drawn == sorted(drawn)
    assert {101, 3001, 4001} <= set(drawn)  # the two wide bands and the rank outside its band
    assert drawn[0] <= 11 and drawn[-1] >= COUNTIES - 10  # from the top to the bottom
    caption = stability.figure["layout"]["annotations"][0]["text"]
    assert ("of 5,000 counties drawn" in caption) if language == "en" else ("۵٬۰۰۰" in caption)


def test_the_distribution_carries_counts_not_every_score(large, monkeypatch):
    run = large.run
    options = choices(run)
    filters = read_filters({}, options)
    panel = next(
        p for p in overviews._overview(run, filters, options)["panels"] if p.key == "distribution"
    )
    (bars,) = panel.figure["data"]
    assert bars["type"] == "bar" and len(bars["y"]) == 20 and sum(bars["y"]) == COUNTIES
    assert bars["y"] == [row["counties"] for row in panel.rows]
