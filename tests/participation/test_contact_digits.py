"""Phone numbers are stored as typed (ASCII) and shown in the reader's digits: Persian under fa,
Latin under en. A citizen's contact that is an email keeps its digits as typed."""

from __future__ import annotations

import pytest

from tests.conftest import client_for, visible_text
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

SHOWN = {"en": f.CONTACT_PHONE, "fa": "۰۹۱۲-۵۵۵-۰۱۰۱"}


@pytest.fixture
def pages(world) -> dict[str, str]:
    county = world.county_a
    return {
        "stakeholder": f"/participation/CA/stakeholders/{f.stakeholder(county).pk}/",
        "stakeholders": "/participation/CA/stakeholders/",
        "investment": f"/participation/CA/investments/{f.investment(county).pk}/",
        "experience": f"/participation/experiences/{f.experience(county).pk}/",
        "critique": f"/participation/CA/critiques/{f.critique(county).pk}/",
    }


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize(
    "page", ["stakeholder", "stakeholders", "investment", "experience", "critique"]
)
def test_a_phone_number_is_shown_in_the_readers_digits(world, pages, page, language):
    text = visible_text(client_for(world.governor_a, language).get(pages[page]).content.decode())
    assert SHOWN[language] in text
    if language == "fa":
        assert f.CONTACT_PHONE not in text


def test_a_citizens_email_keeps_its_digits_as_typed(world):
    critique = f.critique(world.county_a, citizen_contact="citizen1360@example.org")
    client = client_for(world.governor_a, "fa")
    text = visible_text(client.get(f"/participation/CA/critiques/{critique.pk}/").content.decode())
    assert "citizen1360@example.org" in text


@pytest.mark.parametrize("page", ["stakeholder", "investment", "experience", "critique"])
def test_an_analyst_sees_the_phone_in_neither_digits(world, pages, page):
    text = visible_text(client_for(world.analyst, "fa").get(pages[page]).content.decode())
    assert SHOWN["fa"] not in text and SHOWN["en"] not in text
