"""Importing observations: layouts, Persian input, every error by row and column, all or nothing."""

from __future__ import annotations

import io
from unittest import mock

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl.worksheet.worksheet import Worksheet

from counties.imports import ImportIssue, import_observations, parse_number, plan_import
from counties.models import Area, Indicator, Observation
from counties.observations import ObservationRow, write_observations
from counties.services import ensure_default_catalogue
from governance.periods import parse_period
from scores.models import ScoreRun
from scores.services import ensure_default_methodology
from tests.observations import observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world):
    ensure_default_catalogue()
    ensure_default_methodology()
    world.county_a.census_code = "0001"
    world.county_a.save(update_fields=["census_code"])
    return world


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LONG = csv_bytes(
    "indicator,county,period,value,source",
    "unemployment_rate,CA,1402,12.5,Labour force survey",
    "unemployment_rate,CB,1402,9.1,Labour force survey",
    "new_jobs,CA,1402,4,Ministry of Labour",
)


def only(plan) -> ImportIssue:
    assert plan.issue_count == 1, [i.as_dict() for i in plan.issues]
    return plan.issues[0]


def test_long_file_is_previewed_then_imported_and_reimporting_changes_nothing(catalogue):
    preview = import_observations(LONG, "data.csv", dry_run=True)
    assert preview.ok and preview.layout == "long"
    assert (len(preview.creates), len(preview.updates), preview.unchanged) == (3, 0, 0)
    assert not Observation.objects.exists()

    done = import_observations(LONG, "data.csv")
    assert done.written
    value = Observation.objects.get(indicator__code="unemployment_rate", county__code="CA")
    assert (value.value, value.period, value.source, value.is_synthetic) == (
        12.5,
        "1402",
        "Labour force survey",
        False,
    )
    history, runs = Observation.history.count(), ScoreRun.objects.count()
    again = import_observations(LONG, "data.csv")
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, 3)
    assert not again.written
    assert Observation.history.count() == history and ScoreRun.objects.count() == runs


def test_a_correction_is_counted_as_an_update_and_keeps_the_old_value_in_history(
    catalogue, django_user_model
):
    import_observations(LONG, "data.csv")
    analyst = catalogue.analyst
    corrected = LONG.replace(b"12.5", b"11.0")
    plan = import_observations(corrected, "fix.csv", user=analyst)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 1, 2)
    value = Observation.objects.get(indicator__code="unemployment_rate", county__code="CA")
    assert value.value == 11.0 and value.updated_by == analyst
    records = list(value.history.order_by("history_date", "history_id"))
    assert [r.value for r in records] == [12.5, 11.0]
    assert records[-1].history_user == analyst and records[-1].history_type == "~"


def test_wide_file_with_one_column_per_indicator(catalogue):
    data = csv_bytes(
        "county,period,unemployment_rate,new_jobs,waste_recycling",
        "CA,1401,12,3.5,",
        "CB,1401,9,,14",
    )
    plan = import_observations(data, "wide.csv")
    assert plan.ok and plan.layout == "wide" and len(plan.creates) == 4
    assert Observation.objects.filter(period="1401").count() == 4


def test_persian_digits_jalali_periods_and_gregorian_years_are_understood(catalogue):
    data = csv_bytes(
        "indicator,county,period,value",
        "unemployment_rate,CA,۱۴۰۲,۱۲٫۵",
        "unemployment_rate,CA,۱۴۰۲-۰۷,۱۱",
        "unemployment_rate,CA,1402/Q3,10",
        "unemployment_rate,CB,2023,9",
        'population,CB,1402,"1,234,567"',
    )
    plan = import_observations(data, "fa.csv")
    assert plan.ok, [i.as_dict() for i in plan.issues]
    stored = dict(Observation.objects.filter(county__code="CA").values_list("period", "value"))
    assert stored == {"1402": 12.5, "1402-07": 11.0, "1402-Q3": 10.0}
    assert Observation.objects.get(
        county__code="CB", indicator__code="unemployment_rate"
    ).period == ("1402")
    assert Observation.objects.get(indicator__code="population").value == 1_234_567
    month = Observation.objects.get(period="1402-07")
    assert month.period_kind == "month"
    assert month.period_start == parse_period("1402-07").gregorian_start()


