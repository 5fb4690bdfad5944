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
    queue, seen, kinds = deque(start), set(start), {}
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


@pytest.mark.parametrize("username", [None, "governor", "province", "ministry", "analyst"])
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
