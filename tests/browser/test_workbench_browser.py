"""The demo governor plans a flagship project in a browser, and a citizen sees it published.

Log in as the demo governor, create a project with milestones in Persian (Jalali dates), record
progress with a photo, watch the status and the Gantt timeline change, then open the county's
public page as an anonymous visitor. Screenshots in Persian and English go to test-artifacts/.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from counties.models import County
from governance.dates import format_user_date
from projects.models import FlagshipProject
from tests.browser.conftest import settle, track_network
from tests.demo_snapshots import seed_demo_once

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AT_RISK, ON_TRACK = "#E69F00", "#009E73"


@pytest.fixture(scope="module")
def chromium(browser) -> object:
    """The session's Chromium (tests/browser/conftest.py): one Playwright per thread."""
    return browser


def _new_page(chromium, live_server, outside: list[str], **context_options):
    context = chromium.new_context(**context_options)
    page = context.new_page()
    track_network(page)
    page.set_default_timeout(20_000)
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((live_server.url, "data:", "blob:", "about:"))
            else outside.append(r.url)
        ),
    )
    return context, page


@pytest.fixture
def demo(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo_once(synthetic=False)
    return County.objects.get(staff__username="governor")


def shot(page, name: str) -> None:
    """A full-page screenshot, with lazy images loaded first so that they show."""
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def gantt_bar(page, title: str) -> tuple[str, str]:
    """The colour and progress label of a project's bar in the drawn Gantt's figure."""
    figure = json.loads(page.locator("#gantt-data").text_content())
    bars = figure["data"][1]
    for y, colour, label in zip(bars["y"], bars["marker"]["color"], bars["text"], strict=True):
        if title[:20] in y:
            return colour, label
    raise AssertionError(f"{title} is not on the timeline")


def switch_language(page, language: str) -> None:
    page.locator(f"button[name=language][value={language}]").click()
    settle(page)


def test_governor_plans_a_project_tracks_it_and_citizens_see_it(chromium, live_server, demo):
    outside: list[str] = []
    today = timezone.localdate()
    fa_date = lambda offset: format_user_date(today + datetime.timedelta(days=offset), "fa")  # noqa: E731
    context, page = _new_page(
        chromium, live_server, outside, viewport={"width": 1366, "height": 900}
    )

    # The governor logs in and lands on the workbench, in Persian.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "governor")
    page.fill("#id_password", "tavazon-demo")
    page.click("button[type=submit]")
    settle(page)
    assert page.url.endswith(f"/counties/{demo.code}/workbench/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.wait_for_selector("#gantt .main-svg", state="attached")

    # A new flagship project, dates typed in Jalali with Persian digits.
    page.click("#new-project")
    page.fill("#id_title_fa", "پارک محله و جمع‌آوری پسماند نوغان")
    page.fill("#id_title_en", "Neighbourhood park and waste pick-up")
    page.select_option("#id_dimension", label="پسماند")
    page.fill("#id_period_start", fa_date(-60))
    page.fill("#id_period_end", fa_date(300))
    page.locator("#project-form input[name=areas]").first.check()
    page.fill("#id_planned_budget", "۳۵")
    page.check("#id_is_public")
    page.click("#project-form button[type=submit]")
    settle(page)
    project = FlagshipProject.objects.get(title_en="Neighbourhood park and waste pick-up")
    assert project.planned_budget == 350_000_000_000
    assert page.url.endswith(f"/projects/{project.pk}/")

    # Two milestones: one already past its date, one ahead.
    for title, offset, weight in (("تسطیح زمین", -10, 2), ("کاشت درخت و نیمکت", 120, 1)):
        page.click("#ms-title ~ details summary")
        page.fill("#milestone-form #id_title_fa", title)
        page.fill("#milestone-form #id_planned_date", fa_date(offset))
        page.fill("#milestone-form #id_weight", str(weight))
        page.click("#milestone-form button[type=submit]")
        settle(page)
    assert page.locator("#milestones tbody tr").count() == 2
    assert "در معرض تأخیر" in page.locator("#project-badges").inner_text()  # at risk

    page.goto(f"{live_server.url}/counties/{demo.code}/workbench/")
    page.wait_for_selector("#gantt .main-svg", state="attached")
    assert gantt_bar(page, project.title_fa) == (AT_RISK, "۰٪")
    shot(page, "workbench-before-progress-fa")

    # Progress with a photo; the overdue milestone is done.
    photo = ARTIFACTS / "upload-test-photo.png"
    ARTIFACTS.mkdir(exist_ok=True)
    from tests.project_factories import png_bytes

    photo.write_bytes(png_bytes((320, 240)))
    page.goto(f"{live_server.url}/counties/{demo.code}/projects/{project.pk}/")
    page.click("#updates-title ~ details summary")
    page.fill("#progress-form #id_date", fa_date(0))
    page.fill("#progress-form #id_percent", "۶۰")
    page.fill("#progress-form #id_note", "زمین تسطیح شد و قرارداد کاشت بسته شد.")
    page.locator("#progress-form input[name=completed]").first.check()
    page.set_input_files("#progress-form #id_evidence", str(photo))
    page.click("#progress-form button[type=submit]")
    settle(page)
    photo.unlink()
    assert "طبق برنامه" in page.locator("#project-badges").inner_text()  # on track
    assert "۶۷" in page.locator("#progress-value").inner_text()  # 2 of 3 by weight
    assert page.locator("#updates img.project-photo").count() == 1
    shot(page, "project-detail-fa")

    page.goto(f"{live_server.url}/counties/{demo.code}/workbench/")
    page.wait_for_selector("#gantt .main-svg", state="attached")
    assert gantt_bar(page, project.title_fa) == (ON_TRACK, "۶۷٪")
    shot(page, "workbench-fa")

    switch_language(page, "en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.wait_for_selector("#gantt .main-svg", state="attached")
    assert gantt_bar(page, project.title_en) == (ON_TRACK, "67%")
    assert "Workbench of" in page.locator("h1").inner_text()
    shot(page, "workbench-en")
    page.goto(f"{live_server.url}/counties/{demo.code}/projects/{project.pk}/")
    assert "On track" in page.locator("#project-badges").inner_text()
    shot(page, "project-detail-en")
    context.close()

    # A citizen, not logged in, on a phone: the public page shows the project and its photo.
    context, page = _new_page(
        chromium,
        live_server,
        outside,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        locale="fa-IR",
    )
    page.goto(f"{live_server.url}/public/{demo.code}/")
    card = page.locator(f"#project-{project.pk}")
    assert "پارک محله" in card.inner_text()
    assert card.locator("img.project-photo").count() == 1
    photo = card.locator("img.project-photo")
    photo.scroll_into_view_if_needed()  # photos load lazily: below the fold they wait
    photo.evaluate("i => i.complete || new Promise(done => i.addEventListener('load', done))")
    assert photo.evaluate("i => i.naturalWidth") > 0
    assert "میلیارد" not in card.inner_text()  # no budget on the public page
    shot(page, "public-county-fa")
    page.goto(f"{live_server.url}/public/{demo.code}/projects/{project.pk}/")
    page.fill("#id_text", "ممنون؛ لطفاً روشنایی هم اضافه کنید.")
    page.click("#feedback-form button[type=submit]")
    settle(page)
    assert project.feedback.count() == 1
    shot(page, "public-project-fa")
    # The language menu sits in the collapsed navigation on a phone; the cookie is what it sets.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/public/{demo.code}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Neighbourhood park" in page.locator(f"#project-{project.pk}").inner_text()
    shot(page, "public-county-en")
    context.close()
    assert outside == [], f"the pages reached outside the app: {outside}"
