"""The iCalendar writer: RFC 5545 escaping, folding and line endings."""

from __future__ import annotations

import datetime as dt

from participation import ics


def test_text_values_escape_backslash_semicolon_comma_and_newline():
    assert ics.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_persian_characters():
    line = "SUMMARY:" + "شورای اداری شهرستان " * 10
    folded = ics.fold(line)
    parts = folded.split("\r\n ")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(parts) == line


def test_utc_times_end_in_z():
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    assert ics.utc(dt.datetime(2024, 3, 20, 13, 30, tzinfo=tehran)) == "20240320T100000Z"
