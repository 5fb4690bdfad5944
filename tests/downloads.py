"""Reading downloads as a spreadsheet user would: streamed CSV with its UTF-8 BOM."""

from __future__ import annotations

import csv
import io
from typing import Any


def csv_rows(response: Any) -> list[dict[str, str]]:
    """The rows of a streamed CSV response, keyed by the header."""
    body = response.streaming_content if response.streaming else [response.content]
    text = b"".join(body).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
