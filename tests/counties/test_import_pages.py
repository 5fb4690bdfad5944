"""Import in the browser: upload, preview, confirm; large files in Celery with progress."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from counties import imports
from counties.choices import ImportStatus
from counties.models import ImportJob, Observation
from counties.services import ensure_default_catalogue
from scores.models import ScoreRun
from scores.services import ensure_default_methodology
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

GOOD = b"indicator,county,period,value\nnew_jobs,CA,1402,4\nnew_jobs,CB,1402,6\n"
BAD = b"indicator,county,period,value\nnew_jobs,CA,1402,4\nnew_jobs,ZZ,1402,x\n"


@pytest.fixture
def site(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_default_catalogue()
    ensure_default_methodology()
    return world


def upload(
    client, content: bytes = GOOD, name: str = "data.csv", source: str = "", approve: bool = False
):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "source": source}
    if approve:
        data["approve"] = "on"
    return client.post("/counties/import/", data)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_ministry_staff_and_analysts_may_import(site, persona):
    client = client_for(site.persona(persona))
    page = client.get("/counties/import/")
    posted = upload(client)
    allowed = persona in ("ministry", "analyst")
    if persona == "anonymous":
        assert page.status_code == posted.status_code == 302
        assert "/accounts/login/" in page["Location"]
    else:
        assert page.status_code == (200 if allowed else 403)
        assert posted.status_code == (302 if allowed else 403)
    assert ImportJob.objects.exists() == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_import_is_seen_by_its_uploader_and_ministry_staff_only(site, persona):
    job_url = upload(client_for(site.analyst))["Location"]
    client = client_for(site.persona(persona))
    for url in (job_url, job_url + "status/"):
        response = client.get(url)
        expected = {"anonymous": 302, "analyst": 200, "ministry": 200}.get(persona, 403)
        assert response.status_code == expected


def test_upload_shows_a_preview_and_an_analysts_import_waits_for_approval(
    site, django_capture_on_commit_callbacks
):
    from submissions.models import Submission
    from submissions.services import approve_submission

    client = client_for(site.analyst)
    response = upload(client, source="Ministry of Labour", approve=True)  # not theirs to ask
    job = ImportJob.objects.get()
    assert response["Location"] == f"/counties/import/{job.pk}/"
    assert not job.approve_on_upload
    assert job.status == ImportStatus.READY and (job.created, job.updated, job.unchanged) == (
        2,
        0,
        0,
    )
    html = client.get(response["Location"]).content.decode()
    assert 'data-count="created">2<' in html and "Import these values" in html
    assert "reach the data and the scores only when ministry staff approve it" in html
    assert not Observation.objects.exists()

    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(f"/counties/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.score_run is None
    delay.assert_not_called()
    assert not Observation.objects.exists()
    submission = Submission.objects.get(import_job=job)
    assert (submission.state, submission.origin, submission.submitted_by) == (
        "submitted",
        "import",
        site.analyst,
    )
    assert submission.values.count() == 2
    held = client.get(f"/counties/import/{job.pk}/").content.decode()
    assert "waiting for approval by ministry staff" in held and "Waiting for approval" in held
    assert "To create" in held and "Created" not in held
    listed = client.get("/counties/import/").content.decode()
    assert "Waiting for approval" in listed

    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        approve_submission(submission, user=site.ministry)
    stored = Observation.objects.get(county=site.county_a)
    assert (stored.value, stored.source, stored.updated_by) == (
        4,
        "Ministry of Labour",
        site.analyst,
    )
    run = ScoreRun.objects.get()
    assert run.trigger == "approval"
    delay.assert_called_once_with(run.pk)
    assert "The file was imported." in client.get(f"/counties/import/{job.pk}/").content.decode()


def test_a_returned_import_says_so_on_its_page_with_the_comment(site):
    from submissions.services import return_submission

    client = client_for(site.analyst)
    upload(client)
    job = ImportJob.objects.get()
    client.post(f"/counties/import/{job.pk}/confirm/")
    job.refresh_from_db()
    return_submission(job.submission, user=site.ministry, comment="Wrong year")
    html = client.get(f"/counties/import/{job.pk}/").content.decode()
    assert "Ministry staff returned these values" in html and "Wrong year" in html
    assert "To create" in html and "Created" not in html


def test_ministry_staff_may_approve_national_statistics_on_upload(
    site, django_capture_on_commit_callbacks
):
    from submissions.models import Submission

    client = client_for(site.ministry)
    assert "Approve these values on upload" in client.get("/counties/import/").content.decode()
    upload(client, source="Ministry of Labour", approve=True)
    job = ImportJob.objects.get()
    assert job.approve_on_upload
    assert "importing writes these values at once" in (
        client.get(f"/counties/import/{job.pk}/").content.decode()
    )
    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(f"/counties/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.score_run is not None
    delay.assert_called_once_with(job.score_run.pk)
    stored = Observation.objects.get(county=site.county_a)
    assert (stored.value, stored.updated_by) == (4, site.ministry)
    submission = Submission.objects.get(import_job=job)
    assert (submission.state, submission.decided_by) == ("approved", site.ministry)
    assert submission.values.get(county=site.county_a).observation == stored
    assert "Its values were approved on upload." in (
        client.get(f"/counties/import/{job.pk}/").content.decode()
    )


def test_analysts_are_not_offered_approval_on_upload(site):
    html = client_for(site.analyst).get("/counties/import/").content.decode()
    assert "Approve these values on upload" not in html and 'name="approve"' not in html


def test_the_same_file_again_previews_as_unchanged_and_offers_nothing_to_import(site):
    client = client_for(site.ministry)
    upload(client, approve=True)
    client.post(f"/counties/import/{ImportJob.objects.get().pk}/confirm/")
    response = upload(client)
    job = ImportJob.objects.latest("pk")
    assert (job.created, job.updated, job.unchanged) == (0, 0, 2)
    html = client.get(response["Location"]).content.decode()
    assert "nothing to import" in html and "Import these values" not in html


def test_a_file_with_errors_lists_them_by_row_and_column_and_cannot_be_confirmed(site):
    client = client_for(site.ministry)
    response = upload(client, BAD)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID and job.issue_count == 2
    html = client.get(response["Location"]).content.decode()
    assert "The file has 2 errors" in html
    assert "Unknown county “ZZ”" in html and "“x” is not a number." in html
    client.post(f"/counties/import/{job.pk}/confirm/")
    assert ImportJob.objects.get().status == ImportStatus.INVALID
    assert not Observation.objects.exists()


def test_only_the_uploader_confirms(site):
    upload(client_for(site.analyst))
    job = ImportJob.objects.get()
    assert client_for(site.ministry).post(f"/counties/import/{job.pk}/confirm/").status_code == 403
    assert ImportJob.objects.get().status == ImportStatus.READY


def test_errors_are_shown_in_persian_to_a_persian_reader(site):
    client = client_for(site.ministry)
    response = upload(client, BAD)
    site.ministry.language = "fa"
    site.ministry.save(update_fields=["language"])
    client.cookies["django_language"] = "fa"
    html = client.get(response["Location"]).content.decode()
    # The file's value in a first-strong isolate: it reads as typed inside Persian text.
    assert "شهرستان «\u2068ZZ\u2069» شناخته نیست" in html


def test_a_large_file_is_checked_and_imported_by_celery_tasks_with_progress(
    site, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    lines = ["indicator,county,period,value"] + [
        f"new_jobs,{county},{year},{year % 7}"
        for county in ("CA", "CB")
        for year in range(1380, 1400)
    ]
    client = client_for(site.analyst)
    recorded: list[tuple[int, int]] = []
    real = imports._job_progress

    def spy(job_id):
        report = real(job_id)

        def wrapped(done, total):
            recorded.append((done, total))
            report(done, total)

        return wrapped

    monkeypatch.setattr(imports, "_job_progress", spy)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, "\n".join(lines).encode())
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.VALIDATING and len(callbacks) == 1
    busy = client.get(f"/counties/import/{job.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in busy and "progress-bar" in busy

    callbacks[0]()  # the Celery task (eager in tests) checks the file
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and job.created == 40
    assert recorded and recorded[-1][0] == recorded[-1][1]
    done = client.get(f"/counties/import/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in done

    with (
        mock.patch("scores.tasks.rebuild_scores.delay"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(f"/counties/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.submission.values.count() == 40 and not Observation.objects.exists()
    assert response.status_code == 302


def test_an_unexpected_failure_is_recorded_on_the_job_and_writes_nothing(site, monkeypatch):
    client = client_for(site.analyst)
    upload(client)
    job = ImportJob.objects.get()

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "_recorder", explode)  # holding the values for approval fails
    client.post(f"/counties/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "disk on fire" in job.error
    assert not Observation.objects.exists() and not ScoreRun.objects.exists()
    assert not hasattr(ImportJob.objects.get(), "submission")
    html = client_for(site.ministry).get(f"/counties/import/{job.pk}/").content.decode()
    assert "disk on fire" in html
    assert "disk on fire" not in client.get(f"/counties/import/{job.pk}/").content.decode()


def test_only_csv_and_xlsx_files_are_accepted(site):
    response = upload(client_for(site.analyst), b"%PDF-1.4", name="report.pdf")
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_the_import_page_runs_a_bounded_number_of_queries(site, django_assert_max_num_queries):
    client = client_for(site.ministry)
    for _ in range(15):
        upload(client)
    with django_assert_max_num_queries(6):
        assert client.get("/counties/import/").status_code == 200


def test_ministry_uploads_a_year_of_data_and_every_county_gets_its_score(
    site, django_capture_on_commit_callbacks
):
    """The issue's proof: upload a year, see it validated, then the scores recomputed."""
    from scores.models import Score
    from scores.services import publish_score_run
    from tests.observations import SPEC_CODES, mix

    header = "county,period," + ",".join(SPEC_CODES)
    lines = [header] + [
        f"{code},۱۴۰۳," + ",".join(f"{mix(q)[c]:.2f}" for c in SPEC_CODES)
        for code, q in (("CA", 0.9), ("CA2", 0.2), ("CB", 0.6))
    ]
    client = client_for(site.ministry)
    response = upload(
        client, "\n".join(lines).encode(), name="1403.csv", source="Survey 1403", approve=True
    )
    job = ImportJob.objects.get()
    assert job.layout == "wide" and job.created == 30 and job.issue_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/counties/import/{job.pk}/confirm/")
    job.refresh_from_db()
    run = job.score_run
    run.refresh_from_db()
    # The import's rebuild ends as a draft; the scores pages show it once ministry staff publish.
    assert run.status == "draft"
    assert "County A<" not in client.get("/counties/scores/?period=1403").content.decode()
    publish_score_run(run.pk, user=site.ministry)
    run.refresh_from_db()
    assert run.status == "published"
    ranking = list(
        Score.objects.filter(run=run, period="1403")
        .order_by("national_rank")
        .values_list("county__code", flat=True)
    )
    assert ranking == ["CA", "CB", "CA2"]
    assert response.status_code == 302
    html = client.get("/counties/scores/?period=1403").content.decode()
    assert html.index("County A<") < html.index("County B<") < html.index("County A2<")
