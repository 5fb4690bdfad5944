"""Numbers the templates print read in the reader's digits and percent sign: Persian digits and
'٪' under fa, Latin digits and '%' under en (counts, limits, sizes, units, progress)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from counties.choices import ImportStatus
from counties.models import ImportJob, Indicator
from participation import services
from tests.conftest import client_for, visible_text
from tests.participation import factories as f
from tests.project_factories import catalogue, make_plan, make_project, observe

pytestmark = pytest.mark.django_db


def _text(user, url: str, language: str) -> str:
    response = client_for(user, language).get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.parametrize(
    "language, counties, projects",
    [("en", "3 counties", "1 project"), ("fa", "۳ شهرستان", "۱ طرح")],
)
def test_counts_of_counties_and_projects(world, language, counties, projects):
    make_project(world.county_a)
    assert counties in _text(world.ministry, "/counties/", language)
    assert projects in _text(world.ministry, "/counties/CA/projects/", language)
    assert projects in _text(world.ministry, "/projects/", language)


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ("The file has 3 errors.", "25%")),
        ("fa", ("پرونده ۳ خطا دارد.", "۲۵٪")),
    ],
)
def test_an_imports_error_count_and_progress(world, settings, tmp_path, language, expected):
    settings.MEDIA_ROOT = tmp_path
    catalogue()
    bad = b"indicator,county,period,value\nnew_jobs,ZZ,1402,4\nnew_jobs,ZZ,1402,x\n"
    client = client_for(world.ministry, language)
    upload = SimpleUploadedFile("data.csv", bad, content_type="text/csv")
    client.post("/counties/import/", {"file": upload, "source": ""})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert expected[0] in _text(world.ministry, f"/counties/import/{job.pk}/status/", language)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.VALIDATING, progress_done=1, progress_total=4
    )
    assert expected[1] in _text(world.ministry, f"/counties/import/{job.pk}/status/", language)


@pytest.mark.parametrize("language, expected", [("en", "Choose 2 to 6"), ("fa", "۲ تا ۶")])
def test_the_compare_page_says_how_many_counties_to_choose(world, language, expected):
    assert expected in _text(world.ministry, "/dashboards/compare/", language)


@pytest.mark.parametrize(
    "language, expected",
    [("en", ("Up to 5 MB", "13 bytes")), ("fa", ("حداکثر ۵ مگابایت", "۱۳ بایت"))],
)
def test_an_experiences_attachment_limit_and_size(world, language, expected):
    experience = f.experience(world.county_a)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    services.attach_file(experience, upload)
    text = _text(world.governor_a, f"/participation/experiences/{experience.pk}/", language)
    for value in expected:
        assert value in text


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "JPEG, PNG or WebP photos and PDF documents, up to 5 MB each."),
        ("fa", "عکس JPEG، PNG یا WebP و سند PDF، هر کدام تا ۵ مگابایت."),
    ],
)
def test_a_projects_evidence_limit_is_in_the_readers_language_and_digits(world, language, expected):
    project = make_project(world.county_a)
    text = _text(world.governor_a, f"/counties/CA/projects/{project.pk}/", language)
    assert expected in text


@pytest.mark.parametrize("language, expected", [("en", "0912-000-0000"), ("fa", "۰۹۱۲-۰۰۰-۰۰۰۰")])
def test_a_projects_responsible_contact_is_in_the_readers_digits(world, language, expected):
    project = make_project(world.county_a)
    assert expected in _text(world.governor_a, f"/counties/CA/projects/{project.pk}/", language)


@pytest.mark.parametrize("language, sign, other", [("en", "%", "٪"), ("fa", "٪", "%")])
def test_a_percent_unit_is_written_in_the_readers_sign(world, language, sign, other):
    """Indicator units are stored in English ('%'); pages show them in the active language."""
    indicator_id = observe(world.county_a, "unemployment_rate", "1403", 11.0).indicator_id
    project = make_project(world.county_a)
    project.kpis.create(
        indicator_id=indicator_id, baseline=12, target=10, deadline=project.period_end
    )
    plan = make_plan(world.county_a)
    plan.targets.create(
        indicator_id=indicator_id, baseline=12, target_value=10, deadline=plan.period_end
    )
    experience = f.experience(world.county_a)
    services.add_experience_result(
        experience,
        indicator=Indicator.objects.get(pk=indicator_id),
        before_value=12,
        after_value=11,
    )
    for url in (
        f"/counties/CA/projects/{project.pk}/",
        f"/counties/CA/plans/{plan.pk}/",
        f"/participation/experiences/{experience.pk}/",
        "/participation/CA/investments/",
    ):
        text = _text(world.governor_a, url, language)
        assert sign in text and other not in text, url
