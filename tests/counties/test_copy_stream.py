"""The import's COPY reads its lines as they are made (counties.observations._StreamedLines)."""

from __future__ import annotations

from counties.observations import _csv_lines


def test_copy_reads_every_line_once_in_chunks_of_at_least_the_size_asked():
    made: list[int] = []

    def rows():
        for n in range(1000):
            made.append(n)
            yield (n, '"row"', 1.5)

    stream = _csv_lines(rows())
    assert made == []  # nothing is formatted before COPY reads
    first = stream.read(100)
    assert len(first) >= 100 and len(made) < 1000  # a chunk, not the whole file
    rest = []
    while chunk := stream.read(100):
        rest.append(chunk)
    text = first + "".join(rest)
    assert text.splitlines() == [f'{n},"row",1.5' for n in range(1000)]
    assert stream.read(100) == ""
