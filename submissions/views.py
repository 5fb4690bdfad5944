"""Pages of the data approval workflow: the data entry form of a county and period, a
submission's page with the reviewer's decision, the list of submissions awaiting a decision,
and where an observation came from (provenance).

Views check governance.access, call submissions.services for every write and
submissions.queries for the reads; templates only place what they are given.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties.models import County, Indicator, Observation
from counties.value_checks import Candidate, check_values, describe_flag
from governance import access
from governance.http import signed_in_user
from governance.periods import PeriodError, current_year, parse_period
from governance.versioning import StaleEditError
from submissions import entry_queries as queries
from submissions import queries as backend_queries
from submissions import services
from submissions.choices import SubmissionState
from submissions.forms import DecisionForm, EntryForm, note_field, value_field
from submissions.models import Submission, SubmittedValue

YEARS_SHOWN = 5  # the index offers this many years (of the calendar), the current one first
VALUES_PAGE_SIZE = 100  # values of an import are many: its page shows them a page at a time
EDITABLE = (SubmissionState.DRAFT, SubmissionState.RETURNED)


def stale_message() -> str:
    return _(
        "Someone else changed this submission after you opened it. Their change was kept; "
        "reload the page to see it, then make your change again."
    )


def _county(code: str) -> County:
    return get_object_or_404(
        County.objects.select_related("province").defer("geometry", "province__geometry"),
        code=code,
    )


def _year(text: str) -> str:
    """The period key of a yearly period in the URL; 404 for anything else or a future year."""
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise Http404 from exc
    if period.kind != "year" or period.year > current_year():
        raise Http404
    return period.key


def _years() -> list[str]:
    current = current_year()
    return [str(year) for year in range(current, current - YEARS_SHOWN, -1)]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The counties the user enters data for, each with the state of its recent periods."""
    counties = queries.entry_counties(request.user)
    may_review = queries.may_review(request.user)
    if not counties and may_review:  # ministry staff enter nothing: they review
        return redirect("submissions:review-list")
    access.require(bool(counties))
    years = _years()
    latest = queries.form_submissions_by_period(counties, years)
    rows = [
        {"county": county, "cells": [(year, latest.get((county.pk, year))) for year in years]}
        for county in counties
    ]
    return render(
        request,
        "submissions/index.html",
        {
            "rows": rows,
            "years": years,
            "single": counties[0] if len(counties) == 1 else None,
            "may_review": may_review,
        },
    )


def _candidates(county: County, period: str, form: EntryForm) -> list[Candidate]:
    return [
        Candidate(indicator=indicator, county=county, period=period, value=value)
        for indicator in form.indicators
        if (value := form.cleaned_data.get(value_field(indicator))) is not None
    ]


