"""A citizen leaves feedback on a project's public page; the governor registers it as a critique.

The citizen writes once in Persian and once in English (no account). The governor then sees the
waiting feedback on the project page, opens the list, registers the Persian one in Persian and
the English one in English, and follows the links between the critique and the project.
Screenshots of every step go to test-artifacts/feedback-to-critique-*.png.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from participation.models import Critique
from tests.browser.conftest import log_in, screenshot, settle, switch_language
from tests.personas import PASSWORD
from tests.project_factories import make_milestone, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT_FA = "جاده محل دفن هر زمستان آب می‌گیرد؛ لطفاً کف جاده را بالا بیاورید."
NAME_FA = "مریم شهروند"
TEXT_EN = "Please put lights along the new road; it is dark after six."


@pytest.fixture
def project(world, settings):
    cache.clear()  # the feedback rate limit counts in the cache
    world.governor_a.first_name, world.governor_a.last_name = "Governor", "of A"
    world.governor_a.language = "fa"
    world.governor_a.save()
    project = make_project(
        world.county_a,
        title_fa="بازسازی جاده محل دفن پسماند",
        title_en="Rebuilding the landfill road",
        is_public=True,
    )
    make_milestone(project, -20, done=-25, title="Survey")
    make_milestone(project, 60, title="Asphalt")
    return project


def send_feedback(page, text: str, name: str = "", rating: str = "") -> None:
    page.fill("#id_text", text)
    if name:
        page.fill("#id_name", name)
    if rating:
        page.select_option("#id_rating", rating)
    page.click("#feedback-form button[type=submit]")
    settle(page)


def test_a_citizens_feedback_is_registered_as_a_critique_by_the_governor(
    page, live_server, world, project
):
    base = live_server.url
    detail = f"{base}/counties/CA/projects/{project.pk}/"

    # A citizen, without an account, in Persian.
    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": base}])
    page.goto(f"{base}/public/CA/projects/{project.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    send_feedback(page, TEXT_FA, NAME_FA, "2")
    assert "سپاس" in page.locator("main").inner_text()
    screenshot(page, "feedback-to-critique-1-public-fa")

    # Another citizen, in English.
    switch_language(page, "en")
    send_feedback(page, TEXT_EN)
    assert "Thank you" in page.locator("main").inner_text()
    screenshot(page, "feedback-to-critique-2-public-en")
    assert project.feedback.count() == 2
    page.context.clear_cookies()

    # The governor, in Persian: the project page says two are waiting.
    log_in(page, live_server, world.governor_a.username, PASSWORD)
    page.goto(detail)
    assert page.locator("html").get_attribute("dir") == "rtl"
    waiting = page.locator("#project-pending-feedback a")
    assert "۲" in waiting.inner_text()
    screenshot(page, "feedback-to-critique-3-project-fa")
    waiting.click()
    settle(page)
    rows = page.locator("#pending-feedback tbody tr")
    assert rows.count() == 2
    assert TEXT_FA in page.locator("#pending-feedback").inner_text()
    screenshot(page, "feedback-to-critique-4-feedback-list-fa")

    persian = project.feedback.get(text=TEXT_FA)
    page.locator(f"#feedback-{persian.pk} button.register-feedback").click()
    settle(page)
    critique = Critique.objects.get(feedback=persian)
    assert page.url.endswith(f"/participation/CA/critiques/{critique.pk}/")
    assert "نظر به‌عنوان نقد در دفتر ثبت شد" in page.locator("main").inner_text()
    assert TEXT_FA in page.locator("#critique-body").inner_text()
    assert NAME_FA in page.locator("main").inner_text()
    assert project.title_fa in page.locator("#critique-project").inner_text()
    screenshot(page, "feedback-to-critique-5-critique-fa")

    # In English: one left to register.
    switch_language(page, "en")
    page.goto(f"{base}/participation/CA/critiques/feedback/")
    assert page.locator("#pending-feedback tbody tr").count() == 1
    assert TEXT_EN in page.locator("#pending-feedback").inner_text()
    screenshot(page, "feedback-to-critique-6-feedback-list-en")
    page.locator("#pending-feedback button.register-feedback").click()
    settle(page)
    assert "The feedback was registered as a critique." in page.locator("main").inner_text()
    assert "Public feedback form" in page.locator("main").inner_text()
    screenshot(page, "feedback-to-critique-7-critique-en")

    # From the critique back to the project, which now lists both critiques.
    page.locator("#critique-project a").click()
    settle(page)
    assert page.url == detail
    panel = page.locator("#project-participation").inner_text()
    assert "2 critiques about this project" in panel
    assert "All citizens' feedback on this project is in the register." in panel
    assert page.locator("#project-critiques li").count() == 2
    screenshot(page, "feedback-to-critique-8-project-en")

    assert Critique.objects.filter(project=project, channel="public_feedback").count() == 2
    assert set(Critique.objects.values_list("recorded_by", flat=True)) == {world.governor_a.pk}
