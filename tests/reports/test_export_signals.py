"""reports.signals.export_job_finished: sent once for every export job that finishes, built or
failed, after its row is saved (another app's receiver reads the job's final state)."""

from __future__ import annotations

import pytest

from reports.models import ExportJob, ExportKind, ExportStatus
from reports.services import request_export
from reports.signals import export_job_finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished():
    """The jobs the signal announced, as stored when it was sent."""
    seen: list[tuple[type, ExportJob, ExportJob]] = []

    def receiver(sender, job, **kwargs):
        seen.append((sender, job, ExportJob.objects.get(pk=job.pk)))

    export_job_finished.connect(receiver)
    yield seen
    export_job_finished.disconnect(receiver)


def _county_report(world, captured) -> ExportJob:
    with captured(execute=True):
        job = request_export(world.ministry, ExportKind.COUNTY_REPORT, {"county": "CA"}, "en")
    job.refresh_from_db()
    return job


def test_a_built_job_is_announced_once_with_its_file_saved(
    world, monkeypatch, finished, django_capture_on_commit_callbacks
):
    from reports import report_data

    monkeypatch.setattr(report_data, "county_report_pdf", lambda *a, **k: b"%PDF-1.7 test")
    job = _county_report(world, django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.DONE
    [(sender, announced, stored)] = finished
    assert sender is ExportJob and announced.pk == job.pk
    assert announced.status == stored.status == ExportStatus.DONE and stored.file
    assert announced.file.name == stored.file.name and stored.finished_at is not None


def test_a_failed_job_is_announced_once_with_its_error_saved(
    world, monkeypatch, finished, django_capture_on_commit_callbacks
):
    from reports import report_data

    def broken(*args, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(report_data, "county_report_pdf", broken)
    job = _county_report(world, django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.FAILED
    [(sender, announced, stored)] = finished
    assert sender is ExportJob and announced.pk == job.pk
    assert announced.status == stored.status == ExportStatus.FAILED
    assert "printer caught fire" in announced.error == stored.error
    assert stored.finished_at is not None and not stored.file


def test_a_job_already_built_is_not_announced_again(world, finished):
    from reports.tasks import build_export

    job = ExportJob.objects.create(
        user=world.ministry,
        kind=ExportKind.COUNTY_REPORT,
        params={"county": "CA"},
        status=ExportStatus.DONE,
    )
    assert build_export.apply(args=(job.pk,)).get() == ExportStatus.DONE
    assert finished == []


def test_a_briefing_whose_user_lost_the_right_fails_with_the_reason(world, finished):
    """A pack built for someone who may no longer make it (a scheduled pack whose creator was
    moved or deactivated) fails at once, without retries, saying why."""
    from reports.tasks import build_export

    job = ExportJob.objects.create(
        user=world.governor_a,
        kind=ExportKind.PROVINCE_BRIEFING,
        params={"province": "PA"},
        language="en",
    )
    build_export.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.attempts == 1
    assert job.error == "gov_a may no longer make the briefing pack of Province A."
    assert [stored.pk for _, _, stored in finished] == [job.pk]
