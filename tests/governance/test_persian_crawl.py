"""Every page a person can reach from the landing page answers without a server error in Persian
and English, and read in Persian writes its numbers in Persian digits and its commas as '،': a
bounded crawl of the demo country as each persona."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction

from counties.models import County
from governance.models import User
from tests.conftest import client_for
from tests.persian_text import latin_in_persian_text

pytestmark = pytest.mark.django_db

_HREF = re.compile(r'href="([^"]+)"')
# Not pages: files, machine interfaces, and links that change state or leave the session.
_NOT_PAGES = re.compile(
    r"^/(static|media|api|admin|i18n|accounts/logout)/|\.(csv|xlsx|pdf|ics|json|geojson|png|svg)$"
    r"|/(export|download|csv|xlsx|pdf|ics|feed)(/|$)"
)
# Pages of one kind (ids and codes replaced) are read at most this many times per persona.
_PER_KIND = 2
_PAGES_PER_PERSONA = 160


def _kind(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"/[^/]*\d[^/]*(?=/)", "/<id>", path) + ("?" if "?" in url else "")


def _links(html: str) -> list[str]:
    found = []
    for href in _HREF.findall(html):
        url = urldefrag(unescape(href)).url
        if url.startswith("/") and not url.startswith("//") and not _NOT_PAGES.search(url):
            found.append(url)
    return found


def _crawl(
    user: User | None, start: list[str], language: str = "fa"
) -> tuple[int, dict[str, list[str]]]:
    """The number of pages read from `start` (bounded), and what is wrong with each, by URL: a
    server error in either language, and under Persian any Latin text in Persian prose."""
    client = client_for(user, language)
    queue, seen, kinds = deque(start), set(start), dict[str, int]()
    problems: dict[str, list[str]] = {}
    read = 0
    while queue and read < _PAGES_PER_PERSONA:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 500:
            problems[url] = [f"HTTP {response.status_code}"]
            continue
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            if response["Location"] not in seen:
                seen.add(response["Location"])
                queue.append(response["Location"])
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        read += 1
        html = response.content.decode()
        found = latin_in_persian_text(html) if language == "fa" else []
        if found:
            problems[url] = found
        for link in _links(html):
            kind = _kind(link)
            if link in seen or kinds.get(kind, 0) >= _PER_KIND:
                continue
            seen.add(link)
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(link)
    return read, problems


@pytest.fixture(scope="module")
def demo_country(django_db_setup, django_db_blocker, tmp_path_factory):
    """The synthetic demo country (12 counties, projects, participation, scores), seeded once
    inside a transaction that is rolled back afterwards: a flush would also delete what the data
    migrations put in the test database (the default methodology, the indicator catalogue), which
    the tests that run later rely on."""
    with django_db_blocker.unblock():
        seeded = transaction.atomic()
        seeded.__enter__()
        try:
            call_command("seed_demo", data_dir=tmp_path_factory.mktemp("no-data"), force=True)
            yield
        finally:
            transaction.set_rollback(True)
            seeded.__exit__(None, None, None)


# governor2: a login with a Latin digit, shown on every page (it must stand in an isolate).
@pytest.mark.parametrize("username", [None, "governor2", "province", "ministry", "analyst"])
def test_every_page_of_the_crawl_writes_persian_digits_under_persian(demo_country, username):
    user = User.objects.get(username=username) if username else None
    # Anonymous visitors also start from the public county pages the landing page may not list.
    public = [f"/public/{code}/" for code in County.objects.values_list("code", flat=True)[:2]]
    read, problems = _crawl(user, ["/", *public] if user is None else ["/"])
    report = "\n".join(f"{url}: {texts[:4]}" for url, texts in sorted(problems.items()))
    assert read > 3, "the crawl reached too few pages to mean anything"
    assert not problems, f"Latin digits or commas in Persian text:\n{report}"


@pytest.mark.parametrize("username", [None, "governor", "province", "ministry", "analyst"])
def test_no_page_of_the_crawl_answers_a_server_error_in_english(demo_country, username):
    user = User.objects.get(username=username) if username else None
    public = [f"/public/{code}/" for code in County.objects.values_list("code", flat=True)[:2]]
    read, problems = _crawl(user, ["/", *public] if user is None else ["/"], language="en")
    report = "\n".join(f"{url}: {texts[:4]}" for url, texts in sorted(problems.items()))
    assert read > 3, "the crawl reached too few pages to mean anything"
    assert not problems, f"Server errors:\n{report}"


# --- after a POST: the messages a Persian reader gets back ------------------------------------

_LONG = "ب" * 301  # typed text one character too long (its length is Tavazon's number, not typed)


def _bad_posts(governor: User) -> list[tuple[str, dict[str, object]]]:
    """The main forms of a governor's work, each submitted with what a hurried person types:
    digits on a Persian keyboard, numbers out of range, dates that do not exist, text too long."""
    from tests.project_factories import make_plan

    assert governor.county is not None
    plan = make_plan(governor.county)
    code = governor.county.code
    return [
        (
            f"/participation/{code}/meetings/new/",
            {"title": _LONG, "date": "۱۴۰۵/۱۳/۴۰", "time": "۲۵:۶۱", "duration_minutes": "۵"},
        ),
        (
            f"/participation/{code}/investments/new/",
            {"name": "", "amount": "۱" * 30, "expected_jobs": "-۱", "lead_on": "۱۴۰۵/۰۱/۳۲"},
        ),
        (
            f"/counties/{code}/projects/new/",
            {
                "title_fa": _LONG,
                "period_start": "۱۴۰۶/۰۱/۰۱",
                "period_end": "۱۴۰۵/۰۱/۰۱",
                "planned_budget": "-۵",
                "spent_budget": "۱" * 40,
            },
        ),
        (
            f"/counties/{code}/plans/{plan.pk}/targets/new/",
            {"baseline": "۱e۴۰۰", "target_value": "۱" * 40, "deadline": "فردا", "note": _LONG},
        ),
        (
            f"/counties/{code}/plans/{plan.pk}/actions/new/",
            {"title_fa": _LONG, "owner": "", "due_date": "۱۴۰۵/۱۲/۳۱"},
        ),
    ]


def test_form_errors_after_a_post_write_persian_digits_under_persian(demo_country):
    governor = User.objects.get(username="governor")
    client = client_for(governor, "fa")
    problems = {}
    for url, data in _bad_posts(governor):
        response = client.post(url, data)
        html = response.content.decode()
        assert response.status_code in (200, 400), url
        assert re.search(r"text-danger|invalid-feedback|alert-danger", html), f"{url}: no error"
        if found := latin_in_persian_text(html):
            problems[url] = found
    report = "\n".join(f"{url}: {texts[:4]}" for url, texts in problems.items())
    assert not problems, f"Latin digits in Persian error messages:\n{report}"


@pytest.mark.parametrize(
    "content",
    [
        # Not UTF-8 on line 3 (Windows-1256 text).
        b"indicator,county,period,value\npopulation,{code},1402,5\npopulation,{code},1402,\xd5",
        # Readable, with errors: an unknown county, a bad period, a value out of range, a
        # duplicate of row 2, a source over 300 characters.
        (
            "indicator,county,period,value,source\n"
            "unemployment_rate,{code},1402,12,\n"
            "unemployment_rate,XX,1402,12,\n"
            "unemployment_rate,{code},1402-13,12,\n"
            "unemployment_rate,{code},1401,140,\n"
            "unemployment_rate,{code},1402,12,\n"
            f"unemployment_rate,{{code}},1400,12,{'x' * 301}\n"
        ).encode(),
    ],
    ids=["not-utf8", "row-errors"],
)
def test_import_errors_write_persian_digits_under_persian(
    demo_country, django_capture_on_commit_callbacks, content
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(User.objects.get(username="ministry"), "fa")
    code = User.objects.get(username="governor").county.code
    content = content.replace(b"{code}", code.encode())
    upload = SimpleUploadedFile("values.csv", content, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/counties/import/", {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "۲" in page or "۳" in page  # the rows and lines named
    assert not latin_in_persian_text(page), latin_in_persian_text(page)[:6]
