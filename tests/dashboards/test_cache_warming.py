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
    from dashboards import clusters

    _publish(django_capture_on_commit_callbacks)
    _never_again(monkeypatch, overviews, "_overview", "the overview")
    _never_again(monkeypatch, clusters, "_clusters_page", "the clusters page")
    client = _client_in(world_with_data.analyst, language)
    assert client.get("/dashboards/").status_code == 200
    assert client.get("/dashboards/province/PB/").status_code == 200
    assert client.get("/dashboards/clusters/").status_code == 200


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_first_visitor_of_a_county_page_after_a_publish_finds_its_score_panel_warmed(
    world_with_data, django_capture_on_commit_callbacks, monkeypatch, language
):
    from scores import panels

    _publish(django_capture_on_commit_callbacks)

    def not_again(*args, **kwargs):
        raise AssertionError("the score panel was built on request: warming missed its key")

    monkeypatch.setattr(panels, "county_score_context", not_again)
    for page in _county_pages(world_with_data.analyst, language):
        assert b'id="county-score"' in page


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_first_visitor_of_a_county_page_after_a_publish_builds_none_of_its_run_panels(
    world_with_data, django_capture_on_commit_callbacks, monkeypatch, language
):
    """The score, the rank band, what drives it and the areas by score (scores.county_slot)
    are warmed under the key the page computes."""
    from scores import county_slot

    _publish(django_capture_on_commit_callbacks)

    def not_again(*args, **kwargs):
        raise AssertionError("a run-derived panel was built on request: warming missed its key")

    for module, name in (
        (county_slot.panels, "county_score_panel"),
        (county_slot.uncertainty, "county_uncertainty_panel"),
        (county_slot.drivers, "county_drivers_panel"),
        (county_slot.areas, "county_areas_panel"),
    ):
        monkeypatch.setattr(module, name, not_again)
    for page in _county_pages(world_with_data.analyst, language):
        assert b'id="county-score"' in page and b'id="county-drivers"' in page


def _never_again(monkeypatch, target, name: str, what: str) -> None:
    """After this, computing `what` (`target.name`) fails the test: it should be warmed."""

    def not_again(*args, **kwargs):
        raise AssertionError(f"{what} was computed on request: warming missed its key")

    monkeypatch.setattr(target, name, not_again)


def _client_in(user, language: str):
    """A client signed in as `user`, who reads `language`."""
    user.language = language
    user.save(update_fields=["language"])
    client = client_for(user)
    client.cookies["django_language"] = language
    return client


def _county_pages(user, language: str) -> list[bytes]:
    """Three county pages as `user` sees them in `language`."""
    client = _client_in(user, language)
    pages = [client.get(f"/counties/{code}/") for code in ("CA", "CA2", "CB")]
    assert all(page.status_code == 200 for page in pages)
    return [page.content for page in pages]


def test_a_failing_warm_up_never_fails_the_run(
    world_with_data, django_capture_on_commit_callbacks, monkeypatch, caplog, settings
):
    settings.WARM_BEFORE_PUBLISH_SECONDS = 0  # only the warming after the publish
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
    cache.clear()
    result = warmup.warm_overviews(run, budget_seconds=0)
    assert (result.warmed, result.stopped) == (0, True)
    assert cache.get(_default_key(run, "fa")) is None


@pytest.fixture
def warm_first(settings):
    """Warming before publish on, as with a shared cache (the tests' cache is in-process)."""
    settings.WARM_BEFORE_PUBLISH_SECONDS = 600


def _county_key(run: ScoreRun, county, language: str) -> str:
    """The cache key of a county dashboard as it opens (views.county)."""
    from counties.models import Indicator
    from dashboards.caching import page_key
    from scores.completeness import run_periods

    first = Indicator.objects.order_by("dimension__order", "code").first()
    assert first is not None
    with translation.override(language):
        return page_key("county", run, county.pk, first.code, run_periods(run).default)


def test_a_computed_run_is_warmed_before_it_becomes_the_default(
    world_with_data, warm_first, django_capture_on_commit_callbacks, monkeypatch
):
    """Every view the run changes is cached by the time it is published: the task queued after
    the publish (left unrun here) is only a second chance."""
    seen_at_publish = []
    profile_cached = []

    def check_when_published(run):
        seen_at_publish.append(
            [cache.get(_default_key(run, lang)) is not None for lang in ("fa", "en")]
            + [
                cache.get(_county_key(run, world_with_data.county_a, lang)) is not None
                for lang in ("fa", "en")
            ]
        )
        from counties.queries import observations_stamp

        profile_key = f"participation:profile:{observations_stamp()}"
        profile_cached.append(cache.get(profile_key) is not None)
        return real_publish(run, user=None)

    real_publish = scores._publish
    monkeypatch.setattr(scores, "_publish", lambda run, *, user: check_when_published(run))
    with django_capture_on_commit_callbacks(execute=False):
        run = scores.rebuild_scores_now(publish=True)
    assert seen_at_publish == [[True, True, True, True]]
    assert profile_cached == [True]  # what county pages read from all observations too
    assert run.timings["prepare"] >= 0


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_first_visitors_after_a_draft_is_published_compute_nothing(
    world_with_data, warm_first, django_capture_on_commit_callbacks, monkeypatch, language
):
    from dashboards import county_overview

    draft = scores.rebuild_scores_now(publish=False)
    assert draft.status == ScoreRunStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=False):  # no warming after the publish
        scores.publish_score_run(draft.pk)

    def not_again(*args, **kwargs):
        raise AssertionError("a view was computed on request: warming missed its key")

    monkeypatch.setattr(overviews, "_overview", not_again)
    monkeypatch.setattr(county_overview, "_county_overview", not_again)
    world_with_data.analyst.language = language
    world_with_data.analyst.save(update_fields=["language"])
    client = client_for(world_with_data.analyst)
    client.cookies["django_language"] = language
    for path in ("/dashboards/", "/dashboards/province/PA/", "/dashboards/county/CA/"):
        assert client.get(path).status_code == 200, path


def test_warming_before_publish_keeps_the_run_alive_and_stops_when_it_was_given_up_on(
    world_with_data, warm_first, monkeypatch
):
    run = scores.rebuild_scores_now(publish=True)
    cache.clear()
    beats = []

    def beat():
        beats.append(1)
        raise scores.RunAbandoned("given up on")

    monkeypatch.setattr(warmup, "BEAT_SECONDS", 0)
    with pytest.raises(scores.RunAbandoned):
        warmup.warm_run(run, budget_seconds=60, beat=beat)
    assert beats == [1]


def test_a_failing_warm_up_before_publish_never_fails_the_run(
    world_with_data, warm_first, monkeypatch
):
    from dashboards import county_overview

    def broken(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(overviews, "_overview", broken)
    monkeypatch.setattr(county_overview, "_county_overview", broken)
    run = scores.rebuild_scores_now(publish=True)
    assert run.status == ScoreRunStatus.PUBLISHED and run.error == ""


def test_no_warming_before_publish_when_it_is_turned_off(world_with_data, settings):
    settings.WARM_BEFORE_PUBLISH_SECONDS = 0
    run = scores.rebuild_scores_now(publish=False)
    assert cache.get(_default_key(run, "en")) is None
