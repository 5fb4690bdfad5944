"""The review of a draft score run: what publishing it would change, then publish or discard."""

from __future__ import annotations

import pytest

from counties.models import Observation
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import ScoreRun
from scores.run_review import review_run
from tests.conftest import PERSONAS, client_for, visible_text
from tests.observations import mix, observe, scoring_world

pytestmark = pytest.mark.django_db


def _raise_county_a2(to: float = 0.95) -> None:
    for code, value in mix(to).items():
        Observation.objects.filter(county__code="CA2", indicator__code=code, period="1402").update(
            value=value
        )


def _observe_all(county, period: str, quality: float) -> None:
    for code, value in mix(quality).items():
        observe(county, code, period, value)


@pytest.fixture
def draft(world) -> ScoreRun:
    """Published: 1402 (CA, CB, CA2 in that order) and a provisional 1403 (CA alone).
    Draft: CA2 becomes first in 1402; 1403 becomes complete; a new provisional 1404."""
    scoring_world(world)
    _observe_all(world.county_a, "1403", 0.6)
    scores.rebuild_scores_now(publish=True)
    _raise_county_a2()
    _observe_all(world.county_a2, "1403", 0.4)
    _observe_all(world.county_b, "1403", 0.5)
    _observe_all(world.county_b, "1404", 0.5)
    return scores.rebuild_scores_now()


def test_the_review_lists_rank_and_tier_moves_in_the_compared_period(world, draft):
    review = review_run(draft, "1402")
    assert review.period == "1402" and review.published == ScoreRun.objects.latest_published()
    moves = {m.county.code: (m.old_rank, m.new_rank, m.change) for m in review.moves}
    assert moves == {"CA2": (3, 1, 2), "CA": (1, 2, -1), "CB": (2, 3, -1)}
    assert review.moves[0].county.code == "CA2"  # the largest move first
    assert review.compared_count == 3 and review.moved_count == 3
    assert review.tier_change_count == sum(m.tier_changed for m in review.moves)
    assert review.tier_change_count >= 1


def test_the_review_says_which_periods_become_complete_and_which_are_new(world, draft):
    review = review_run(draft)
    kinds = {p.period: p.kind for p in review.periods}
    assert kinds == {"1402": "", "1403": "complete", "1404": "new"}
    assert [p.period for p in review.becoming_complete] == ["1403"]
    assert [p.period for p in review.new_periods] == ["1404"]
    coverage = {p.period: p for p in review.periods}["1403"]
    assert (coverage.old.ranked, coverage.old.counties) == (1, 3)
    assert (coverage.new.ranked, coverage.new.with_data, coverage.new.counties) == (3, 3, 3)
    # Pages now open on 1402 (1403 is provisional); after publishing, on 1403.
    assert (review.default_before, review.default_after) == ("1402", "1403")
    assert review.period == "1403"  # by default ranks are compared where pages will open


def test_counties_newly_ranked_and_no_longer_ranked(world, draft):
    review = review_run(draft, "1403")
    assert [c.code for c in review.newly_ranked] == ["CA2", "CB"]
    assert review.no_longer_ranked == []
    # Take away most of County B's 1402 data: it is no longer ranked there, and 1402 (2 of 3
    # counties ranked, under 85 %) becomes provisional.
    Observation.objects.filter(county=world.county_b, period="1402").exclude(
        indicator__code__in=["unemployment_rate", "population"]
    ).delete()
    newer = scores.rebuild_scores_now()
    review = review_run(newer, "1402")
    assert [c.code for c in review.no_longer_ranked] == ["CB"]
    assert {p.period: p.kind for p in review.periods}["1402"] == "provisional"


def test_a_first_draft_has_nothing_to_compare_with(world):
    scoring_world(world)
    run = scores.rebuild_scores_now()
    review = review_run(run)
    assert review.published is None and review.moves == []
    assert [c.code for c in review.newly_ranked] == ["CA", "CA2", "CB"]
    assert [p.kind for p in review.periods] == ["new"]


# --- the page ------------------------------------------------------------------------------


def test_ministry_staff_see_the_review_with_publish_and_discard(world, draft):
    response = client_for(world.ministry).get(f"/counties/scores/runs/{draft.pk}/?period=1402")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "Publish" in text and "Discard" in text and "data-confirm" in html
    assert 'id="rank-moves"' in html and "County A2" in text
    assert "becomes complete" in text and "new period" in text
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "ministry"])
def test_nobody_but_ministry_staff_may_review_publish_or_discard(world, draft, persona):
    client = client_for(world.persona(persona))
    urls = [f"/counties/scores/runs/{draft.pk}/{a}" for a in ("", "publish/", "discard/")]
    responses = [client.get(urls[0]), client.post(urls[1]), client.post(urls[2])]
    for response in responses:
        if persona == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"]
        else:
            assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ScoreRunStatus.DRAFT


