"""With the broker down, queued work is refused with a message, leaves nothing stuck, and can be
asked for again (governance/queueing.py)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError

from counties import imports
from counties.choices import ImportStatus
from counties.models import ImportJob, Observation
from counties.services import ensure_default_catalogue
from governance import queueing
from governance.celery import app
from reports.models import ExportJob, ExportStatus
from scores.choices import ScoreRunStatus
from scores.models import ScoreRun
from scores.services import ensure_default_methodology
from tests.conftest import client_for, visible_text

# transactional: on-commit work runs when the view's write commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

NOT_QUEUED = "The work could not be queued"
ROWS = "indicator,county,period,value\n" + "".join(
    f"new_jobs,{code},1402,{n}\n" for n, code in enumerate(("CA", "CA2", "CB"))
)


@pytest.fixture
def broker_down():
    """Every send to the broker fails as kombu fails when nothing listens on its port."""
    refused = BrokerError("[Errno 111] Connection refused")
    with mock.patch("celery.app.task.Task.apply_async", side_effect=refused):
        yield


@pytest.fixture
def site(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    ensure_default_catalogue()
    ensure_default_methodology()
    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)  # every file goes to a task
    return world


def _upload(client):
    data = SimpleUploadedFile("data.csv", ROWS.encode(), content_type="text/csv")
    return client.post("/counties/import/", {"file": data, "source": ""}, follow=True)


def test_a_report_asked_for_while_the_broker_is_down_fails_with_a_reason_and_can_be_asked_again(
    world, broker_down
):
    client = client_for(world.governor_a)
    page = client.post("/reports/jobs/new/", {"kind": "county_report", "county": "CA"}, follow=True)
    assert page.status_code == 200
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and NOT_QUEUED in job.error
    assert job.finished_at is not None
    assert NOT_QUEUED in visible_text(page.content.decode())
    assert 'hx-trigger="every 1s"' not in page.content.decode()  # nothing left polling
    with mock.patch("reports.tasks.build_export.delay") as send:
        client.post("/reports/jobs/new/", {"kind": "county_report", "county": "CA"})
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert again.status == ExportStatus.QUEUED and send.call_args.args == (again.pk,)


def test_a_report_refusal_reads_in_persian_under_persian(world, broker_down):
    client = client_for(world.governor_a, language="fa")
    page = client.post("/reports/jobs/new/", {"kind": "county_report", "county": "CA"}, follow=True)
    assert "کار در صف قرار نگرفت" in visible_text(page.content.decode())


def test_a_large_upload_while_the_broker_is_down_is_failed_not_left_validating(site, broker_down):
    page = _upload(client_for(site.analyst))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and NOT_QUEUED in job.error
    assert page.status_code == 200 and NOT_QUEUED in visible_text(page.content.decode())
    assert 'hx-trigger="every 1s"' not in page.content.decode()


def test_confirming_a_large_import_while_the_broker_is_down_can_be_confirmed_again(site):
    client = client_for(site.analyst)
    _upload(client)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY
    with mock.patch("celery.app.task.Task.apply_async", side_effect=BrokerError("down")):
        page = client.post(f"/counties/import/{job.pk}/confirm/", follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and not Observation.objects.exists()
    html = page.content.decode()
    assert NOT_QUEUED in visible_text(html) and "Import these values" in html
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client.post(f"/counties/import/{job.pk}/confirm/")  # the broker is back
    job.refresh_from_db()
    # An analyst's import is held for approval: its three values wait in a submission.
    assert job.status == ImportStatus.DONE and job.submission.values.count() == 3
    assert not Observation.objects.exists()


def test_the_rebuild_button_says_the_run_was_not_queued_and_a_second_press_queues_one(
    site, broker_down
):
    client = client_for(site.ministry)
    page = client.post("/counties/scores/runs/rebuild/", follow=True)
    assert NOT_QUEUED in visible_text(page.content.decode())
    assert "is queued" not in visible_text(page.content.decode())
    refused = ScoreRun.objects.get()
    assert refused.status == ScoreRunStatus.FAILED and NOT_QUEUED in refused.error
    with mock.patch("scores.tasks.rebuild_scores.delay") as send:
        client.post("/counties/scores/runs/rebuild/")
    queued = ScoreRun.objects.get(status=ScoreRunStatus.QUEUED)
    assert send.call_args.args == (queued.pk,)


def test_rebuild_scores_says_it_could_not_queue_and_exits_non_zero(site, broker_down):
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("rebuild_scores", language="en")
    assert NOT_QUEUED in str(refused.value)


def test_a_broker_nobody_listens_on_is_a_refusal_not_an_exception(world, monkeypatch):
    """A real send to a dead loopback port, no mock."""
    from scores.tasks import recover_score_runs

    dead = "amqp://guest:guest@127.0.0.1:9//"
    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", dead)
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, dead
    app._pool = None  # connections are pooled: forget any made to another broker
    app.amqp._producer_pool = None
    reasons: list[str] = []
    try:
        with translation.override("en"):
            sent = queueing.enqueue(recover_score_runs, on_failure=reasons.append)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        app._pool = None
        app.amqp._producer_pool = None
    assert sent is False and reasons and NOT_QUEUED in reasons[0]


def _methodology_form(spec, **changes):
    import json

    data = {"code": "tavazon-default", "name_fa": "پیش‌فرض", "name_en": "Default"}
    data.update(description="", spec_text=json.dumps(spec), **changes)
    return data


def test_making_a_methodology_current_while_the_broker_is_down_says_the_rebuild_was_not_queued(
    site, broker_down
):
    from counties.catalogue import DEFAULT_METHODOLOGY

    client = client_for(site.ministry, language="fa")
    spec = DEFAULT_METHODOLOGY["spec"]
    form = _methodology_form(spec, code="alternative", name_en="Alternative")
    client.post("/counties/methodologies/new/", form)
    page = client.post("/counties/methodologies/alternative/current/", follow=True)
    assert page.status_code == 200
    assert "کار در صف قرار نگرفت" in visible_text(page.content.decode())
    refused = ScoreRun.objects.get()
    assert refused.status == ScoreRunStatus.FAILED and refused.trigger == "methodology"


def test_editing_the_current_methodology_while_the_broker_is_down_says_so_on_its_page(
    site, broker_down
):
    import copy

    from counties.catalogue import DEFAULT_METHODOLOGY

    changed = copy.deepcopy(DEFAULT_METHODOLOGY["spec"])
    changed["dimensions"][0]["weight"] = 2
    client = client_for(site.ministry)
    page = client.post(
        "/counties/methodologies/tavazon-default/edit/", _methodology_form(changed), follow=True
    )
    text = visible_text(page.content.decode())
    assert NOT_QUEUED in text and "Scores will be recomputed" not in text
    assert ScoreRun.objects.get().status == ScoreRunStatus.FAILED


CHECK_AGAIN = "Check again"


def test_an_import_whose_check_was_not_queued_is_checked_again_from_its_page(site):
    client = client_for(site.analyst)
    with mock.patch("celery.app.task.Task.apply_async", side_effect=BrokerError("down")):
        _upload(client)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    page = client.get(f"/counties/import/{job.pk}/").content.decode()
    assert CHECK_AGAIN in page and f'action="/counties/import/{job.pk}/check/"' in page
    with mock.patch("celery.app.task.Task.apply_async", side_effect=BrokerError("down")):
        still_down = client.post(f"/counties/import/{job.pk}/check/", follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and NOT_QUEUED in job.error
    assert NOT_QUEUED in visible_text(still_down.content.decode())
    page = client.post(f"/counties/import/{job.pk}/check/", follow=True)  # the broker is back
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and job.error == "" and job.created == 3
    assert "Import these values" in page.content.decode()
    assert CHECK_AGAIN not in page.content.decode()


@pytest.mark.parametrize("persona", ["governor_a", "officer_a", "ministry"])
def test_only_the_uploader_may_check_an_import_again(site, broker_down, persona):
    _upload(client_for(site.analyst))
    job = ImportJob.objects.get()
    response = client_for(site.persona(persona)).post(f"/counties/import/{job.pk}/check/")
    assert response.status_code in (403, 404)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    if persona == "ministry":  # may read the job, but the button is the uploader's
        page = client_for(site.ministry).get(f"/counties/import/{job.pk}/").content.decode()
        assert CHECK_AGAIN not in page


def test_an_import_that_failed_on_its_data_is_not_offered_a_new_check(site, monkeypatch):
    client = client_for(site.analyst)

    def explode(*args, **kwargs):
        raise ValueError("row 2 is not what it seems")

    monkeypatch.setattr(imports, "plan_import", explode)
    _upload(client)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "row 2" in job.error
    assert CHECK_AGAIN not in client.get(f"/counties/import/{job.pk}/").content.decode()
    monkeypatch.undo()
    client.post(f"/counties/import/{job.pk}/check/")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "row 2" in job.error


def test_a_persian_reader_is_offered_the_new_check_in_persian(site, broker_down):
    client = client_for(site.analyst, language="fa")
    _upload(client)
    job = ImportJob.objects.get()
    page = visible_text(client.get(f"/counties/import/{job.pk}/").content.decode())
    assert "بررسی دوباره" in page and "سرویس اجرای کارها در دسترس نبود" in page
