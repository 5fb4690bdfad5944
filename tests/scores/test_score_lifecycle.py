"""A score run's life: computed as a draft, then published or discarded by ministry staff."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import translation

from counties.models import Observation
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import CoverageShortfall, Score, ScorePeriod, ScoreRun
from scores.tasks import nightly_score_rebuild
from tests.conftest import client_for
from tests.observations import mix, scoring_world

pytestmark = pytest.mark.django_db


def _raise_county_a2(to: float = 0.95) -> None:
    """County A2 (third in 1402) becomes the best county: a draft would re-rank everyone."""
    for code, value in mix(to).items():
        Observation.objects.filter(county__code="CA2", indicator__code=code, period="1402").update(
            value=value
        )


def _ranking(run: ScoreRun) -> list[str]:
    return list(
        Score.objects.filter(run=run, period="1402")
        .order_by("national_rank")
        .values_list("county__code", flat=True)
    )


def test_a_rebuild_ends_as_a_draft_that_no_page_shows(world):
    scoring_world(world)
    run = scores.rebuild_scores_now()
    assert run.status == ScoreRunStatus.DRAFT and run.published_at is None
    assert Score.objects.filter(run=run).count() == 3  # computed, waiting for review
    assert ScoreRun.objects.latest_published() is None
    assert ScoreRun.objects.latest_draft() == run


def test_a_run_asked_to_publish_when_done_is_published_by_whoever_asked(world):
    scoring_world(world)
    queued = scores.queue_score_rebuild(user=world.ministry, enqueue=False, publish=True)
    run = scores.run_score_rebuild(queued.pk)
    assert run.status == ScoreRunStatus.PUBLISHED
    assert run.reviewed_by == world.ministry and run.published_at is not None


def test_joining_a_queued_run_with_publish_makes_it_publish(world):
    scoring_world(world)
    first = scores.queue_score_rebuild(enqueue=False)
    assert not first.publish_when_done
    joined = scores.queue_score_rebuild(enqueue=False, publish=True)
    assert joined.pk == first.pk
    first.refresh_from_db()
    assert first.publish_when_done
    assert scores.run_score_rebuild(first.pk).status == ScoreRunStatus.PUBLISHED


def test_joining_without_publish_does_not_undo_a_publish_request(world):
    scoring_world(world)
    first = scores.queue_score_rebuild(enqueue=False, publish=True)
    scores.queue_score_rebuild(enqueue=False)
    first.refresh_from_db()
    assert first.publish_when_done


def test_a_new_draft_discards_the_older_draft_and_drops_its_results(world):
    scoring_world(world)
    older = scores.rebuild_scores_now()
    _raise_county_a2()
    newer = scores.rebuild_scores_now()
    older.refresh_from_db()
    assert older.status == ScoreRunStatus.DISCARDED and older.discarded_at is not None
    assert not Score.objects.filter(run=older).exists()
    assert not ScorePeriod.objects.filter(run=older).exists()
    assert newer.status == ScoreRunStatus.DRAFT


def test_publishing_a_draft_makes_it_the_run_shown_and_discards_older_drafts(world):
    scoring_world(world)
    published = scores.rebuild_scores_now(publish=True)
    older = scores.rebuild_scores_now()
    draft = scores.rebuild_scores_now()
    # An older draft left over (e.g. from before the rule that a new draft discards it).
    ScoreRun.objects.filter(pk=older.pk).update(status=ScoreRunStatus.DRAFT)
    result = scores.publish_score_run(draft.pk, user=world.ministry)
    assert result.status == ScoreRunStatus.PUBLISHED and result.reviewed_by == world.ministry
    assert ScoreRun.objects.latest_published() == draft
    older.refresh_from_db()
    assert older.status == ScoreRunStatus.DISCARDED
    published.refresh_from_db()
    assert published.status == ScoreRunStatus.PUBLISHED  # kept, no longer the latest


def test_discarding_a_draft_deletes_its_results_and_keeps_the_published_run(world):
    scoring_world(world)
    published = scores.rebuild_scores_now(publish=True)
    scores.rebuild_scores_now()  # a draft with a shortfall-free period
    draft = ScoreRun.objects.latest_draft()
    result = scores.discard_score_run(draft.pk, user=world.ministry)
    assert result.status == ScoreRunStatus.DISCARDED and result.reviewed_by == world.ministry
    assert result.discarded_at is not None
    for model in (Score, ScorePeriod, CoverageShortfall):
        assert not model.objects.filter(run=draft).exists()
    assert ScoreRun.objects.latest_published() == published
    assert ScoreRun.objects.latest_draft() is None


@pytest.mark.parametrize("action", ["publish", "discard"])
def test_only_a_draft_can_be_published_or_discarded(world, action):
    scoring_world(world)
    published = scores.rebuild_scores_now(publish=True)
    discarded = scores.rebuild_scores_now()
    scores.discard_score_run(discarded.pk)
    queued = scores.queue_score_rebuild(enqueue=False)
    function = scores.publish_score_run if action == "publish" else scores.discard_score_run
    for run in (published, discarded, queued):
        run.refresh_from_db()
        with pytest.raises(scores.RunNotPublishable) as refused:
            function(run.pk, user=world.ministry)
        assert refused.value.status == run.status
    published.refresh_from_db()
    assert published.status == ScoreRunStatus.PUBLISHED
    assert Score.objects.filter(run=published).count() == 3


def test_a_reviewer_cannot_publish_a_run_that_is_still_computing(world):
    scoring_world(world)
    queued = scores.queue_score_rebuild(enqueue=False)
    ScoreRun.objects.filter(pk=queued.pk).update(status=ScoreRunStatus.RUNNING)
    with pytest.raises(scores.RunNotPublishable):
        scores.publish_score_run(queued.pk, user=world.ministry)


def test_the_refusal_says_why_in_the_readers_language(world):
    scoring_world(world)
    published = scores.rebuild_scores_now(publish=True)
    with pytest.raises(scores.RunNotPublishable) as refused:
        scores.publish_score_run(published.pk)
    with translation.override("en"):
        assert refused.value.message == f"Score run {published.pk} is already published."
    with translation.override("fa"):
        assert "منتشر" in refused.value.message


def test_pages_exports_and_the_api_keep_the_published_run_while_a_draft_waits(world):
    scoring_world(world)
    published = scores.rebuild_scores_now(publish=True)
    assert _ranking(published) == ["CA", "CB", "CA2"]
    _raise_county_a2()
    draft = scores.rebuild_scores_now()
    assert _ranking(draft) == ["CA2", "CA", "CB"]

    client = client_for(world.ministry)
    html = client.get("/counties/scores/?period=1402").content.decode()
    assert html.index("County A<") < html.index("County B<") < html.index("County A2<")
    api = client.get("/api/v1/scores/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert {row["run"] for row in rows} == {published.pk}
    csv = b"".join(client.get("/reports/tables/scores.csv").streaming_content).decode()
    draft_top = Score.objects.get(run=draft, county=world.county_a2, period="1402")
    shown = Score.objects.get(run=published, county=world.county_a2, period="1402")
    assert str(shown.composite) in csv and str(draft_top.composite) not in csv

    scores.publish_score_run(draft.pk, user=world.ministry)
    html = client.get("/counties/scores/?period=1402").content.decode()
    assert html.index("County A2<") < html.index("County A<") < html.index("County B<")


def test_the_nightly_rebuild_ends_as_a_draft(world):
    scoring_world(world)
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        run_id = nightly_score_rebuild()
    run = ScoreRun.objects.get(pk=run_id)
    assert run.trigger == "nightly" and not run.publish_when_done
    assert scores.run_score_rebuild(run_id).status == ScoreRunStatus.DRAFT


def test_the_rebuild_command_without_publish_leaves_a_draft_and_says_so(world, capsys):
    scoring_world(world)
    with translation.override("en"):
        call_command("rebuild_scores", sync=True, language="en")
    run = ScoreRun.objects.get()
    assert run.status == ScoreRunStatus.DRAFT
    assert "draft awaiting review" in capsys.readouterr().out
    call_command("rebuild_scores", sync=True, publish=True, language="en")
    assert ScoreRun.objects.latest_published().status == ScoreRunStatus.PUBLISHED
    run.refresh_from_db()
    assert run.status == ScoreRunStatus.DISCARDED  # the newer run replaced the draft
