"""The import preview lists the rows whose values are flagged (rules, outliers); flags never
block an import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from counties import imports
from counties.choices import ImportStatus
from counties.models import ImportJob, Observation
from counties.services import ensure_default_catalogue
from tests import personas
from tests.conftest import client_for, visible_text
from tests.observations import observe

pytestmark = pytest.mark.django_db

CODES = [f"K{i}" for i in range(8)]


@pytest.fixture
def site(world, settings, tmp_path):
    """Eight counties of one province with recycling 10..17 % in 1402 and landfill 60 % in 1403."""
    settings.MEDIA_ROOT = tmp_path
    ensure_default_catalogue()
    province = personas.make_province("PK")
    for i, code in enumerate(CODES):
        county = personas.make_county(province, code)
        observe(county, "waste_recycling", "1402", 10.0 + i)
        observe(county, "sanitary_landfill_share", "1403", 60.0)
    return world


def csv_file(values: dict[str, float], period: str = "1403") -> bytes:
    lines = ["indicator,county,period,value"]
    lines += [f"waste_recycling,{code},{period},{value}" for code, value in values.items()]
    return ("\n".join(lines) + "\n").encode()


def ordinary() -> dict[str, float]:
    """Each county one point up or down from 1402."""
    return {code: 10.0 + i + (1 if i % 2 else -1) for i, code in enumerate(CODES)}


def upload(client, content: bytes):
    return client.post(
        "/counties/import/",
        {"file": SimpleUploadedFile("data.csv", content, content_type="text/csv"), "source": ""},
    )


def test_a_clean_file_has_no_flagged_row(site):
    client = client_for(site.analyst)
    response = upload(client, csv_file(ordinary()))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY
    assert job.flagged_count == 0 and job.flagged_rows == []
    html = client.get(response["Location"]).content.decode()
    assert 'data-count="flagged">0<' in html
    assert 'id="import-flags"' not in html


def test_the_preview_lists_the_flagged_rows_with_their_sentences(site):
    values = ordinary()
    values["K2"] = 30.0  # 12 % in 1402: an unusual change (and far from the province)
    values["K5"] = 45.0  # with the approved 60 % landfill share: more than 100 %
    client = client_for(site.analyst)
    response = upload(client, csv_file(values))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY  # flags never block
    assert job.flagged_count == 2
    assert [row["row"] for row in job.flagged_rows] == [4, 7]
    k5 = job.flagged_rows[1]["values"][0]
    assert {f["code"] for f in k5["flags"]} >= {"rule"}
    text = visible_text(client.get(response["Location"]).content.decode())
    assert "Values to look at" in text
    assert "30.0% against 12.0% in the previous period, 1402 (unusual change)." in text
    assert "Total: 105.0%, more than 100.0%." in text
    assert "Import these values" in text


def test_the_persian_preview_shows_the_sentences_in_persian_digits(site):
    values = ordinary()
    values["K2"] = 30.0
    client = client_for(site.analyst, "fa")
    response = upload(client, csv_file(values))
    text = visible_text(client.get(response["Location"]).content.decode())
    assert "۳۰٫۰٪ در مقایسه با ۱۲٫۰٪ در دورهٔ قبل، ۱۴۰۲ (تغییر غیرعادی)." in text
    assert "مقدارهایی که باید بررسی شوند" in text


def test_a_flagged_file_imports_when_confirmed(site, django_capture_on_commit_callbacks):
    values = ordinary()
    values["K5"] = 45.0
    client = client_for(site.analyst)
    response = upload(client, csv_file(values))
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(response["Location"] + "confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    text = visible_text(client.get(response["Location"]).content.decode())
    assert "1 row had a value that breaks a rule between indicators" in text
    assert "before you confirm" not in text
    # An analyst's import is held for ministry approval: the flagged value waits in its data
    # submission, not yet an observation.
    from submissions.models import SubmittedValue

    held = SubmittedValue.objects.get(
        submission__import_job=job,
        county__code="K5",
        period="1403",
        indicator__code="waste_recycling",
    )
    assert held.value == 45
    assert not Observation.objects.filter(
        county__code="K5", period="1403", indicator__code="waste_recycling"
    ).exists()


def test_only_the_first_twenty_flagged_rows_are_listed(site):
    # Thirty rows, each breaking the landfill rule (other periods hold a landfill share too).
    province = personas.make_province("PM")
    county = personas.make_county(province, "M0")
    lines = ["indicator,county,period,value"]
    for month in range(1, 13):
        observe(county, "sanitary_landfill_share", f"1403-{month:02d}", 90.0)
        lines.append(f"waste_recycling,M0,1403-{month:02d},20")
    for year in range(1380, 1398):
        observe(county, "sanitary_landfill_share", str(year), 90.0)
        lines.append(f"waste_recycling,M0,{year},20")
    plan = imports.plan_import(("\n".join(lines) + "\n").encode(), "many.csv")
    assert plan.ok
    flags = imports.flag_import(plan)
    assert flags.count == 30
    assert len(flags.rows) == imports.PREVIEW_FLAGGED_ROWS == 20
    assert [row["row"] for row in flags.rows] == list(range(2, 22))


def test_a_wide_row_with_two_flagged_values_counts_once(site):
    content = (
        b"county,period,waste_recycling,sanitary_landfill_share\nK0,1404,30,80\nK1,1404,5,55\n"
    )
    plan = imports.plan_import(content, "wide.csv")
    assert plan.ok
    flags = imports.flag_import(plan)
    assert flags.count == 1
    [row] = flags.rows
    assert row["row"] == 2
    assert sorted(v["indicator"]["en"] for v in row["values"]) == [
        "Sanitary landfill share",
        "Source separation and recycling",
    ]


def test_unchanged_values_are_not_checked_again(site):
    plan = imports.plan_import(
        b"indicator,county,period,value\nwaste_recycling,K0,1402,10\n", "same.csv"
    )
    assert plan.ok and plan.unchanged == 1
    assert imports.flag_import(plan).count == 0


def test_the_preview_checks_a_file_in_a_bounded_number_of_queries(
    site, django_assert_max_num_queries
):
    values = ordinary()
    values["K2"] = 30.0
    plan = imports.plan_import(csv_file(values), "data.csv")
    # indicators, the ids of the rule's other indicators, the approved values, the provinces
    # of counties without an approved value, the names of the listed rows' counties
    with django_assert_max_num_queries(5):
        assert imports.flag_import(plan).count == 1


def test_the_query_count_of_the_preview_does_not_grow_with_the_file(
    site, django_assert_max_num_queries
):
    lines = ["indicator,county,period,value"]
    for year in range(1380, 1400):
        for i, code in enumerate(CODES):
            lines.append(f"waste_recycling,{code},{year},{10 + i + year % 3}")
            lines.append(f"sanitary_landfill_share,{code},{year},{50 + i}")
    # a county without approved values, breaking the waste rule
    lines += ["waste_recycling,CA,1400,90", "sanitary_landfill_share,CA,1400,20"]
    plan = imports.plan_import(("\n".join(lines) + "\n").encode(), "big.csv")
    assert plan.ok and len(plan.creates) == 322
    with django_assert_max_num_queries(5):
        flags = imports.flag_import(plan)
    assert [row["row"] for row in flags.rows][-2:] == [322, 323]