def test_county_by_census_code_even_without_leading_zeros_and_area_by_name_or_code(catalogue):
    city = Area.objects.create(
        county=catalogue.county_a, name_fa="شهر", name_en="City", code="A-1", kind="city"
    )
    data = csv_bytes(
        "indicator,county,area,period,value",
        "new_jobs,0001,,1402,1",
        "new_jobs,1,شهر,1401,2",
        "new_jobs,CA,a-1,1400,3",
        "new_jobs,CA,city,1399,4",
    )
    plan = import_observations(data, "codes.csv")
    assert plan.ok, [i.as_dict() for i in plan.issues]
    assert Observation.objects.filter(county=catalogue.county_a).count() == 4
    assert Observation.objects.filter(area=city).count() == 3


def test_xlsx_long_file_with_numbers_and_text(catalogue):
    data = xlsx_bytes(
        ["indicator", "county", "period", "value"],
        ["unemployment_rate", "CA", 1402, 12.5],
        ["new_jobs", "CB", "۱۴۰۲", "7"],
    )
    plan = import_observations(data, "data.xlsx")
    assert plan.ok and len(plan.creates) == 2


def test_utf16_and_semicolon_separated_files_are_read(catalogue):
    data = "indicator;county;period;value\nnew_jobs;CA;1402;3\n".encode("utf-16")
    assert import_observations(data, "excel.csv").ok


def test_persian_column_headers_are_accepted(catalogue):
    data = csv_bytes("شاخص,شهرستان,دوره,مقدار", "new_jobs,CA,۱۴۰۲,۳")
    assert import_observations(data, "fa-headers.csv").ok


def test_the_glossary_word_for_area_names_the_area_column(catalogue):
    data = csv_bytes("شاخص,شهرستان,محدوده,دوره,مقدار", "new_jobs,CA,Atlantis,۱۴۰۲,۳")
    issue = only(plan_import(data, "fa-area.csv"))
    assert (issue.code, issue.column) == ("unknown_area", "محدوده")


# --- one test per kind of error -------------------------------------------------------------


def test_unknown_county_is_reported_with_row_and_column(catalogue):
    data = csv_bytes("indicator,county,period,value", "new_jobs,CA,1402,1", "new_jobs,NOPE,1402,2")
    issue = only(plan_import(data, "f.csv"))
    assert (issue.code, issue.row, issue.column, issue.letter) == (
        "unknown_county",
        3,
        "county",
        "B",
    )
    assert "NOPE" in issue.message


def test_unknown_area_is_reported(catalogue):
    data = csv_bytes("indicator,county,area,period,value", "new_jobs,CA,Atlantis,1402,1")
    issue = only(plan_import(data, "f.csv"))
    assert (issue.code, issue.row, issue.column) == ("unknown_area", 2, "area")


def test_unknown_indicator_is_reported(catalogue):
    issue = only(plan_import(csv_bytes("indicator,county,period,value", "gdp,CA,1402,1"), "f.csv"))
    assert (issue.code, issue.row, issue.column) == ("unknown_indicator", 2, "indicator")


def test_unknown_indicator_column_in_a_wide_file_is_reported_on_the_header_row(catalogue):
    issue = only(plan_import(csv_bytes("county,period,new_jobs,gdp", "CA,1402,1,2"), "f.csv"))
    assert (issue.code, issue.row, issue.column, issue.letter) == ("unknown_column", 1, "gdp", "D")


def test_non_numeric_value_is_reported(catalogue):
    data = csv_bytes("indicator,county,period,value", "new_jobs,CA,1402,twelve")
    issue = only(plan_import(data, "f.csv"))
    assert (issue.code, issue.row, issue.column) == ("not_numeric", 2, "value")


def test_value_outside_the_indicators_range_is_reported(catalogue):
    data = csv_bytes("indicator,county,period,value", "unemployment_rate,CA,1402,140")
    issue = only(plan_import(data, "f.csv"))
    assert issue.code == "out_of_range" and issue.row == 2
    assert issue.params == {
        "value": "140",
        "indicator": "unemployment_rate",
        "min": "0",
        "max": "100",
    }


def test_duplicate_keys_in_the_file_are_reported_with_the_first_row(catalogue):
    data = csv_bytes(
        "indicator,county,period,value",
        "new_jobs,CA,1402,1",
        "new_jobs,CB,1402,1",
        "new_jobs,CA,۱۴۰۲,2",
    )
    issue = only(plan_import(data, "f.csv"))
    assert (issue.code, issue.row, issue.params) == ("duplicate_key", 4, {"first_row": "2"})


