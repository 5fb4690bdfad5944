"""Money in the country profile's currency (issue 13): the demo's Iranian profile reads as it
always did (tomans at a readable scale, exact rials, rial column headers), a dollar profile reads
in dollars everywhere (form, page, exports, API) with no rial, toman or IRR left, and a profile
without a currency shows plain numbers."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from governance.country import pin_profile
from governance.money import (
    best_budget_unit,
    budget_units,
    default_budget_unit,
    exact_amount,
    money_label,
)
from governance.profile_model import CountryProfile
from governance.templatetags.tavazon import exact_money, money
from participation import services
from projects.models import FlagshipProject
from projects.services import update_project
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.participation import factories as f
from tests.project_factories import catalogue, make_project

IRANIAN = re.compile(r"\brials?\b|tomans?|\bIRR\b|ریال|تومان", re.IGNORECASE)


@pytest.fixture
def dollars():
    pin_profile(
        CountryProfile(
            currency_code="USD",
            currency_symbol="$",
            currency_name_en="dollars",
            currency_name_fa="دلار",
        )
    )


@pytest.fixture
def no_currency():
    pin_profile(CountryProfile())


def _in(language, function, *args):
    with translation.override(language):
        return function(*args)


# --- the demo's Iranian profile (pinned by tests/conftest.py) -----------------------------------


@pytest.mark.parametrize(
    ("rials", "english", "persian"),
    [
        (1_250_000_000_000, "125 billion tomans", "۱۲۵ میلیارد تومان"),
        (125_000_000_000, "12.5 billion tomans", "۱۲٫۵ میلیارد تومان"),
        (42_000_000_000_000, "4.2 thousand billion tomans", "۴٫۲ هزار میلیارد تومان"),
        (25_000_000, "2.5 million tomans", "۲٫۵ میلیون تومان"),
        (5_000_000, "500,000 tomans", "۵۰۰٬۰۰۰ تومان"),
        (Decimal("0"), "0 tomans", "۰ تومان"),
    ],
)
def test_iranian_money_reads_in_tomans_at_a_readable_scale_as_before(rials, english, persian):
    assert _in("en", money, rials) == english
    assert _in("fa", money, rials) == persian


def test_iranian_exact_amounts_are_rials_and_missing_ones_a_dash():
    assert _in("en", exact_money, Decimal(1_250_000_000_000)) == "1,250,000,000,000 rials"
    assert _in("fa", exact_money, 1_250_000_000_000) == "۱٬۲۵۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال"
    # 22 digits stay exact (no float on the way).
    assert _in("en", exact_amount, Decimal("1234567890123456789012")).startswith(
        "1,234,567,890,123,456,789,012 "
    )
    for missing in (None, ""):
        assert money(missing) == exact_money(missing) == "—"


def test_iranian_budget_units_are_rials_tomans_and_thousand_million_billion_tomans():
    units = _in("en", budget_units)
    assert [(u.key, u.label, u.factor) for u in units] == [
        ("unit", "rials", 1),
        ("entry", "tomans", 10),
        ("thousand", "thousand tomans", 10_000),
        ("million", "million tomans", 10_000_000),
        ("billion", "billion tomans", 10_000_000_000),
    ]
    assert [u.label for u in _in("fa", budget_units)] == [
        "ریال",
        "تومان",
        "هزار تومان",
        "میلیون تومان",
        "میلیارد تومان",
    ]
    assert default_budget_unit() == "billion"
    # A stored budget is shown in the largest unit that writes it with at most three decimals.
    assert best_budget_unit(Decimal(420_000_000_000), None) == "billion"
    assert best_budget_unit(Decimal(125_000_000_000)) == "billion"  # 12.5
    assert best_budget_unit(Decimal(125_000_000_000), Decimal(1_234_560_000)) == "million"
    assert best_budget_unit(Decimal(125_000_000_005)) == "entry"  # 12,500,000,000.5 tomans
    assert best_budget_unit(Decimal(7)) == "unit"
    assert best_budget_unit(Decimal(50)) == "entry"  # 5 tomans, not 0.005 thousand
    assert best_budget_unit(None, None) == best_budget_unit(Decimal(0)) == "billion"


def test_iranian_labels_name_rials():
    assert _in("en", money_label, "Amount (%(currency)s)") == "Amount (rials)"
    with translation.override("fa"):
        assert money_label(translation.gettext("Amount (%(currency)s)")) == "مبلغ (ریال)"


def test_iranian_project_form_and_page_use_the_new_unit_keys(world):
    catalogue()
    from counties.models import Dimension

    client = client_for(world.governor_a)
    response = client.post(
        "/counties/CA/projects/new/", _project_form(Dimension, "12.5", "billion")
    )
    assert response.status_code == 302
    project = FlagshipProject.objects.get(title_en="Waste facility")
    assert project.planned_budget == 125_000_000_000
    html = client.get(f"/counties/CA/projects/{project.pk}/").content.decode()
    assert "12.5 billion tomans" in html and "125,000,000,000 rials" in html
    form = client.get(f"/counties/CA/projects/{project.pk}/edit/").content.decode()
    assert '<option value="billion" selected>billion tomans</option>' in form
    assert 'value="12.5"' in form
    refused = client.post("/counties/CA/projects/new/", _project_form(Dimension, "1", "toman"))
    assert refused.status_code == 200 and "toman is not one of the available choices" in (
        refused.content.decode()
    )


# --- a dollar profile ---------------------------------------------------------------------------


def test_dollar_money_reads_in_dollars_in_both_languages(dollars):
    assert _in("en", money, 2_500_000) == "2.5 million dollars"
    assert _in("fa", money, 2_500_000) == "۲٫۵ میلیون دلار"
    assert _in("en", money, 1_200_000_000) == "1.2 billion dollars"
    assert _in("en", money, 750_000) == "750,000 dollars"
    assert _in("en", exact_money, 2_500_000) == "2,500,000 dollars"
    assert _in("fa", exact_money, 2_500_000) == "۲٬۵۰۰٬۰۰۰ دلار"
    assert [(u.key, u.label, u.factor) for u in _in("en", budget_units)] == [
        ("unit", "dollars", 1),
        ("thousand", "thousand dollars", 1_000),
        ("million", "million dollars", 1_000_000),
        ("billion", "billion dollars", 1_000_000_000),
    ]
    assert [u.label for u in _in("fa", budget_units)] == [
        "دلار",
        "هزار دلار",
        "میلیون دلار",
        "میلیارد دلار",
    ]
    assert default_budget_unit() == "million"


def _project_form(dimension_model, amount, unit, **changes):
    return {
        "title_fa": "مجتمع پسماند",
        "title_en": "Waste facility",
        "dimension": dimension_model.objects.get(code="solid_waste").pk,
        "period_start": "2026-03-21",
        "period_end": "2027-03-20",
        "planned_budget": amount,
        "spent_budget": "",
        "budget_unit": unit,
        "location": "",
        "responsible_agency": "Municipality",
        "responsible_person": "",
        "responsible_contact": "",
        **changes,
    }


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_dollar_project_is_typed_stored_and_shown_in_dollars(world, dollars, language):
    catalogue()
    from counties.models import Dimension

    client = client_for(world.governor_a, language)
    form = client.get("/counties/CA/projects/new/").content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*>', form.split('name="budget_unit"')[1])
    assert options[:4] == ["unit", "thousand", "million", "billion"]
    assert '<option value="million" selected>' in form
    assert not IRANIAN.search(form)

    typed = "۲٫۵" if language == "fa" else "2.5"
    response = client.post("/counties/CA/projects/new/", _project_form(Dimension, typed, "million"))
    assert response.status_code == 302, response.content.decode()
    project = FlagshipProject.objects.get(title_en="Waste facility")
    assert project.planned_budget == 2_500_000

    html = client.get(f"/counties/CA/projects/{project.pk}/").content.decode()
    if language == "fa":
        assert "۲٫۵ میلیون دلار" in html and "۲٬۵۰۰٬۰۰۰ دلار" in html
    else:
        assert "2.5 million dollars" in html and "2,500,000 dollars" in html
    assert not IRANIAN.search(html)
    edit = client.get(f"/counties/CA/projects/{project.pk}/edit/").content.decode()
    assert '<option value="million" selected>' in edit and not IRANIAN.search(edit)

    # The entry unit of another profile is not a choice here.
    refused = client.post("/counties/CA/projects/new/", _project_form(Dimension, "1", "entry"))
    assert refused.status_code == 200
    assert FlagshipProject.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "fa"])
def test_dollar_exports_name_dollars_in_their_headers(world, dollars, language):
    make_project(world.county_a, title_en="Big dam", planned_budget=Decimal(2_500_000))
    f.investment(world.county_a, amount=Decimal(1_200_000))
    client = client_for(world.governor_a, language)
    with translation.override(language):
        planned = money_label(translation.gettext("Planned budget (%(currency)s)"))
        amount = money_label(translation.gettext("Amount (%(currency)s)"))
    assert planned == (
        "بودجهٔ برنامه‌ریزی‌شده (دلار)" if language == "fa" else "Planned budget (dollars)"
    )

    response = client.get("/reports/tables/projects.csv")
    (project,) = csv_rows(response)
    assert project[planned] == "2500000"
    assert not [key for key in project if IRANIAN.search(key)]

    (register,) = csv_rows(client.get("/participation/CA/investments/export.csv"))
    assert register[amount] == "1200000"

    response = client.get("/reports/tables/investments.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet[2][header.index(amount)].value == 1_200_000
    assert not [h for h in header if h and IRANIAN.search(str(h))]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_dollar_participation_pages_and_history_name_dollars(world, dollars, language):
    investment = f.investment(world.county_a, amount=Decimal(1_200_000))
    client = client_for(world.governor_a, language)
    for url in (
        "/participation/CA/investments/",
        f"/participation/CA/investments/{investment.pk}/",
    ):
        html = client.get(url).content.decode()
        assert ("(دلار)" if language == "fa" else "(dollars)") in html, url
        assert not IRANIAN.search(html), url
    form = client.get(f"/participation/CA/investments/{investment.pk}/edit/").content.decode()
    assert ("مبلغ (دلار)" if language == "fa" else "amount (dollars)") in form.lower()

    # Change histories label amounts with the currency too.
    services.update_investment(investment, {"amount": Decimal(1_500_000)}, user=world.governor_a)
    html = client.get(f"/participation/CA/investments/{investment.pk}/history/").content.decode()
    assert ("مبلغ (دلار)" if language == "fa" else "Amount (dollars)") in html
    assert not IRANIAN.search(html)
    project = make_project(world.county_a, planned_budget=Decimal(2_500_000))
    update_project(project, {"planned_budget": Decimal(3_000_000)}, expected_version=None)
    html = client.get(f"/counties/CA/projects/{project.pk}/history/").content.decode()
    assert ("بودجه مصوب (دلار)" if language == "fa" else "planned budget (dollars)") in html
    assert not IRANIAN.search(html)


def test_the_api_sends_amounts_with_the_profile_currency(world, dollars):
    project = make_project(world.county_a, planned_budget=Decimal(2_500_000))
    investment = f.investment(world.county_a, amount=Decimal(1_200_000))
    client = client_for(world.ministry)
    body = client.get(f"/api/v1/projects/{project.pk}/").json()
    assert body["currency"] == "USD" and Decimal(body["planned_budget"]) == 2_500_000
    body = client.get(f"/api/v1/investments/{investment.pk}/").json()
    assert body["currency"] == "USD" and Decimal(body["amount"]) == 1_200_000
    assert "amount_rials" not in body
    text = client.get("/api/v1/investments/").content.decode()
    assert not IRANIAN.search(text)


def test_the_api_currency_is_the_profile_code_or_null(world, no_currency):
    project = make_project(world.county_a, planned_budget=Decimal(2_500_000))
    body = client_for(world.ministry).get(f"/api/v1/projects/{project.pk}/").json()
    assert body["currency"] is None


def test_the_api_schema_names_amount_and_cost_and_the_currency(world):
    schema = client_for(world.ministry).get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    for name, field in (("Investment", "amount"), ("Experience", "cost")):
        properties = components[name]["properties"]
        assert field in properties and f"{field}_rials" not in properties
        assert properties["currency"]["readOnly"] and properties["currency"]["nullable"]
    assert "currency" in components["Project"]["properties"]
    assert "IRR" not in str(schema)


# --- a profile without a currency ---------------------------------------------------------------


def test_without_a_currency_amounts_are_plain_numbers(no_currency):
    assert _in("en", money, 2_500_000) == "2.5 million"
    assert _in("fa", money, 2_500_000) == "۲٫۵ میلیون"
    assert _in("en", money, 750_000) == "750,000"
    assert _in("en", exact_money, 2_500_000) == "2,500,000"
    assert _in("en", money_label, "Amount (%(currency)s)") == "Amount"
    with translation.override("fa"):
        assert money_label(translation.gettext("Planned budget (%(currency)s)")) == (
            "بودجهٔ برنامه‌ریزی‌شده"
        )
    assert [u.label for u in _in("en", budget_units)] == ["units", "thousand", "million", "billion"]
