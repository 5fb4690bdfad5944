"""The county dashboard's body is rendered once per what it derives from (issue 14,
governance.bodies): a second visit renders nothing but the page around it, the HTML is the same
as a fresh rendering, and a new run, a renamed county, another query or another viewer's access
each get their own body."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from counties.models import County
from dashboards import views
from scores import services as scores
from tests.conftest import client_for
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

URL = "/dashboards/county/CA/"


def _page(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code in (200, 400), response.status_code
    # The CSRF token is masked afresh on every request (the navigation bar's forms).
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture
def never_built(monkeypatch):
    """After this, building the body's context fails the test."""

    def start() -> None:
        def built(*args, **kwargs):
            raise AssertionError("the body was built again: it should come from the cache")

        monkeypatch.setattr(views, "_county_context", built)

    return start


def test_a_second_visit_is_served_from_the_cached_body_and_is_the_same_page(scored, never_built):
    client = client_for(scored.analyst)
    first = _page(client)
    never_built()
    assert _page(client) == first
    # Another viewer with the same access is served the same body, built by nobody.
    assert client_for(scored.ministry).get(URL).status_code == 200


def test_the_cached_body_is_the_page_a_fresh_rendering_gives(scored):
    client = client_for(scored.governor_a)
    for url in (URL, f"{URL}?indicator=unemployment_rate", f"{URL}?period=nope"):
        cached_once = _page(client, url)
        again = _page(client, url)
        cache.clear()
        assert again == cached_once == _page(client, url), url


def test_a_wrong_period_is_still_answered_400_from_the_cache(scored):
    client = client_for(scored.analyst)
    assert client.get(f"{URL}?period=nope").status_code == 400
    assert client.get(f"{URL}?period=nope").status_code == 400
    assert client.get(URL).status_code == 200


def test_every_input_of_the_body_makes_a_new_one(scored, django_capture_on_commit_callbacks):
    client = client_for(scored.analyst)
    page = _page(client)
    # Another query: another body.
    assert _page(client, f"{URL}?indicator=unemployment_rate") != page
    # A renamed county.
    County.objects.filter(code="CA").update(name_fa="شهرستان نو", name_en="New county")
    assert '<h1 class="h3 mb-0">Dashboard of New county' in _page(client)
    # A new published run.
    run_before = re.search(r"run-period[^>]*>[^<]*", _page(client)).group(0)
    with django_capture_on_commit_callbacks(execute=False):
        scores.rebuild_scores_now(publish=True)
    assert re.search(r"run-period[^>]*>[^<]*", _page(client)).group(0) != run_before


def test_private_work_never_reaches_a_viewer_who_may_not_see_it(scored):
    make_project(scored.county_a, title_en="Confidential dump A", is_public=False)
    governor, outsider = client_for(scored.governor_a), client_for(scored.governor_b)
    # The outsider first, then the governor, then the outsider again: each sees their own.
    assert 'id="targets"' not in _page(outsider)
    mine = _page(governor)
    assert 'id="targets"' in mine and "Confidential dump A" in mine
    again = _page(outsider)
    assert 'id="targets"' not in again and "Confidential dump A" not in again


def test_a_warm_visit_reads_only_stamps_and_never_the_run_itself(scored):
    """The session (read from the cache in production), the user, the county (with the census
    flag), the published run's stamp, the work's stamps, the catalogue's digest and the unread
    notifications: the run and the county's periods come from the cache (issue 14)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(scored.ministry)
    _page(client)
    with CaptureQueriesContext(connection) as queries:
        _page(client)
    tables = " ".join(q["sql"] for q in queries)
    assert len(queries) <= 7, [q["sql"][:80] for q in queries]
    assert '"counties_scorerun"."methodology_snapshot"' not in tables
    assert '"counties_score"' not in tables and "coverageshortfall" not in tables
