"""Reading submissions: what a user may see, what awaits their decision, where a value came from.

The rules are governance.access's (can_view_submission, can_approve_submission); these
querysets are the same rules in SQL, for lists. Tests compare the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import Q, QuerySet

from governance import access
from submissions.choices import COUNTY_ORIGINS, SubmissionOrigin, SubmissionState
from submissions.models import Submission, SubmittedValue

if TYPE_CHECKING:
    from counties.models import County, Observation
    from governance.access import AnyUser
    from governance.models import User


def _base() -> QuerySet[Submission]:
    return Submission.objects.select_related(
        "county__province", "province", "created_by", "submitted_by", "decided_by", "import_job"
    ).defer("county__geometry", "county__province__geometry", "province__geometry")


def viewable_by(user: AnyUser) -> QuerySet[Submission]:
    """Submissions the user may read (access.can_view_submission)."""
    qs = _base()
    if not access.can_browse_nation(user):
        return qs.none()
    if access.is_ministry(user):
        return qs
    own = Q(created_by=user) | Q(submitted_by=user)
    if access.reads_approved_submissions_only(user):
        return qs.filter(own | Q(state=SubmissionState.APPROVED))
    return qs.filter(own | access.scope_of(user, "view").q(county="county", province="province"))


def awaiting_review_by(user: AnyUser) -> QuerySet[Submission]:
    """Submitted submissions the user may approve or return (never their own), oldest first."""
    qs = _base().filter(state=SubmissionState.SUBMITTED).order_by("submitted_at", "pk")
    scope = access.scope_of(user, "approve")
    if scope.kind == access.ScopeKind.NONE:
        return qs.none()
    # Anonymous users have no scope (returned above): the user is a signed-in one.
    qs = qs.exclude(submitted_by=cast("User", user))
    if scope.kind == access.ScopeKind.NATION:
        return qs
    # A provincial officer decides on the county submissions of their province's governors.
    return qs.filter(
        scope.q(county="county", province="province"),
        access.made_by_governor("submitted_by"),
        origin__in=COUNTY_ORIGINS,
    )


def returned_to(user: AnyUser) -> QuerySet[Submission]:
    """Returned form submissions of the counties the user enters data for (their workbench),
    the most recently returned first."""
    qs = _base().filter(origin=SubmissionOrigin.FORM, state=SubmissionState.RETURNED)
    scope = access.scope_of(user, "own")
    return qs.filter(scope.q(county="county", province="province")).order_by("-decided_at", "-pk")


def of_county(county: County) -> QuerySet[Submission]:
    """A county's form submissions, newest first (the caller checks access to the county)."""
    return (
        _base().filter(origin=SubmissionOrigin.FORM, county=county).order_by("-created_at", "-pk")
    )


def open_submission(county: County, period: str) -> Submission | None:
    """The open (not yet approved) form submission of a county and period, if any."""
    return (
        _base()
        .filter(origin=SubmissionOrigin.FORM, county=county, period=period)
        .exclude(state=SubmissionState.APPROVED)
        .first()
    )


def values_of(submission: Submission) -> QuerySet[SubmittedValue]:
    """A submission's values with their indicator, county and area (one query)."""
    return (
        SubmittedValue.objects.filter(submission=submission)
        .select_related("indicator__dimension", "county", "area", "observation")
        .defer("county__geometry")
    )


def approved_value_of(observation: Observation | int) -> SubmittedValue | None:
    """The approved submitted value an observation came from most recently (provenance), with
    its submission and who submitted and approved it; None for values written before approval
    existed (their history still says who wrote them)."""
    pk = observation if isinstance(observation, int) else observation.pk
    return (
        SubmittedValue.objects.filter(observation_id=pk, submission__state=SubmissionState.APPROVED)
        .select_related(
            "submission__submitted_by",
            "submission__decided_by",
            "submission__created_by",
            "submission__import_job",
        )
        .order_by("-submission__decided_at", "-pk")
        .first()
    )
