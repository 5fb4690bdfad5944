"""Every catalogue is complete: no untranslated or fuzzy Persian entry."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/fa/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_are_persian_catalogues():
    assert CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_a_persian_translation(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert missing == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_placeholders_survive_translation(path):
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    for entry in polib.pofile(str(path)).translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            assert set(pattern.findall(text)) <= set(pattern.findall(entry.msgid)) | set(
                pattern.findall(entry.msgid_plural or "")
            ), entry.msgid
