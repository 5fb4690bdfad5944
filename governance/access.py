"""Who may see or change what: the one place that answers it.

Every view, form, queryset and API endpoint asks these functions. The rules:
- anonymous visitors: public pages only;
- governors: read and change their own county;
- provincial officers: read and change the counties of their province;
- ministry staff: read and change every county, and administer the site;
- analysts: read every county's non-personal data, export; change nothing.
Personal contact details are for the county's own staff and ministry staff only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from governance.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from governance.models import User

    AnyUser: TypeAlias = "User | AnonymousUser"


# What these rules read of the apps' records. The base imports no app (apps import it), so
# counties.County, counties.Province and submissions.Submission are described, not imported.
class County(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def province_id(self) -> Any: ...
    @property
    def code(self) -> str: ...


class Province(Protocol):
    @property
    def pk(self) -> Any: ...


class Submission(Protocol):
    @property
    def county(self) -> Any: ...
    @property
    def county_id(self) -> int | None: ...
    @property
    def province_id(self) -> int | None: ...
    @property
    def created_by(self) -> Any: ...
    @property
    def created_by_id(self) -> int | None: ...
    @property
    def submitted_by(self) -> Any: ...
    @property
    def submitted_by_id(self) -> int | None: ...
    @property
    def is_form(self) -> bool: ...
    @property
    def is_county_entered(self) -> bool: ...
    @property
    def is_approved(self) -> bool: ...


def _role(user: AnyUser) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return user.role


class ScopeKind(StrEnum):
    """How much of the country a scope covers."""

    NATION = "nation"
    PROVINCE = "province"
    COUNTY = "county"
    NONE = "none"


@dataclass(frozen=True)
class Scope:
    """The part of the country a user may act on: every county, one province's counties, one
    county, or nothing. `scope_of` makes it; querysets filter with `q`."""

    kind: ScopeKind
    province_id: int | None = None
    county_id: int | None = None

    def q(self, county: str = "county", province: str = "county__province") -> Q:
        """A filter keeping the rows inside the scope. `county` and `province` are the lookups
        from the queried model to its county and province: the defaults suit a model with a
        `county` foreign key; County itself passes county="pk", province="province". NATION is a
        filter that adds no SQL and NONE one that matches no row, so both combine with | and &."""
        if self.kind == ScopeKind.NATION:
            return ~Q(pk__in=[])
        if self.kind == ScopeKind.PROVINCE:
            return Q(**{province: self.province_id})
        if self.kind == ScopeKind.COUNTY:
            return Q(**{county: self.county_id})
        return Q(pk__in=[])

    def contains(self, county: County) -> bool:
        """Whether the county lies inside the scope (the predicate form of `q`)."""
        if self.kind == ScopeKind.NATION:
            return True
        if self.kind == ScopeKind.PROVINCE:
            return county.province_id == self.province_id
        if self.kind == ScopeKind.COUNTY:
            return county.pk == self.county_id
        return False


NOWHERE = Scope(ScopeKind.NONE)
Action = Literal["view", "change", "own", "approve"]


def scope_of(user: AnyUser, action: Action = "view") -> Scope:
    """Where the user may do `action`, the one answer every queryset asks:
    - "view" (read non-public county data): ministry staff and analysts the nation, a
      provincial officer their province, a governor their county (`can_view_county`);
    - "change" (areas, projects, plans, records): the same without analysts
      (`can_change_county`);
    - "own" (what a county's own staff do: enter its figures in the data entry form, read its
      contacts): a governor their county, a provincial officer their province, nobody else,
      whatever else they may do (`can_enter_data`, `can_view_contacts`);
    - "approve" (decide on submitted data): ministry staff the nation, a provincial officer
      their province (`can_approve_submission`).
    A superuser counts as ministry staff whatever role `createsuperuser` left on it (the
    default, analyst, would otherwise let the site's administrator change nothing outside the
    admin). Anonymous and inactive users, and a governor or officer without a county or
    province, get nothing."""
    role = _role(user)
    if role is None:
        return NOWHERE
    if action == "own":
        return _own_part(user, role)
    if is_ministry(user):
        return Scope(ScopeKind.NATION)
    if role == Role.ANALYST:
        return NOWHERE if action in ("change", "approve") else Scope(ScopeKind.NATION)
    if action == "approve":
        return _own_part(user, role) if role == Role.PROVINCIAL_OFFICER else NOWHERE
    return _own_part(user, role)


def _own_part(user: AnyUser, role: str) -> Scope:
    """A governor's county or a provincial officer's province; nothing for other roles."""
    if role == Role.GOVERNOR and user.county_id:  # type: ignore[union-attr]
        return Scope(ScopeKind.COUNTY, county_id=user.county_id)  # type: ignore[union-attr]
    if role == Role.PROVINCIAL_OFFICER and user.province_id:  # type: ignore[union-attr]
        return Scope(ScopeKind.PROVINCE, province_id=user.province_id)  # type: ignore[union-attr]
    return NOWHERE


def scope_kind_of_role(role: str) -> ScopeKind:
    """The place an account of `role` is assigned: a governor's county, a provincial officer's
    province; the other roles are assigned none (they act on the whole country)."""
    if role == Role.GOVERNOR:
        return ScopeKind.COUNTY
    if role == Role.PROVINCIAL_OFFICER:
        return ScopeKind.PROVINCE
    return ScopeKind.NATION


def made_by_governor(user_field: str) -> Q:
    """A filter keeping the rows whose user at `user_field` is a governor (the SQL form of the
    check in `can_approve_submission`)."""
    return Q(**{f"{user_field}__role": Role.GOVERNOR})


def is_ministry(user: AnyUser) -> bool:
    """Ministry staff (and superusers) see and change everything."""
    return user.is_authenticated and (user.is_superuser or _role(user) == Role.MINISTRY_STAFF)


def can_view_county(user: AnyUser, county: County) -> bool:
    """Whether the user may read the county's non-public data (profile, areas, indicators)."""
    return scope_of(user, "view").contains(county)


