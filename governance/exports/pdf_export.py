"""PDF reports: an HTML template rendered by WeasyPrint with the vendored Persian font."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "vazirmatn-33.0.3" / "fonts"
# One WeasyPrint render at a time in a process: a worker's background warm-up (warm_up) may still
# be rendering when its first job does, and WeasyPrint is not made to be used from two threads.
_rendering = threading.Lock()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render `template_name` to PDF; the template gets `font_dir` for its @font-face rules."""
    from weasyprint import HTML  # imported lazily: it loads Pango at import time

    html = render_to_string(template_name, {**context, "font_dir": FONT_DIR.as_uri()})
    with _rendering:
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def warm_up() -> None:
    """Render a line of Persian and English text in the reports' fonts and throw it away: the
    first PDF of a process loads Pango, fontconfig and the fonts (about a second)."""
    from weasyprint import HTML

    fonts = FONT_DIR.as_uri()
    style = (
        f"@font-face{{font-family:V;src:url({fonts}/Vazirmatn-Regular.ttf)}}"
        f"@font-face{{font-family:V;font-weight:bold;src:url({fonts}/Vazirmatn-Bold.ttf)}}"
        "body{font-family:V}"
    )
    html = f"<style>{style}</style><p dir='rtl'><b>تاوازن</b> Tavazon ۱۴۰۳</p>"
    with _rendering:
        HTML(string=html).write_pdf()