def test_get_never_publishes_or_discards(world, draft):
    client = client_for(world.ministry)
    for action in ("publish/", "discard/"):
        assert client.get(f"/counties/scores/runs/{draft.pk}/{action}").status_code == 405
    client.get(f"/counties/scores/runs/{draft.pk}/")
    draft.refresh_from_db()
    assert draft.status == ScoreRunStatus.DRAFT and draft.reviewed_by is None


def test_publishing_from_the_page_records_the_reviewer_and_twice_is_refused(world, draft):
    client = client_for(world.ministry)
    response = client.post(f"/counties/scores/runs/{draft.pk}/publish/")
    assert response.status_code == 302 and response["Location"].endswith("/scores/runs/")
    draft.refresh_from_db()
    assert draft.status == ScoreRunStatus.PUBLISHED and draft.reviewed_by == world.ministry
    again = client.post(f"/counties/scores/runs/{draft.pk}/publish/", follow=True)
    assert f"Score run {draft.pk} is already published." in visible_text(again.content.decode())
    listing = visible_text(client.get("/counties/scores/runs/").content.decode())
    assert f"by {world.ministry}" in listing


def test_refusals_are_translated(world, draft):
    client = client_for(world.ministry, "fa")
    client.post(f"/counties/scores/runs/{draft.pk}/discard/")
    again = client.post(f"/counties/scores/runs/{draft.pk}/publish/", follow=True)
    text = visible_text(again.content.decode())
    assert "کنار گذاشته" in text and "Score run" not in text


def test_discarding_from_the_page_keeps_the_published_run(world, draft):
    published = ScoreRun.objects.latest_published()
    response = client_for(world.ministry).post(f"/counties/scores/runs/{draft.pk}/discard/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ScoreRunStatus.DISCARDED and draft.reviewed_by == world.ministry
    assert ScoreRun.objects.latest_published() == published


def test_a_run_that_is_not_a_draft_shows_no_buttons(world, draft):
    published = ScoreRun.objects.latest_published()
    html = client_for(world.ministry).get(f"/counties/scores/runs/{published.pk}/").content
    assert 'id="review-actions"' not in html.decode()


def test_the_review_page_runs_a_bounded_number_of_queries(
    world, draft, django_assert_max_num_queries
):
    client = client_for(world.ministry)
    client.get(f"/counties/scores/runs/{draft.pk}/")  # session and caches warmed
    with django_assert_max_num_queries(12):
        assert client.get(f"/counties/scores/runs/{draft.pk}/").status_code == 200


def test_the_run_list_links_a_draft_to_its_review_for_ministry_staff_only(world, draft):
    link = f'href="/counties/scores/runs/{draft.pk}/"'
    assert link in client_for(world.ministry).get("/counties/scores/runs/").content.decode()
    analyst_html = client_for(world.analyst).get("/counties/scores/runs/").content.decode()
    assert link not in analyst_html and "Awaiting review" in analyst_html


@pytest.mark.parametrize("url", ["/counties/scores/", "/counties/import/"])
def test_ministry_staff_see_the_draft_banner_on_scores_and_import_pages(world, draft, url):
    html = client_for(world.ministry).get(url).content.decode()
    assert 'id="draft-run-banner"' in html and f"/counties/scores/runs/{draft.pk}/" in html
    scores.discard_score_run(draft.pk)
    assert 'id="draft-run-banner"' not in client_for(world.ministry).get(url).content.decode()


def test_others_never_see_the_draft_banner(world, draft):
    html = client_for(world.analyst).get("/counties/scores/").content.decode()
    assert 'id="draft-run-banner"' not in html


def test_the_signed_counts_of_newly_and_no_longer_ranked_keep_their_signs_in_persian(world, draft):
    response = client_for(world.ministry, "fa").get(f"/counties/scores/runs/{draft.pk}/")
    html = response.content.decode()
    # Inside a right-to-left page each signed count needs its own left-to-right run, or its
    # sign moves to the other side of the digits («۱+»); the pair keeps the labels' order.
    cell = html.split('id="ranked-change">', 1)[1].split("</div>", 1)[0]
    assert cell.startswith('<span dir="ltr">+') and '/ <span dir="ltr">−' in cell
