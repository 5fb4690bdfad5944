"""Sensitivity analyses of the published ranks: the Celery job and its progress, who may start
and read them, the page, its CSV, and the county page's rank band with its sentence."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from scores import sensitivity
from scores import services as scores
from scores.choices import AnalysisStatus
from scores.models import ScoreRun, SensitivityAnalysis
from scores.queries import published_run_stamp
from scores.uncertainty import band_sentence
from tests.conftest import client_for
from tests.observations import scoring_world, varied_world

pytestmark = pytest.mark.django_db

START = reverse("scores:sensitivity-start")
PAGE = reverse("scores:sensitivity")


@pytest.fixture
def scored(world, monkeypatch):
    monkeypatch.setattr(sensitivity, "SAMPLES", 16)  # 96 rankings: the job, not the maths
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    return world


@pytest.fixture
def varied(world, monkeypatch):
    """Nine counties whose indicators disagree, so that some ranks move."""
    monkeypatch.setattr(sensitivity, "SAMPLES", 32)
    counties = varied_world(world)
    scores.rebuild_scores_now(publish=True)
    return world, counties


def _start(user, capture, **data):
    with capture(execute=True):
        return client_for(user).post(START, data)


@pytest.mark.parametrize("persona", ["ministry", "analyst"])
def test_ministry_staff_and_analysts_run_an_analysis_in_celery_with_progress(
    scored, persona, django_capture_on_commit_callbacks
):
    response = _start(scored.persona(persona), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    analysis = SensitivityAnalysis.objects.get()
    run = ScoreRun.objects.latest_published()
    assert (analysis.run, analysis.period, analysis.status) == (run, "1402", AnalysisStatus.DONE)
    assert (analysis.methodology_code, analysis.methodology_version) == (
        run.methodology_snapshot["code"],
        run.methodology_snapshot["version"],
    )
    assert analysis.progress_done == analysis.progress_total == 6  # A, B and the four AB_i
    result = analysis.result
    assert result["groups"] == ["weights", "normalisation", "aggregation", "missing"]
    assert sorted(result["county_ids"]) == sorted(
        [scored.county_a.pk, scored.county_a2.pk, scored.county_b.pk]
    )
    assert result["n"] == 16 and result["evaluations"] == 96
    for p05, p95 in zip(result["p05"], result["p95"], strict=True):
        assert 1 <= p05 <= p95 <= 3


def test_asking_again_reuses_the_stored_analysis_of_the_run(
    scored, django_capture_on_commit_callbacks
):
    _start(scored.ministry, django_capture_on_commit_callbacks)
    first = SensitivityAnalysis.objects.get()
    _start(scored.analyst, django_capture_on_commit_callbacks)
    again = SensitivityAnalysis.objects.get()
    assert again.finished_at == first.finished_at and again.requested_by == scored.ministry


def test_a_failed_analysis_is_queued_again_and_a_done_one_is_not_recomputed(
    scored, django_capture_on_commit_callbacks
):
    _start(scored.ministry, django_capture_on_commit_callbacks)
    analysis = SensitivityAnalysis.objects.get()
    assert sensitivity.run_sensitivity_analysis(analysis.pk).finished_at == analysis.finished_at
    SensitivityAnalysis.objects.update(status=AnalysisStatus.FAILED, error="boom")
    _start(scored.ministry, django_capture_on_commit_callbacks)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE and analysis.error == ""


@pytest.mark.parametrize("persona", ["governor_a", "officer_a"])
def test_governors_and_provincial_officers_cannot_start_an_analysis(
    scored, persona, django_capture_on_commit_callbacks
):
    response = _start(scored.persona(persona), django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not SensitivityAnalysis.objects.exists()
    page = client_for(scored.persona(persona)).get(PAGE).content.decode()
    assert 'id="sensitivity-start"' not in page


def test_anonymous_visitors_see_nothing(scored, django_capture_on_commit_callbacks):
    _start(scored.ministry, django_capture_on_commit_callbacks)
    pk = SensitivityAnalysis.objects.get().pk
    for url in (PAGE, reverse("scores:sensitivity-status", args=[pk]), f"{PAGE}?format=csv"):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    assert client_for(None).post(START).status_code == 302


def test_everyone_who_browses_the_nation_reads_the_charts_the_county_view_and_the_csv(
    scored, django_capture_on_commit_callbacks
):
    _start(scored.analyst, django_capture_on_commit_callbacks)
    analysis = SensitivityAnalysis.objects.get()
    client = client_for(scored.governor_b)
    page = client.get(f"{PAGE}?county=CA2").content.decode()
    assert f'id="sensitivity-chart-{analysis.pk}"' in page
    assert 'id="sensitivity-county-table"' in page and "County A2" in page
    status = client.get(reverse("scores:sensitivity-status", args=[analysis.pk]))
    assert status.status_code == 200 and "hx-get" not in status.content.decode()
    response = client.get(f"{PAGE}?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    header = next(r for r in rows if "ST (weights)" in r)
    assert "S1 (aggregation)" in header
    assert {"CA", "CA2", "CB"} <= {cell for r in rows for cell in r}


def test_a_running_analysis_is_polled(scored):
    run = ScoreRun.objects.latest_published()
    job = SensitivityAnalysis.objects.create(
        run=run, methodology_code="x", methodology_version=1, period="1402", progress_total=6
    )
    SensitivityAnalysis.objects.filter(pk=job.pk).update(
        status=AnalysisStatus.RUNNING, progress_done=3
    )
    html = client_for(scored.ministry, "fa").get(PAGE).content.decode()
    assert "hx-get" in html and "۵۰٪" in html


def _sentence(html: str) -> str:
    found = re.search(r'id="county-uncertainty-sentence">([^<]*)<', html)
    assert found, "no sentence"
    return found.group(1)


def test_the_county_page_shows_the_rank_band_and_what_it_means_in_english(
    varied, django_capture_on_commit_callbacks
):
    world, counties = varied
    client = client_for(world.governor_a)
    before = {
        c.code: _sentence(client.get(f"/counties/{c.code}/").content.decode()) for c in counties
    }
    assert all("plausible alternative method" in text for text in before.values())
    assert not any("depends mostly" in text for text in before.values())
    _start(world.ministry, django_capture_on_commit_callbacks)
    analysis = SensitivityAnalysis.objects.get()
    named = 0
    for county in counties:
        indices = sensitivity.county_indices(analysis, county.pk)
        assert indices is not None
        after = _sentence(client.get(f"/counties/{county.code}/").content.decode())
        if indices.dominant:  # a rank that moves: the sentence names what moves it most
            assert f"depends mostly on the {indices.dominant}" in after
            named += 1
        else:
            assert "depends mostly" not in after
    assert named  # at least one county's rank moves, so the sentence is put to the test


def test_the_county_page_sentence_is_in_persian_with_persian_digits(scored):
    html = client_for(scored.governor_a, "fa").get(reverse("counties:county", args=["CA"]))
    sentence = _sentence(html.content.decode())
    assert re.search("[۰-۹]", sentence) and not re.search("[0-9]", sentence)
    assert "روش" in sentence


@pytest.mark.parametrize(
    ("language", "wanted"),
    [
        ("en", "ranks between 2 and 5 of 10 (published rank: 3). The rank depends mostly on"),
        ("fa", "۲"),
    ],
)
def test_the_band_sentence_reads_in_both_languages(language, wanted):
    from django.utils import translation

    with translation.override(language):
        text = band_sentence(3, 2, 5, 10, str(sensitivity.GROUP_LABELS["weights"]))
    assert wanted in text
    if language == "fa":
        assert not re.search("[0-9]", text) and "وزن" in text


def test_an_analysis_abandoned_by_its_worker_is_queued_again(
    scored, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    run = ScoreRun.objects.latest_published()
    job = SensitivityAnalysis.objects.create(
        run=run,
        methodology_code=run.methodology_snapshot["code"],
        methodology_version=run.methodology_snapshot["version"],
        period="1402",
        status=AnalysisStatus.RUNNING,
        samples=16,
    )
    _start(scored.ministry, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == AnalysisStatus.RUNNING  # recent: still under way, left alone
    SensitivityAnalysis.objects.update(queued_at=timezone.now() - datetime.timedelta(hours=2))
    _start(scored.ministry, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == AnalysisStatus.DONE


def test_the_analyses_marker_changes_when_one_finishes_again_or_is_deleted(
    scored, django_capture_on_commit_callbacks
):
    """The county page's score panels are keyed by it (scores.templatetags.scores), read with
    the published run (scores.queries.published_run_stamp) or, for a run read otherwise, by
    its own query."""

    def markers() -> tuple[str, str]:
        stamp = published_run_stamp()
        run = ScoreRun.objects.latest_published()
        assert stamp is not None and run is not None and stamp.pk == run.pk
        assert stamp.published_at == run.published_at
        return stamp.analyses, sensitivity.analyses_marker(run)

    assert markers() == ("0/-", "0/-")
    _start(scored.ministry, django_capture_on_commit_callbacks)
    one, same = markers()
    assert one == same and one.startswith("1/")
    analysis = SensitivityAnalysis.objects.get()
    analysis.finished_at = analysis.finished_at + datetime.timedelta(minutes=1)  # done again
    analysis.save(update_fields=["finished_at"])
    again, same = markers()
    assert again == same and again.startswith("1/") and again != one
    analysis.status = AnalysisStatus.FAILED
    analysis.save(update_fields=["status"])
    assert markers() == ("0/-", "0/-")
    analysis.delete()
    assert markers() == ("0/-", "0/-")


def test_no_published_run_has_no_stamp(world):
    assert published_run_stamp() is None
