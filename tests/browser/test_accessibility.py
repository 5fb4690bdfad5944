"""axe-core finds no critical or serious accessibility violation on the nine main pages.

axe-core is vendored under tests/browser/vendor/ (from the npm registry, MPL-2.0, licence beside
it): it is injected into the page by Playwright and is never served by the app.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import User
from projects.models import FlagshipProject
from tests.browser.axe import blocking_violations
from tests.browser.conftest import log_in, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def governors_pages() -> list[tuple[str, str]]:
    """The pages a logged-in governor works on, by name and URL."""
    county = User.objects.get(username="governor").county
    assert county is not None
    project = FlagshipProject.objects.filter(county=county, is_public=True).order_by("pk").first()
    assert project is not None, "the demo governor's county has a public project"
    return [
        ("county page", reverse("counties:county", args=[county.code])),
        ("workbench", reverse("projects:workbench", args=[county.code])),
        ("project page", reverse("projects:detail", args=[county.code, project.pk])),
        ("participation", reverse("participation:county", args=[county.code])),
        ("national dashboard", reverse("dashboards:national")),
        ("compare page", reverse("dashboards:compare") + f"?c={county.code}"),
        ("public county page", reverse("public:county", args=[county.code])),
    ]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_nine_main_pages_have_no_critical_or_serious_accessibility_violation(
    page, live_server, synthetic_demo, language
):
    found: dict[str, list[str]] = {}
    page.goto(live_server.url + reverse("home"))
    switch_language(page, language)
    for name, url in [("landing page", reverse("home")), ("login page", reverse("login"))]:
        page.goto(live_server.url + url)
        found[name] = blocking_violations(page, language)
    log_in(page, live_server, "governor", "tavazon-demo")
    switch_language(page, language)  # logging in restores the governor's own language
    for name, url in governors_pages():
        page.goto(live_server.url + url)
        settle(page)
        found[name] = blocking_violations(page, language)
    assert len(found) == 9
    failing = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert not failing, "\n".join(failing)
