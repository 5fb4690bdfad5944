"""The text of a PDF as pdftotext reads it, for tests that check what a report prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The PDF's text (layout kept), bidi controls and zero-width non-joiners removed."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is required under CI")
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext wraps right-to-left runs in bidi controls and drops zero-width non-joiners.
    return re.sub("[\u202a-\u202e\u2066-\u2069\u200c]", "", text)
