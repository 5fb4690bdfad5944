"""With tasks in-process (no broker), long work runs in a background thread: the request returns at
once and the page shows progress until the job is done (governance/queueing.py)."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from counties import imports
from counties.choices import ImportStatus
from counties.models import ImportJob, Observation
from counties.services import ensure_default_catalogue
from governance import queueing
from scores.services import ensure_default_methodology
from tests.conftest import client_for

# transactional: the background thread has its own connection and sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

ROWS = "indicator,county,period,value\n" + "".join(
    f"new_jobs,{code},1402,{n}\n" for n, code in enumerate(("CA", "CA2", "CB"))
)


@pytest.fixture
def in_background(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS_IN_BACKGROUND_THREAD = True  # the default outside the test suite
    ensure_default_catalogue()
    ensure_default_methodology()
    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)  # a "large" file: tasks do the work
    yield world
    queueing.wait_for_background_tasks(timeout=120)


def test_confirming_a_large_import_returns_before_the_import_and_the_page_shows_progress(
    in_background, monkeypatch
):
    client = client_for(in_background.analyst)
    data = SimpleUploadedFile("data.csv", ROWS.encode(), content_type="text/csv")
    client.post("/counties/import/", {"file": data, "source": ""})
    queueing.wait_for_background_tasks(timeout=120)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY

    request_thread = threading.current_thread()
    release = threading.Event()
    ran_in: list[threading.Thread] = []
    real_apply = imports.apply_import_job

    def held_apply(job_id: int):
        ran_in.append(threading.current_thread())
        if threading.current_thread() is not request_thread:  # never block the test itself
            release.wait()
        return real_apply(job_id)

    monkeypatch.setattr(imports, "apply_import_job", held_apply)
    try:
        response = client.post(f"/counties/import/{job.pk}/confirm/")
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.status == ImportStatus.IMPORTING  # the request did not wait for the import
        status = client.get(f"/counties/import/{job.pk}/status/").content.decode()
        assert 'hx-trigger="every 1s"' in status and "progress-bar" in status
    finally:
        release.set()
    queueing.wait_for_background_tasks(timeout=120)
    assert ran_in and ran_in[0] is not request_thread
    job.refresh_from_db()
    # An analyst's import is held for approval: its three values wait in a submission.
    assert job.status == ImportStatus.DONE and job.submission.values.count() == 3
    assert not Observation.objects.exists()
    done = client.get(f"/counties/import/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in done and "waiting for approval by ministry staff" in done


def test_a_task_that_fails_in_the_background_thread_is_logged_and_the_thread_goes_on(
    in_background, caplog
):
    from counties.tasks import check_import

    queueing.enqueue(check_import, 987654)  # no such job: the task raises DoesNotExist
    queueing.wait_for_background_tasks(timeout=120)
    assert "background task counties.tasks.check_import" in caplog.text
    ok: list[int] = []
    future = queueing._background().submit(ok.append, 1)
    future.result(timeout=120)
    assert ok == [1]
