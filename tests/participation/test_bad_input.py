"""Bad input is refused with a clear message and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from participation import services
from participation.models import Commitment, ExperienceAttachment, Investment, Meeting
from tests.conftest import client_for
from tests.participation import factories as f

pytestmark = pytest.mark.django_db


def test_a_response_dated_before_its_critique_is_refused_and_nothing_changes(world):
    critique = f.critique(world.county_a, received_on=f.days_ago(10))
    client = client_for(world.governor_a)
    response = client.post(
        f"/participation/CA/critiques/{critique.pk}/",
        {"response": "Done.", "status": "answered", "responded_on": f.days_ago(12).isoformat()},
    )
    assert response.status_code == 200
    assert "is before the critique was received" in response.content.decode()
    critique.refresh_from_db()
    assert critique.status == "open" and critique.responded_on is None and critique.response == ""


def test_the_database_also_refuses_a_response_before_receipt(world):
    from django.db import IntegrityError, transaction

    critique = f.critique(world.county_a, received_on=f.days_ago(10))
    critique.responded_on = f.days_ago(11)
    with pytest.raises(IntegrityError), transaction.atomic():
        critique.save()


def test_declining_needs_a_reason_and_only_answered_critiques_can_be_published(world):
    critique = f.critique(world.county_a)
    with pytest.raises(ValidationError) as error:
        services.answer_critique(
            critique, response="No.", status="declined", responded_on=f.today(), is_publishable=True
        )
    assert "decline_reason" in error.value.message_dict
    assert "is_publishable" in error.value.message_dict
    critique.refresh_from_db()
    assert critique.status == "open"


def test_a_commitment_without_an_owner_is_refused_and_the_meeting_is_left_as_it_was(world):
    meeting = f.meeting(world.county_a, f.days_ago(2))
    client = client_for(world.governor_a)
    response = client.post(
        f"/participation/CA/meetings/{meeting.pk}/",
        {
            "status": "held",
            "attendance": "12",
            "minutes": "We met.",
            "d0-title": "Build a shelter",
            "d0-owner": "Welfare office",
            "d0-due_on": f.today().isoformat(),
            "d1-title": "Clean the river bank",
            "d1-owner": "",
            "d1-due_on": f.today().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "has no owner: every commitment needs one" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and meeting.minutes == ""
    assert not Commitment.objects.exists()


def test_a_commitment_cannot_lose_its_owner(world):
    meeting = f.held_meeting(
        world.county_a, f.days_ago(5), [("Fix lights", "Power co.", f.today())]
    )
    commitment = meeting.decisions.get()
    response = client_for(world.governor_a).post(
        f"/participation/CA/commitments/{commitment.pk}/",
        {"status": "open", "owner": "", "due_on": f.today().isoformat()},
    )
    assert response.status_code == 200
    assert "A commitment must have an owner." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.owner == "Power co."


def test_negative_jobs_are_refused_on_the_page_and_in_the_service(world):
    client = client_for(world.governor_a)
    response = client.post(
        "/participation/CA/investments/new/",
        {
            "name": "Bakery",
            "investor": "X",
            "sector": "services",
            "expected_jobs": "-5",
            "lead_on": f.today().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Jobs cannot be negative." in response.content.decode()
    assert not Investment.objects.exists()
    investment = f.investment(world.county_a)
    response = client.post(
        f"/participation/CA/investments/{investment.pk}/",
        {"stage": "lead", "date": f.today().isoformat(), "realized_jobs": "-1"},
    )
    assert "Jobs cannot be negative." in response.content.decode()
    with pytest.raises(ValidationError):
        services.advance_investment(investment, stage="meeting", date=f.today(), realized_jobs=-3)
    investment.refresh_from_db()
    assert investment.realized_jobs == 0 and investment.stage == "lead"
    assert investment.events.count() == 1


def test_dropping_needs_the_reason_and_the_blocking_agency_and_the_pipeline_never_goes_back(world):
    investment = f.investment(world.county_a)
    services.advance_investment(investment, stage="agreement", date=f.days_ago(5))
    with pytest.raises(ValidationError) as error:
        services.advance_investment(investment, stage="dropped", date=f.today(), dropped_reason="x")
    assert "blocking_agency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.advance_investment(investment, stage="meeting", date=f.today())
    assert "forward only" in " ".join(error.value.message_dict["stage"])
    with pytest.raises(ValidationError):
        services.advance_investment(investment, stage="permits", date=f.days_ago(30))
    investment.refresh_from_db()
    assert investment.stage == "agreement"
    services.advance_investment(
        investment,
        stage="dropped",
        date=f.today(),
        dropped_reason="No land",
        blocking_agency="Land office",
    )
    investment.refresh_from_db()
    assert investment.stage == "dropped" and investment.blocking_agency == "Land office"


def test_an_oversized_attachment_is_refused_with_the_limit_in_the_message(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.PARTICIPATION_ATTACHMENT_MAX_BYTES = 1024
    experience = f.experience(world.county_a)
    big = SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4 " + b"x" * 2048, content_type="application/pdf"
    )
    response = client_for(world.governor_a).post(
        f"/participation/experiences/{experience.pk}/attach/", {"file": big}, follow=True
    )
    assert "attachments are limited to" in response.content.decode()
    assert not ExperienceAttachment.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_an_attachment_whose_content_does_not_match_its_name_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    experience = f.experience(world.county_a)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.attach_file(experience, fake)
    assert "does not match" in error.value.messages[0]
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as error:
        services.attach_file(experience, exe)
    assert "not accepted" in error.value.messages[0]
    assert not ExperienceAttachment.objects.exists()


def test_a_good_attachment_is_stored_and_served_only_to_those_who_may_read_it(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    experience = f.experience(world.county_a, publish=False)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = client_for(world.governor_a).post(
        f"/participation/experiences/{experience.pk}/attach/", {"file": pdf}
    )
    assert response.status_code == 302
    attachment = ExperienceAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.original_name == "plan.pdf"
    url = f"/participation/attachments/{attachment.pk}/"
    assert client_for(world.governor_a).get(url).status_code == 200
    assert client_for(world.governor_b).get(url).status_code == 404  # a draft of another county
    assert client_for(None).get(url).status_code == 302


def test_meetings_in_the_future_cannot_be_recorded_as_held(world):
    meeting = f.meeting(world.county_a, f.today() + dt.timedelta(days=3))
    with pytest.raises(ValidationError):
        services.record_meeting_outcome(meeting, status="held")
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"


def test_dates_are_accepted_in_jalali_with_persian_digits(world):
    from governance.dates import parse_user_date

    assert parse_user_date("۱۴۰۳/۰۱/۰۱") == dt.date(2024, 3, 20)
    assert parse_user_date("2024-03-20") == dt.date(2024, 3, 20)
    response = client_for(world.governor_a).post(
        "/participation/CA/critiques/new/",
        {"source": "citizen", "channel": "letter", "topic": "T", "received_on": "not a date"},
    )
    assert "Enter a date such as 1405/01/15 (Jalali)" in response.content.decode()
