"""Persian and Arabic-Indic digits: normalise input, localise output."""

from __future__ import annotations

import math
from collections.abc import Container, Mapping
from decimal import Decimal

_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
# Join the words of a label that must not wrap inside itself («فصل ۳ ۱۴۰۵»). Between two
# numbers the no-break space (a number separator to the bidi algorithm) would fuse them into one
# left-to-right number, «۳ ۱۴۰۵» read as «۱۴۰۵ ۳»; the figure space does not break either, and
# separates them like a plain space.
NBSP = "\u00a0"
NUMBER_NBSP = "\u2007"
JALALI_MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# The Gregorian months as Persian writes them (a Gregorian calendar profile's pages under fa).
GREGORIAN_MONTHS_FA = (
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
)
_ARABIC = "٠١٢٣٤٥٦٧٨٩"
_TO_LATIN = str.maketrans(_PERSIAN + _ARABIC + "٫٬", "0123456789" * 2 + ".,")
_TO_PERSIAN = str.maketrans("0123456789", _PERSIAN)


def to_latin_digits(text: str) -> str:
    """Return `text` with Persian/Arabic digits and separators replaced by ASCII ones."""
    return text.translate(_TO_LATIN)


# Direction marks a right-to-left keyboard or a copy from a Persian page leaves in numbers.
_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# Thousands separators: ',' and '٬' (already ',' after to_latin_digits), spaces, and the
# zero-width non-joiner a Persian keyboard or spreadsheet may leave between digits.
_GROUPING = dict.fromkeys(map(ord, ", \u00a0\u2009\u202f\u200c"))


def latin_text(text: str) -> str:
    """Typed text (a time, a date, a phone number) with Latin digits and no direction marks."""
    return to_latin_digits(text).translate(_MARKS).strip()


def normalise_number(text: str) -> str:
    """A number as typed in any digits ('۱٬۲۳۴٫۵', '١٢٣', '−۵', '1,234.5') made ready for
    int/Decimal/float: Latin digits, '.' for the decimal point, no grouping, no marks."""
    return latin_text(text).translate(_GROUPING).replace("\u2212", "-")


def to_persian_digits(text: str) -> str:
    """Return `text` with ASCII digits replaced by Persian digits (and '.' by the Persian '٫')."""
    out = text.translate(_TO_PERSIAN)
    return out


def format_number(value: float | Decimal, decimals: int = 0, language: str | None = "fa") -> str:
    """`value` with thousands separators and `decimals` places; Persian digits and separators
    ('٬' thousands, '٫' decimal) under fa, as in the `num` template filter. A value that rounds
    to zero is written without a minus sign (no "-۰٪" for a target that has not moved)."""
    text = f"{value:z,.{decimals}f}"
    if language != "fa":
        return text
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


def format_percent(value: float, decimals: int = 0, language: str | None = "fa") -> str:
    """A percent in the language's digits and percent sign: '۴۲٪' under fa, '42%' otherwise."""
    return format_number(value, decimals, language) + ("٪" if language == "fa" else "%")


def number_text(value: object, language: str | None = "fa") -> str:
    """A number given as a number or as its text ('12', 300, '1e+18', '0.5', Decimal('2.50'))
    written for a message: separators and the language's digits, as many decimals as it has (at
    most six); text that is not a finite number is returned as it is."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(value)
    decimals = 0 if number.is_integer() else min(len(f"{number:f}".rstrip("0").split(".")[1]), 6)
    return format_number(number, decimals, language)


# Around a value copied from a file or a code, in a Persian message: a first-strong isolate
# (U+2068 … U+2069), so «1402-13» keeps its order in right-to-left text and reads as typed.
ISOLATE, END_ISOLATE = "\u2068", "\u2069"


def message_params(
    params: Mapping[str, object], numbers: Container[str], language: str | None
) -> dict[str, object]:
    """A message's placeholder values for `language`: those named in `numbers` (numbers Tavazon
    wrote: a row, a limit) in its digits, the others (values copied from a file) as typed,
    isolated under fa."""
    return {
        key: number_text(value, language)
        if key in numbers
        else (f"{ISOLATE}{value}{END_ISOLATE}" if language == "fa" else value)
        for key, value in params.items()
    }


# Letters an Arabic keyboard or an old file writes for the Persian ones (ي ى ك ۀ ة), and the
# invisible marks a search box may carry.
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "ٱ": "ا"})


def search_forms(text: str) -> list[str]:
    """The forms a typed search is looked for in: Persian letters for their Arabic variants and
    no direction marks, then with Latin digits and with Persian digits (codes are Latin, Persian
    names hold Persian digits), each once; empty for blank text."""
    plain = " ".join(text.translate(_MARKS).translate(_LETTERS).split())
    if not plain:
        return []
    forms = [plain, to_latin_digits(plain), to_persian_digits(to_latin_digits(plain))]
    return list(dict.fromkeys(forms))
