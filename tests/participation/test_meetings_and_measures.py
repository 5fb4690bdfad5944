"""Periodic meetings, roll-forward, overdue flags, calendar, stored measures, county panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from counties.models import Indicator, Observation
from participation import queries, services
from participation.models import Commitment
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.participation import factories as f

pytestmark = pytest.mark.django_db


def test_open_commitments_roll_forward_onto_the_next_meeting_of_the_series(world):
    council = f.series(world.county_a)
    first = f.held_meeting(
        world.county_a,
        f.days_ago(40),
        [("Open desk", "Deputy", f.days_ago(5)), ("Print report", "PR office", f.days_ago(20))],
        council,
    )
    done = first.decisions.get(title="Print report")
    services.update_commitment(done, status="done", completed_on=f.days_ago(21))
    following = f.meeting(world.county_a, f.today() + dt.timedelta(days=10), council)
    carried = Commitment.objects.get(title="Open desk")
    assert carried.current_meeting == following and carried.times_carried == 1
    assert Commitment.objects.get(title="Print report").current_meeting == first
    assert services.roll_forward_commitments(following) == 0  # idempotent
    html = client_for(world.governor_a).get(f"/participation/CA/meetings/{following.pk}/").content
    assert "Open desk" in html.decode()


def test_a_one_off_meeting_takes_nothing_from_a_series(world):
    council = f.series(world.county_a)
    f.held_meeting(world.county_a, f.days_ago(40), [("Open desk", "Deputy", f.today())], council)
    one_off = f.meeting(world.county_a, f.today() + dt.timedelta(days=3))
    assert services.roll_forward_commitments(one_off) == 0


def test_a_missed_period_shows_on_the_meetings_page(world):
    council = f.series(world.county_a, starts_on=f.days_ago(200))
    f.held_meeting(world.county_a, f.days_ago(190), series_=council)
    overview = queries.series_overview(world.county_a.pk)
    states = [slot["state"] for slot in overview[0]["slots"]]
    assert states[0] == "held" and "missed" in states
    html = client_for(world.analyst).get("/participation/CA/meetings/").content.decode()
    assert "slot-missed" in html


def test_overdue_commitments_are_flagged_to_the_governor_and_visible_to_the_province(world):
    f.held_meeting(world.county_a, f.days_ago(40), [("Fix the lights", "Power co.", f.days_ago(3))])
    governor_page = client_for(world.governor_a).get("/participation/CA/").content.decode()
    assert 'id="overdue-alert"' in governor_page and "Fix the lights" in governor_page
    county_page = client_for(world.governor_a).get("/counties/CA/").content.decode()
    assert 'id="panel-overdue"' in county_page
    province = (
        client_for(world.officer_a).get("/participation/province/PA/overdue/").content.decode()
    )
    assert "Fix the lights" in province
    other = client_for(world.governor_b).get("/participation/province/PA/overdue/").content.decode()
    assert "Fix the lights" not in other
    assert (
        'id="panel-overdue"'
        not in client_for(world.governor_b).get("/counties/CA/").content.decode()
    )


def test_the_calendar_export_is_valid_icalendar(world):
    meeting = f.meeting(world.county_a, f.today() + dt.timedelta(days=7), title="Council; Q3, jobs")
    response = client_for(world.governor_a).get("/participation/CA/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith(
        "END:VCALENDAR\r\n"
    )
    assert f"UID:meeting-{meeting.pk}@" in body
    assert "SUMMARY:Council\\; Q3\\, jobs" in body
    start = timezone.localtime(meeting.starts_at).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in body
    assert all(line.endswith("\r") or not line for line in body.split("\n")[:-1])


def test_measures_are_stored_as_observations_flagged_synthetic_only_for_demo_content(world):
    stakeholder = f.stakeholder(world.county_a, type="media")
    services.record_engagement(stakeholder, date=f.today(), kind="call", topic="Press")
    critique = f.critique(world.county_b, received_on=f.today(), is_demo=True)
    services.answer_critique(critique, response="ok", status="answered", responded_on=f.today())
    key, _window = queries.current_quarter_window()
    report = services.store_participation_measures(key)
    assert report.created > 0
    coverage = Observation.objects.get(
        indicator__code="participation_ring_coverage", county=world.county_a, period=key
    )
    assert coverage.value == pytest.approx(100 / 9, abs=0.01) and not coverage.is_synthetic
    assert coverage.indicator.dimension.code == "participation"
    rate = Observation.objects.get(
        indicator__code="participation_critique_response_rate", county=world.county_b
    )
    assert rate.value == 100.0 and rate.is_synthetic
    again = services.store_participation_measures(key)
    assert again.created == 0 and again.updated == 0 and again.unchanged == report.created


def test_measures_cannot_be_stored_for_a_period_that_has_not_started(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.store_participation_measures("1499-Q4")


def test_participation_indicators_exist_for_methodologies_before_any_measure(db):
    codes = set(
        Indicator.objects.filter(dimension__code="participation").values_list("code", flat=True)
    )
    assert "participation_ring_coverage" in codes and len(codes) == 7


def test_the_comparison_table_shows_only_counties_the_user_may_see(world):
    for county in (world.county_a, world.county_b):
        f.stakeholder(county, name=f"Party {county.code}", type="party")
        services.record_engagement(
            county.stakeholders.get(), date=f.today(), kind="call", topic="t"
        )
    key, _window = queries.current_quarter_window()
    services.store_participation_measures(key)
    analyst = (
        client_for(world.analyst).get(f"/participation/compare/?period={key}").content.decode()
    )
    assert "County A" in analyst and "County B" in analyst
    officer = (
        client_for(world.officer_a).get(f"/participation/compare/?period={key}").content.decode()
    )
    assert "County A" in officer and "County B" not in officer
    csv = client_for(world.analyst).get(
        f"/participation/compare/?period={key}&format=csv", HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = csv_rows(csv)
    assert "participation_ring_coverage" in rows[0]
    assert {r["County code"] for r in rows} == {"CA", "CB"}


def test_only_data_managers_recompute_measures(world):
    key, _window = queries.current_quarter_window()
    assert (
        client_for(world.governor_a)
        .post("/participation/compare/recompute/", {"period": key})
        .status_code
        == 403
    )
    response = client_for(world.ministry).post("/participation/compare/recompute/", {"period": key})
    assert response.status_code == 302


def test_the_county_page_lists_counties_facing_similar_challenges_and_their_experiences(world):
    from counties.services import ensure_default_catalogue

    ensure_default_catalogue()
    rate = Indicator.objects.get(code="unemployment_rate")
    values = {world.county_a: 10.0, world.county_a2: 30.0, world.county_b: 11.0}
    for county, value in values.items():
        Observation.objects.create(
            indicator=rate,
            county=county,
            period="1395",
            period_kind="year",
            period_start=dt.date(2016, 3, 20),
            value=value,
        )
    f.experience(world.county_b, title="Night markets for jobs")
    f.experience(world.county_a2, title="Draft only", publish=False)
    assert [pk for pk, _ in queries.similar_counties(world.county_a.pk, 2)] == [
        world.county_b.pk,
        world.county_a2.pk,
    ]
    html = client_for(world.governor_a).get("/counties/CA/").content.decode()
    panel = html[html.index('id="participation-panel"') :]
    assert panel.index("County B") < panel.index("County A2")
    assert "Night markets for jobs" in panel and "Draft only" not in panel
    # Cached per county under the observations' history: a raw UPDATE (which no write path of
    # the app does) is not seen, the same value saved through the model is.
    Observation.objects.filter(indicator=rate, county=world.county_a2).update(value=10.5)
    assert queries.similar_counties(world.county_a.pk, 2)[0][0] == world.county_b.pk
    Observation.objects.get(indicator=rate, county=world.county_a2).save()  # recorded in history
    assert [pk for pk, _ in queries.similar_counties(world.county_a.pk, 2)] == [
        world.county_a2.pk,
        world.county_b.pk,
    ]


def test_the_nightly_task_stores_this_and_last_quarters_measures(world):
    from participation.tasks import store_measures

    stakeholder = f.stakeholder(world.county_a, type="party")
    services.record_engagement(stakeholder, date=f.today(), kind="visit", topic="t")
    written = store_measures.delay().get()
    assert sorted(written) == queries.recent_quarters(2)
    assert store_measures.delay().get() == {key: 0 for key in written}
