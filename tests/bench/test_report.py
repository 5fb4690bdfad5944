"""The benchmark's report: wrk's output read, floor ratios' rows counted, targets summarised."""

from __future__ import annotations

import math

from bench import report, web

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8275/counties/
  2 threads and 20 connections
  412 requests in 10.01s, 40.12MB read
  Socket errors: connect 0, read 1, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:     41.16
CLIENT_P95_US 123456
"""


def test_wrk_failures_count_bad_responses_and_every_socket_error():
    ok, failed, p95 = web.parse_wrk(WRK_OUTPUT)
    assert (ok, failed, p95) == (410, 6, 123.456)


def test_wrk_without_a_completed_request_has_no_p95():
    ok, failed, p95 = web.parse_wrk(
        "  0 requests in 6.00s, 0B read\n  Socket errors: connect 0, read 0, write 0, timeout 20\n"
        "CLIENT_P95_US 0\n"
    )
    assert (ok, failed) == (0, 20)
    assert math.isnan(p95)


def test_rows_are_counted_from_an_api_list_or_a_pages_table_rows():
    assert web.rows_in(b'{"count": 530, "results": [{}, {}, {}]}', "application/json") == 3
    page = b"<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr>\n<tr class=x>"
    assert web.rows_in(page + b"<td>2</td></tr></tbody></table><track>", "text/html") == 2


def test_each_url_is_compared_with_the_floor_of_its_kind_and_rows():
    assert web.floor_path("/api/v1/scores/", 100) == "/bench-floor/json/100"
    assert web.floor_path("/counties/", 450) == "/bench-floor/html/450"


def test_the_summary_states_each_target_as_met_or_not():
    checks = [
        report.Check("national", "rebuild <= 2x its floor", "1.40x", True),
        report.Check("large", "/counties/ server p95 <= 3x floor", "7.10x", False),
    ]
    lines = report.summary_lines(checks, [report.Phase("large", "generate", 300.0)])
    assert any("[large] generate" in line and "300.0 s" in line for line in lines)
    assert any("[national] rebuild" in line and line.endswith("met") for line in lines)
    assert any("[large] /counties/" in line and line.endswith("NOT MET") for line in lines)
    assert lines[-1] == "  1 of 2 targets met"


def test_static_files_are_collected_again_when_a_static_file_is_newer(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(web, "ROOT", tmp_path)
    (tmp_path / "static").mkdir()
    script = tmp_path / "static" / "charts.js"
    script.write_text("1")
    assert web._static_changed()  # nothing collected yet
    (tmp_path / "staticfiles").mkdir()
    manifest = tmp_path / "staticfiles" / "staticfiles.json"
    manifest.write_text("{}")
    os.utime(script, (1_000, 1_000))
    assert not web._static_changed()
    os.utime(manifest, (500, 500))
    assert web._static_changed()  # charts.js changed after the last collectstatic
