"""Onboard officials from a CSV file: check every row, then create or update the accounts in one
transaction, all or nothing (`manage.py import_users`, docs/onboarding.md).

Columns: username, full_name, email, role, scope, language. The scope is the county's code for a
governor, the province's code for a provincial officer (in Latin or Persian digits), and empty
for the other roles. New accounts get an unusable password and an invitation to set one
(governance/invitations.py), sent once the transaction has committed. The command and the
admin's upload page (governance/admin.py) both run `import_users`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import get_language, gettext, gettext_noop

from governance.access import ScopeKind, scope_kind_of_role
from governance.choices import Role
from governance.csv_rows import FILE_MESSAGES, RowError, Rows, read_csv_rows
from governance.invitations import send_invitations
from governance.persian import number_text, to_latin_digits

if TYPE_CHECKING:
    from governance.models import User

COLUMNS = ("username", "full_name", "email", "role", "scope", "language")
LANGUAGES = ("fa", "en")

MESSAGES = {
    **FILE_MESSAGES,
    "no_rows": gettext_noop("The file has no accounts."),
    "bad_username": gettext_noop("Row %(row)s: the username %(value)s is not valid."),
    "duplicate_username": gettext_noop(
        "Row %(row)s: the username %(value)s is already used in row %(first)s."
    ),
    "long_name": gettext_noop("Row %(row)s: the full name is longer than 150 characters."),
    "bad_email": gettext_noop("Row %(row)s: %(value)s is not a valid e-mail address."),
    "bad_role": gettext_noop(
        "Row %(row)s: the role %(value)s is unknown; use governor, provincial_officer, "
        "ministry_staff or analyst."
    ),
    "bad_language": gettext_noop("Row %(row)s: the language %(value)s is unknown; use fa or en."),
    "governor_scope": gettext_noop("Row %(row)s: a governor needs a county code as the scope."),
    "officer_scope": gettext_noop(
        "Row %(row)s: a provincial officer needs a province code as the scope."
    ),
    "no_scope": gettext_noop("Row %(row)s: the scope must be empty for this role."),
    "unknown_county": gettext_noop("Row %(row)s: no county has the code %(value)s."),
    "unknown_province": gettext_noop("Row %(row)s: no province has the code %(value)s."),
}


class UserImportError(RowError):
    """One problem of the file: a message code, its row (the header is row 1) and its values."""

    messages = MESSAGES


@dataclass(frozen=True)
class AccountRow:
    """A checked row: what its account should be."""

    row: int
    username: str
    full_name: str
    email: str
    role: str
    language: str
    county_id: int | None = None
    province_id: int | None = None


@dataclass
class UserImport:
    """What importing a file would do (or did)."""

    rows: list[AccountRow] = field(default_factory=list)
    errors: list[UserImportError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, *, dry_run: bool) -> str:
        """What was done (or would be), in the active language and its digits."""
        language = get_language()
        counts = {
            "created": number_text(len(self.created), language),
            "updated": number_text(len(self.updated), language),
            "invited": number_text(len(self.invited), language),
            "errors": number_text(len(self.errors), language),
        }
        if self.errors:
            return gettext("%(errors)s error(s): nothing was imported.") % counts
        if dry_run:
            return (
                gettext(
                    "Dry run: %(created)s accounts would be created, %(updated)s updated, and "
                    "%(invited)s invitations sent."
                )
                % counts
            )
        return (
            gettext(
                "%(created)s accounts created, %(updated)s updated, %(invited)s invitations sent."
            )
            % counts
        )


def _scope_codes() -> tuple[dict[str, int], dict[str, int]]:
    """Counties and provinces by code (the base imports no app: they are looked up by name)."""
    county = apps.get_model("counties", "County")
    province = apps.get_model("counties", "Province")
    return (
        dict(county.objects.values_list("code", "pk")),
        dict(province.objects.values_list("code", "pk")),
    )


def read_rows(data: bytes) -> tuple[Rows, list[UserImportError]]:
    """The file's data rows by row number (the header is row 1), or the file's own errors."""
    return read_csv_rows(data, COLUMNS, UserImportError, "no_rows")


class _RowChecker:
    """Checks rows one by one, remembering the usernames already seen."""

    def __init__(self) -> None:
        self.counties, self.provinces = _scope_codes()
        self.first_row: dict[str, int] = {}
        self.errors: list[UserImportError] = []

    def error(self, code: str, row: int, **params: Any) -> None:
        self.errors.append(UserImportError(code, {"row": row, **params}))

    def check(self, row: int, cells: dict[str, str]) -> AccountRow | None:
        before = len(self.errors)
        self._username(row, cells["username"])
        if len(cells["full_name"]) > 150:
            self.error("long_name", row)
        self._email(row, cells["email"])
        if cells["language"] not in LANGUAGES:
            self.error("bad_language", row, value=cells["language"])
        county_id, province_id = self._scope(row, cells["role"], cells["scope"])
        if len(self.errors) > before:
            return None
        return AccountRow(
            row=row,
            username=cells["username"],
            full_name=cells["full_name"],
            email=cells["email"],
            role=cells["role"],
            language=cells["language"],
            county_id=county_id,
            province_id=province_id,
        )

    def _username(self, row: int, username: str) -> None:
        user_model = apps.get_model("governance", "User")
        try:
            if not username or len(username) > 150:
                raise ValidationError("length")
            user_model.username_validator(username)
        except ValidationError:
            self.error("bad_username", row, value=username)
            return
        if username in self.first_row:
            self.error("duplicate_username", row, value=username, first=self.first_row[username])
        else:
            self.first_row[username] = row

    def _email(self, row: int, email: str) -> None:
        try:
            validate_email(email)
        except ValidationError:
            self.error("bad_email", row, value=email)

    def _scope(self, row: int, role: str, scope: str) -> tuple[int | None, int | None]:
        if role not in Role.values:
            self.error("bad_role", row, value=role)
            return None, None
        kind = scope_kind_of_role(role)
        if kind == ScopeKind.COUNTY:
            return self._code(row, scope, self.counties, "governor_scope", "unknown_county"), None
        if kind == ScopeKind.PROVINCE:
            return None, self._code(row, scope, self.provinces, "officer_scope", "unknown_province")
        if scope:
            self.error("no_scope", row)
        return None, None

    def _code(
        self, row: int, scope: str, known: dict[str, int], missing: str, unknown: str
    ) -> int | None:
        if not scope:
            self.error(missing, row)
            return None
        # A code typed with Persian or Arabic-Indic digits («۰۱») is the code in Latin ones.
        found = known.get(scope, known.get(to_latin_digits(scope)))
        if found is None:
            self.error(unknown, row, value=scope)
        return found


def check_file(data: bytes) -> UserImport:
    """Every row of the file checked; `errors` lists every problem found, in row order."""
    records, errors = read_rows(data)
    if errors:
        return UserImport(errors=errors)
    checker = _RowChecker()
    rows = [account for row, cells in records if (account := checker.check(row, cells))]
    return UserImport(rows=rows, errors=checker.errors)


def import_users(data: bytes, *, dry_run: bool = False, reinvite: bool = False) -> UserImport:
    """Check the file and, if every row is good and this is no dry run, create or update its
    accounts in one transaction; invitations go out after it commits, in one connection."""
    plan = check_file(data)
    if not plan.ok:
        return plan
    user_model = apps.get_model("governance", "User")
    existing = set(
        user_model.objects.filter(username__in=[r.username for r in plan.rows]).values_list(
            "username", flat=True
        )
    )
    for account in plan.rows:
        (plan.updated if account.username in existing else plan.created).append(account.username)
    plan.invited = [
        account.username for account in plan.rows if account.username not in existing or reinvite
    ]
    if not dry_run:
        _write(plan, existing)
    return plan


@transaction.atomic
def _write(plan: UserImport, existing: set[str]) -> None:
    user_model = apps.get_model("governance", "User")
    by_name = {u.username: u for u in user_model.objects.filter(username__in=existing)}
    invited = set(plan.invited)
    to_invite: list[User] = []
    for account in plan.rows:
        user = by_name.get(account.username) or user_model(username=account.username)
        _apply(user, account)
        user.save()
        if account.username in invited:
            to_invite.append(user)
    if to_invite:
        transaction.on_commit(lambda: send_invitations(to_invite))


def _apply(user: User, account: AccountRow) -> None:
    if user.pk is None:
        user.set_unusable_password()
    user.first_name = account.full_name
    user.last_name = ""
    user.email = account.email
    user.role = account.role
    user.language = account.language
    user.county_id = account.county_id
    user.province_id = account.province_id
