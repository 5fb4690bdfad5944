"""One Persian catalogue, one word for each thing.

Every string is translated once, in locale/ (LOCALE_PATHS): two catalogues would give one English
text two translations, and the one Django picks depends on INSTALLED_APPS order. The glossary
(docs/glossary.md) names the one Persian word for each thing; a translation may not use a word it
rules out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "locale" / "fa" / "LC_MESSAGES" / "django.po"
# Not the project's own: installed packages, collected static files, uploads, run-time data.
SKIPPED_DIRS = {"node_modules", "staticfiles", "media", "var", "test-artifacts"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]")


def locale_files(root: Path, suffix: str) -> Iterator[Path]:
    """Every */locale/<lang>/LC_MESSAGES/*<suffix> under `root`, outside dot-directories
    (.venv, .git) and the directories in SKIPPED_DIRS."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS]
        path = Path(folder)
        if path.name == "LC_MESSAGES" and path.parent.parent.name == "locale":
            yield from sorted(path / f for f in files if f.endswith(suffix))


def translations(entry: polib.POEntry) -> list[str]:
    """The entry's msgstr, or each of its plural forms."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def conflicts(paths: Iterable[Path]) -> dict[tuple[str, str | None, str], dict[str, list[str]]]:
    """Sources that two catalogues translate differently: (language, context, msgid) -> the
    translation -> the catalogues giving it. Untranslated and fuzzy entries are not translations."""
    seen: dict[tuple[str, str | None, str], dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for path in paths:
        language = path.parent.parent.name
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            key = (language, entry.msgctxt, entry.msgid)
            seen[key][" | ".join(translations(entry))].append(str(path))
    return {key: dict(found) for key, found in seen.items() if len(found) > 1}


@dataclass(frozen=True)
class Term:
    english: str
    persian: str
    forbidden: tuple[str, ...]

    def in_source(self, text: str) -> bool:
        words = r"\s+".join(re.escape(w) for w in self.english.split())
        return re.search(rf"\b{words}", text, re.IGNORECASE) is not None

    def forbidden_in(self, text: str) -> list[str]:
        # Whole Persian words: a zero-width non-joiner or a diacritic may follow (پروژه‌ها,
        # پروژهٔ), a letter may not (صورتجلسه is not جلسه).
        return [w for w in self.forbidden if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def glossary(path: Path = GLOSSARY) -> list[Term]:
    """The rows of the glossary's table: | English | Persian | Not (separated by ، or ,) | Why |."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("English", "") or set(cells[0]) <= {"-", " "}:
            continue
        forbidden = tuple(w.strip() for w in re.split(r"[،,]", cells[2]) if w.strip() != "—")
        terms.append(Term(cells[0], cells[1], tuple(w for w in forbidden if w)))
    return terms


def glossary_breaches(path: Path, terms: list[Term]) -> list[str]:
    """Entries whose English source has a glossary term and whose Persian uses a ruled-out word."""
    breaches = []
    for entry in polib.pofile(str(path)):
        source = f"{entry.msgid} {entry.msgid_plural or ''}"
        for term in terms:
            if not term.in_source(source):
                continue
            for text in translations(entry):
                for word in term.forbidden_in(text):
                    breaches.append(f"{entry.msgid!r}: {word} (say {term.persian}) in {text!r}")
    return breaches


# --- one catalogue ---------------------------------------------------------------------------


def test_the_project_catalogue_is_the_one_in_locale_paths():
    assert [Path(p).resolve() for p in settings.LOCALE_PATHS] == [ROOT / "locale"]
    assert list(locale_files(ROOT, ".po")) == [CATALOGUE]


def test_no_app_keeps_a_compiled_catalogue_of_its_own():
    # A .mo left in an app's locale/ (compiled before the app catalogues were merged, and ignored
    # by git) is still loaded by Django and still translates: delete the folder.
    stray = [p for p in locale_files(ROOT, ".mo") if p.parents[3] != ROOT]
    assert stray == [], "stale app catalogues; delete their locale/ folders"


def test_two_catalogues_never_translate_one_source_differently():
    assert conflicts(locale_files(ROOT, ".po")) == {}


def test_a_source_translated_differently_in_two_catalogues_is_found(tmp_path):
    for app, word in (("one", "طرح"), ("two", "پروژه")):
        folder = tmp_path / app / "locale" / "fa" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalogue = polib.POFile()
        catalogue.append(polib.POEntry(msgid="Project", msgstr=word))
        catalogue.append(polib.POEntry(msgid="County", msgstr="شهرستان"))
        catalogue.save(str(folder / "django.po"))
    (tmp_path / ".venv" / "locale" / "fa" / "LC_MESSAGES").mkdir(parents=True)

    found = conflicts(locale_files(tmp_path, ".po"))

    assert list(found) == [("fa", None, "Project")]
    assert set(found[("fa", None, "Project")]) == {"طرح", "پروژه"}


# --- one word for each thing -------------------------------------------------------------------


def test_the_glossary_names_the_words_the_issue_asks_for():
    words = {t.english: t.persian for t in glossary()}
    assert words["project"] == "طرح"
    assert words["area"] in ("محدوده", "ناحیه")
    assert {"county", "province", "governor", "indicator", "action plan"} <= set(words)


def test_no_translation_uses_a_word_the_glossary_rules_out():
    assert glossary_breaches(CATALOGUE, glossary()) == []


def test_a_ruled_out_word_is_found_in_any_of_its_forms(tmp_path):
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Edit project", msgstr="ویرایش پروژه"))
    catalogue.append(polib.POEntry(msgid="Projects", msgstr="پروژه‌ها"))
    catalogue.append(polib.POEntry(msgid="Photo of the project", msgstr="عکس طرح"))
    catalogue.append(polib.POEntry(msgid="Minutes of the meeting", msgstr="صورتجلسه"))
    catalogue.save(str(tmp_path / "django.po"))
    terms = [Term("project", "طرح", ("پروژه",)), Term("meeting", "نشست", ("جلسه",))]

    breaches = glossary_breaches(tmp_path / "django.po", terms)

    assert [b.split(":")[0] for b in breaches] == ["'Edit project'", "'Projects'"]


# --- complete and well-formed ------------------------------------------------------------------
# tests/governance/test_translations.py checks that no entry is untranslated or fuzzy.


def test_every_plural_message_has_both_persian_forms():
    catalogue = polib.pofile(str(CATALOGUE))
    assert "nplurals=2;" in catalogue.metadata["Plural-Forms"]
    incomplete = [
        e.msgid
        for e in catalogue
        if e.msgid_plural and sorted(k for k, v in e.msgstr_plural.items() if v) != [0, 1]
    ]
    assert incomplete == []


def test_python_format_messages_are_flagged_and_keep_their_placeholders():
    wrong = []
    for entry in polib.pofile(str(CATALOGUE)):
        names = set(PLACEHOLDER.findall(f"{entry.msgid} {entry.msgid_plural or ''}"))
        if names and "python-format" not in entry.flags:
            wrong.append(f"{entry.msgid!r}: no python-format flag")
        # A singular form may leave out the count ("One remark…"); together the forms use all.
        used = [set(PLACEHOLDER.findall(text)) for text in translations(entry)]
        if any(u - names for u in used) or set().union(*used) != names:
            wrong.append(f"{entry.msgid!r}: placeholders of {translations(entry)!r}")
    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_gnu_msgfmt_accepts_the_catalogue(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
