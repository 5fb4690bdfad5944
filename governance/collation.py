"""Persian alphabetical order of names, the same on PostgreSQL and SQLite.

Code-point order puts چ after ی and گ after ی (they are outside the Arabic block); people
expect آ ا ء ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی. PostgreSQL sorts
with the ICU collation `fa_ir` (created by governance migration 0002); SQLite calls
`persian_sort_key`, registered under the same name on every connection (governance.apps), which
follows ICU's fa-IR order: spaces, then punctuation, digits (Persian and Latin alike), Persian
letters (Arabic yeh and kaf as ی and ک), then Latin letters ignoring case; zero-width non-joiners
and vowel marks do not count. Querysets order names with `by_name()`, never with a bare field.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import get_language

COLLATION = "fa_ir"

_ALPHABET = "آاءبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_VARIANTS = {
    "ٱ": "ا",
    "أ": "ء",
    "إ": "ء",
    "ؤ": "ء",
    "ئ": "ء",
    "ك": "ک",
    "ڪ": "ک",
    "ي": "ی",
    "ى": "ی",
    "ے": "ی",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "ھ": "ه",
}
_LETTER = {letter: n for n, letter in enumerate(_ALPHABET)}
_LETTER.update({variant: _LETTER[base] for variant, base in _VARIANTS.items()})
# Names equal but for these letters: the Persian letter first, then its variants in this order.
_TIE = str.maketrans(
    {variant: base + chr(0x10FFF0 + n) for n, (variant, base) in enumerate(_VARIANTS.items())}
)
_IGNORED = {"\u200c", "\u200d", "\u0640"}  # ZWNJ, ZWJ, tatweel

# Groups in ICU's order for fa-IR.
_SPACE, _PUNCTUATION, _DIGIT, _PERSIAN, _LATIN, _OTHER = range(6)


def _weight(char: str) -> tuple[int, int] | None:
    if char in _IGNORED or unicodedata.category(char) == "Mn":
        return None
    if char in _LETTER:
        return (_PERSIAN, _LETTER[char])
    if char.isspace():
        return (_SPACE, 0)
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return (_DIGIT, digit)
    if "a" <= char.lower() <= "z":
        return (_LATIN, ord(char.lower()))
    if unicodedata.category(char)[0] in "PSZ":
        return (_PUNCTUATION, ord(char))
    return (_OTHER, ord(char.casefold()[0]))


def persian_sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], str]:
    """Sort key of `text` in Persian alphabetical order: the letters' places in the alphabet,
    then (for names equal at that level) the text itself, Persian letters before their Arabic
    forms and lower case before upper case."""
    primary = tuple(w for w in map(_weight, text) if w is not None)
    return primary, text.swapcase().translate(_TIE)


def compare(left: str, right: str) -> int:
    """-1, 0 or 1: SQLite's collation callback."""
    a, b = persian_sort_key(left), persian_sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: teach every SQLite connection the `fa_ir` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


def name_field(prefix: str = "") -> str:
    """The name column shown in the active language (`name_en` under English, else `name_fa`)."""
    return f"{prefix}name_en" if get_language() == "en" else f"{prefix}name_fa"


def persian(field: str) -> Collate:
    """A text field in Persian alphabetical order (for order_by): names people typed."""
    return Collate(F(field), COLLATION)


def by_name(prefix: str = "") -> Collate:
    """The name in the active language, in Persian alphabetical order (for order_by)."""
    return persian(name_field(prefix))
