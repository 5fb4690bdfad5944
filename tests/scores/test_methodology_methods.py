"""A methodology's scoring method chosen in the editor: TOPSIS, Morris or Hellwig beside the
composite, checked with translated errors, versioned, and computed by the rebuild."""

from __future__ import annotations

import copy
from unittest import mock

import numpy as np
import pytest
from pymcdm import normalizations
from pymcdm.helpers import rrankdata
from pymcdm.methods import TOPSIS

from counties.catalogue import DEFAULT_METHODOLOGY
from counties.models import Observation
from scores import services
from scores.models import Methodology, Score
from tests.conftest import client_for
from tests.observations import varied_world
from tests.scores.test_methodology import form_data

pytestmark = pytest.mark.django_db


def planners_spec() -> dict:
    """The default methodology's indicators and weights, without the composite's settings."""
    spec = copy.deepcopy(DEFAULT_METHODOLOGY["spec"])
    spec["aggregation"] = "arithmetic"
    for dimension in spec["dimensions"]:
        dimension["aggregation"] = "arithmetic"
        for indicator in dimension["indicators"]:
            for key in ("normalization", "min", "max", "target", "transform"):
                indicator.pop(key, None)
    return spec


def post_methodology(client, method: str, spec: dict, **changes: object):
    data = form_data(spec, code=f"{method}-test", name_en=method.upper(), method=method, **changes)
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        return client.post("/counties/methodologies/new/", data)


def test_a_topsis_methodology_built_in_the_editor_ranks_as_pymcdm_does(world):
    counties = varied_world(world)
    client = client_for(world.ministry)
    # Persian digits in the completeness rule: every county has every indicator.
    response = post_methodology(client, "topsis", planners_spec(), min_coverage_percent="۱۰۰")
    assert response.status_code == 302, response.content.decode()[:2000]
    methodology = Methodology.objects.get(code="topsis-test")
    assert methodology.spec["method"] == "topsis" and methodology.method == "topsis"
    assert methodology.min_coverage == 1

    with mock.patch("scores.tasks.rebuild_scores.delay"):
        methodology.is_current = True
        Methodology.objects.exclude(pk=methodology.pk).update(is_current=False)
        methodology.save(update_fields=["is_current"])
    run = services.rebuild_scores_now(publish=True)
    assert run.methodology_snapshot["spec"]["method"] == "topsis"

    spec = methodology.spec
    entries = [(d, i) for d in spec["dimensions"] for i in d["indicators"]]
    total = sum(d["weight"] for d in spec["dimensions"])
    weights = np.array(
        [
            d["weight"] / total * i["weight"] / sum(j["weight"] for j in d["indicators"])
            for d, i in entries
        ]
    )
    types = np.array([1 if i["direction"] == "higher" else -1 for _, i in entries])
    values = {
        (o.county_id, o.indicator.code): o.value
        for o in Observation.objects.select_related("indicator").filter(period="1402")
    }
    matrix = np.array([[values[(c.pk, i["code"])] for _, i in entries] for c in counties])
    expected = rrankdata(TOPSIS(normalizations.vector_normalization)(matrix, weights, types))
    stored = dict(
        Score.objects.filter(run=run, period="1402").values_list("county", "national_rank")
    )
    assert [stored[c.pk] for c in counties] == [int(r) for r in expected]
    assert len(set(stored.values())) == len(counties)  # a real order, not ties


@pytest.mark.parametrize("method", ["morris", "hellwig"])
def test_morris_and_hellwig_methodologies_save_and_score_on_0_to_100(world, method):
    varied_world(world, extra=3)
    response = post_methodology(client_for(world.ministry), method, planners_spec())
    assert response.status_code == 302
    methodology = Methodology.objects.get(code=f"{method}-test")
    computed = services.compute_scores(
        services.fetch_score_rows(methodology.indicator_codes()), methodology.spec
    )
    scores = [s.composite for s in computed.scores]
    assert len(scores) == 6 and all(0 <= s <= 100 for s in scores)
    assert max(scores) > min(scores)
    assert all(
        set(s.dimensions) == {"marginalization", "solid_waste", "employment"}
        for s in computed.scores
    )


def test_a_planners_method_with_composite_settings_is_refused_with_a_clear_message(world):
    varied_world(world, extra=0)
    client = client_for(world.ministry)
    response = post_methodology(client, "topsis", DEFAULT_METHODOLOGY["spec"])
    assert response.status_code == 200
    assert "takes the raw values, normalises them itself" in response.content.decode()
    assert not Methodology.objects.filter(code="topsis-test").exists()
    fa = client_for(world.ministry, "fa")
    response = post_methodology(fa, "topsis", DEFAULT_METHODOLOGY["spec"])
    assert "مقدارهای خام" in response.content.decode()


def test_an_unknown_method_is_refused(world):
    varied_world(world, extra=0)
    response = post_methodology(client_for(world.ministry), "electre", planners_spec())
    assert response.status_code == 200
    assert not Methodology.objects.filter(code="electre-test").exists()


def test_choosing_composite_again_keeps_the_spec_and_version_unchanged(world):
    varied_world(world, extra=0)
    methodology = Methodology.objects.get(code="tavazon-default")
    client = client_for(world.ministry)
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client.post(
            "/counties/methodologies/tavazon-default/edit/",
            form_data(methodology.spec, method="composite"),
        )
    methodology.refresh_from_db()
    assert methodology.version == 1 and "method" not in methodology.spec
    page = client.get("/counties/methodologies/tavazon-default/edit/").content.decode()
    assert 'value="composite" selected' in page


def test_a_changed_method_makes_a_new_version(world):
    varied_world(world, extra=0)
    client = client_for(world.ministry)
    post_methodology(client, "topsis", planners_spec())
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client.post(
            "/counties/methodologies/topsis-test/edit/",
            form_data(planners_spec(), code="topsis-test", name_en="X", method="hellwig"),
        )
    methodology = Methodology.objects.get(code="topsis-test")
    assert methodology.version == 2 and methodology.method == "hellwig"
    assert methodology.history.count() == 2
    detail = client.get("/counties/methodologies/topsis-test/").content.decode()
    assert "Hellwig" in detail


@pytest.mark.parametrize("persona", ["governor_a", "analyst", "officer_a"])
def test_only_ministry_staff_may_choose_a_method(world, persona):
    varied_world(world, extra=0)
    response = post_methodology(client_for(world.persona(persona)), "topsis", planners_spec())
    assert response.status_code == 403
    assert not Methodology.objects.filter(code="topsis-test").exists()


def test_anonymous_visitors_are_sent_to_sign_in(world):
    varied_world(world, extra=0)
    response = post_methodology(client_for(None), "topsis", planners_spec())
    assert response.status_code == 302 and "login" in response["Location"]
