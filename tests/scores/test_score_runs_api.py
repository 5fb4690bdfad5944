"""API of score runs: status, reviewer, each period's completeness; publish and discard."""

from __future__ import annotations

import pytest

from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.observations import mix, observe, scoring_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world) -> ScoreRun:
    """A published run (1402 complete) and a draft adding a provisional 1403 (CA alone)."""
    scoring_world(world)
    scores.rebuild_scores_now(publish=True)
    for code, value in mix(0.6).items():
        observe(world.county_a, code, "1403", value)
    return scores.rebuild_scores_now()


def _post(client, url: str):
    return client.post(url, {}, content_type="application/json")


def test_runs_show_their_status_reviewer_and_period_completeness(world, draft):
    published = ScoreRun.objects.latest_published()
    scores.publish_score_run(draft.pk, user=world.ministry)
    rows = client_for(world.analyst).get("/api/v1/score-runs/").json()["results"]
    by_id = {row["id"]: row for row in rows}
    latest = by_id[draft.pk]
    assert latest["status"] == "published" and latest["reviewed_by"] == world.ministry.username
    assert latest["published_at"] is not None
    assert latest["completeness"] == [
        {
            "period": "1402",
            "ranked_count": 3,
            "county_count": 3,
            "with_data_count": 3,
            "mean_coverage": "1.000",
            "is_complete": True,
            "min_coverage": "0.800",
            "min_ranked_share": "0.850",
        },
        {
            "period": "1403",
            "ranked_count": 1,
            "county_count": 3,
            "with_data_count": 1,
            "mean_coverage": "1.000",
            "is_complete": False,
            "min_coverage": "0.800",
            "min_ranked_share": "0.850",
        },
    ]
    assert by_id[published.pk]["reviewed_by"] is None  # published on computing, by nobody


def test_drafts_can_be_listed_by_status(world, draft):
    rows = client_for(world.analyst).get("/api/v1/score-runs/?status=draft").json()["results"]
    assert [row["id"] for row in rows] == [draft.pk]
    assert rows[0]["status"] == "draft" and rows[0]["published_at"] is None


def test_ministry_staff_publish_a_draft(world, draft):
    response = _post(client_for(world.ministry), f"/api/v1/score-runs/{draft.pk}/publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["reviewed_by"] == world.ministry.username
    assert ScoreRun.objects.latest_published() == draft


def test_ministry_staff_discard_a_draft(world, draft):
    published = ScoreRun.objects.latest_published()
    response = _post(client_for(world.ministry), f"/api/v1/score-runs/{draft.pk}/discard/")
    assert response.status_code == 200 and response.json()["status"] == "discarded"
    assert response.json()["completeness"] == []  # its results are gone
    assert ScoreRun.objects.latest_published() == published


def test_publishing_twice_is_a_conflict_with_a_translated_message(world, draft):
    client = client_for(world.ministry, "fa")
    assert _post(client, f"/api/v1/score-runs/{draft.pk}/publish/").status_code == 200
    again = _post(client, f"/api/v1/score-runs/{draft.pk}/publish/")
    assert again.status_code == 409
    assert "منتشر" in again.json()["detail"]
    english = _post(client_for(world.ministry), f"/api/v1/score-runs/{draft.pk}/discard/")
    assert english.status_code == 409
    assert english.json()["detail"] == f"Score run {draft.pk} is already published."


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "ministry"])
@pytest.mark.parametrize("action", ["publish", "discard"])
def test_nobody_else_publishes_or_discards(world, draft, persona, action):
    client = client_for(world.persona(persona))
    response = _post(client, f"/api/v1/score-runs/{draft.pk}/{action}/")
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ScoreRunStatus.DRAFT


def test_the_run_list_runs_a_bounded_number_of_queries(world, draft, django_assert_max_num_queries):
    for _ in range(3):
        scores.rebuild_scores_now()
    client = client_for(world.analyst)
    client.get("/api/v1/score-runs/")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/score-runs/").status_code == 200
