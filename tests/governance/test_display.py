"""Stored values as people read them: the precision they were stored with, the user's digits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from governance.display import stored_number


@pytest.mark.parametrize(
    ("value", "en", "fa"),
    [
        (75.38, "75.38", "۷۵٫۳۸"),
        (60.0, "60", "۶۰"),
        (Decimal("60.00"), "60", "۶۰"),
        (Decimal("1234.5"), "1,234.5", "۱٬۲۳۴٫۵"),
        (0.125, "0.125", "۰٫۱۲۵"),
        (1500, "1,500", "۱٬۵۰۰"),
    ],
)
def test_a_number_keeps_its_stored_precision_in_the_users_digits(value, en, fa):
    with translation.override("en"):
        assert stored_number(value) == en
    with translation.override("fa"):
        assert stored_number(value) == fa
