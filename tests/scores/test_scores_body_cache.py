"""The scores page's body is rendered once per published run, query and names (issue 14,
governance.bodies): a second visit builds nothing, and a new run, a renamed county or another
query each get their own body; what differs by viewer (a failed run's error) stays outside it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from counties.models import County
from scores import services as scores
from scores import views
from scores.models import Methodology, ScoreRun
from tests.conftest import client_for
from tests.observations import scoring_world

pytestmark = pytest.mark.django_db

URL = "/counties/scores/"


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    return world


def _without_tokens(html: bytes) -> bytes:
    """The page without its CSRF tokens (masked afresh on every request)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_a_second_visit_builds_nothing_and_is_the_same_page(scored, monkeypatch):
    client = client_for(scored.analyst)
    first = client.get(URL).content

    def built(*args, **kwargs):
        raise AssertionError("the body was built again: it should come from the cache")

    monkeypatch.setattr(views, "_scores_context", built)
    assert _without_tokens(client.get(URL).content) == _without_tokens(first)
    with pytest.raises(AssertionError, match="built again"):
        client.get(f"{URL}?q=CB")  # another query: another body, built afresh


def test_every_input_of_the_body_makes_a_new_one(scored, django_capture_on_commit_callbacks):
    client = client_for(scored.analyst)
    client.get(URL)
    county = County.objects.get(code="CA")
    county.name_en = "Renamed county"
    county.save()
    assert "Renamed county" in client.get(URL).content.decode()
    assert "Renamed county" not in client.get(f"{URL}?q=CB").content.decode()
    Methodology.objects.filter(is_current=True).update(version=ScoreRun.objects.count() + 1)
    with django_capture_on_commit_callbacks(execute=False):
        run = scores.rebuild_scores_now(publish=True)
    assert f"Published run no. {run.pk}" in client.get(URL).content.decode()
    cache.clear()
    assert f"Published run no. {run.pk}" in client.get(URL).content.decode()