def test_bad_period_is_reported(catalogue):
    data = csv_bytes("indicator,county,period,value", "new_jobs,CA,1402-13,1")
    issue = only(plan_import(data, "f.csv"))
    assert (issue.code, issue.row, issue.column) == ("bad_period", 2, "period")


def test_empty_file_is_reported(catalogue):
    assert only(plan_import(b"", "f.csv")).code == "empty_file"
    assert only(plan_import(csv_bytes("indicator,county,period,value"), "f.csv")).code == (
        "empty_file"
    )


def test_wrong_encoding_is_reported_with_its_line(catalogue):
    data = "indicator,county,period,value\nnew_jobs,CA,1402,1\nnew_jobs,شهر,1402,1\n".encode(
        "cp1256"
    )
    issue = only(plan_import(data, "f.csv"))
    assert (issue.code, issue.row) == ("encoding", 3)


def test_formula_cells_in_xlsx_are_reported(catalogue):
    data = xlsx_bytes(["indicator", "county", "period", "value"], ["new_jobs", "CA", 1402, "=2*3"])
    issue = only(plan_import(data, "f.xlsx"))
    assert (issue.code, issue.row, issue.column, issue.letter) == ("formula", 2, "value", "D")


def test_missing_required_column_is_reported(catalogue):
    issue = only(plan_import(csv_bytes("indicator,county,value", "new_jobs,CA,1"), "f.csv"))
    assert (issue.code, issue.row, issue.params) == ("missing_column", 1, {"column": "period"})


def test_empty_required_cell_is_reported(catalogue):
    issue = only(plan_import(csv_bytes("indicator,county,period,value", "new_jobs,,1402,1"), "f"))
    assert (issue.code, issue.row, issue.column) == ("missing_value", 2, "county")


def test_a_source_longer_than_the_field_is_reported(catalogue):
    data = csv_bytes("indicator,county,period,value,source", f"new_jobs,CA,1402,1,{'x' * 301}")
    assert only(plan_import(data, "f.csv")).code == "too_long"


def test_a_file_that_is_not_a_spreadsheet_is_reported(catalogue):
    assert only(plan_import(b"PK\x03\x04garbage", "f.xlsx")).code == "unreadable"


def test_one_bad_row_means_nothing_is_written_and_every_error_is_listed(catalogue):
    data = csv_bytes(
        "indicator,county,period,value",
        "new_jobs,CA,1402,1",
        "new_jobs,XX,1402,1",
        "unemployment_rate,CB,1402,abc",
        "new_jobs,CB,1402,4",
    )
    plan = import_observations(data, "f.csv")
    assert [(i.row, i.code) for i in plan.issues] == [(3, "unknown_county"), (4, "not_numeric")]
    assert not plan.written and not Observation.objects.exists()
    assert not ScoreRun.objects.exists()


def test_errors_are_written_in_the_users_language(catalogue):
    issue = only(plan_import(csv_bytes("indicator,county,period,value", "gdp,CA,1402,1"), "f"))
    with translation.override("en"):
        assert issue.message == "Unknown indicator “gdp”."
    with translation.override("fa"):
        assert issue.message == "شاخص «\u2068gdp\u2069» شناخته نیست."


def test_persian_numbers_are_parsed():
    assert parse_number("۱۲٫۵") == 12.5
    assert parse_number("٣٤") == 34
    assert parse_number("−۲") == -2
    assert parse_number("1,234.5") == 1234.5
    # Grouping as spreadsheets and Persian keyboards leave it: spaces, '٬', no-break spaces, ZWNJ.
    assert parse_number("۱٬۲۳۴ ۵۶۷") == 1234567
    assert parse_number("1\u00a0234\u200c567") == 1234567
    assert parse_number("\u200e۴۲\u200f") == 42
    assert parse_number("nan") is None and parse_number("inf") is None
    assert parse_number(True) is None and parse_number("") is None


# --- writes, rebuild, command -----------------------------------------------------------------


def test_an_import_that_changes_data_queues_one_rebuild_on_commit(
    catalogue, django_capture_on_commit_callbacks
):
    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = import_observations(LONG, "a.csv")
        second = import_observations(LONG.replace(b"12.5", b"13"), "b.csv")
    assert first.score_run == second.score_run
    delay.assert_called_once_with(first.score_run.pk)


