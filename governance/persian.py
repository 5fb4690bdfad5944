"""Persian and Arabic-Indic digits: normalise input, localise output."""

from __future__ import annotations

_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC = "٠١٢٣٤٥٦٧٨٩"
_TO_LATIN = str.maketrans(_PERSIAN + _ARABIC + "٫٬", "0123456789" * 2 + ".,")
_TO_PERSIAN = str.maketrans("0123456789", _PERSIAN)


def to_latin_digits(text: str) -> str:
    """Return `text` with Persian/Arabic digits and separators replaced by ASCII ones."""
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    """Return `text` with ASCII digits replaced by Persian digits (and '.' by the Persian '٫')."""
    out = text.translate(_TO_PERSIAN)
    return out
