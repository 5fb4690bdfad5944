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
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from governance.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from counties.models import County, Province
    from counties.queries import CountyQuerySet
    from governance.models import User
    from submissions.models import Submission

    AnyUser = User | AnonymousUser


def _role(user: AnyUser) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return user.role


def is_ministry(user: AnyUser) -> bool:
    """Ministry staff (and superusers) see and change everything."""
    return user.is_authenticated and (user.is_superuser or _role(user) == Role.MINISTRY_STAFF)


def can_view_county(user: AnyUser, county: County) -> bool:
    """Whether the user may read the county's non-public data (profile, areas, indicators)."""
    role = _role(user)
    if role is None:
        return False
    if is_ministry(user) or role == Role.ANALYST:
        return True
    if role == Role.PROVINCIAL_OFFICER:
        return county.province_id == user.province_id  # type: ignore[union-attr]
    if role == Role.GOVERNOR:
        return county.pk == user.county_id  # type: ignore[union-attr]
    return False


def can_change_county(user: AnyUser, county: County) -> bool:
    """Whether the user may change the county's data (areas, projects, plans, records)."""
    role = _role(user)
    if role is None or role == Role.ANALYST:
        return False
    if is_ministry(user):
        return True
    if role == Role.PROVINCIAL_OFFICER:
        return county.province_id == user.province_id  # type: ignore[union-attr]
    if role == Role.GOVERNOR:
        return county.pk == user.county_id  # type: ignore[union-attr]
    return False


def can_view_contacts(user: AnyUser, county: County) -> bool:
    """Personal contact details: the county's own staff and ministry staff, never analysts."""
    role = _role(user)
    if is_ministry(user):
        return True
    if role == Role.GOVERNOR:
        return county.pk == user.county_id  # type: ignore[union-attr]
    if role == Role.PROVINCIAL_OFFICER:
        return county.province_id == user.province_id  # type: ignore[union-attr]
    return False


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


def can_manage_data(user: AnyUser) -> bool:
    """Import indicator data and edit methodologies: ministry staff and analysts import data."""
    return is_ministry(user) or _role(user) == Role.ANALYST


def own_scope(user: AnyUser) -> tuple[str, str]:
    """The part of the country the user answers for, where their pages start: ("county", code)
    for a governor of a county, ("province", code) for a provincial officer of a province, and
    ("nation", "") for everyone else signed in (ministry staff, analysts)."""
    role = _role(user)
    if role == Role.GOVERNOR and user.county_id:  # type: ignore[union-attr]
        return "county", user.county.code  # type: ignore[union-attr]
    if role == Role.PROVINCIAL_OFFICER and user.province_id:  # type: ignore[union-attr]
        return "province", user.province.code  # type: ignore[union-attr]
    return "nation", ""


def viewable_counties(user: AnyUser) -> CountyQuerySet:
    """Counties whose non-public data the user may read."""
    from counties.models import County

    return County.objects.viewable_by(user)


def changeable_counties(user: AnyUser) -> CountyQuerySet:
    """Counties the user may change."""
    from counties.models import County

    return County.objects.changeable_by(user)


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


def can_see_run_errors(user: AnyUser) -> bool:
    """Why a score run failed (internal messages) is for ministry staff."""
    return is_ministry(user)


def can_rebuild_scores(user: AnyUser) -> bool:
    """Asking for a score rebuild by hand: ministry staff."""
    return is_ministry(user)


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
    role = _role(user)
    if role == Role.GOVERNOR:
        return county.pk == user.county_id  # type: ignore[union-attr]
    if role == Role.PROVINCIAL_OFFICER:
        return county.province_id == user.province_id  # type: ignore[union-attr]
    return False


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
        from submissions.choices import SubmissionState

        return submission.state == SubmissionState.APPROVED
    return False


def can_edit_submission(user: AnyUser, submission: Submission) -> bool:
    """Changing and submitting a form submission's values: whoever may enter the county's data
    (imports are never edited: their file is corrected and uploaded again)."""
    from submissions.choices import SubmissionOrigin

    if submission.origin != SubmissionOrigin.FORM or submission.county is None:
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
    from submissions.choices import SubmissionOrigin

    if submission.origin != SubmissionOrigin.FORM or submission.province_id is None:
        return False
    if submission.province_id != user.province_id:  # type: ignore[union-attr]
        return False
    submitted_by = submission.submitted_by or submission.created_by
    return submitted_by is not None and submitted_by.role == Role.GOVERNOR
