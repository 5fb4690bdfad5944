"""What forms and import messages say to a Persian reader is written in Persian digits.

Every form of the project (the walk of test_persian_input) and every model field (the admin's
forms) is read under Persian: labels, help texts and error messages may not show Latin digits,
except codes marked as left-to-right. Examples shown to a Persian reader are examples the parsers
accept. Import messages write the numbers Tavazon adds (row, line, limit, range) in the reader's
digits, and values copied from the file as they were typed.
"""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps
from django.utils import translation

from counties.geojson_import import BoundaryFileError, load_feature_collection
from counties.imports import MESSAGES, ImportIssue
from governance.dates import parse_user_date
from governance.periods import Period, parse_period
from tests.governance.test_persian_input import APPS, FORMS
from tests.persian_text import latin_in_persian_text

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
LATIN = re.compile(r"[0-9]")


def _problems(text: object) -> list[str]:
    return latin_in_persian_text(PLACEHOLDER.sub(" ", str(text)))


def _form_texts() -> list[tuple[str, str]]:
    texts = []
    for cls in FORMS:
        for name, field in cls.base_fields.items():
            where = f"{cls.__name__}.{name}"
            texts += [(f"{where} label", field.label or ""), (f"{where} help", field.help_text)]
            texts += [(f"{where} {code}", text) for code, text in field.error_messages.items()]
    return texts


def _model_texts() -> list[tuple[str, str]]:
    texts = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):  # django-simple-history's own, not shown
                continue
            for field in model._meta.get_fields():
                where = f"{model.__name__}.{field.name}"
                for attribute in ("verbose_name", "help_text"):
                    if getattr(field, attribute, ""):
                        texts.append((f"{where} {attribute}", getattr(field, attribute)))
    return texts


def test_form_and_model_texts_show_no_latin_digits_under_persian():
    with translation.override("fa"):
        texts = _form_texts() + _model_texts()
        assert len(texts) > 500
        problems = {where: _problems(text) for where, text in texts}
    found = {where: found for where, found in problems.items() if found}
    assert not found, "\n".join(f"{w}: {f}" for w, f in found.items())


def test_every_import_message_shows_no_latin_digits_under_persian():
    with translation.override("fa"):
        problems = {code: _problems(ImportIssue(code).message) for code in MESSAGES}
    assert {code: found for code, found in problems.items() if found} == {}


def test_examples_shown_to_persian_readers_are_accepted():
    assert parse_period("۱۴۰۲") == Period(1402)
    assert parse_period("۱۴۰۲-فصل ۳") == parse_period("1402-Q3") == Period(1402, "quarter", 3)
    assert parse_period("۱۳۹۵-فصل ۲") == Period(1395, "quarter", 2)
    # The examples of the period messages: a quarter as pages label it, unbreakable.
    assert parse_period("فصل\u00a0۳\u2007۱۴۰۲") == Period(1402, "quarter", 3)
    assert parse_period("فصل\u00a0۲\u2007۱۳۹۵") == Period(1395, "quarter", 2)
    assert parse_period("\u2066۱۴۰۲-۰۷\u2069".strip("\u2066\u2069")) == Period(1402, "month", 7)
    for key in ("1405-Q3", "1405-Q1"):  # a label copied from a page reads back
        period = parse_period(key)
        assert parse_period(period.label("fa")) == period
    assert parse_user_date("۱۴۰۵/۰۱/۱۵") == parse_user_date("1405/01/15")
    assert parse_user_date("۲۰۲۶-۱۱-۲۴").isoformat() == "2026-11-24"


def test_import_messages_write_their_numbers_in_the_readers_digits():
    duplicate = ImportIssue("duplicate_key", row=12, params={"first_row": 3})
    broken = ImportIssue("nul_character", row=1234, params={"line": 1234})
    outside = ImportIssue(
        "out_of_range",
        params={"value": "120000", "indicator": "unemployment_rate", "min": "0", "max": "100"},
    )
    too_long = ImportIssue("too_long", params={"limit": 300})
    with translation.override("fa"):
        assert "۳" in duplicate.message and not LATIN.search(duplicate.message)
        assert "۱٬۲۳۴" in broken.message and not _problems(broken.message)
        # The value is the file's, as typed; the range is Tavazon's.
        assert "120000" in outside.message
        assert "(۰ " in outside.message and "۱۰۰)" in outside.message
        assert "۳۰۰" in too_long.message
    with translation.override("en"):
        assert "row 3" in duplicate.message
        assert "Line 1,234" in broken.message
        assert "(0 to 100)" in outside.message


def test_a_broken_boundary_file_names_its_line_in_persian_digits(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text("{\n\n" + json.dumps({"type": "FeatureCollection"})[:-1], encoding="utf-8")
    with translation.override("fa"), pytest.raises(BoundaryFileError) as caught:
        load_feature_collection(path)
    message = str(caught.value)
    assert "۳" in message and not re.search(r"\(.*[0-9].*\)", message.split(":")[0])
