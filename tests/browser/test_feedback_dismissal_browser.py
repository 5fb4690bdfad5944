"""The governor dismisses spam left on a project's public page, then finds and restores it.

In Persian: the feedback list offers "dismiss as spam" beside "register", with an optional
reason; the spam leaves the list and the project's count. In English: the "dismissed as spam"
filter lists it with who dismissed it and why; restoring brings it back, and its history shows
both steps. Screenshots go to test-artifacts/feedback-dismissal-*.png.
"""

from __future__ import annotations

import pytest

from projects.models import ProjectFeedback
from projects.services import record_feedback
from tests.browser.conftest import log_in, screenshot, settle, switch_language
from tests.personas import PASSWORD
from tests.project_factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPAM = "ساعت ارزان در example.com — فقط امروز!"
REAL = "چراغ‌های جدید جاده خوب کار می‌کنند؛ سپاس."


def test_the_governor_dismisses_spam_and_restores_it(page, live_server, world):
    world.governor_a.first_name, world.governor_a.last_name = "Governor", "of A"
    world.governor_a.language = "fa"
    world.governor_a.save()
    project = make_project(
        world.county_a, title_fa="بازسازی جاده محل دفن", title_en="Landfill road", is_public=True
    )
    spam = record_feedback(project, text=SPAM, ip="203.0.113.5")
    record_feedback(project, text=REAL, name="مریم", ip="203.0.113.6")
    base = f"{live_server.url}/participation/CA/critiques/feedback/"

    # In Persian: dismiss the spam, saying why.
    log_in(page, live_server, world.governor_a.username, PASSWORD)
    page.goto(base)
    assert page.locator("html").get_attribute("dir") == "rtl"
    row = page.locator(f"#feedback-{spam.pk}")
    row.locator("details.dismiss summary").click()
    row.locator(f"#dismiss-reason-{spam.pk}").fill("تبلیغ")
    screenshot(page, "feedback-dismissal-1-dismiss-fa")
    row.locator("button.dismiss-feedback").click()
    settle(page)
    main = page.locator("main").inner_text()
    assert "نظر به‌عنوان هرزنامه کنار گذاشته شد" in main
    assert SPAM not in page.locator("#pending-feedback").inner_text()
    assert page.locator("#pending-feedback tbody tr").count() == 1
    assert "(۱)" in page.locator("#dismissed-link").inner_text()
    screenshot(page, "feedback-dismissal-2-list-fa")
    stored = ProjectFeedback.objects.get(pk=spam.pk)
    assert stored.is_dismissed and stored.dismissal_reason == "تبلیغ"

    # In English: the filter lists it; restore it.
    switch_language(page, "en")
    page.locator("#dismissed-link").click()
    settle(page)
    table = page.locator("#dismissed-feedback").inner_text()
    assert SPAM in table and "تبلیغ" in table and "Governor of A" in table
    screenshot(page, "feedback-dismissal-3-dismissed-en")
    page.locator(f"#feedback-{spam.pk} button.restore-feedback").click()
    settle(page)
    assert "The feedback was restored" in page.locator("main").inner_text()
    assert "No feedback dismissed as spam." in page.locator("#dismissed-feedback").inner_text()
    assert not ProjectFeedback.objects.get(pk=spam.pk).is_dismissed

    # Back in the list, with its history one click away.
    page.goto(base)
    assert page.locator("#pending-feedback tbody tr").count() == 2
    page.locator(f"#feedback-{spam.pk} a", has_text="History").click()
    settle(page)
    history = page.locator("#history").inner_text()
    assert "Reason for dismissal" in history and "تبلیغ" in history
    assert page.locator("#history tbody tr").count() == 3
    screenshot(page, "feedback-dismissal-4-history-en")