def can_change_county(user: AnyUser, county: County) -> bool:
    """Whether the user may change the county's data (areas, projects, plans, records)."""
    return scope_of(user, "change").contains(county)


def can_view_contacts(user: AnyUser, county: County) -> bool:
    """Personal contact details: the county's own staff and ministry staff, never analysts."""
    return is_ministry(user) or scope_of(user, "own").contains(county)


def can_view_citizen_feedback(user: AnyUser, county: County) -> bool:
    """What citizens wrote on a county's public project pages: the same people as contacts."""
    return can_view_contacts(user, county)


def can_browse_nation(user: AnyUser) -> bool:
    """Whether the user may open the national overview and public statistics of every county."""
    return _role(user) is not None


def can_export(user: AnyUser) -> bool:
    """Whether the user may download exports (everyone signed in; rows are still scoped)."""
    return _role(user) is not None


def can_make_briefing(user: AnyUser, province: Province) -> bool:
    """A province's briefing pack (every county of it): ministry staff and analysts for any
    province (analysts export country-wide, read-only; the pack holds no contact data), and a
    provincial officer for their own province."""
    role = _role(user)
    if is_ministry(user) or role == Role.ANALYST:
        return True
    return role == Role.PROVINCIAL_OFFICER and province.pk == user.province_id  # type: ignore[union-attr]


def briefing_readers(province: Province) -> Q:
    """A filter of users keeping those `can_make_briefing` lets read `province`'s briefing pack
    (active accounts only): who may receive it by e-mail on a schedule."""
    return Q(is_active=True) & (
        Q(is_superuser=True)
        | Q(role__in=[Role.MINISTRY_STAFF, Role.ANALYST])
        | Q(role=Role.PROVINCIAL_OFFICER, province=province.pk)
    )


def can_schedule_briefing(user: AnyUser, province: Province) -> bool:
    """A weekly e-mail of a province's briefing pack (docs/exports-and-api.md): ministry staff for
    any province, a provincial officer for their own. Scheduling sends the pack to other people,
    in the creator's name, every week: the province's own administration (its officer) or the
    ministry decides that. Analysts make packs for themselves but schedule none (they change
    nothing); governors read one county, not a province's pack."""
    if is_ministry(user):
        return True
    return (
        _role(user) == Role.PROVINCIAL_OFFICER
        and user.province_id is not None  # type: ignore[union-attr]
        and province.pk == user.province_id  # type: ignore[union-attr]
    )


def schedules_briefings(user: AnyUser) -> bool:
    """Whether the user may schedule some province's briefing pack (the schedules' pages)."""
    return is_ministry(user) or bool(
        _role(user) == Role.PROVINCIAL_OFFICER and user.province_id  # type: ignore[union-attr]
    )


def can_manage_data(user: AnyUser) -> bool:
    """Import indicator data and edit methodologies: ministry staff and analysts import data."""
    return is_ministry(user) or _role(user) == Role.ANALYST


def own_county(user: AnyUser) -> County | None:
    """The county a governor answers for, where their pages start; None for everyone else."""
    if _role(user) == Role.GOVERNOR and user.county_id:  # type: ignore[union-attr]
        return user.county  # type: ignore[union-attr]
    return None