def _flag_rows(
    candidates: list[Candidate], flag_lists: list[list[Any]]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """{indicator id: messages} of the blocking flags, and of the warnings."""
    blocking: dict[int, list[str]] = {}
    warnings: dict[int, list[str]] = {}
    for candidate, flags in zip(candidates, flag_lists, strict=True):
        for flag in flags:
            target = blocking if flag.blocking else warnings
            target.setdefault(candidate.indicator.pk, []).append(describe_flag(flag.as_json()))
    return blocking, warnings


def _initial(
    indicators: list[Indicator],
    submission: Submission | None,
    stored: dict[int, SubmittedValue],
    current: dict[int, Observation],
) -> dict[str, Any]:
    """What the form shows when opened: the open submission's values, otherwise the values
    approved for the period (so that a correction starts from them)."""
    initial: dict[str, Any] = {"version": submission.version if submission else None}
    for indicator in indicators:
        if submission is not None:
            row = stored.get(indicator.pk)
            if row is not None:
                initial[value_field(indicator)] = row.value
                initial[note_field(indicator)] = row.note
        elif indicator.pk in current:
            initial[value_field(indicator)] = current[indicator.pk].value
    return initial


def _check_entry(
    form: EntryForm, county: County, period: str, indicators: list[Indicator]
) -> dict[int, list[str]]:
    """Check the entered values: blocking flags become errors on their fields; the warnings
    (indicator id -> messages) are returned."""
    candidates = _candidates(county, period, form)
    blocking, warnings = _flag_rows(candidates, check_values(candidates))
    for indicator in indicators:
        for message in blocking.get(indicator.pk, []):
            form.add_error(value_field(indicator), message)
    return warnings


def _approved_by_period(
    county: County, indicators: list[Indicator], previous_period: str, period: str
) -> tuple[dict[int, Any], dict[int, Any]]:
    """The approved values (indicator id -> observation) of the previous period and this one."""
    approved = queries.approved_values(county, indicators, [previous_period, period])
    previous = {i: o for (i, p), o in approved.items() if p == previous_period}
    current = {i: o for (i, p), o in approved.items() if p == period}
    return previous, current


def _stored_warnings(stored: dict[int, SubmittedValue]) -> dict[int, list[str]]:
    """The remarks on the stored draft's values (indicator id -> messages)."""
    return {
        pk: [describe_flag(flag) for flag in value.flags]
        for pk, value in stored.items()
        if value.flags
    }


def _post_entry(
    request: HttpRequest, form: EntryForm, county: County, period: str, indicators: list[Indicator]
) -> tuple[dict[int, list[str]], HttpResponse | None]:
    """Check and save (or submit) the posted form: its warnings, and the answer when saved."""
    warnings: dict[int, list[str]] = {}
    action = request.POST.get("action", "save")
    if form.is_valid():
        warnings = _check_entry(form, county, period, indicators)
    if form.is_valid():
        return warnings, _save(request, form, county, period, action, bool(warnings))
    return warnings, None


def _entry_rows(
    form: EntryForm, previous: dict[int, Any], stored: dict[int, Any], warnings: dict[int, Any]
) -> list[dict[str, Any]]:
    """The form's rows with the previous period's value, the stored draft value and remarks."""
    return [
        {
            **row,
            "previous": previous.get(row["indicator"].pk),
            "stored": stored.get(row["indicator"].pk),
            "warnings": warnings.get(row["indicator"].pk, []),
        }
        for row in form.rows()
    ]


@login_required
def entry(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The data entry form of one county and period: every county-reported indicator, its
    unit and valid range, the previous period's approved value; save as draft or submit."""
    county = _county(code)
    access.require(access.can_enter_data(request.user, county))
    period = _year(period)
    indicators = list(
        Indicator.objects.filter(is_county_reported=True)
        .select_related("dimension")
        .order_by("dimension__order", "code")
    )
    submission = backend_queries.open_submission(county, period)
    stored = {v.indicator_id: v for v in submission.values.all()} if submission else {}
    previous_period = str(int(period) - 1)
    previous, current = _approved_by_period(county, indicators, previous_period, period)
    editable = submission is None or submission.state in EDITABLE
    warnings: dict[int, list[str]] = {}
    if request.method == "POST":
        if not editable:
            messages.error(
                request, _("This submission is waiting for a decision: it cannot be changed now.")
            )
            return redirect("submissions:entry", code=county.code, period=period)
        form = EntryForm(request.POST, indicators=indicators)
        warnings, done = _post_entry(request, form, county, period, indicators)
        if done is not None:
            return done
    else:
        initial = _initial(indicators, submission, stored, current)
        form = EntryForm(initial=initial, indicators=indicators)
        if editable:
            # The stored draft's remarks (saving checks each value) show before it is submitted.
            warnings = _stored_warnings(stored)
    rows = _entry_rows(form, previous, stored, warnings)
    return render(
        request,
        "submissions/entry.html",
        {
            "county": county,
            "period": period,
            "previous_period": previous_period,
            "years": _years(),
            "form": form,
            "rows": rows,
            "submission": submission,
            "editable": editable,
            "shows_approved": submission is None and bool(current),
            "warning_count": sum(len(w) for w in warnings.values()),
            "confirm": request.GET.get("confirm") == "1" or request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


def _save(
    request: HttpRequest,
    form: EntryForm,
    county: County,
    period: str,
    action: str,
    has_warnings: bool,
) -> HttpResponse | None:
    """Save the form as a draft, and submit it when asked (after the user has seen the
    warnings, if any): the page to go to, or None when refused (reasons on the form)."""
    try:
        submission = services.save_draft(
            county,
            period,
            form.values(),
            user=signed_in_user(request),
            expected_version=form.cleaned_data.get("version"),
        )
        if action == "submit" and has_warnings:
            messages.warning(
                request,
                _(
                    "The draft was saved. Some values look unusual (marked below): check them, "
                    "then correct them or submit them as they are."
                ),
            )
            url = reverse("submissions:entry", args=[county.code, period])
            return redirect(f"{url}?confirm=1")
        if action in ("submit", "confirm"):
            submission = services.submit_submission(
                submission, user=signed_in_user(request), expected_version=submission.version
            )
            messages.success(request, _("The values were submitted for approval."))
            return redirect("submissions:detail", pk=submission.pk)
    except StaleEditError:
        form.add_error(None, stale_message())
        return None
    except ValidationError as error:
        form.show_errors(error)
        return None
    messages.success(request, _("The draft was saved."))
    return redirect("submissions:entry", code=county.code, period=period)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A submission: its state, who did what and when, each value with its flags and the
    previous period's value, the history; Approve and Return for whoever may decide."""
    submission = get_object_or_404(queries.submissions_with_people(), pk=pk)
    access.require(access.can_view_submission(request.user, submission))
    return _detail_page(request, submission, DecisionForm())


def _detail_page(
    request: HttpRequest, submission: Submission, form: DecisionForm, status: int = 200
) -> HttpResponse:
    values = backend_queries.values_of(submission)
    flagged_only = request.GET.get("flagged") == "1"
    if flagged_only:
        values = values.exclude(flags=[])
    page = Paginator(values, VALUES_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    previous = queries.previous_values(rows)
    can_decide = submission.state == SubmissionState.SUBMITTED and access.can_approve_submission(
        request.user, submission
    )
    return render(
        request,
        "submissions/detail.html",
        {
            "submission": submission,
            "rows": [
                {
                    "value": row,
                    "flags": [describe_flag(flag) for flag in row.flags],
                    "blocking": any(flag.get("blocking") for flag in row.flags),
                    "previous": previous.get(row.pk),
                }
                for row in rows
            ],
            "page": page,
            "flagged_only": flagged_only,
            "flagged_count": submission.values.exclude(flags=[]).count(),
            "can_decide": can_decide,
            "can_edit": submission.state in EDITABLE
            and access.can_edit_submission(request.user, submission),
            "form": form,
            "history": queries.submission_history(submission),
            "may_review": queries.may_review(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or return a submitted submission (the reviewer's comment with it)."""
    submission = get_object_or_404(queries.submissions_with_people(), pk=pk)
    access.require(access.can_view_submission(request.user, submission))
    access.require(access.can_approve_submission(request.user, submission))
    form = DecisionForm(request.POST)
    if submission.state != SubmissionState.SUBMITTED:
        messages.error(request, _("This submission is not waiting for a decision."))
        return redirect("submissions:detail", pk=submission.pk)
    if form.is_valid():
        comment = form.cleaned_data["comment"].strip()
        try:
            if request.POST.get("action") == "return":
                services.return_submission(
                    submission, user=signed_in_user(request), comment=comment
                )
                messages.success(request, _("The submission was returned for correction."))
            else:
                services.approve_submission(
                    submission, user=signed_in_user(request), comment=comment
                )
                messages.success(
                    request,
                    _(
                        "The submission was approved: its values are now used, and the scores "
                        "are being rebuilt as a draft run for review."
                    ),
                )
        except ValidationError as error:
            for field, problems in _by_field(error, form).items():
                form.add_error(field, problems)
        else:
            return redirect("submissions:detail", pk=submission.pk)
    submission.refresh_from_db()
    return _detail_page(request, submission, form, status=400)


def _by_field(error: ValidationError, form: DecisionForm) -> dict[str | None, list[str]]:
    """A service's refusal by form field (the comment), the rest above the form."""
    if not hasattr(error, "error_dict"):
        return {"comment": error.messages}
    found: dict[str | None, list[str]] = {}
    for key, problems in error.message_dict.items():
        found.setdefault(key if key in form.fields else None, []).extend(problems)
    return found


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Submissions awaiting the user's decision, with how many of their values are flagged."""
    access.require(queries.may_review(request.user))
    waiting = [
        s
        for s in queries.awaiting_decision(request.user)
        if access.can_approve_submission(request.user, s)
    ]
    return render(request, "submissions/review_list.html", {"submissions": waiting})


@login_required
def provenance(request: HttpRequest, pk: int) -> HttpResponse:
    """Where one observation came from: its source, the import or submission that brought it,
    who entered and who approved it, and the link to its history."""
    observation = get_object_or_404(
        Observation.objects.select_related(
            "indicator", "county__province", "area", "updated_by"
        ).defer("county__geometry", "county__province__geometry"),
        pk=pk,
    )
    access.require(access.can_view_observation_history(request.user, observation.county))
    origin = backend_queries.approved_value_of(observation)
    submission = origin.submission if origin else None
    return render(
        request,
        "submissions/provenance.html",
        {
            "observation": observation,
            "origin": origin,
            "submission": submission,
            "can_view_submission": submission is not None
            and access.can_view_submission(request.user, submission),
            "last_change": observation.history.select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first(),
        },
    )
