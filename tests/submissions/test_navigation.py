"""The main menu leads to the data approval pages for those who use them, and only them."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ENTRY, REVIEW = 'href="/data/"', 'href="/data/review/"'


@pytest.mark.parametrize(
    ("persona", "enters", "reviews"),
    [
        ("governor_a", True, False),
        ("officer_a", True, True),
        ("ministry", False, True),
        ("analyst", False, False),
    ],
)
def test_the_data_menu_offers_county_figures_and_review_by_role(site, persona, enters, reviews):
    page = client_for(getattr(site, persona), language="fa").get("/counties/").content.decode()
    assert (ENTRY in page) is enters
    assert (REVIEW in page) is reviews
    if enters:
        assert "آمار شهرستان" in page
    if reviews:
        assert "آمار در انتظار بررسی" in page
