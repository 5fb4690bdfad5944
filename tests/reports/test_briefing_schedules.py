"""Weekly briefing e-mails: who may schedule a province's pack and whom it may go to (the pages
and the service), and the daily Celery beat task that builds the pack and e-mails the PDF once on
the schedule's weekday (reports/briefings.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from governance import access
from governance.choices import Role
from reports.briefings import _claim, send_due_briefings
from reports.models import BriefingSchedule, ExportJob, ExportKind, ExportStatus, Weekday
from reports.services import save_schedule
from reports.tasks import send_scheduled_briefings
from scores import services as scores
from tests import personas
from tests.conftest import PERSONAS, client_for
from tests.observations import scoring_world
from tests.persian_text import latin_in_persian_text

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)
TUESDAY = MONDAY + datetime.timedelta(days=1)
assert MONDAY.weekday() == Weekday.MONDAY


@pytest.fixture
def people(world):
    """Everyone with an e-mail address, a second province's officer, Persian names."""
    for province, name in ((world.province_a, "استان البرز"), (world.province_b, "استان یزد")):
        province.name_fa = name
        province.save(update_fields=["name_fa"])
    for user in (world.officer_a, world.ministry, world.analyst, world.governor_a):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    world.officer_b = personas.provincial_officer_of(world.province_b, "officer_b")
    world.officer_b.email = "officer_b@example.org"
    world.officer_b.save(update_fields=["email"])
    return world


@pytest.fixture
def published(people):
    scoring_world(people)
    scores.rebuild_scores_now(publish=True)
    return people


def _schedule(creator, province, recipients, **fields) -> BriefingSchedule:
    schedule = BriefingSchedule(
        province=province, created_by=creator, weekday=Weekday.MONDAY, language="en"
    )
    return save_schedule(schedule, fields, recipients, expected_version=None, user=creator)


# --- who may schedule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "province", "allowed"),
    [
        ("ministry", "province_a", True),
        ("ministry", "province_b", True),
        ("officer_a", "province_a", True),
        ("officer_a", "province_b", False),
        ("analyst", "province_a", False),
        ("governor_a", "province_a", False),
        ("anonymous", "province_a", False),
    ],
)
def test_ministry_staff_schedule_any_province_and_an_officer_their_own(
    world, persona, province, allowed
):
    from django.contrib.auth.models import AnonymousUser

    user = world.persona(persona) or AnonymousUser()
    assert access.can_schedule_briefing(user, getattr(world, province)) is allowed
    assert access.schedules_briefings(user) is (persona in ("ministry", "officer_a"))


