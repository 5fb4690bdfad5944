"""A corrected value keeps its history: who changed it, when, and the value before."""

from __future__ import annotations

import re

import pytest

from counties.imports import import_observations
from counties.models import Observation
from counties.services import ensure_default_catalogue
from tests.conftest import PERSONAS, client_for
from tests.observations import observe

pytestmark = pytest.mark.django_db

# persona: (may read county A's value history, may read county B's)
EXPECTED = {
    "anonymous": (False, False),
    "governor_a": (True, False),
    "governor_b": (False, True),
    "officer_a": (True, False),
    "ministry": (True, True),
    "analyst": (True, True),
}


@pytest.fixture
def values(world):
    ensure_default_catalogue()
    return {
        "CA": observe(world.county_a, "new_jobs", "1402", 4),
        "CB": observe(world.county_b, "new_jobs", "1402", 6),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("county", ["CA", "CB"])
def test_the_history_of_a_value_is_for_whoever_may_read_its_county(world, values, persona, county):
    response = client_for(world.persona(persona)).get(
        f"/counties/observations/{values[county].pk}/history/"
    )
    allowed = EXPECTED[persona][0 if county == "CA" else 1]
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 403)


def test_a_correction_shows_who_when_and_the_old_value(world, values):
    csv = b"indicator,county,period,value,note\nnew_jobs,CA,1402,5.5,revised survey\n"
    plan = import_observations(csv, "revision.csv", user=world.analyst)
    assert len(plan.updates) == 1
    observation = Observation.objects.get(pk=values["CA"].pk)
    assert observation.value == 5.5 and observation.note == "revised survey"

    response = client_for(world.ministry).get(f"/counties/observations/{observation.pk}/history/")
    rows = response.context["rows"]
    assert [(r["old"].value if r["old"] else None, r["record"].value) for r in rows] == [
        (4.0, 5.5),
        (None, 4.0),
    ]
    newest = rows[0]["record"]
    assert newest.history_user == world.analyst and newest.history_type == "~"
    assert newest.history_change_reason == "import revision.csv"
    html = response.content.decode()
    assert "analyst" in html and "revised survey" in html


def test_the_county_page_links_each_value_to_its_history_for_those_who_may_read_it(world, values):
    link = f"/counties/observations/{values['CA'].pk}/history/"
    assert link in client_for(world.governor_a).get("/counties/CA/").content.decode()
    assert link not in client_for(world.governor_b).get("/counties/CA/").content.decode()


def test_the_history_page_runs_a_bounded_number_of_queries(
    world, values, django_assert_max_num_queries
):
    for value in range(20):
        import_observations(
            f"indicator,county,period,value\nnew_jobs,CA,1402,{value}\n".encode(), "fix.csv"
        )
    client = client_for(world.analyst)
    url = f"/counties/observations/{values['CA'].pk}/history/"
    client.get(url)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def _value_cells(html: str) -> list[tuple[str, str]]:
    """The old and new value cells of each row of the history table, newest first."""
    body = html.split('id="history"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [(c[3], re.sub(r"\s*<span.*", "", c[4], flags=re.S)) for c in cells]


def test_old_and_new_values_keep_their_precision_in_the_users_digits(world):
    ensure_default_catalogue()
    observation = observe(world.county_a, "new_jobs", "1402", 75.38)  # counted in whole jobs
    observation.value = 60.0
    observation.save()
    url = f"/counties/observations/{observation.pk}/history/"
    user = world.governor_a
    client = client_for(user)
    assert _value_cells(client.get(url).content.decode()) == [("75.38", "60"), ("—", "75.38")]

    user.language = "fa"
    user.save(update_fields=["language"])
    client.cookies["django_language"] = "fa"
    cells = _value_cells(client.get(url).content.decode())
    assert cells == [("۷۵٫۳۸", "۶۰"), ("—", "۷۵٫۳۸")]
    assert not re.search("[0-9]", "".join(old + new for old, new in cells))
