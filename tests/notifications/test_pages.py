"""The notification pages: the signed-in user's own list (newest first, unread highlighted),
marking read (one, all; POST with CSRF), the navbar's count (one COUNT query, none for anonymous
visitors), the e-mail preferences, the read-only API. Nobody reaches another user's."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.choices import NotificationKind
from notifications.forms import EmailPreferencesForm
from notifications.models import Notification, NotificationPreference
from tests.conftest import client_for, visible_text
from tests.persian_text import latin_in_persian_text

pytestmark = pytest.mark.django_db

TABLE = Notification._meta.db_table


def _notice(user, key="k1", title="Repair the road 12", **fields) -> Notification:
    (notice,) = services.notify(
        [user],
        fields.pop("kind", NotificationKind.COMMITMENT_DUE),
        fields.pop(
            "params",
            {
                "title": title,
                "owner": "Deputy",
                "county": {"fa": "اراک", "en": "Arak"},
                "due_on": "2026-03-05",
            },
        ),
        "/participation/CA/meetings/1/",
        key,
        email="never",
    )
    return notice


def _notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if TABLE in q["sql"]]


def test_pages_need_a_signed_in_user():
    client = Client()
    for url in ("/notifications/", "/notifications/preferences/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/notifications/read-all/").status_code == 302


def test_the_list_shows_the_users_own_newest_first_unread_highlighted(people):
    older = _notice(people.governor_a, "a", title="Older one")
    newer = _notice(people.governor_a, "b", title="Newer one")
    _notice(people.governor_b, "c", title="Someone else's")
    services.mark_read(older)

    page = client_for(people.governor_a).get("/notifications/").content.decode()

    text = visible_text(page)
    assert text.index("Newer one") < text.index("Older one")
    assert "Someone else's" not in text
    assert f'id="notification-{newer.pk}" class="list-group-item' in page
    unread = re.search(rf'id="notification-{newer.pk}"[^>]*class="([^"]*)"', page)
    read = re.search(rf'id="notification-{older.pk}"[^>]*class="([^"]*)"', page)
    assert unread and "notification-unread" in unread.group(1)
    assert read and "notification-unread" not in read.group(1)
    assert "You have 1 unread notification." in text


def test_another_users_notification_is_404_and_stays_unread(people):
    theirs = _notice(people.governor_b)
    client = client_for(people.governor_a)
    for action in ("read", "open"):
        assert client.post(f"/notifications/{theirs.pk}/{action}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_post_and_csrf(people):
    notice = _notice(people.governor_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.governor_a)
    assert client.get(f"/notifications/{notice.pk}/read/").status_code == 405
    assert client.post(f"/notifications/{notice.pk}/read/").status_code == 403
    assert client.post("/notifications/read-all/").status_code == 403
    notice.refresh_from_db()
    assert notice.read_at is None

    page = client.get("/notifications/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(f"/notifications/{notice.pk}/read/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_marking_read_through_htmx_answers_the_row_and_the_new_count(people):
    first, _second = _notice(people.governor_a, "a"), _notice(people.governor_a, "b")
    response = client_for(people.governor_a).post(
        f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "notification-unread" not in html
    assert 'id="notifications-badge"' in html and 'hx-swap-oob="true"' in html
    assert ">1<" in html.replace(" ", "")  # one unread left


def test_mark_all_read_marks_only_ones_own(people):
    _notice(people.governor_a, "a"), _notice(people.governor_a, "b")
    theirs = _notice(people.governor_b, "c")
    client_for(people.governor_a).post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=people.governor_a, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(people):
    notice = _notice(people.governor_a)
    response = client_for(people.governor_a).post(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/participation/CA/meetings/1/"
    notice.refresh_from_db()
    assert notice.is_read


def test_a_link_off_the_site_is_never_followed(people):
    notice = _notice(people.governor_a)
    Notification.objects.filter(pk=notice.pk).update(link="https://evil.example/")
    response = client_for(people.governor_a).post(f"/notifications/{notice.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_the_navbar_counts_unread_in_one_query_and_none_for_anonymous(people):
    for key in "abc":
        _notice(people.governor_a, key)
    client = client_for(people.governor_a, "fa")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/about/data/").content.decode()
    counted = _notification_queries(queries)
    assert len(counted) == 1 and "COUNT(" in counted[0].upper()
    badge = re.search(r'<a id="notifications-badge".*?</a>', page, re.S).group(0)
    assert "۳" in badge and "3" not in visible_text(badge)

    with CaptureQueriesContext(connection) as queries:
        page = Client().get("/about/data/").content.decode()
    assert _notification_queries(queries) == [] and "notifications-badge" not in page


def test_the_list_reads_in_persian_with_persian_digits(people):
    _notice(people.governor_a, "a")
    page = client_for(people.governor_a, "fa").get("/notifications/").content.decode()
    text = visible_text(page)
    assert "اعلان‌ها" in text and "تعهد" in text and "اراک" in text
    assert "۱ اعلان خوانده‌نشده دارید." in text
    assert "۱۴۰۴" in text  # 2026-03-05 is 14 Esfand 1404
    assert latin_in_persian_text(page) == []  # the Latin title is isolated (dir="auto")


def test_preferences_show_one_checkbox_per_kind_and_save_them(people):
    client = client_for(people.governor_a)
    page = client.get("/notifications/preferences/").content.decode()
    assert page.count('type="checkbox"') == len(NotificationKind.values)
    assert page.count("checked") == len(NotificationKind.values)  # every kind on by default

    chosen = {kind: "on" for kind in NotificationKind.values if kind != "project_feedback"}
    response = client.post("/notifications/preferences/", chosen)
    assert response.status_code == 302
    assert list(
        NotificationPreference.objects.filter(email=False).values_list("user__username", "kind")
    ) == [("gov_a", "project_feedback")]
    assert services.email_preferences(people.governor_b)["project_feedback"] is True
    page = client.get("/notifications/preferences/").content.decode()
    assert page.count("checked") == len(NotificationKind.values) - 1


def test_the_preferences_form_has_a_field_for_every_kind():
    assert list(EmailPreferencesForm.base_fields) == NotificationKind.values


def test_preferences_warn_a_user_without_an_email_address(world):
    page = client_for(world.analyst).get("/notifications/preferences/").content.decode()
    assert "Your account has no e-mail address" in page


def test_the_api_lists_only_ones_own_notifications_in_ones_language(people):
    mine = _notice(people.governor_a, "a")
    theirs = _notice(people.governor_b, "b")
    client = client_for(people.governor_a)
    body = client.get("/api/v1/notifications/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert row["kind"] == "commitment_due" and "Repair the road 12" in row["text"]
    assert row["link"] == "http://127.0.0.1:8000/participation/CA/meetings/1/"
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post("/api/v1/notifications/", {}).status_code == 405
    assert Client().get("/api/v1/notifications/").status_code in (401, 403)
    unread = client.get("/api/v1/notifications/?read_at__isnull=true").json()
    assert unread["count"] == 1