def own_scope(user: AnyUser) -> tuple[str, str]:
    """The part of the country the user answers for, where their pages start: ("county", code)
    for a governor of a county, ("province", code) for a provincial officer of a province, and
    ("nation", "") for everyone else signed in (ministry staff, analysts)."""
    county = own_county(user)
    if county is not None:
        return ScopeKind.COUNTY.value, county.code
    if _role(user) == Role.PROVINCIAL_OFFICER and user.province_id:  # type: ignore[union-attr]
        return ScopeKind.PROVINCE.value, user.province.code  # type: ignore[union-attr]
    return ScopeKind.NATION.value, ""


def viewable_counties(user: AnyUser) -> QuerySet[Any]:
    """Counties whose non-public data the user may read."""
    return apps.get_model("counties", "County").objects.viewable_by(user)


def changeable_counties(user: AnyUser) -> QuerySet[Any]:
    """Counties the user may change."""
    return apps.get_model("counties", "County").objects.changeable_by(user)


def reads_approved_submissions_only(user: AnyUser) -> bool:
    """Analysts read the approved submissions (where a published value came from), besides
    their own imports; everyone else reads by county (`can_view_submission`)."""
    return _role(user) == Role.ANALYST and not is_ministry(user)


def require(allowed: bool) -> None:
    """Raise PermissionDenied (403) unless `allowed`."""
    if not allowed:
        raise PermissionDenied


def can_change_catalogue(user: AnyUser) -> bool:
    """Indicators and dimensions: ministry staff change them; every signed-in user reads them."""
    return is_ministry(user)


def can_edit_methodology(user: AnyUser) -> bool:
    """Scoring methodologies: ministry staff edit them and choose the current one."""
    return is_ministry(user)


def can_import_users(user: AnyUser) -> bool:
    """Creating accounts from a CSV file in the admin: a superuser, or ministry staff who may use
    the admin (staff status) and hold the permission to change users."""
    if _role(user) is None or not user.is_staff:
        return False
    return user.is_superuser or (
        _role(user) == Role.MINISTRY_STAFF and user.has_perm("governance.change_user")
    )


def can_see_run_errors(user: AnyUser) -> bool:
    """Why a score run failed (internal messages) is for ministry staff."""
    return is_ministry(user)


def can_rebuild_scores(user: AnyUser) -> bool:
    """Asking for a score rebuild by hand: ministry staff."""
    return is_ministry(user)


def can_run_sensitivity(user: AnyUser) -> bool:
    """Starting a sensitivity analysis of the published scores (minutes of computing): ministry
    staff and analysts. Its results are read by everyone who may browse the nation."""
    return is_ministry(user) or _role(user) == Role.ANALYST


def can_publish_scores(user: AnyUser) -> bool:
    """Reviewing a draft score run, then publishing or discarding it: ministry staff."""
    return is_ministry(user)


def can_view_import(user: AnyUser, uploaded_by_id: int | None) -> bool:
    """An import's file and errors: the person who uploaded it, and ministry staff."""
    if is_ministry(user):
        return True
    return can_manage_data(user) and uploaded_by_id is not None and uploaded_by_id == user.pk


def can_view_observation_history(user: AnyUser, county: County) -> bool:
    """Who corrected a county's values and when: whoever may read the county's data."""
    return can_view_county(user, county)


def require_same_county(county: Any, **related: Any) -> None:
    """Refuse a write that links a record of `county` to another county's object.

    Each keyword names a form/API field and gives its value: an object with a `county_id`
    (a stakeholder, a project, a series, an area...), an iterable of them (many-to-many),
    or None (nothing linked). Every field whose object lies in another county gets its own
    translated message, raised together as one ValidationError, so a refused write changes
    nothing. `county` is a County or its primary key. Services call this on every write.
    """
    county_id = getattr(county, "pk", county)
    errors: dict[str, str] = {}
    for field, value in related.items():
        if value is None:
            continue
        objects = value if isinstance(value, Iterable) and not isinstance(value, str) else [value]
        for obj in objects:
            if obj is not None and obj.county_id != county_id:
                errors[field] = _("That %(thing)s belongs to another county.") % {
                    "thing": obj._meta.verbose_name
                }
                break
    if errors:
        raise ValidationError(errors, code="other_county")


# --- data submissions (the approval workflow) ------------------------------------------------


def can_enter_data(user: AnyUser, county: County) -> bool:
    """Entering a county's own values (the county-reported indicators) in the data entry form:
    the county's governor and its province's officer. Ministry staff import files instead;
    analysts change nothing."""
    return scope_of(user, "own").contains(county)


def enters_county_data(user: AnyUser) -> bool:
    """Whether the user enters some county's own figures (the data entry pages): governors
    and provincial officers, as `can_enter_data` answers per county."""
    return _role(user) in (Role.GOVERNOR, Role.PROVINCIAL_OFFICER)


