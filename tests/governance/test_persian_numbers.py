"""Numbers written for a reader: no negative zero, whatever rounds to zero."""

from __future__ import annotations

import pytest
from django.utils import translation

from governance.persian import format_number, format_percent
from governance.templatetags.tavazon import num


@pytest.mark.parametrize("value", [-0.0, -0.04, -0.0001])
def test_a_value_that_rounds_to_zero_is_written_without_a_minus_sign(value):
    assert format_percent(value, 0, "fa") == "۰٪"
    assert format_percent(value, 0, "en") == "0%"
    assert format_number(value, 1, "fa") == "۰٫۰"
    assert format_number(value, 1, "en") == "0.0"
    with translation.override("fa"):
        assert num(value) == "۰"


def test_real_negative_numbers_keep_their_sign():
    assert format_percent(-0.4, 0, "fa") == "۰٪"
    assert format_percent(-0.6, 0, "fa") == "-۱٪"
    assert format_number(-1234.5, 1, "en") == "-1,234.5"
