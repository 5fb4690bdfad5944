"""The comparison page: a period's counties ranked under two methodologies, who moves, the rank
correlations, and its CSV/XLSX export."""

from __future__ import annotations

import io
from unittest import mock

import openpyxl
import pytest
from scipy.stats import kendalltau, spearmanr

from scores import method_comparison, services
from scores.method_comparison import compare_methodologies
from scores.models import Methodology, Score, ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.downloads import csv_rows
from tests.observations import varied_world
from tests.scores.test_methodology_methods import planners_spec

pytestmark = pytest.mark.django_db

URL = "/counties/scores/compare-methods/"


@pytest.fixture
def compared(world) -> tuple[ScoreRun, Methodology, Methodology]:
    """The default methodology published over nine varied counties, and a TOPSIS one."""
    varied_world(world)
    run = services.rebuild_scores_now(publish=True)
    topsis = Methodology.objects.create(
        code="topsis",
        name_en="TOPSIS test",
        name_fa="تاپسیس",
        spec={"method": "topsis", **planners_spec()},
    )
    return run, Methodology.objects.get(code="tavazon-default"), topsis


def test_default_methodology_ranks_come_from_the_run_and_others_are_computed(compared):
    run, default, topsis = compared
    comparison = compare_methodologies(run, "1402", default, topsis)
    stored = dict(
        Score.objects.filter(run=run, period="1402").values_list("county", "national_rank")
    )
    assert {m.county.pk: m.old_rank for m in comparison.moves} == stored
    assert comparison.compared_count == 9 and comparison.moved_count > 0
    computed = method_comparison.compute_methodology_ranks(topsis)["1402"]
    assert {m.county.pk: m.new_rank for m in comparison.moves} == {
        c: r["national_rank"] for c, r in computed.items()
    }
    distances = [m.distance for m in comparison.moves]
    assert distances == sorted(distances, reverse=True)


def test_the_page_shows_spearmans_rho_and_kendalls_tau_as_scipy_computes_them(world, compared):
    _run, default, topsis = compared
    response = client_for(world.analyst).get(
        URL, {"period": "1402", "a": default.code, "b": topsis.code}
    )
    assert response.status_code == 200
    comparison = response.context["comparison"]
    a = [m.old_rank for m in comparison.moves]
    b = [m.new_rank for m in comparison.moves]
    rho, tau = spearmanr(a, b).statistic, kendalltau(a, b).statistic
    assert comparison.spearman == pytest.approx(rho) and comparison.kendall == pytest.approx(tau)
    page = response.content.decode()
    assert f'id="spearman">{rho:.3f}<' in page and f'id="kendall">{tau:.3f}<' in page
    assert "Spearman" in page and 'id="rank-slope"' in page
    fa = client_for(world.analyst, "fa").get(URL, {"period": "1402", "b": topsis.code})
    persian = f"{rho:.3f}".translate(str.maketrans("0123456789.-", "۰۱۲۳۴۵۶۷۸۹٫−"))
    assert persian.lstrip("−") in fa.content.decode()


def test_the_default_is_the_runs_methodology_against_another(world, compared):
    _run, default, topsis = compared
    response = client_for(world.ministry).get(URL)
    assert response.context["a"] == default and response.context["b"] == topsis
    assert response.context["period"] == "1402"


def test_a_methodology_other_than_the_runs_is_computed_once_per_run_and_version(world, compared):
    _run, _default, topsis = compared
    client = client_for(world.ministry)
    real = method_comparison.compute_methodology_ranks
    with mock.patch.object(method_comparison, "compute_methodology_ranks", side_effect=real) as spy:
        client.get(URL, {"b": topsis.code})
        client.get(URL, {"b": topsis.code})
        assert spy.call_count == 1
        topsis.version += 1
        topsis.save(update_fields=["version"])
        client.get(URL, {"b": topsis.code})
        assert spy.call_count == 2


def test_the_exports_hold_the_pages_rows_in_its_order(world, compared):
    _run, default, topsis = compared
    client = client_for(world.analyst)
    page = client.get(URL, {"b": topsis.code}).context["comparison"]
    rows = csv_rows(client.get(URL, {"b": topsis.code, "format": "csv"}))
    assert len(rows) == page.compared_count
    top = page.top_moves
    assert [r["County code"] for r in rows[: len(top)]] == [m.county.code for m in top]
    first = rows[0]
    assert (
        int(first["Rank (Tavazon default)".replace("Tavazon default", default.name)])
        == top[0].old_rank
    )
    assert int(first["Rank (TOPSIS test)"]) == top[0].new_rank
    assert int(first["Places gained"]) == top[0].change
    response = client.get(URL, {"b": topsis.code, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if "County code" in r)
    codes = [r[values[header].index("County code")] for r in values[header + 1 :] if r[0]]
    assert codes[: len(top)] == [m.county.code for m in top]


@pytest.mark.parametrize("persona", PERSONAS)
def test_whoever_may_browse_the_nation_sees_the_comparison(world, compared, persona):
    response = client_for(world.persona(persona)).get(URL)
    if persona == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
        assert client_for(None).get(URL, {"format": "csv"}).status_code == 302
    else:
        assert response.status_code == 200


def test_the_methodology_list_links_to_the_comparison(world, compared):
    page = client_for(world.governor_a).get("/counties/methodologies/").content.decode()
    assert f'href="{URL}"' in page