def test_the_recipients_are_exactly_who_may_read_the_pack(people):
    from governance.models import User

    people.analyst.is_active = False
    people.analyst.save(update_fields=["is_active"])
    for province in (people.province_a, people.province_b):
        readers = set(User.objects.filter(access.briefing_readers(province)))
        expected = {
            u for u in User.objects.all() if u.is_active and access.can_make_briefing(u, province)
        }
        assert readers == expected
        assert people.governor_a not in readers and people.analyst not in readers


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_schedules_page_is_for_ministry_staff_and_officers_only(people, persona):
    response = client_for(people.persona(persona)).get("/reports/schedules/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if persona in ("ministry", "officer_a") else 403)
    exports = client_for(people.persona(persona)).get("/reports/").content.decode()
    assert ('id="briefing-schedules-link"' in exports) == (persona in ("ministry", "officer_a"))


def test_an_officer_neither_sees_nor_creates_nor_changes_another_provinces_schedule(people):
    other = _schedule(people.ministry, people.province_b, [people.ministry])
    own = _schedule(people.ministry, people.province_a, [people.ministry, people.officer_a])
    client = client_for(people.officer_a)
    page = client.get("/reports/schedules/").content.decode()
    assert f'data-schedule="{own.pk}"' in page and f'data-schedule="{other.pk}"' not in page
    assert client.get(f"/reports/schedules/{other.pk}/edit/").status_code == 403
    post = {"weekday": "2", "language": "en", "recipients": [people.officer_a.pk], "active": "on"}
    assert client.post(f"/reports/schedules/{other.pk}/edit/", post).status_code == 403
    assert client.post(f"/reports/schedules/{other.pk}/deactivate/").status_code == 403
    assert client.get("/reports/schedules/new/?province=PB").status_code == 403
    assert client.post("/reports/schedules/new/?province=PB", post).status_code == 403
    other.refresh_from_db()
    assert other.weekday == Weekday.MONDAY and other.active and other.version == 1
    assert BriefingSchedule.objects.count() == 2
    # Their own province's schedule, even one ministry staff made, is theirs to change.
    assert client.get(f"/reports/schedules/{own.pk}/edit/").status_code == 200
    assert client.post(f"/reports/schedules/{own.pk}/deactivate/").status_code == 302
    own.refresh_from_db()
    assert not own.active


@pytest.mark.parametrize("persona", ["analyst", "governor_a"])
def test_analysts_and_governors_create_nothing(people, persona):
    client = client_for(people.persona(persona))
    post = {"weekday": "0", "language": "en", "recipients": [people.ministry.pk]}
    assert client.get("/reports/schedules/new/?province=PA").status_code == 403
    assert client.post("/reports/schedules/new/?province=PA", post).status_code == 403
    assert not BriefingSchedule.objects.exists()


def test_an_officer_schedules_their_province_with_themselves_a_recipient_by_default(people):
    client = client_for(people.officer_a)
    form = client.get("/reports/schedules/new/").content.decode()  # no province to choose
    recipients = form.split('id="schedule-recipients"')[1].split("</fieldset>")[0]
    assert f'value="{people.officer_a.pk}" id="id_recipients_' in recipients
    checked = [part for part in recipients.split("<input")[1:] if " checked" in part]
    assert len(checked) == 1 and f'value="{people.officer_a.pk}"' in checked[0]
    # The province's readers are offered; governors and another province's officer are not.
    for user in (people.ministry, people.analyst):
        assert f'value="{user.pk}"' in recipients
    for user in (people.governor_a, people.officer_b):
        assert f'value="{user.pk}"' not in recipients
    response = client.post(
        "/reports/schedules/new/",
        {
            "weekday": "5",
            "language": "fa",
            "recipients": [people.officer_a.pk, people.ministry.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/reports/schedules/"
    schedule = BriefingSchedule.objects.get()
    assert (schedule.province, schedule.weekday, schedule.language) == (
        people.province_a,
        Weekday.SATURDAY,
        "fa",
    )
    assert schedule.created_by == people.officer_a and schedule.active
    assert set(schedule.recipients.all()) == {people.officer_a, people.ministry}
    assert schedule.history.first().history_user == people.officer_a


def test_ministry_staff_choose_the_province_first(people):
    client = client_for(people.ministry)
    page = client.get("/reports/schedules/new/").content.decode()
    assert 'id="schedule-province"' in page and 'value="PA"' in page and 'value="PB"' in page
    form = client.get("/reports/schedules/new/?province=PB").content.decode()
    recipients = set(re.findall(r'name="recipients" value="(\d+)"', form))
    assert str(people.officer_b.pk) in recipients and str(people.officer_a.pk) not in recipients


def test_a_recipient_who_may_not_read_the_pack_is_refused(people):
    client = client_for(people.ministry)
    for outsider in (people.governor_a, people.officer_b):
        response = client.post(
            "/reports/schedules/new/?province=PA",
            {"weekday": "0", "language": "en", "recipients": [outsider.pk], "active": "on"},
        )
        assert response.status_code == 400
        assert "Select a valid choice." in response.content.decode()
    empty = client.post(
        "/reports/schedules/new/?province=PA", {"weekday": "0", "language": "en", "active": "on"}
    )
    assert empty.status_code == 400 and "Choose at least one recipient." in empty.content.decode()
    assert not BriefingSchedule.objects.exists()
    # The service checks too, whatever form or admin called it.
    with pytest.raises(ValidationError) as refused:
        _schedule(people.ministry, people.province_a, [people.ministry, people.governor_a])
    assert "gov_a may not read this province's briefing pack." in str(refused.value)
    assert not BriefingSchedule.objects.exists()


def test_editing_changes_the_day_and_recipients_and_refuses_a_stale_form(people):
    schedule = _schedule(people.ministry, people.province_a, [people.ministry])
    client = client_for(people.officer_a)
    post = {
        "weekday": "3",
        "language": "recipient",
        "recipients": [people.officer_a.pk, people.analyst.pk],
        "active": "on",
        "version": "1",
    }
    assert client.post(f"/reports/schedules/{schedule.pk}/edit/", post).status_code == 302
    schedule.refresh_from_db()
    assert (schedule.weekday, schedule.language, schedule.version) == (3, "recipient", 2)
    assert set(schedule.recipients.all()) == {people.officer_a, people.analyst}
    assert schedule.created_by == people.ministry  # the creator stays
    stale = client_for(people.ministry).post(
        f"/reports/schedules/{schedule.pk}/edit/", {**post, "weekday": "4"}
    )
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    schedule.refresh_from_db()
    assert schedule.weekday == 3


def test_editing_keeps_what_the_sends_wrote(people):
    schedule = _schedule(people.ministry, people.province_a, [people.ministry])
    page = client_for(people.ministry).get(f"/reports/schedules/{schedule.pk}/edit/")
    assert page.status_code == 200
    BriefingSchedule.objects.filter(pk=schedule.pk).update(last_sent_on=MONDAY)
    client_for(people.ministry).post(
        f"/reports/schedules/{schedule.pk}/edit/",
        {"weekday": "1", "language": "en", "recipients": [people.ministry.pk], "version": "1"},
    )
    schedule.refresh_from_db()
    assert schedule.last_sent_on == MONDAY and schedule.weekday == 1 and not schedule.active


def test_the_pages_read_in_persian_right_to_left_with_persian_digits(people):
    schedule = _schedule(people.ministry, people.province_a, [people.ministry, people.officer_a])
    BriefingSchedule.objects.filter(pk=schedule.pk).update(last_sent_on=MONDAY)
    client = client_for(people.ministry, "fa")
    for url in (
        "/reports/schedules/",
        "/reports/schedules/new/",
        "/reports/schedules/new/?province=PA",
        f"/reports/schedules/{schedule.pk}/edit/",
    ):
        html = client.get(url).content.decode()
        assert 'dir="rtl"' in html and latin_in_persian_text(html) == [], url
    listing = client.get("/reports/schedules/").content.decode()
    assert "ارسال هفتگی بستهٔ گزارش" in listing and "دوشنبه" in listing
    assert "۱۴۰۵" in listing and "۲" in listing  # the last send (a Jalali date), 2 recipients
    english = client_for(people.ministry, "en").get("/reports/schedules/").content.decode()
    assert "Weekly briefing e-mails" in english and "Monday" in english


# --- the daily task ----------------------------------------------------------------------------


def _pdf_of(message) -> bytes:
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".pdf") and mimetype == "application/pdf"
    return content


def test_on_its_weekday_the_pack_goes_once_to_every_recipient_with_an_address(published):
    people = published
    no_address = personas.analyst("analyst2")  # a reader without an e-mail address
    schedule = _schedule(
        people.officer_a,
        people.province_a,
        [people.officer_a, people.ministry, people.analyst, no_address],
    )
    assert send_scheduled_briefings.delay(day=MONDAY.isoformat()).get() == {"sent": 1, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "analyst@example.org",
        "ministry@example.org",
        "officer_a@example.org",
    ]
    for message in mail.outbox:
        assert len(message.to) == 1  # nobody sees the other recipients
        assert message.subject == "Tavazon: the briefing pack of Province A, 07 Dec 2026"
        assert _pdf_of(message).startswith(b"%PDF")
        assert f"{settings.SITE_URL}/reports/" in message.body
        assert "It is sent every Monday" in message.body
    job = ExportJob.objects.get()
    assert (job.kind, job.user, job.schedule, job.language) == (
        ExportKind.PROVINCE_BRIEFING,
        people.officer_a,
        schedule,
        "en",
    )
    assert job.status == ExportStatus.DONE and job.params["province"] == "PA"
    schedule.refresh_from_db()
    assert schedule.last_sent_on == MONDAY and schedule.last_job == job
    assert schedule.version == 1  # a send is not an edit
    # Run again that day (beat twice, or by hand): nothing more is built or sent.
    assert send_scheduled_briefings.delay(day=MONDAY.isoformat()).get() == {"sent": 0, "failed": 0}
    call_command("send_briefings", "--date", "2026-12-07", "--language", "en")
    assert len(mail.outbox) == 3 and ExportJob.objects.count() == 1
    # The next Monday it goes again.
    next_monday = MONDAY + datetime.timedelta(days=7)
    assert [o.ok for o in send_due_briefings(next_monday)] == [True]
    assert len(mail.outbox) == 6 and ExportJob.objects.count() == 2


def test_nothing_on_another_weekday_or_from_an_inactive_schedule(people, monkeypatch):
    from reports import report_data

    built = []
    monkeypatch.setattr(report_data, "province_briefing_pdf", lambda *a: built.append(a))
    _schedule(people.ministry, people.province_a, [people.ministry])
    _schedule(
        people.ministry, people.province_b, [people.ministry], weekday=Weekday.TUESDAY, active=False
    )
    assert send_due_briefings(TUESDAY) == []
    assert send_due_briefings(MONDAY + datetime.timedelta(days=5)) == []
    assert mail.outbox == [] and built == [] and not ExportJob.objects.exists()
    assert not BriefingSchedule.objects.filter(last_sent_on__isnull=False).exists()


def test_a_schedule_is_claimed_once_per_day(people):
    schedule = _schedule(people.ministry, people.province_a, [people.ministry])
    assert _claim(schedule.pk, MONDAY) is True
    assert _claim(schedule.pk, MONDAY) is False  # a second run at the same moment
    assert _claim(schedule.pk, TUESDAY) is False  # not its weekday
    assert _claim(schedule.pk, MONDAY + datetime.timedelta(days=7)) is True


def test_the_task_uses_the_sites_local_date_by_default(people, monkeypatch):
    from reports import report_data

    monkeypatch.setattr(report_data, "province_briefing_pdf", lambda *a: b"%PDF-1.7 today")
    today = timezone.localdate()
    _schedule(people.ministry, people.province_a, [people.ministry], weekday=today.weekday())
    assert send_scheduled_briefings.delay().get() == {"sent": 1, "failed": 0}
    assert BriefingSchedule.objects.get().last_sent_on == today
    assert _pdf_of(mail.outbox[0]) == b"%PDF-1.7 today"


def test_a_failed_build_mails_no_pdf_records_the_error_and_tells_the_creator(people, monkeypatch):
    from reports import report_data

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint ran out of paper")

    monkeypatch.setattr(report_data, "province_briefing_pdf", broken)
    schedule = _schedule(people.officer_a, people.province_a, [people.officer_a, people.ministry])
    [outcome] = send_due_briefings(MONDAY)
    assert not outcome.ok and "WeasyPrint ran out of paper" in outcome.errors[0]
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and "ran out of paper" in job.error and not job.file
    assert job.schedule == schedule
    [notice] = mail.outbox
    assert notice.to == ["officer_a@example.org"] and notice.attachments == []
    assert notice.subject == (
        "Tavazon: the briefing pack of Province A of 07 Dec 2026 could not be built"
    )
    assert "WeasyPrint ran out of paper" in notice.body
    assert f"{settings.SITE_URL}/reports/jobs/{job.pk}/" in notice.body
    schedule.refresh_from_db()
    assert schedule.last_sent_on == MONDAY and schedule.last_job == job
    # Not tried again that day; the command says what failed.
    assert send_due_briefings(MONDAY) == []
    BriefingSchedule.objects.filter(pk=schedule.pk).update(last_sent_on=None)
    with pytest.raises(CommandError, match="Some briefing packs were not sent"):
        call_command("send_briefings", "--date", "1405/09/16", "--language", "en")


def test_recipients_who_lost_the_right_get_nothing_and_a_creator_who_lost_it_fails(people):
    schedule = _schedule(people.ministry, people.province_a, [people.ministry, people.officer_a])
    people.officer_a.province = people.province_b  # moved to another province
    people.officer_a.save(update_fields=["province"])
    people.ministry.role = Role.GOVERNOR  # no longer ministry staff
    people.ministry.county = people.county_a
    people.ministry.save(update_fields=["role", "county"])
    [outcome] = send_due_briefings(MONDAY)
    assert not outcome.ok
    job = ExportJob.objects.get(schedule=schedule)
    assert job.status == ExportStatus.FAILED
    assert job.error == "ministry may no longer make the briefing pack of Province A."
    [notice] = mail.outbox  # the creator is told; the moved officer gets nothing
    assert notice.to == ["ministry@example.org"] and notice.attachments == []


def test_each_recipient_gets_the_pack_in_their_own_language(published):
    people = published
    people.officer_a.language = "fa"
    people.officer_a.save(update_fields=["language"])
    people.ministry.language = "en"
    people.ministry.save(update_fields=["language"])
    schedule = _schedule(
        people.ministry,
        people.province_a,
        [people.ministry, people.officer_a],
        language="recipient",
    )
    [outcome] = send_due_briefings(MONDAY)
    assert outcome.ok and sorted(outcome.sent_to) == [
        "ministry@example.org",
        "officer_a@example.org",
    ]
    jobs = {job.language: job for job in ExportJob.objects.filter(schedule=schedule)}
    assert set(jobs) == {"fa", "en"} and all(j.status == ExportStatus.DONE for j in jobs.values())
    by_address = {m.to[0]: m for m in mail.outbox}
    persian = by_address["officer_a@example.org"]
    assert persian.subject == "توازن: بستهٔ گزارش استان البرز، ۱۶ آذر ۱۴۰۵"
    assert "هر دوشنبه" in persian.body and _pdf_of(persian).startswith(b"%PDF")
    english = by_address["ministry@example.org"]
    assert english.subject.startswith("Tavazon: the briefing pack of Province A")


def test_the_command_reads_jalali_dates_and_refuses_nonsense(people, monkeypatch, capsys):
    from reports import report_data

    monkeypatch.setattr(report_data, "province_briefing_pdf", lambda *a: b"%PDF-1.7 command")
    _schedule(people.ministry, people.province_a, [people.ministry, people.officer_a])
    call_command("send_briefings", "--date", "۱۴۰۵/۰۹/۱۷", "--language", "en")  # a Tuesday
    assert "No briefing pack is due on 08 Dec 2026." in capsys.readouterr().out
    call_command("send_briefings", "--date", "1405/09/16", "--language", "en")  # the Monday
    assert "Province A: the briefing pack was e-mailed to 2 recipients." in capsys.readouterr().out
    with pytest.raises(CommandError, match="is not a date"):
        call_command("send_briefings", "--date", "someday", "--language", "en")


def test_the_task_is_on_celery_beats_daily_schedule():
    from celery.schedules import crontab

    from governance.celery import app

    entries = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "reports.tasks.send_scheduled_briefings"
    ]
    assert len(entries) == 1 and isinstance(entries[0]["schedule"], crontab)
    assert entries[0]["schedule"].day_of_week == set(range(7))  # every day; the task picks
    assert "reports.tasks.send_scheduled_briefings" in app.tasks


def test_the_pack_travels_through_a_real_smtp_server(published, smtp_server):
    people = published
    _schedule(people.officer_a, people.province_a, [people.officer_a, people.ministry])
    call_command("send_briefings", "--date", "2026-12-07", "--language", "en")
    assert sorted(smtp_server.recipients) == ["ministry@example.org", "officer_a@example.org"]
    assert len(set(smtp_server.peers)) == 1  # both messages over one connection
    for message in smtp_server.messages:
        assert message["Subject"] == "Tavazon: the briefing pack of Province A, 07 Dec 2026"
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == "briefing-PA-2026-12-07.pdf"
        assert attachment.get_content().startswith(b"%PDF")
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert f"{settings.SITE_URL}/reports/" in body
