"""iCalendar (RFC 5545) export of meetings, written by hand: a few properties, done right.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; TEXT values
escape backslash, semicolon, comma and newlines; times are UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from participation.models import Meeting

PRODID = "-//Tavazon//Participation meetings//EN"
_STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (section 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(meeting: Meeting, host: str, stamp: datetime.datetime) -> list[str]:
    end = meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes)
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(end)}",
        f"SUMMARY:{escape_text(meeting.title)}",
        f"STATUS:{_STATUS.get(meeting.status, 'CONFIRMED')}",
        f"CATEGORIES:{escape_text(meeting.get_kind_display())}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    if meeting.agenda:
        lines.append(f"DESCRIPTION:{escape_text(meeting.agenda)}")
    lines.append(f"LAST-MODIFIED:{utc(meeting.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    meetings: Iterable[Meeting],
    *,
    calendar_name: str,
    host: str = "tavazon",
    stamp: datetime.datetime | None = None,
) -> str:
    """A VCALENDAR with one VEVENT per meeting."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for meeting in meetings:
        lines.extend(event_lines(meeting, host, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
