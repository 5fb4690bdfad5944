"""Where a page shown in Persian still writes Latin digits (or a Latin comma) in its visible text.

A Persian reader sees Persian digits. Latin digits are allowed only where the text is not Persian
prose: codes and machine text (<code>, <kbd>, <samp>, <pre>), URLs and e-mail addresses, what a
user typed (form fields, and text shown as typed in an element with `dir="auto"`, whose
direction follows its own language), any element marked as left-to-right (`dir="ltr"`,
`lang="en"`) or with the class `latin-ok`, and text inside a left-to-right or first-strong
isolate (U+2066 or U+2068 … U+2069: the plain-text `dir="ltr"` and `dir="auto"` that messages
put around codes such as «UTF-8» and around values copied from a user's file).
`latin_in_persian_text` lists every other place.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose text is not read as Persian prose, or not read at all.
_SKIPPED_TAGS = {"script", "style", "code", "kbd", "samp", "pre", "textarea", "template", "svg"}
_VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_URL = re.compile(r"(?:https?://|www\.|/)[^\s]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LATIN_DIGIT = re.compile(r"[0-9]")
_LTR_ISOLATE = re.compile("[\u2066\u2068][^\u2069]*\u2069")
# A Latin comma between two Persian words or digits: «۲۰٫۰, ۱۱ فروردین».
_LATIN_COMMA = re.compile(r"[\u0600-\u06ff],\s*[\u0600-\u06ff]")


def _marked_latin(tag: str, attributes: dict[str, str | None]) -> bool:
    classes = (attributes.get("class") or "").split()
    return (
        tag in _SKIPPED_TAGS
        or attributes.get("dir") in ("ltr", "auto")
        or (attributes.get("lang") or "").startswith("en")
        or "latin-ok" in classes
    )


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        inherited = bool(self.stack and self.stack[-1][1])
        self.stack.append((tag, inherited or _marked_latin(tag, dict(attrs))))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if self.stack and self.stack[-1][1]:
            return
        prose = _URL.sub(" ", _LTR_ISOLATE.sub(" ", text))
        match = _LATIN_DIGIT.search(prose) or _LATIN_COMMA.search(prose)
        if match:
            self.problems.append(prose[max(0, match.start() - 50) : match.end() + 30])


def latin_in_persian_text(html: str) -> list[str]:
    """Every visible text of a Persian `html` page that writes Latin digits or a Latin comma
    outside codes, URLs, form values and elements marked as Latin (empty when all is Persian)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.problems
