"""Inequality and convergence panels: the engine's figures on the stored scores, the same figures
in the CSV and XLSX, who sees them, and the undefined cases."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.utils import translation
from openpyxl import load_workbook

from dashboards.inequality import inequality_panels
from scores import scoring
from scores import services as scores
from scores.models import Score, ScoreDecomposition, ScoreRun
from tests.chart_text import latin_text
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.observations import mix, observe, observe_profile, scoring_world

pytestmark = pytest.mark.django_db

PERIODS = ("1399", "1400", "1401", "1402")
# Quality (0 poor .. 1 good) of each county per period: A2 starts lowest and catches up.
QUALITY = {
    "county_a": (0.8, 0.82, 0.83, 0.85),
    "county_a2": (0.2, 0.35, 0.5, 0.6),
    "county_b": (0.5, 0.55, 0.6, 0.62),
}
POPULATION = {"county_a": 500_000, "county_a2": 100_000, "county_b": 250_000}


@pytest.fixture
def converging(world):
    scoring_world(world, periods=())
    for name, qualities in QUALITY.items():
        county = getattr(world, name)
        for period, quality in zip(PERIODS, qualities, strict=True):
            observe_profile(county, period, mix(quality))
            observe(county, "population", period, POPULATION[name] + 1000 * int(period[-1]))
    scores.rebuild_scores_now(publish=True)
    return world


def _stored(run: ScoreRun, period: str, world) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids = {getattr(world, n).pk: n for n in QUALITY}
    rows = Score.objects.filter(run=run, period=period).order_by("county_id")
    y = np.array([float(s.composite) for s in rows])
    w = np.array([POPULATION[ids[s.county_id]] + 1000 * int(period[-1]) for s in rows])
    groups = np.array([s.county.province_id for s in rows])
    return y, w, groups


def _panels(response) -> dict:
    return {p.key: p for p in response.context["panels"]}


def _fresh(client, url: str):
    """The page rendered afresh (its body is cached once rendered: governance.bodies), so that
    its context holds the panels."""
    from django.core.cache import cache

    cache.clear()
    return client.get(url)


def test_national_figures_are_the_engines_on_the_stored_scores(converging):
    run = ScoreRun.objects.latest_published()
    response = client_for(converging.analyst).get("/dashboards/")
    panels = _panels(response)
    table = panels["inequality"].rows
    assert [r["period"] for r in table] == list(PERIODS)
    for row in table:
        y, w, groups = _stored(run, row["period"], converging)
        assert row["counties"] == 3
        assert row["gini"] == pytest.approx(scoring.gini(y, w), abs=5e-5)
        assert row["theil_t"] == pytest.approx(scoring.theil_t(y, w), abs=5e-5)
        assert row["theil_l"] == pytest.approx(scoring.theil_l(y, w), abs=5e-5)
        assert row["williamson"] == pytest.approx(scoring.williamson(y, w), abs=5e-5)
        for eps, key in ((0.5, "atkinson_0_5"), (1.0, "atkinson_1_0"), (2.0, "atkinson_2_0")):
            assert row[key] == pytest.approx(scoring.atkinson(y, eps, w), abs=5e-5)
        parts = scoring.theil_decomposition(y, groups, w)
        assert row["between"] == pytest.approx(parts.between, abs=5e-5)
        assert row["within"] == pytest.approx(parts.within, abs=5e-5)
        # The same split the run stored when it was computed (from unrounded scores).
        stored = ScoreDecomposition.objects.get(run=run, period=row["period"])
        assert row["between"] == pytest.approx(float(stored.between), abs=2e-4)
        assert row["gini"] > 0

    sigma = panels["sigma-convergence"].rows
    for row in sigma:
        y, w, _g = _stored(run, row["period"], converging)
        assert row["cv"] == pytest.approx(scoring.williamson(y, w), abs=5e-5)
        assert row["log_sd"] == pytest.approx(scoring.log_sd(y, w), abs=5e-5)
    # The counties grow more alike: dispersion falls, β is negative with a half-life.
    assert sigma[-1]["log_sd"] < sigma[0]["log_sd"]
    (beta,) = panels["beta-convergence"].rows
    y0, _w, _g = _stored(run, "1399", converging)
    y1, _w, _g = _stored(run, "1402", converging)
    expected = scoring.beta_convergence(y0, y1, 3)
    assert (beta["period_from"], beta["period_to"], beta["years"]) == ("1399", "1402", 3)
    assert beta["counties"] == 3
    assert beta["beta"] == pytest.approx(expected.beta, abs=5e-5)
    assert beta["std_error"] == pytest.approx(expected.std_error, abs=5e-5)
    assert beta["ci_low"] == pytest.approx(expected.ci_low, abs=5e-5)
    assert beta["half_life"] == pytest.approx(expected.half_life, abs=0.05)
    assert beta["beta"] < 0 and beta["half_life"] > 0

    html = response.content.decode()
    for key in ("inequality", "sigma-convergence", "beta-convergence"):
        assert f'id="chart-{key}"' in html and f'id="table-{key}"' in html
        assert f"download={key}&amp;format=xlsx" in html


def test_the_province_view_has_its_own_counties_and_no_split_between_provinces(converging):
    panels = _panels(client_for(converging.officer_a).get("/dashboards/province/PA/"))
    rows = panels["inequality"].rows
    assert all(r["counties"] == 2 for r in rows)
    assert "between" not in rows[0]
    assert "between" not in {c.key for c in panels["inequality"].columns}
    assert panels["beta-convergence"].rows[0]["counties"] == 2


def test_csv_and_xlsx_hold_the_figures_of_the_pages_table(converging):
    client = client_for(converging.ministry)
    panel = _panels(_fresh(client, "/dashboards/"))["inequality"]
    rows = csv_rows(client.get("/dashboards/?download=inequality"))
    headers = [c.header for c in panel.columns]
    assert list(rows[0]) == headers
    for row, shown in zip(rows, panel.rows, strict=True):
        for col in panel.columns:
            value = shown[col.key]
            if col.kind == "number":
                assert float(row[col.header]) == pytest.approx(value, abs=1e-12), col.key
            else:
                assert row[col.header] == str(value)
    response = client.get("/dashboards/?download=beta-convergence&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    beta_panel = _panels(_fresh(client, "/dashboards/"))["beta-convergence"]
    header_row = next(i for i, r in enumerate(values) if r[0] == beta_panel.columns[0].header)
    data = dict(zip(values[header_row], values[header_row + 1], strict=False))
    assert data["β (coefficient)"] == pytest.approx(beta_panel.rows[0]["beta"], abs=1e-12)


def test_anonymous_is_sent_to_log_in_and_every_persona_sees_the_panels(converging):
    response = client_for(None).get("/dashboards/?download=inequality")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (converging.governor_b, converging.officer_a, converging.analyst):
        keys = set(_panels(_fresh(client_for(user), "/dashboards/")))
        assert {"inequality", "sigma-convergence", "beta-convergence"} <= keys


def test_panels_are_cached_per_language_and_one_period_has_no_beta(scored_one_period):
    run = ScoreRun.objects.latest_published()
    with translation.override("fa"):
        fa = inequality_panels(run)
    with translation.override("en"):
        en = inequality_panels(run)
    assert (fa[0].columns[0].header, en[0].columns[0].header) == ("دوره", "Period")
    beta = en[2]
    assert beta.rows == [] and beta.figure is None
    assert "two complete periods" in beta.note
    assert en[0].figure is None and len(en[0].rows) == 1


@pytest.fixture
def scored_one_period(world):
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    return world


def test_the_figures_write_every_number_in_persian_under_fa(converging):
    run = ScoreRun.objects.latest_published()
    # The factories' Persian names carry Latin digits ("شهرستان 3"); these do not.
    for place, name in ((converging.county_a, "الف"), (converging.county_a2, "ب")):
        place.name_fa = name
        place.save(update_fields=["name_fa"])
    converging.county_b.name_fa = "ج"
    converging.county_b.save(update_fields=["name_fa"])
    for province in (converging.province_a, converging.province_b):
        province.name_fa = "استان"
        province.save(update_fields=["name_fa"])
    with translation.override("fa"):
        panels = inequality_panels(run)
    for panel in panels:
        assert panel.figure is not None, panel.key
        assert latin_text(panel.figure) == [], panel.key