def reviews_submissions(user: AnyUser) -> bool:
    """Whether the user decides on some submissions (the review list): provincial officers
    (their province's county submissions) and ministry staff (the rest), as
    `can_approve_submission` answers per submission."""
    return is_ministry(user) or _role(user) == Role.PROVINCIAL_OFFICER


def _submitter_id(submission: Submission) -> int | None:
    return submission.submitted_by_id or submission.created_by_id


def can_view_submission(user: AnyUser, submission: Submission) -> bool:
    """A submission and its values: ministry staff all; a provincial officer those of their
    province; a governor those of their county; whoever made it (an analyst's own import);
    analysts the approved ones only (where a published value came from)."""
    role = _role(user)
    if role is None:
        return False
    if is_ministry(user):
        return True
    if submission.created_by_id == user.pk or submission.submitted_by_id == user.pk:
        return True
    if role == Role.PROVINCIAL_OFFICER:
        return submission.province_id is not None and submission.province_id == user.province_id  # type: ignore[union-attr]
    if role == Role.GOVERNOR:
        return submission.county_id is not None and submission.county_id == user.county_id  # type: ignore[union-attr]
    if role == Role.ANALYST:
        return submission.is_approved
    return False


def can_edit_submission(user: AnyUser, submission: Submission) -> bool:
    """Changing and submitting a form submission's values: whoever may enter the county's data
    (imports are never edited: their file is corrected and uploaded again)."""
    if not submission.is_form or submission.county is None:
        return False
    return can_enter_data(user, submission.county)


def can_approve_submission(user: AnyUser, submission: Submission) -> bool:
    """Approving or returning a submission, never one's own: a governor's county submission
    goes to the provincial officer of that province or ministry staff; a provincial officer's
    submission and any import to ministry staff. (Whether its state allows a decision is the
    services' question.)"""
    role = _role(user)
    if role is None or role == Role.ANALYST:
        return False
    submitter = _submitter_id(submission)
    if submitter is not None and submitter == user.pk:
        return False
    if is_ministry(user):
        return True
    if role != Role.PROVINCIAL_OFFICER:
        return False
    if not submission.is_county_entered or submission.province_id is None:
        return False
    if submission.province_id != user.province_id:  # type: ignore[union-attr]
        return False
    submitted_by = submission.submitted_by or submission.created_by
    return submitted_by is not None and submitted_by.role == Role.GOVERNOR


# --- who is told (notifications): the same rules, as querysets of users ----------------------


def _users() -> QuerySet[Any]:
    return apps.get_model("governance", "User").objects.filter(is_active=True)


def _ministry_q() -> Q:
    return Q(is_superuser=True) | Q(role=Role.MINISTRY_STAFF)


def governors_of(county: County) -> QuerySet[Any]:
    """The active governors of the county (who answer for its commitments and its citizens'
    feedback)."""
    return _users().filter(role=Role.GOVERNOR, county_id=county.pk)


def provincial_officers_of(province_id: int | None) -> QuerySet[Any]:
    """The active provincial officers of the province (`province_id`; None: nobody)."""
    if province_id is None:
        return _users().none()
    return _users().filter(role=Role.PROVINCIAL_OFFICER, province_id=province_id)


def ministry_staff() -> QuerySet[Any]:
    """The active ministry staff, superusers included (`is_ministry`)."""
    return _users().filter(_ministry_q())


def users_who_may_view(county: County) -> QuerySet[Any]:
    """The active users whose "view" scope holds the county (`can_view_county` as a
    queryset): ministry staff, analysts, the officers of its province and its governors."""
    return _users().filter(
        _ministry_q()
        | Q(role=Role.ANALYST)
        | Q(role=Role.PROVINCIAL_OFFICER, province_id=county.province_id)
        | Q(role=Role.GOVERNOR, county_id=county.pk)
    )


def submission_reviewers(submission: Submission) -> QuerySet[Any]:
    """Who is asked to decide on a submitted submission, by the rules of
    `can_approve_submission`: a governor's county submission goes to the officers of its
    province (to ministry staff when the province has none); a provincial officer's submission
    and any import to ministry staff. Never the submitter."""
    submitter = submission.submitted_by or submission.created_by
    reviewers = _users().none()
    if (
        submission.is_county_entered
        and submission.province_id is not None
        and submitter is not None
        and submitter.role == Role.GOVERNOR
    ):
        reviewers = provincial_officers_of(submission.province_id)
    if not reviewers.exists():
        reviewers = ministry_staff()
    submitter_id = _submitter_id(submission)
    return reviewers.exclude(pk=submitter_id) if submitter_id is not None else reviewers
