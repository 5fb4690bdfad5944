"""Malformed input gets a clear 400 (or a clear import error), never a 500.

Before: `%00` in a public address or in ?q=, ?province=, ?period= reached PostgreSQL (which
refuses NUL) and answered 500; a meetings filter with a -18:05 offset answered 500; a web
import with a NUL byte or UTF-16 without a byte-order mark stayed "validating";
`invited_groups=null` in a multipart request (or a plain string) was stored as characters.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from counties.choices import ImportStatus
from counties.models import ImportJob
from counties.services import ensure_default_catalogue
from participation import services
from participation.forms import MeetingForm
from participation.models import Meeting, MeetingSeries
from scores.services import ensure_default_methodology
from tests.conftest import client_for
from tests.participation import factories as f

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/public/CA%00/",
        "/public/%00/",
        "/counties/?q=%00",
        "/counties/?province=%00",
        "/counties/scores/?period=%00",
        "/counties/scores/?province=PA%00",
        "/participation/?q=%00",
        "/participation/compare/?period=1402%00",
        "/projects/?province=%00",
        "/api/v1/stakeholders/?county__code=CA%00",
    ],
)
def test_a_nul_character_in_an_address_is_a_bad_request(world, url):
    response = client_for(world.ministry).get(url)
    assert response.status_code == 400


def test_an_ordinary_query_is_still_answered(world):
    assert client_for(world.ministry).get("/counties/?q=County").status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "0027-03-24T13:54:11-18:05",  # PostgreSQL refuses offsets beyond ±15:59
        "0001-01-01T00:10:00+13:00",  # before the first day of the calendar in UTC
        "0001-01-01T00:10:00",  # the same in Tehran time
    ],
)
def test_a_meetings_filter_with_an_impossible_moment_is_a_bad_request(world, value):
    response = api(world.ministry).get("/api/v1/meetings/", {"starts_at__lte": value})
    assert response.status_code == 400
    assert "starts_at__lte" in response.json()


def test_a_meetings_filter_with_an_offset_is_compared_in_utc(world):
    meeting = f.meeting(world.county_a, f.days_ago(-3))
    moment = meeting.starts_at.astimezone().isoformat()
    response = api(world.ministry).get("/api/v1/meetings/", {"starts_at__gte": moment})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [meeting.pk]


def meeting_post(**values) -> dict:
    return {
        "county": "CA",
        "title": "Council",
        "kind": "council",
        "starts_at": "2030-01-01T10:00:00+03:30",
    } | values


@pytest.mark.parametrize("invited", ["null", "party"])
def test_invited_groups_that_are_not_a_list_of_known_groups_are_refused_in_multipart(
    world, invited
):
    response = api(world.governor_a).post(
        "/api/v1/meetings/", meeting_post(invited_groups=invited), format="multipart"
    )
    assert response.status_code == 400 if invited == "null" else 201
    if invited == "party":  # one known group in a form field is a list of one
        assert Meeting.objects.get().invited_groups == ["party"]
    else:
        assert "invited_groups" in response.json()
        assert not Meeting.objects.exists()


@pytest.mark.parametrize("invited", ["party", None, ["party", "aliens"], [3]])
def test_invited_groups_must_be_a_list_of_known_groups_in_json(world, invited):
    response = api(world.governor_a).post(
        "/api/v1/meetings/", meeting_post(invited_groups=invited), format="json"
    )
    assert response.status_code == 400
    assert "invited_groups" in response.json()
    assert not Meeting.objects.exists()


def test_a_meeting_series_refuses_a_string_of_groups(world):
    response = api(world.governor_a).post(
        "/api/v1/meeting-series/",
        {
            "county": "CA",
            "name": "Weekly",
            "kind": "council",
            "periodicity": "monthly",
            "starts_on": "2030-01-01",
            "invited_groups": "party",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not MeetingSeries.objects.filter(name="Weekly").exists()


def test_a_list_of_known_groups_is_stored_and_shown_by_name(world):
    response = api(world.governor_a).post(
        "/api/v1/meetings/", meeting_post(invited_groups=["party", "media"]), format="json"
    )
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get()
    assert meeting.invited_groups == ["party", "media"]
    page = client_for(world.governor_a).get(f"/participation/CA/meetings/{meeting.pk}/")
    assert "p، a، r" not in page.content.decode()


def test_the_services_refuse_a_string_of_groups_whoever_calls_them(world):
    with pytest.raises(ValidationError):
        services.schedule_meeting(
            world.county_a,
            title="Council",
            kind="council",
            starts_at=f.meeting(world.county_a, f.days_ago(-2)).starts_at,
            invited_groups="party",
        )
    meeting = Meeting.objects.get()
    with pytest.raises(ValidationError):
        services.update_meeting(meeting, {"invited_groups": "party"})
    meeting.refresh_from_db()
    assert meeting.invited_groups == []


def test_the_meeting_form_accepts_only_known_groups(world):
    data = {
        "title": "Council",
        "kind": "council",
        "date": "2030-01-01",
        "time": "10:00",
        "duration_minutes": "120",
        "invited_groups": ["party", "aliens"],
    }
    form = MeetingForm(data=data, county=world.county_a)
    assert not form.is_valid() and "invited_groups" in form.errors


@pytest.fixture
def import_site(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_default_catalogue()
    ensure_default_methodology()
    return world


@pytest.mark.parametrize(
    ("content", "code", "text_en"),
    [
        (
            b"indicator,county,period,value\nnew_jobs,CA,1402,4\x002\n",
            "nul_character",
            "Line 2 holds a NUL character",
        ),
        (
            "indicator,county,period,value\nnew_jobs,CA,1402,4\n".encode("utf-16-le"),
            "utf16_without_bom",
            "UTF-16 text without a byte-order mark",
        ),
    ],
)
@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_web_import_with_a_nul_byte_or_bomless_utf16_fails_with_a_clear_error(
    import_site, content, code, text_en, language
):
    client = client_for(import_site.analyst, language)
    response = client.post(
        "/counties/import/",
        {"file": SimpleUploadedFile("data.csv", content, content_type="text/csv"), "source": ""},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert [issue["code"] for issue in job.issues] == [code]
    html = client.get(response["Location"]).content.decode()
    if language == "en":
        assert text_en in html
    else:
        assert "NUL" in html or "UTF-16" in html
        assert text_en not in html
