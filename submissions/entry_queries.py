"""Reads of the data approval pages (entry form, submission page, review list, provenance),
each a bounded number of queries whatever the number of counties or values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from counties.models import County, Indicator, Observation
from counties.value_checks import previous_period
from governance import access
from submissions import queries
from submissions.choices import SubmissionOrigin, SubmissionState
from submissions.models import Submission, SubmittedValue

if TYPE_CHECKING:
    from governance.access import AnyUser


def entry_counties(user: AnyUser) -> list[County]:
    """The counties whose figures the user enters: a governor's county, a provincial
    officer's province's counties (whoever access.can_enter_data allows), by name."""
    kind, code = access.own_scope(user)
    if kind == "nation":
        return []
    counties = County.objects.select_related("province").defer("geometry", "province__geometry")
    counties = (
        counties.filter(code=code) if kind == "county" else counties.filter(province__code=code)
    )
    return [c for c in counties.order_by_name() if access.can_enter_data(user, c)]


def form_submissions_by_period(
    counties: Sequence[County], periods: Sequence[str]
) -> dict[tuple[int | None, str], Submission]:
    """{(county id, period): the submission the index shows}: the open one (draft, submitted,
    returned) where there is one, otherwise the latest approved."""
    rows = Submission.objects.filter(
        origin=SubmissionOrigin.FORM, county__in=counties, period__in=periods
    ).order_by("created_at", "pk")
    shown: dict[tuple[int | None, str], Submission] = {}
    for submission in rows:
        key = (submission.county_id, submission.period)
        current = shown.get(key)
        if current is None or current.state == SubmissionState.APPROVED:
            shown[key] = submission
    return shown


def approved_values(
    county: County, indicators: Sequence[Indicator], periods: Sequence[str]
) -> dict[tuple[int, str], Observation]:
    """{(indicator id, period): observation} of the county (county level) in these periods."""
    rows = Observation.objects.filter(
        county=county, area__isnull=True, indicator__in=indicators, period__in=periods
    )
    return {(o.indicator_id, o.period): o for o in rows}


def previous_values(values: Iterable[SubmittedValue]) -> dict[int, float]:
    """{submitted value id: the approved county-level value of the period before}: one query."""
    wanted = {
        v.pk: (v.county_id, v.indicator_id, previous_period(v.period))
        for v in values
        if v.area_id is None
    }
    if not wanted:
        return {}
    rows = Observation.objects.filter(
        area__isnull=True,
        county_id__in={w[0] for w in wanted.values()},
        indicator_id__in={w[1] for w in wanted.values()},
        period__in={w[2] for w in wanted.values() if w[2]},
    ).values_list("county_id", "indicator_id", "period", "value")
    found = {(c, i, p): value for c, i, p, value in rows}
    return {pk: found[key] for pk, key in wanted.items() if key in found}


def submissions_with_people() -> QuerySet[Submission]:
    """Submissions with their county, province, import and the people named on their page."""
    return Submission.objects.select_related(
        "county__province",
        "province",
        "import_job__uploaded_by",
        "created_by",
        "submitted_by",
        "decided_by",
    ).defer("county__geometry", "county__province__geometry", "province__geometry")


@dataclass(frozen=True)
class StateChange:
    """One recorded change of a submission's state: to what, by whom, when, with what comment."""

    state: str
    label: str
    user: Any
    when: Any
    comment: str


def submission_history(submission: Submission) -> list[StateChange]:
    """Every change of state of the submission, oldest first (from its recorded history)."""
    records = submission.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    changes: list[StateChange] = []
    previous = None
    for record in records:
        if record.state != previous:
            changes.append(
                StateChange(
                    state=record.state,
                    label=str(SubmissionState(record.state).label),
                    user=record.history_user,
                    when=record.history_date,
                    comment=record.comment
                    if record.state in (SubmissionState.RETURNED, SubmissionState.APPROVED)
                    else "",
                )
            )
            previous = record.state
    return changes


def may_review(user: AnyUser) -> bool:
    """Whether the user approves anything at all: provincial officers and ministry staff."""
    return access.is_ministry(user) or access.own_scope(user)[0] == "province"


def awaiting_decision(user: AnyUser) -> list[Submission]:
    """Submissions awaiting the user's decision (submissions.queries.awaiting_review_by), each
    with `value_count` and `flagged_count`: one query."""
    rows = queries.awaiting_review_by(user).select_related("import_job__uploaded_by")
    return list(
        rows.annotate(
            value_count=Count("values"),
            flagged_count=Count("values", filter=~Q(values__flags=[])),
        )
    )


def approval_count(user: AnyUser, county: County) -> int:
    """How many of the county's submissions await the user's decision."""
    return queries.awaiting_review_by(user).filter(county=county).count()


def returned_submissions(user: AnyUser, county: County) -> list[Submission]:
    """The county's form submissions returned for correction to the user, newest first."""
    return list(queries.returned_to(user).filter(county=county))
