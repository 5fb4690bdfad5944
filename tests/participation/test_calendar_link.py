"""A per-user secret link lets a calendar application subscribe to the meetings without a session,
with that user's rights; revoking it, replacing it or deactivating the user stops it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from participation import services
from participation.models import CalendarToken
from tests.conftest import client_for, visible_text
from tests.participation import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(world):
    f.meeting(world.county_a, f.today() + dt.timedelta(days=7), title="Council of A")
    f.meeting(world.county_b, f.today() + dt.timedelta(days=7), title="Council of B")
    return world


def _feed(code: str, key: str):
    return Client().get(f"/participation/{code}/meetings/calendar/{key}.ics")  # no cookie


def test_a_calendar_link_made_on_the_meetings_page_serves_the_calendar_without_a_cookie(meetings):
    client = client_for(meetings.governor_a)
    made = client.post("/participation/CA/meetings/calendar-link/")
    assert made.status_code == 302 and made["Location"].endswith("#calendar-link")
    key = CalendarToken.objects.get(user=meetings.governor_a).key
    page = client.get("/participation/CA/meetings/").content.decode()
    assert f"/participation/CA/meetings/calendar/{key}.ics" in page
    assert 'data-copy-from="calendar-url"' in page and "js/copy-link.js" in page
    assert 'id="calendar-link-revoke"' in page and 'id="calendar-link-regenerate"' in page
    response = _feed("CA", key)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:Council of A" in body
    assert "Council of B" not in body


def test_a_revoked_link_answers_404(meetings):
    key = services.issue_calendar_token(meetings.governor_a).key
    assert _feed("CA", key).status_code == 200
    client = client_for(meetings.governor_a)
    page = client.post("/participation/CA/meetings/calendar-link/revoke/", follow=True)
    assert "Your calendar link was revoked" in visible_text(page.content.decode())
    assert _feed("CA", key).status_code == 404
    assert 'id="calendar-link-create"' in page.content.decode()


def test_a_new_link_replaces_the_old_one(meetings):
    old = services.issue_calendar_token(meetings.governor_a).key
    client_for(meetings.governor_a).post("/participation/CA/meetings/calendar-link/")
    new = CalendarToken.objects.get(user=meetings.governor_a).key
    assert new != old
    assert _feed("CA", old).status_code == 404
    assert _feed("CA", new).status_code == 200


def test_the_link_of_a_deactivated_user_answers_404(meetings):
    key = services.issue_calendar_token(meetings.governor_a).key
    meetings.governor_a.is_active = False
    meetings.governor_a.save(update_fields=["is_active"])
    assert _feed("CA", key).status_code == 404


def test_a_link_reads_only_the_counties_its_user_may_read(meetings):
    governor_key = services.issue_calendar_token(meetings.governor_a).key
    assert _feed("CB", governor_key).status_code == 404  # another county's meetings stay hidden
    officer_key = services.issue_calendar_token(meetings.officer_a).key
    assert _feed("CA", officer_key).status_code == 200
    assert _feed("CA2", officer_key).status_code == 200
    assert _feed("CB", officer_key).status_code == 404
    assert _feed("CA", "not-a-key").status_code == 404
    assert _feed("ZZ", governor_key).status_code == 404


def test_one_users_link_is_not_shown_to_another_user(meetings):
    key = services.issue_calendar_token(meetings.governor_a).key
    page = client_for(meetings.officer_a).get("/participation/CA/meetings/").content.decode()
    assert key not in page and 'id="calendar-link-create"' in page


def test_making_and_revoking_a_link_need_a_post_with_a_csrf_token(meetings):
    client = client_for(meetings.governor_a)
    assert client.get("/participation/CA/meetings/calendar-link/").status_code == 405
    assert client.get("/participation/CA/meetings/calendar-link/revoke/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(meetings.governor_a)
    assert strict.post("/participation/CA/meetings/calendar-link/").status_code == 403
    services.issue_calendar_token(meetings.governor_a)
    assert strict.post("/participation/CA/meetings/calendar-link/revoke/").status_code == 403
    assert CalendarToken.objects.filter(user=meetings.governor_a).exists()


def test_a_user_who_may_not_read_the_county_cannot_make_a_link_through_it(meetings):
    response = client_for(meetings.governor_b).post("/participation/CA/meetings/calendar-link/")
    assert response.status_code == 403
    assert not CalendarToken.objects.exists()


def test_the_calendar_link_box_reads_in_persian(meetings):
    services.issue_calendar_token(meetings.governor_a)
    page = client_for(meetings.governor_a, language="fa").get("/participation/CA/meetings/")
    text = visible_text(page.content.decode())
    assert "اشتراک در برنامهٔ تقویم" in text and "Revoke the link" not in text
