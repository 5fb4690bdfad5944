"""The admin's "Import users from CSV" page: the same all-or-nothing import as `manage.py
import_users` (governance/user_imports.py), for superusers and for ministry staff who may change
users, with every error listed in the language chosen."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.choices import Role
from governance.models import User
from tests.conftest import client_for, visible_text

URL = "/admin/governance/user/import/"
CHANGELIST = "/admin/governance/user/"
HEADER = "username,full_name,email,role,scope,language\n"
GOOD = (
    HEADER
    + "gov_new,Ali Rezaei,ali@example.org,governor,CA,fa\n"
    + "officer_new,Sara Karimi,sara@example.org,provincial_officer,PB,en\n"
    + "analyst_new,Mina Moradi,mina@example.org,analyst,,fa\n"
)
BAD = (
    HEADER
    + "gov_ok,Ok,ok@example.org,governor,CA,fa\n"  # row 2: good
    + "gov_x,X,x@example.org,governor,NOPE,fa\n"  # row 3: unknown county
    + "gov_ok,Again,z@example.org,analyst,,fa\n"  # row 4: duplicate username
    + "mail_x,X,not-an-address,analyst,,en\n"  # row 5: bad e-mail
)


def _upload(text: str, name: str = "officials.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def user_admin(world):
    """Ministry staff with the permission to change users (the demo's `ministry` is a superuser)."""
    world.ministry.user_permissions.add(
        Permission.objects.get(content_type__app_label="governance", codename="change_user")
    )
    return world.ministry


def _post(user, text, language="en", page_language="en", **extra):
    data = {"file": _upload(text), "language": language, **extra}
    return client_for(user, page_language).post(URL, data)


def test_the_user_list_links_to_the_upload_for_those_who_may_use_it(world, user_admin):
    html = client_for(user_admin).get(CHANGELIST).content.decode()
    assert f'href="{URL}"' in html and "Import users from CSV" in html
    page = client_for(user_admin).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-users-form"' in html and 'enctype="multipart/form-data"' in html
    assert 'id="site-name"' in html  # the admin's own header: admin/base_site.html


def test_a_valid_file_creates_the_accounts_and_sends_the_invitations(
    user_admin, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    client = client_for(user_admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, {"file": _upload(GOOD), "language": "en"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    assert len(callbacks) == 1
    governor = User.objects.get(username="gov_new")
    assert (governor.role, governor.county.code) == (Role.GOVERNOR, "CA")
    assert User.objects.get(username="officer_new").province.code == "PB"
    assert not governor.has_usable_password()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ali@example.org",
        "mina@example.org",
        "sara@example.org",
    ]
    assert re.search(r"/accounts/set-password/\S+/", str(mail.outbox[0].body))
    page = client.get(CHANGELIST).content.decode()
    assert "3 accounts created, 0 updated, 3 invitations sent." in page


def test_a_superuser_imports_too(world, django_capture_on_commit_callbacks):
    root = User.objects.create_superuser("root", "root@example.org", "x-long-password-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(root, GOOD)
    assert response.status_code == 302 and User.objects.filter(username="gov_new").exists()


def test_a_bad_file_lists_every_error_and_creates_and_sends_nothing(
    user_admin, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(user_admin, BAD)
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Row 3: no county has the code NOPE.",
        "Row 4: the username gov_ok is already used in row 2.",
        "Row 5: not-an-address is not a valid e-mail address.",
    ]
    text = visible_text(response.content.decode())
    assert "3 error(s): nothing was imported." in text
    assert "Row 5: not-an-address is not a valid e-mail address." in text
    assert User.objects.count() == before and mail.outbox == [] and callbacks == []


def test_the_errors_speak_the_language_chosen_with_its_digits(user_admin):
    response = _post(user_admin, BAD, language="fa", page_language="en")
    errors = response.context["errors"]
    assert len(errors) == 3
    assert errors[0].startswith("ردیف ۳:") and "NOPE" in errors[0]
    assert "ردیف ۲" in errors[1]
    html = response.content.decode()
    assert 'id="import-errors" lang="fa" dir="rtl"' in html
    assert not User.objects.filter(username="gov_ok").exists()


def test_persian_digits_in_scope_codes_name_the_same_places_as_latin_ones(
    world, user_admin, django_capture_on_commit_callbacks
):
    world.county_a.code, world.province_b.code = "0101", "07"
    world.county_a.save(update_fields=["code"])
    world.province_b.save(update_fields=["code"])
    text = (
        HEADER
        + "gov_fa,Ali,ali@example.org,governor,۰۱۰۱,fa\n"
        + "officer_fa,Sara,sara@example.org,provincial_officer,٠٧,en\n"  # Arabic-Indic digits
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(user_admin, text)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert User.objects.get(username="gov_fa").county == world.county_a
    assert User.objects.get(username="officer_fa").province == world.province_b
    refused = _post(user_admin, HEADER + "gov_x,X,x@example.org,governor,۹۹۹۹,fa\n")
    assert refused.context["errors"] == ["Row 2: no county has the code ۹۹۹۹."]


@pytest.mark.parametrize("method", ["get", "post"])
def test_people_who_may_not_import_are_refused_by_the_server(world, method):
    # A governor is no admin user: the admin sends them to its login page.
    governor = client_for(world.governor_a)
    response = getattr(governor, method)(URL, {"language": "en"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Ministry staff in the admin without the permission to change users, and an analyst made
    # staff by mistake, get 403; the link is not shown to them either.
    analyst = world.analyst
    analyst.is_staff = True
    analyst.save(update_fields=["is_staff"])
    analyst.user_permissions.add(Permission.objects.get(codename="change_user"))
    for user in (world.ministry, analyst):
        client = client_for(user)
        if method == "get":
            assert client.get(URL).status_code == 403
        else:
            assert client.post(URL, {"file": _upload(GOOD), "language": "en"}).status_code == 403
    assert not User.objects.filter(username="gov_new").exists()


def test_the_link_is_hidden_from_staff_who_may_not_import(world):
    world.ministry.user_permissions.add(Permission.objects.get(codename="view_user"))
    html = client_for(world.ministry).get(CHANGELIST).content.decode()
    assert URL not in html


def test_a_file_that_is_not_csv_is_refused_before_reading(user_admin):
    response = client_for(user_admin).post(
        URL, {"file": _upload(GOOD, "officials.xlsx"), "language": "en"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Upload a .csv file."]}
