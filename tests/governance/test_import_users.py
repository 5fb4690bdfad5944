"""import_users: officials' accounts from a CSV file, all or nothing, each new one invited by
e-mail to set a password (governance/user_imports.py, governance/invitations.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from governance.choices import Role
from governance.models import User
from governance.user_imports import import_users

HEADER = "username,full_name,email,role,scope,language\n"
GOOD = (
    HEADER
    + "gov_new,Ali Rezaei,ali@example.org,governor,CA,fa\n"
    + "officer_new,Sara Karimi,sara@example.org,provincial_officer,PB,en\n"
    + "staff_new,Reza Ahmadi,reza@example.org,ministry_staff,,en\n"
    + "analyst_new,Mina Moradi,mina@example.org,analyst,,fa\n"
)
NEW_PASSWORD = "a-long-new-password-2026"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "users.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _run(path: Path, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_users", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


def _errors_in_english(text: str) -> list[str]:
    result = import_users(text.encode())
    with translation.override("en"):
        return [error.message for error in result.errors]


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(/accounts/set-password/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_new_accounts_get_their_roles_scopes_and_one_invitation_each(
    world, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = _run(_file(tmp_path, GOOD), "--language", "en")
    assert "4 accounts created, 0 updated, 4 invitations sent." in output
    assert len(callbacks) == 1  # one transaction, the mails after it commits
    governor = User.objects.get(username="gov_new")
    assert (governor.role, governor.county, governor.province) == (
        Role.GOVERNOR,
        world.county_a,
        None,
    )
    officer = User.objects.get(username="officer_new")
    assert (officer.role, officer.province, officer.county) == (
        Role.PROVINCIAL_OFFICER,
        world.province_b,
        None,
    )
    staff = User.objects.get(username="staff_new")
    assert (staff.role, staff.county, staff.province, staff.language) == (
        Role.MINISTRY_STAFF,
        None,
        None,
        "en",
    )
    assert governor.get_full_name() == "Ali Rezaei" and governor.email == "ali@example.org"
    assert not governor.has_usable_password()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["ali@example.org", "sara@example.org", "reza@example.org", "mina@example.org"]
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    # Each in its reader's language: Persian for the governor, English for the officer.
    assert "گذرواژه" in by_address["ali@example.org"].body
    assert "۷۲" in by_address["ali@example.org"].body  # hours in Persian digits
    assert "Choose your password" in by_address["sara@example.org"].body
    assert "gov_new" in by_address["ali@example.org"].body


def test_the_link_sets_a_password_once_and_the_official_logs_in(
    world, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        _run(_file(tmp_path, GOOD))
    link = _link(next(m for m in mail.outbox if m.to == ["ali@example.org"]))
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b'name="new_password1"' in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/accounts/set-password/done/"
    assert User.objects.get(username="gov_new").check_password(NEW_PASSWORD)
    login = Client().post("/accounts/login/", {"username": "gov_new", "password": NEW_PASSWORD})
    assert login.status_code == 302 and "_auth_user_id" in login.client.session
    # The link works once.
    again = Client().get(link, follow=True)
    assert b'name="new_password1"' not in again.content


BAD = (
    HEADER
    + "gov_ok,Ok,ok@example.org,governor,CA,fa\n"  # row 2: good
    + "gov_x,X,x@example.org,governor,NOPE,fa\n"  # row 3: unknown county
    + "officer_x,X,y@example.org,provincial_officer,,en\n"  # row 4: scope missing
    + "gov_ok,Again,z@example.org,analyst,CA,fa\n"  # row 5: duplicate + scope given
    + "mail_x,X,not-an-address,analyst,,en\n"  # row 6: bad e-mail
    + "role_x,X,r@example.org,mayor,,de\n"  # row 7: unknown role and language
    + "officer_y,X,o@example.org,provincial_officer,ZZ,en\n"  # row 8: unknown province
)


def test_a_bad_file_is_refused_whole_with_every_error_listed_in_english(
    world, tmp_path, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(CommandError, match="8 error"),
    ):
        _run(_file(tmp_path, BAD), "--language", "en")
    assert User.objects.count() == before and mail.outbox == [] and callbacks == []
    assert _errors_in_english(BAD) == [
        "Row 3: no county has the code NOPE.",
        "Row 4: a provincial officer needs a province code as the scope.",
        "Row 5: the username gov_ok is already used in row 2.",
        "Row 5: the scope must be empty for this role.",
        "Row 6: not-an-address is not a valid e-mail address.",
        "Row 7: the language de is unknown; use fa or en.",
        "Row 7: the role mayor is unknown; use governor, provincial_officer, ministry_staff "
        "or analyst.",
        "Row 8: no province has the code ZZ.",
    ]


def test_the_refusal_speaks_persian_with_persian_row_numbers(world, tmp_path, capsys):
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_users", str(_file(tmp_path, BAD)), "--language", "fa", stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("ردیف ۳:") and "NOPE" in lines[0]
    assert "ردیف ۲" in lines[2]  # the first use of the duplicate username
    assert not any(re.search(r"[0-9]", line.replace("NOPE", "")) for line in lines[:2])
    assert "۸" in str(refused.value)
    assert User.objects.filter(username="gov_ok").count() == 0


def test_missing_columns_are_each_named(world, tmp_path):
    with pytest.raises(CommandError):
        _run(_file(tmp_path, "username,full_name,role\nx,X,analyst\n"), "--language", "en")
    assert _errors_in_english("username,full_name,role\nx,X,analyst\n") == [
        "The column email is missing.",
        "The column scope is missing.",
        "The column language is missing.",
    ]


def test_an_existing_account_is_updated_without_a_new_invitation(
    world, tmp_path, django_capture_on_commit_callbacks
):
    text = HEADER + "gov_a,Governor A,gov.a@example.org,provincial_officer,PA,en\n"
    with django_capture_on_commit_callbacks(execute=True):
        output = _run(_file(tmp_path, text), "--language", "en")
    assert "0 accounts created, 1 updated, 0 invitations sent." in output
    user = User.objects.get(username="gov_a")
    assert (user.role, user.province, user.county) == (
        Role.PROVINCIAL_OFFICER,
        world.province_a,
        None,
    )
    assert user.email == "gov.a@example.org" and user.has_usable_password()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _run(_file(tmp_path, text), "--reinvite", "--language", "en")
    assert [m.to for m in mail.outbox] == [["gov.a@example.org"]]


def test_dry_run_checks_and_counts_but_writes_and_sends_nothing(
    world, tmp_path, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = _run(_file(tmp_path, GOOD), "--dry-run", "--language", "en")
    assert "Dry run: 4 accounts would be created, 0 updated, and 4 invitations sent." in output
    assert User.objects.count() == before and mail.outbox == [] and callbacks == []


def test_five_hundred_accounts_in_one_transaction_and_one_smtp_connection(
    world, tmp_path, smtp_server, django_capture_on_commit_callbacks
):
    rows = [
        f"official{n},Official {n},official{n}@example.org,governor,CA2,{'fa' if n % 2 else 'en'}"
        for n in range(500)
    ]
    path = _file(tmp_path, HEADER + "\n".join(rows) + "\n")
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = _run(path, "--language", "en")
    elapsed = time.perf_counter() - started
    print(f"500-row import with 500 invitations over SMTP: {elapsed:.2f} s")
    assert "500 accounts created, 0 updated, 500 invitations sent." in output
    assert len(callbacks) == 1
    assert User.objects.filter(username__startswith="official", county=world.county_a2).count() == (
        500
    )
    assert len(smtp_server.recipients) == 500
    assert sorted(smtp_server.recipients) == sorted(f"official{n}@example.org" for n in range(500))
    assert len(set(smtp_server.peers)) == 1  # every message over the one connection


def test_scope_codes_typed_in_persian_digits_name_the_place_with_latin_ones(
    world, tmp_path, django_capture_on_commit_callbacks
):
    world.county_a.code = "0101"
    world.county_a.save(update_fields=["code"])
    text = HEADER + "gov_fa,Ali,ali@example.org,governor,۰۱۰۱,fa\n"
    with django_capture_on_commit_callbacks(execute=True):
        output = _run(_file(tmp_path, text), "--language", "en")
    assert "1 accounts created" in output
    assert User.objects.get(username="gov_fa").county == world.county_a
