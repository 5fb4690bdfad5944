"""A shared experience's measured results read as the project page's latest value does.

English period labels carry their Gregorian span in brackets ("1400 (2021/22)"); wrapped in
another pair they read "(1400 (2021/22))". The page says "14.2 in 1400 (2021/22)" and
"۱۴٫۲ در ۱۴۰۰".
"""

from __future__ import annotations

import re

import pytest

from counties.models import Indicator
from participation import services
from tests.conftest import client_for, visible_text
from tests.participation import factories as f
from tests.project_factories import catalogue

pytestmark = pytest.mark.django_db

EXPECTED = {
    "en": ("14.2 in 1400 (2021/22)", "11.9 in 1402 (2023/24)"),
    "fa": ("۱۴٫۲ در ۱۴۰۰", "۱۱٫۹ در ۱۴۰۲"),
}


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_measured_result_names_its_periods_without_nested_brackets(world, language):
    catalogue()
    experience = f.experience(world.county_a)
    services.add_experience_result(
        experience,
        indicator=Indicator.objects.get(code="unemployment_rate"),
        before_value=14.2,
        after_value=11.9,
        before_period="1400",
        after_period="1402",
    )
    html = client_for(world.governor_a, language).get(
        f"/participation/experiences/{experience.pk}/"
    )
    outcomes = visible_text(html.content.decode().split('id="outcomes"', 1)[1].split("</table>")[0])
    for value in EXPECTED[language]:
        assert value in outcomes
    assert not re.search(r"\([^()]*\(", outcomes), "brackets inside brackets"
