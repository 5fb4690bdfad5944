"""The country's level names in every translated text: 'county' becomes 'district' where the
country profile says so.

Every page, export, chart, e-mail and command message goes through gettext, so the level names
are applied there, once: `install()` wraps Django's translation objects so that each translated
text (before its placeholders are filled, so names of places are never touched) has the profile's
words in place of "province"/"county" and «استان»/«شهرستان». With the default names nothing is
replaced and nothing is computed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import astuple
from functools import lru_cache

from governance.country import LevelNames, level_names

# A level's word, with its article; never a placeholder's name ("%(county)s", "{county}").
_ENGLISH = re.compile(
    r"(?<!\w)(?<!%\()(?<!\{)(?:(?P<article>[Aa]n?) )?"
    r"(?P<word>[Pp]rovinces|[Pp]rovincial|[Pp]rovince|[Cc]ounties|[Cc]ounty)"
    r"(?!\w)(?!\)[sdfir])(?!\})"
)


def _persian_word_end(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalpha() or text[end] == "\u200c")


@lru_cache(maxsize=8)
def _english_terms(province: str, provinces: str, county: str, counties: str) -> dict[str, str]:
    return {
        "province": province,
        "provincial": province,
        "provinces": provinces,
        "county": county,
        "counties": counties,
    }


@lru_cache(maxsize=8)
def _persian_terms(province: str, provinces: str, county: str, counties: str) -> dict[str, str]:
    return {
        "استان": province,
        "استانی": province + "ی",
        "استان\u200cها": provinces,
        "شهرستان": county,
        "شهرستانی": county + "ی",
        "شهرستان\u200cها": counties,
    }


def _english(text: str, terms: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group("word")
        new = terms[word.lower()]
        if word[0].isupper():
            new = new[:1].upper() + new[1:]
        article = match.group("article")
        if article is None:
            return new
        fitting = "an" if new[:1].lower() in "aeiou" else "a"
        if article[0].isupper():
            fitting = fitting.capitalize()
        return f"{fitting} {new}"

    return _ENGLISH.sub(replace, text)


_PERSIAN_WORDS = re.compile(r"شهرستان\u200cها|شهرستانی|شهرستان|استان\u200cها|استانی|استان")


def _persian(text: str, terms: dict[str, str]) -> str:
    pieces, last = [], 0
    for match in _PERSIAN_WORDS.finditer(text):
        start, end = match.span()
        if start > 0 and (text[start - 1].isalpha() or text[start - 1] == "\u200c"):
            continue  # inside a word: «شهرستان» holds «استان»
        if not _persian_word_end(text, end):
            continue  # «استاندار», «استانداری»: other words
        pieces += [text[last:start], terms[match.group()]]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


#: The words the catalogue itself uses: with these names nothing is replaced.
_DEFAULTS = {
    "fa": LevelNames("استان", "استان\u200cها", "شهرستان", "شهرستان\u200cها"),
    "en": LevelNames("province", "provinces", "county", "counties"),
}


def with_level_names(text: str, language: str) -> str:
    """`text` with the profile's level names in `language` ('fa' or other)."""
    if not text:
        return text
    persian = language[:2] == "fa"
    names = level_names("fa" if persian else "en")
    if names == _DEFAULTS["fa" if persian else "en"] or not all(astuple(names)):
        return text
    if persian:
        return _persian(text, _persian_terms(*astuple(names)))
    return _english(text, _english_terms(*astuple(names)))


def install() -> None:
    """Wrap DjangoTranslation.gettext and .ngettext (once; from GovernanceConfig.ready)."""
    from django.utils.translation.trans_real import DjangoTranslation

    if getattr(DjangoTranslation, "_tavazon_level_names", False):
        return
    gettext: Callable[..., str] = DjangoTranslation.gettext
    ngettext: Callable[..., str] = DjangoTranslation.ngettext

    def gettext_with_names(self: DjangoTranslation, message: str) -> str:
        return with_level_names(gettext(self, message), self.language())

    def ngettext_with_names(self: DjangoTranslation, msgid1: str, msgid2: str, n: int) -> str:
        return with_level_names(ngettext(self, msgid1, msgid2, n), self.language())

    DjangoTranslation.gettext = gettext_with_names  # type: ignore[method-assign,assignment]
    DjangoTranslation.ngettext = ngettext_with_names  # type: ignore[method-assign]
    DjangoTranslation._tavazon_level_names = True  # type: ignore[attr-defined]
