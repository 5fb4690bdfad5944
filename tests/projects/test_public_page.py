"""The public page of a county: no login, only public projects and fields, safe feedback."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from projects.models import Evidence, ProgressUpdate, ProjectFeedback
from tests.conftest import PERSONAS, client_for
from tests.project_factories import days, make_milestone, make_project, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    cache.clear()
    yield
    cache.clear()


def _photo(project, *, public=True, kind="photo", content_type="image/png"):
    update = ProgressUpdate.objects.create(
        project=project, date=days(-1), percent=10, note="Internal note: contractor paid late"
    )
    evidence = Evidence(
        update=update, kind=kind, content_type=content_type, size=10, is_public=public
    )
    evidence.file.save("x.png", ContentFile(png_bytes()), save=True)
    return evidence


@pytest.fixture
def projects(world):
    shown = make_project(world.county_a, title_en="Park for everyone", planned_budget=12345678900)
    make_milestone(shown, -10, done=-12, title="Trees planted")
    make_milestone(shown, 30, title="Benches installed")
    hidden = make_project(world.county_a, title_en="Secret study", is_public=False)
    archived = make_project(world.county_a, title_en="Old archived", archived_at=timezone.now())
    return {
        "shown": shown,
        "hidden": hidden,
        "archived": archived,
        "photo": _photo(shown),
        "private_photo": _photo(shown, public=False),
        "document": _photo(shown, kind="document", content_type="application/pdf"),
        "hidden_photo": _photo(hidden),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_public_page_without_logging_in(world, projects, persona):
    response = client_for(world.persona(persona)).get("/public/CA/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Park for everyone" in html
    assert "Secret study" not in html and "Old archived" not in html


def test_non_public_and_archived_projects_are_never_reachable_anonymously(world, projects):
    client = Client()
    for key in ("hidden", "archived"):
        assert client.get(f"/public/CA/projects/{projects[key].pk}/").status_code == 404
    shown = projects["shown"]
    assert client.get(f"/public/CB/projects/{shown.pk}/").status_code == 404  # wrong county
    assert client.get(f"/counties/CA/projects/{shown.pk}/").status_code == 302  # to login


def test_private_fields_never_appear_on_the_public_page(world, projects):
    client = Client()
    shown = projects["shown"]
    for url in ("/public/CA/", f"/public/CA/projects/{shown.pk}/"):
        html = client.get(url).content.decode()
        for private in (
            "Ms Private Person",
            "0912-000-0000",
            "Internal note",
            "1,234",
            "billion",
            "tomans",
            "rials",
        ):
            assert private not in html, (url, private)
    html = client.get(f"/public/CA/projects/{shown.pk}/").content.decode()
    assert "Trees planted" in html and "Benches installed" in html


def test_only_public_photos_of_public_projects_are_served(world, projects):
    client = Client()
    shown = projects["shown"]
    ok = client.get(f"/public/CA/projects/{shown.pk}/photos/{projects['photo'].pk}/")
    assert ok.status_code == 200 and ok["Content-Type"] == "image/png"
    for key, project in (
        ("private_photo", shown),
        ("document", shown),
        ("hidden_photo", projects["hidden"]),
    ):
        url = f"/public/CA/projects/{project.pk}/photos/{projects[key].pk}/"
        assert client.get(url).status_code == 404, key
    html = client.get(f"/public/CA/projects/{shown.pk}/").content.decode()
    assert f"/photos/{projects['photo'].pk}/" in html
    assert f"/photos/{projects['private_photo'].pk}/" not in html


def test_the_public_page_is_readable_on_a_phone_in_both_languages(world, projects):
    client = Client()
    html = client.get("/public/CA/").content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    client.cookies["django_language"] = "en"
    html = client.get("/public/CA/").content.decode()
    assert 'lang="en"' in html and "Park for everyone" in html


def _feedback(**changes):
    data = {"text": "Please add lights", "name": "", "rating": "4", "website": ""}
    data.update(changes)
    return data


def test_a_citizen_leaves_feedback_without_an_account(world, projects):
    shown = projects["shown"]
    response = Client().post(
        f"/public/CA/projects/{shown.pk}/", _feedback(), REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    feedback = ProjectFeedback.objects.get()
    assert (
        feedback.project == shown and feedback.rating == 4 and feedback.text == "Please add lights"
    )
    assert "203.0.113.9" not in feedback.ip_hash and len(feedback.ip_hash) == 64


def test_feedback_pasted_and_sent_right_after_loading_the_page_is_accepted(world, projects):
    url = f"/public/CA/projects/{projects['shown'].pk}/"
    client = Client(HTTP_ACCEPT_LANGUAGE="fa")
    page = client.get(url).content.decode()
    assert 'name="website"' in page
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields.pop("csrfmiddlewaretoken", None)
    response = client.post(url, {**fields, **_feedback(text="چراغ‌های پارک خاموش است")})
    assert response.status_code == 302
    assert ProjectFeedback.objects.get().text == "چراغ‌های پارک خاموش است"


def test_a_filled_honeypot_is_dropped_without_telling_the_robot(world, projects):
    url = f"/public/CA/projects/{projects['shown'].pk}/"
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(url, _feedback(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == url
    assert not ProjectFeedback.objects.exists()


def test_feedback_is_rate_limited_per_address(world, projects, settings):
    settings.PUBLIC_FEEDBACK_PER_HOUR = 2
    url = f"/public/CA/projects/{projects['shown'].pk}/"
    client = Client()
    codes = [
        client.post(url, _feedback(), REMOTE_ADDR="198.51.100.1").status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert ProjectFeedback.objects.count() == 2
    other = client.post(url, _feedback(), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 302


def test_feedback_on_a_non_public_project_is_impossible(world, projects):
    response = Client().post(f"/public/CA/projects/{projects['hidden'].pk}/", _feedback())
    assert response.status_code == 404
    assert not ProjectFeedback.objects.exists()


def test_the_public_page_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for i in range(20):
        project = make_project(world.county_a, title_en=f"P{i}")
        make_milestone(project, 5)
        _photo(project)
    with django_assert_max_num_queries(10):
        assert Client().get("/public/CA/").status_code == 200
