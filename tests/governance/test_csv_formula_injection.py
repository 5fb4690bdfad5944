"""Text a spreadsheet would run as a formula never leaves Tavazon as a formula: every CSV goes
through the one exporter (governance.exports.csv_export), which neutralises it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from participation.models import Critique
from projects.models import ProjectFeedback
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.participation import factories as f
from tests.project_factories import make_project

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "@SUM(1+1)"]


class _FormFields(HTMLParser):
    """The fields of the page's feedback form as the browser would send them untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self._inside = True
        elif tag == "input" and self._inside and (name := values.get("name")):
            self.fields[name] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False


def _send_public_feedback(project, name: str, text: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = f"/public/{project.county.code}/projects/{project.pk}/"
    page = _FormFields()
    page.feed(client.get(url).content.decode())
    data = {**page.fields, "name": name, "text": text, "rating": "3"}
    response = client.post(url, data, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def quick_forms(settings):
    settings.PUBLIC_FEEDBACK_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_a_citizens_formula_name_reaches_the_governors_critiques_csv_neutralised(
    world, quick_forms, formula
):
    project = make_project(world.county_a, title_en="Landfill road", is_public=True)
    _send_public_feedback(project, name=formula, text="Please fix the road")
    feedback = ProjectFeedback.objects.get()
    governor = client_for(world.governor_a)
    register = f"/participation/CA/critiques/feedback/{feedback.pk}/register/"
    assert governor.post(register).status_code == 302
    assert Critique.objects.get().citizen_name == formula

    (row,) = csv_rows(governor.get("/participation/CA/critiques/export.csv"))
    names = [value for value in row.values() if formula in value]
    assert names == ["'" + formula]
    (row,) = csv_rows(governor.get("/reports/tables/critiques.csv"))
    assert [value for value in row.values() if formula in value] == ["'" + formula]


@pytest.mark.django_db
def test_stakeholder_and_investment_csvs_neutralise_formulas_but_keep_numbers(world):
    f.stakeholder(world.county_a, name="=cmd|' /C calc'!A0")
    f.investment(world.county_a, name="+HYPERLINK(1)", investor="-2+3")
    governor = client_for(world.governor_a)
    (stakeholder,) = csv_rows(governor.get("/participation/CA/stakeholders/export.csv"))
    (investment,) = csv_rows(governor.get("/participation/CA/investments/export.csv"))
    cells = [*stakeholder.values(), *investment.values()]
    assert "'=cmd|' /C calc'!A0" in cells and "'+HYPERLINK(1)" in cells and "'-2+3" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or re.match(r"-[^0-9]", c)]


# Files that may write CSV without the exporter, and why.
CSV_WRITERS_ALLOWED = {
    # CSV handed to PostgreSQL's COPY ... FROM STDIN on import: data in, not a download.
    "counties/observations.py",
}
# A csv writer, or a response declared as CSV (an upload's accepted types is not one).
PATTERNS = [
    re.compile(r"\bcsv\.(writer|DictWriter)\b"),
    re.compile(r"content_type\s*=\s*[\"']text/csv"),
]


def _project_sources() -> list[Path]:
    skipped = {".venv", "tests", "node_modules", "static", "media", "test-artifacts", "bench"}
    return [
        path
        for path in ROOT.rglob("*.py")
        if not skipped & set(path.relative_to(ROOT).parts)
        and path.relative_to(ROOT).parts[:2] != ("governance", "exports")
    ]


def test_no_csv_is_written_outside_the_one_exporter():
    offenders = []
    for path in _project_sources():
        relative = str(path.relative_to(ROOT))
        if relative in CSV_WRITERS_ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(pattern.search(line) for pattern in PATTERNS):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], "write CSV with governance.exports.csv_export.csv_response"


def test_the_scan_finds_a_copy_of_a_csv_writer():
    assert PATTERNS[0].search("writer = csv.writer(response)")
    assert PATTERNS[1].search('HttpResponse(content_type="text/csv; charset=utf-8")')
