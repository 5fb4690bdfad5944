"""The county page's body is rendered once per what it derives from (issue 14,
governance.bodies): a second visit builds nothing, the viewer's rights (private figures, changing
areas) are part of its key whoever comes first, and the score panels between its halves follow
the published run."""

from __future__ import annotations

import pytest

from counties import views
from tests.conftest import client_for
from tests.personas import analyst

pytestmark = pytest.mark.django_db

URL = "/counties/CA/"
ADD_AREA = "/counties/CA/areas/new/"


def test_a_second_visit_builds_nothing(world, monkeypatch):
    client = client_for(world.analyst, "en")
    first = client.get(URL)
    assert first.status_code == 200

    def built(*args, **kwargs):
        raise AssertionError("the body was built again: it should come from the cache")

    monkeypatch.setattr(views, "_county_context", built)
    assert client.get(URL).status_code == 200
    # Same rights and language, same body; other rights (or language), another body.
    assert client_for(analyst("analyst2"), "en").get(URL).status_code == 200
    with pytest.raises(AssertionError, match="built again"):
        client_for(world.governor_a, "en").get(URL)
    with pytest.raises(AssertionError, match="built again"):
        client_for(world.analyst, "fa").get(URL)


@pytest.mark.parametrize("first", ["analyst", "governor_a"])
def test_who_may_change_the_areas_is_part_of_the_key_whoever_comes_first(world, first):
    order = [first, *({"analyst", "governor_a"} - {first})]
    pages = {name: client_for(world.persona(name)).get(URL).content.decode() for name in order}
    assert ADD_AREA in pages["governor_a"]
    assert ADD_AREA not in pages["analyst"]
    assert 'id="county-score"' in pages["analyst"] and 'id="county-score"' in pages["governor_a"]
