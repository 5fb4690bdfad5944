"""Publishing a score run warms the dashboards' cache; warming never fails the run."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from dashboards import filters, overviews, warmup
from dashboards.caching import overview_key
from dashboards.tasks import warm_dashboards
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import ScoreRun
from tests.conftest import client_for
from tests.observations import scoring_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world_with_data(world):
    scoring_world(world, periods=("1401", "1402"))
    return world


def _publish(captured) -> ScoreRun:
    """A rebuild as the nightly task runs it, with its on-commit work (tasks run eagerly)."""
    with captured(execute=True):
        run = scores.rebuild_scores_now(publish=True)
    assert run.status == ScoreRunStatus.PUBLISHED
    return run


def _default_key(run: ScoreRun, language: str, province: str = "") -> str:
    with translation.override(language):
        options = filters.choices(run)
        return overview_key(run, filters.read_filters({}, options, province))


def test_publishing_a_run_caches_the_national_and_provincial_default_views_in_both_languages(
    world_with_data, django_capture_on_commit_callbacks
):
    run = _publish(django_capture_on_commit_callbacks)
    for language in ("fa", "en"):
        for province in ("", "PA", "PB"):
            assert cache.get(_default_key(run, language, province)) is not None, (
                language,
                province,
            )
    with translation.override("en"):
        national = cache.get(_default_key(run, "en"))
        assert {r["county_code"] for r in national["ranking"].rows} == {"CA", "CA2", "CB"}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_first_visitor_after_a_rebuild_is_served_from_the_warmed_cache(
    world_with_data, django_capture_on_commit_callbacks, monkeypatch, language
):
    _publish(django_capture_on_commit_callbacks)

    def not_again(*args, **kwargs):
        raise AssertionError("the overview was computed again: warming missed the view's key")

    monkeypatch.setattr(overviews, "_overview", not_again)
    client = client_for(world_with_data.analyst)
    world_with_data.analyst.language = language
    world_with_data.analyst.save(update_fields=["language"])
    client.cookies["django_language"] = language
    assert client.get("/dashboards/").status_code == 200
    assert client.get("/dashboards/province/PB/").status_code == 200


def test_a_failing_warm_up_never_fails_the_run(
    world_with_data, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(overviews, "_overview", broken)
    run = _publish(django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == ScoreRunStatus.PUBLISHED and run.error == ""
    assert ScoreRun.objects.latest_published() == run
    assert len(calls) == warmup.WARM_MAX_FAILURES  # it gave up instead of failing 6 times
    assert "warming" in caplog.text


def test_a_broker_that_refuses_the_task_never_fails_the_run(
    world_with_data, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refused(*args, **kwargs):
        raise OSError("broker unreachable")

    monkeypatch.setattr(warm_dashboards, "delay", refused)
    run = _publish(django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == ScoreRunStatus.PUBLISHED
    assert "could not warm the dashboards" in caplog.text


def test_warming_a_run_that_is_no_longer_the_latest_does_nothing(world_with_data):
    first = scores.rebuild_scores_now(publish=True)
    scores.rebuild_scores_now(publish=True)
    cache.clear()
    assert warm_dashboards.delay(first.pk).get() == "superseded"
    assert cache.get(_default_key(first, "en")) is None


def test_warming_starts_no_view_once_its_time_is_spent(world_with_data):
    run = scores.rebuild_scores_now(publish=True)
    result = warmup.warm_overviews(run, budget_seconds=0)
    assert (result.warmed, result.stopped) == (0, True)
    assert cache.get(_default_key(run, "fa")) is None
