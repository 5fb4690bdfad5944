"""The national and provincial dashboards' body is rendered once per published run, query and
names (issue 14, governance.bodies): a second visit builds nothing and is the same page, and
another province, another query, a renamed county or a new run each get their own body."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from counties.models import County
from dashboards import views
from scores import services as scores
from scores.models import ScoreRun
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_second_visit_builds_nothing_and_is_the_page_a_fresh_rendering_gives(scored, monkeypatch):
    client = client_for(scored.analyst)
    pages = {url: _page(client, url) for url in ("/dashboards/", "/dashboards/province/PA/")}
    assert pages["/dashboards/"] != pages["/dashboards/province/PA/"]

    def built(*args, **kwargs):
        raise AssertionError("the body was built again: it should come from the cache")

    monkeypatch.setattr(views, "_overview_context", built)
    for url, page in pages.items():
        assert _page(client, url) == page
        assert client_for(scored.governor_b).get(url).status_code == 200  # the same body
    with pytest.raises(AssertionError, match="built again"):
        client.get("/dashboards/?tier=1")
    monkeypatch.undo()
    cache.clear()
    for url, page in pages.items():
        assert _page(client, url) == page


def test_a_renamed_county_and_a_new_run_show_on_the_next_visit(
    scored, django_capture_on_commit_callbacks
):
    client = client_for(scored.analyst)
    client.cookies["django_language"] = "en"
    _page(client, "/dashboards/")
    county = County.objects.get(code="CA")
    county.name_en = "Renamed county"
    county.save()
    assert "Renamed county" in _page(client, "/dashboards/")
    with django_capture_on_commit_callbacks(execute=False):
        scores.rebuild_scores_now(publish=True)
    run = ScoreRun.objects.latest_published()
    assert f"Published run no. {run.pk}" in _page(client, "/dashboards/")