def test_fast_and_ordinary_writes_leave_the_same_rows_and_history(catalogue):
    observe(catalogue.county_a, "new_jobs", "1399", 1)
    existing = Observation.objects.get()
    period = parse_period("1400")

    def rows(offset: float, fast: bool) -> None:
        creates = [
            ObservationRow(
                indicator_id=existing.indicator_id,
                county_id=county.pk,
                area_id=None,
                period=f"{1400 + int(offset)}",
                period_kind="year",
                period_start=period.gregorian_start(),
                value=5 + offset,
                source="s",
            )
            for county in (catalogue.county_a, catalogue.county_b)
        ]
        update = ObservationRow(
            indicator_id=existing.indicator_id,
            county_id=existing.county_id,
            area_id=None,
            period="1399",
            period_kind="year",
            period_start=existing.period_start,
            value=2 + offset,
            note="corrected",
            pk=existing.pk,
        )
        write_observations(creates, [update], user=catalogue.analyst, reason="test", fast=fast)

    rows(0, fast=False)
    rows(1, fast=True)
    fields = ["county_id", "value", "source", "note", "is_synthetic", "updated_by_id"]
    slow = list(Observation.objects.filter(period="1400").order_by("county_id").values(*fields))
    fast = list(Observation.objects.filter(period="1401").order_by("county_id").values(*fields))
    assert [{**r, "value": r["value"] + 1} for r in slow] == fast
    history_fields = ["history_type", "history_user_id", "history_change_reason", "value", "note"]
    records = list(existing.history.order_by("history_id").values(*history_fields))
    assert [r["history_type"] for r in records] == ["+", "~", "~"]
    assert records[1] | {"value": 3.0} == records[2]
    created = Observation.history.filter(period__in=["1400", "1401"], history_type="+")
    assert created.count() == 4
    assert set(created.values_list("history_user_id", flat=True)) == {catalogue.analyst.pk}
    existing.refresh_from_db()
    assert existing.updated_at is not None and existing.value == 3.0


@pytest.mark.parametrize("fast", [False, True], ids=["ordinary", "fast"])
def test_written_text_and_empty_areas_come_back_exactly_from_either_write_path(catalogue, fast):
    """Quotes, commas, line breaks, backslashes and COPY's own NULL marker in a source or note
    are text like any other; a county-level row keeps no area; the history holds the same."""
    area = Area.objects.create(county=catalogue.county_a, name_fa="شهر", kind="city")
    indicator = Indicator.objects.get(code="new_jobs")
    period = parse_period("1400")
    texts = ['a,"b"', "line\nbreak", "\\N", "", "back\\slash;'quote'"]
    creates = [
        ObservationRow(
            indicator_id=indicator.pk,
            county_id=catalogue.county_a.pk,
            area_id=area.pk if k % 2 else None,
            period=f"{1390 + k}",
            period_kind="year",
            period_start=period.gregorian_start(),
            value=0.1 + k,
            source=text,
            note=texts[-1 - k],
        )
        for k, text in enumerate(texts)
    ]
    write_observations(creates, [], user=None, reason='why, "so"', fast=fast)
    stored = list(
        Observation.objects.order_by("period").values_list("area_id", "value", "source", "note")
    )
    assert stored == [(r.area_id, r.value, r.source, r.note) for r in creates]
    history = list(
        Observation.history.order_by("period").values_list(
            "area_id", "source", "note", "history_change_reason", "history_user_id"
        )
    )
    assert history == [(r.area_id, r.source, r.note, 'why, "so"', None) for r in creates]
    ids = set(Observation.objects.values_list("pk", flat=True))
    assert set(Observation.history.values_list("id", flat=True)) == ids


def test_command_dry_run_counts_and_writes_nothing(catalogue, tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_bytes(LONG)
    call_command("import_observations", str(path), dry_run=True)
    assert "Would create 3" in capsys.readouterr().out
    assert not Observation.objects.exists()
    call_command("import_observations", str(path))
    assert Observation.objects.count() == 3


def test_command_reports_every_error_by_row_and_column_and_fails(catalogue, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("indicator,county,period,value", "new_jobs,XX,1402,abc"))
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_observations", str(path), language="en")
    err = capsys.readouterr().err
    assert "row 2, column county (B): Unknown county “XX”" in err
    assert "row 2, column value (D): “abc” is not a number." in err
    assert not Observation.objects.exists()
