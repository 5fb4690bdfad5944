"""Writes of data submissions: the approval workflow. Views, the API and imports call these only.

draft → submitted → approved, or submitted → returned (with a comment) → submitted again.
Only approving writes observations (counties.observations.write_observations, the one writer,
with history), links each SubmittedValue to the observation it became and queues a score
rebuild, which ends as a draft run for ministry staff to review. Every change of state is saved
through the model, so the submission's history records who made it and when.

Every function runs in one transaction and refuses bad input with a translated ValidationError
that changes nothing. Who may call what is governance.access's question (views ask first).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties.models import County, Indicator, Observation
from counties.observations import (
    ObservationRow,
    _insert,  # the fast bulk insert (COPY / executemany)
    stored_observations,
    write_observations,
)
from counties.signals import announce_observations_changed
from governance.periods import PeriodError, parse_period
from governance.versioning import (
    StaleEditError,
    check_version,
    lock_current,
    save_next_version,
)
from submissions.choices import SubmissionOrigin, SubmissionState
from submissions.models import Submission, SubmittedValue
from submissions.signals import submission_returned, submission_submitted

if TYPE_CHECKING:
    from counties.imports import ImportRecord
    from counties.models import ImportJob
    from governance.models import User

__all__ = [
    "approve_submission",
    "propose_value",
    "record_command_import",
    "record_import",
    "record_import_submission",
    "return_submission",
    "save_draft",
    "submit_submission",
]

OPEN_STATES = (SubmissionState.DRAFT, SubmissionState.SUBMITTED, SubmissionState.RETURNED)
EDITABLE_STATES = (SubmissionState.DRAFT, SubmissionState.RETURNED)
COMMAND_COMMENT = "approved on import by the operator"
FAST_APPROVAL_ROWS = 2000


# --- helpers ------------------------------------------------------------------------------


def _period_key(period: str) -> str:
    try:
        return parse_period(period).key
    except PeriodError as exc:  # its message says why, in the reader's language
        raise ValidationError({"period": ValidationError(str(exc), code="bad_period")}) from exc


def _locked(submission: Submission, expected_version: int | None = None) -> Submission:
    """The row as stored now (with its county, submitter and creator), locked until the
    transaction ends; StaleEditError when someone saved it after `expected_version`."""
    rows = Submission.objects.select_related("county__province", "submitted_by", "created_by")
    return lock_current(submission, expected_version, rows=rows)


def _check(rows: Sequence[tuple[Indicator, County, str, float, int | None]]) -> list[list[Any]]:
    """The flags of each (indicator, county, period, value, area id), from counties.value_checks."""
    from counties.value_checks import Candidate, check_values

    if not rows:
        return []
    return check_values(
        [Candidate(indicator=i, county=c, period=p, value=v, area_id=a) for i, c, p, v, a in rows]
    )


def _refuse_blocking(
    rows: Sequence[tuple[Indicator, County, str, float, int | None]], flags: list[list[Any]]
) -> None:
    """A ValidationError naming each indicator whose value breaks a range or a rule, keyed by
    indicator code (the form field of the indicator in the data entry form)."""
    from counties.value_checks import describe_flag

    errors: dict[str, list[ValidationError]] = {}
    for (indicator, *_rest), found in zip(rows, flags, strict=True):
        for flag in found:
            if flag.blocking:
                message = _("%(indicator)s: %(problem)s") % {
                    "indicator": indicator.name,
                    "problem": describe_flag(flag.as_json()),
                }
                errors.setdefault(indicator.code, []).append(
                    ValidationError(message, code="blocking_flag")
                )
    if errors:
        raise ValidationError(errors)


def _source_of(county: County, indicator: Indicator) -> str:
    """An entered value's source: the indicator's catalogue source, else the county office
    (stored in the site's language, as the catalogue's sources are)."""
    if indicator.source:
        return indicator.source
    with translation.override(settings.LANGUAGE_CODE):
        return _("Entered by %(county)s office") % {"county": county.name}


# --- the data entry form ----------------------------------------------------------------


@transaction.atomic
def save_draft(
    county: County,
    period: str,
    values: dict[int, tuple[float | None, str]],
    *,
    user: User | None,
    expected_version: int | None,
) -> Submission:
    """Create or edit the open form submission of (county, period): indicator id -> (value,
    note); a value of None removes the indicator's value. Only county-reported indicators;
    a value that breaks a range or a rule is refused (ValidationError keyed by indicator code),
    other flags are stored on the value. A submission waiting for review cannot be edited.
    StaleEditError when the open submission changed since `expected_version` (or, given a
    version, when there is no open submission any more: it was approved meanwhile)."""
    key = _period_key(period)
    indicators = _county_reported(list(values))
    submission = _open_form_submission(county, key, user=user, expected_version=expected_version)
    given = [(pk, value, note) for pk, (value, note) in values.items() if value is not None]
    rows = [(indicators[pk], county, key, float(value), None) for pk, value, _n in given]
    flags = _check(rows)
    _refuse_blocking(rows, flags)

    save_next_version(submission, user=user)  # the new version (and the row, for a first save)
    removed = [pk for pk, (value, _note) in values.items() if value is None]
    _store_entered_values(
        submission, county, key, list(zip(given, flags, strict=True)), removed, user
    )
    return submission


def _county_reported(indicator_ids: list[int]) -> dict[int, Indicator]:
    """The indicators by id; a ValidationError unless each is a county-reported one."""
    indicators = Indicator.objects.in_bulk(indicator_ids)
    wrong = [
        pk for pk in indicator_ids if pk not in indicators or not indicators[pk].is_county_reported
    ]
    if wrong:
        raise ValidationError(
            _("Only the county-reported indicators are entered in this form."),
            code="not_county_reported",
        )
    return indicators


def _open_form_submission(
    county: County, period: str, *, user: User | None, expected_version: int | None
) -> Submission:
    """The open form submission of (county, period), locked, or a new unsaved one; refused when
    it is waiting for review or `expected_version` is stale (see save_draft)."""
    # Lock the county row: two first saves of the same (county, period) wait for each other.
    County.objects.select_for_update().filter(pk=county.pk).exists()
    submission = (
        Submission.objects.select_for_update()
        .filter(origin=SubmissionOrigin.FORM, county=county, period=period, state__in=OPEN_STATES)
        .first()
    )
    if submission is None:
        if expected_version is not None:
            raise StaleEditError
        return Submission(
            origin=SubmissionOrigin.FORM,
            county=county,
            province_id=county.province_id,
            period=period,
            created_by=user,
            version=0,
        )
    check_version(submission, expected_version)
    if submission.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This submission is waiting for review and cannot be changed."),
            code="not_editable",
        )
    return submission


def _store_entered_values(
    submission: Submission,
    county: County,
    period: str,
    given: list[tuple[tuple[int, float, str], list[Any]]],
    removed: list[int],
    user: User | None,
) -> None:
    """Create or change the submission's value of each ((indicator id, value, note), flags) in
    `given`, and delete its values of the `removed` indicator ids, with history by `user`."""
    existing = {v.indicator_id: v for v in SubmittedValue.objects.filter(submission=submission)}
    creates, updates = [], []
    for (pk, value, note), found in given:
        stored = [flag.as_json() for flag in found]
        current = existing.get(pk)
        if current is None:
            creates.append(
                SubmittedValue(
                    submission=submission,
                    indicator_id=pk,
                    county=county,
                    period=period,
                    value=float(value),
                    note=note or "",
                    flags=stored,
                )
            )
        elif (current.value, current.note, current.flags) != (float(value), note or "", stored):
            current.value, current.note, current.flags = float(value), note or "", stored
            updates.append(current)
    if creates:
        bulk_create_with_history(creates, SubmittedValue, default_user=user)
    if updates:
        bulk_update_with_history(
            updates, SubmittedValue, ["value", "note", "flags"], default_user=user
        )
    for pk in removed:
        if pk in existing:
            existing[pk]._history_user = user  # type: ignore[attr-defined]
            existing[pk].delete()


@transaction.atomic
def submit_submission(
    submission: Submission, *, user: User | None, expected_version: int | None
) -> Submission:
    """Send a draft or returned form submission for approval: its values are checked again
    (the previous period or the province's values may have changed) and their flags stored."""
    current = _locked(submission, expected_version)
    if current.origin != SubmissionOrigin.FORM:
        raise ValidationError(
            _("An import is corrected by uploading its file again."), code="not_editable"
        )
    if current.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Only a draft or a returned submission can be submitted."), code="wrong_state"
        )
    values = list(current.values.select_related("indicator", "county"))
    if not values:
        raise ValidationError(_("Enter at least one value before submitting."), code="empty")
    rows = [(v.indicator, v.county, v.period, v.value, v.area_id) for v in values]
    flags = _check(rows)
    _refuse_blocking(rows, flags)
    changed = []
    for value, found in zip(values, flags, strict=True):
        stored = [flag.as_json() for flag in found]
        if value.flags != stored:
            value.flags = stored
            changed.append(value)
    if changed:
        bulk_update_with_history(changed, SubmittedValue, ["flags"], default_user=user)
    current.state = SubmissionState.SUBMITTED
    current.submitted_by, current.submitted_at = user, timezone.now()
    saved = save_next_version(current, ["state", "submitted_by", "submitted_at"], user=user)
    submission_submitted.send(sender=Submission, submission=saved)
    return saved


# --- values proposed by another part of Tavazon (the investor pipeline's jobs) -------------


@transaction.atomic
def propose_value(
    county: County,
    indicator: Indicator,
    period: str,
    value: float,
    *,
    origin: str,
    source: str,
    note: str = "",
    user: User | None = None,
) -> Submission | None:
    """Propose `value` of `indicator` for (county, period) for review, as a submission of
    `origin` sent by `user`: the open one of that origin, county and period is updated (a
    correction replaces its value, never adds to it; a returned one is sent again), else a new
    one is submitted. Nothing is proposed (None) when there is no open one and the value equals
    the stored observation (or is 0 where none is stored). A value that breaks a range or rule
    is refused (ValidationError keyed by indicator code)."""
    key = _period_key(period)
    County.objects.select_for_update().filter(pk=county.pk).exists()  # one proposal at a time
    rows = [(indicator, county, key, float(value), None)]
    flags = _check(rows)
    _refuse_blocking(rows, flags)
    stored_flags = [flag.as_json() for flag in flags[0]]
    submission = (
        Submission.objects.select_for_update()
        .filter(origin=origin, county=county, period=key)
        .exclude(state=SubmissionState.APPROVED)
        .first()
    )
    if submission is None:
        stored = Observation.objects.filter(
            indicator=indicator, county=county, area__isnull=True, period=key
        ).first()
        if (stored is None and value == 0) or (stored is not None and stored.value == value):
            return None
        submission = Submission(
            origin=origin, county=county, province_id=county.province_id, period=key, version=0
        )
        submission.created_by = user
    values = {"value": float(value), "source": source[:300], "note": note, "flags": stored_flags}
    current = SubmittedValue.objects.filter(submission_id=submission.pk).first()
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return submission  # as it was: a returned one waits for a change before it goes again
    resent = submission.state != SubmissionState.SUBMITTED  # new, or returned
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_by, submission.submitted_at = user, timezone.now()
    save_next_version(submission, user=user)
    if current is None:
        current = SubmittedValue(
            submission=submission, indicator=indicator, county=county, period=key
        )
    for name, new in values.items():
        setattr(current, name, new)
    current._history_user = user  # type: ignore[attr-defined]
    current.save()
    if resent:
        submission_submitted.send(sender=Submission, submission=submission)
    return submission


# --- decisions ----------------------------------------------------------------------------


def _refuse_undecidable(current: Submission, user: User | None) -> None:
    if current.state != SubmissionState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted submission can be approved or returned."), code="wrong_state"
        )
    submitter = current.submitted_by_id or current.created_by_id
    if user is not None and submitter is not None and submitter == user.pk:
        raise ValidationError(
            _("Someone else must review your own submission."), code="own_submission"
        )


def is_flagged(submission: Submission) -> bool:
    """Whether any value of the submission carries a flag (approving it asks for a comment)."""
    return SubmittedValue.objects.filter(submission=submission).exclude(flags=[]).exists()


@transaction.atomic
def approve_submission(
    submission: Submission, *, user: User | None, comment: str = ""
) -> Submission:
    """Approve a submitted submission: write its values as observations (by the submitter, with
    history), link each value to its observation and queue a score rebuild (a draft run).
    A comment is required when any value is flagged; nobody approves their own submission."""
    current = _locked(submission)
    _refuse_undecidable(current, user)
    comment = (comment or "").strip()
    if not comment and is_flagged(current):
        message = _("Some values are flagged: say why you approve them.")
        raise ValidationError({"comment": ValidationError(message, code="comment_required")})
    submitter = current.submitted_by or current.created_by
    try:
        with transaction.atomic():
            written = _write(current, submitter)
    except IntegrityError as exc:
        raise ValidationError(
            _("The data changed while this submission was being approved; try again."),
            code="changed_meanwhile",
        ) from exc
    _link_observations(current)
    current.state = SubmissionState.APPROVED
    current.decided_by, current.decided_at, current.comment = user, timezone.now(), comment
    save_next_version(current, ["state", "decided_by", "decided_at", "comment"], user=user)
    if written:
        announce_observations_changed(trigger="approval", user=user)
    return current


@transaction.atomic
def return_submission(submission: Submission, *, user: User | None, comment: str) -> Submission:
    """Return a submitted submission to whoever submitted it, saying why (required)."""
    current = _locked(submission)
    _refuse_undecidable(current, user)
    comment = (comment or "").strip()
    if not comment:
        message = _("Say what must be corrected.")
        raise ValidationError({"comment": ValidationError(message, code="comment_required")})
    current.state = SubmissionState.RETURNED
    current.decided_by, current.decided_at, current.comment = user, timezone.now(), comment
    saved = save_next_version(current, ["state", "decided_by", "decided_at", "comment"], user=user)
    submission_returned.send(sender=Submission, submission=saved)
    return saved


def _write(submission: Submission, submitter: User | None) -> int:
    """Write the submission's values as observations (creates and corrections); the number of
    observations written (values equal to the stored ones are left as they are)."""
    values = list(
        SubmittedValue.objects.filter(submission=submission)
        .order_by()
        .values_list("indicator_id", "county_id", "area_id", "period", "value", "source", "note")
    )
    if not values:
        return 0
    creates, updates = _observation_rows(values, entered=submission.origin == SubmissionOrigin.FORM)
    if creates or updates:
        # The fast path (same rows and history, tested in tests/counties) from a few thousand
        # rows: approving a national file is a request the reviewer waits for.
        write_observations(
            creates,
            updates,
            user=submitter,
            reason=f"submission {submission.pk} approved",
            fast=len(creates) + len(updates) >= FAST_APPROVAL_ROWS,
        )
    return len(creates) + len(updates)


def _observation_rows(
    values: Sequence[tuple[int, int, int | None, str, float, str, str]], *, entered: bool
) -> tuple[list[ObservationRow], list[ObservationRow]]:
    """The observations to create and to correct for the submitted values (indicator id, county
    id, area id, period, value, source, note), leaving out those equal to the stored ones. An
    `entered` value (the data entry form) without a source gets `_source_of`'s."""
    indicators = Indicator.objects.in_bulk({v[0] for v in values})
    counties = County.objects.in_bulk({v[1] for v in values}) if entered else {}
    periods = sorted({v[3] for v in values})
    existing = stored_observations(indicators, periods)
    parsed = {p: parse_period(p) for p in periods}
    starts = {p: parsed[p].gregorian_start() for p in periods}
    creates: list[ObservationRow] = []
    updates: list[ObservationRow] = []
    for indicator_id, county_id, area_id, period, value, source, note in values:
        if not source and counties:  # an import's rows carry their source already
            source = _source_of(counties[county_id], indicators[indicator_id])
        current = existing.get((indicator_id, county_id, area_id or 0, period))
        if current is not None and current[1:] == (value, source, note, False):
            continue
        row = ObservationRow(
            indicator_id=indicator_id,
            county_id=county_id,
            area_id=area_id,
            period=period,
            period_kind=parsed[period].kind,
            period_start=starts[period],
            value=value,
            source=source[:300],
            note=note,
            is_synthetic=False,
            pk=None if current is None else current[0],
        )
        (creates if current is None else updates).append(row)
    return creates, updates


def _link_observations(submission: Submission) -> None:
    """Point each value of the submission at the observation of its key (two statements)."""
    same = Observation.objects.filter(
        indicator=OuterRef("indicator"), county=OuterRef("county"), period=OuterRef("period")
    )
    values = SubmittedValue.objects.filter(submission=submission)
    values.filter(area__isnull=True).update(
        observation=Subquery(same.filter(area__isnull=True).values("pk")[:1])
    )
    values.filter(area__isnull=False).update(
        observation=Subquery(same.filter(area=OuterRef("area")).values("pk")[:1])
    )


# --- imports ------------------------------------------------------------------------------


def _bulk_values(
    submission: Submission, rows: Sequence[ObservationRow], flags: list[list[Any]] | None
) -> None:
    """Store an import's values: one parametrised statement (COPY on PostgreSQL), as
    counties.observations' fast path does, so that a national file of 11,472 rows is held in
    well under a second; no history rows (an import's values never change after)."""
    if not rows:
        return
    columns = [
        "submission_id",
        "indicator_id",
        "county_id",
        "area_id",
        "period",
        "value",
        "source",
        "note",
        "flags",
    ]
    table = SubmittedValue._meta.db_table
    _insert(
        table,
        columns,
        (
            (
                submission.pk,
                row.indicator_id,
                row.county_id,
                row.area_id,
                row.period,
                row.value,
                row.source,
                row.note,
                json.dumps([flag.as_json() for flag in flags[index]] if flags else []),
            )
            for index, row in enumerate(rows)
        ),
    )


def _import_flags(rows: Sequence[ObservationRow]) -> list[list[Any]]:
    """The outlier and rule flags of an import's rows, for the reviewer."""
    indicators = Indicator.objects.in_bulk({r.indicator_id for r in rows})
    counties = County.objects.defer("geometry").in_bulk({r.county_id for r in rows})
    return _check(
        [
            (indicators[r.indicator_id], counties[r.county_id], r.period, r.value, r.area_id)
            for r in rows
        ]
    )


@transaction.atomic
def record_import_submission(
    job: ImportJob | None,
    *,
    user: User | None,
    approve: bool,
    rows: Sequence[ObservationRow] = (),
) -> Submission:
    """Record an import's submission. `rows` are the observations the file creates or corrects.

    approve=True (ministry staff, national statistics): the import already wrote them; the
    submission is recorded approved by the uploader, its values linked to their observations.
    approve=False: nothing was written; the submission waits for ministry staff, holding the
    values with their flags (approving writes them)."""
    if not approve:
        return _record_rows(
            rows,
            user=user,
            approved=False,
            flags=_import_flags(rows),
            origin=SubmissionOrigin.IMPORT,
            import_job=job,
        )
    with translation.override(settings.LANGUAGE_CODE):
        comment = _("Approved on upload (national statistics).")
    return _record_rows(
        rows,
        user=user,
        approved=True,
        origin=SubmissionOrigin.IMPORT,
        import_job=job,
        comment=comment,
    )


@transaction.atomic
def record_command_import(
    rows: Sequence[ObservationRow], *, filename: str, user: User | None = None
) -> Submission:
    """Record what the `import_observations` command wrote: an approved submission, approved
    on import by the operator (the command is the operator's tool)."""
    return _record_rows(
        rows,
        user=user,
        approved=True,
        origin=SubmissionOrigin.COMMAND,
        comment=f"{COMMAND_COMMENT}: {filename}"[:2000],
    )


def _record_rows(
    rows: Sequence[ObservationRow],
    *,
    user: User | None,
    approved: bool,
    flags: list[list[Any]] | None = None,
    **fields: Any,
) -> Submission:
    """Save a submission of imported `rows`, submitted by `user` now: approved by `user` too,
    its values linked to the observations the import wrote, or waiting for review, its values
    holding their `flags`. `fields`: the submission's origin, import job and comment."""
    now = timezone.now()
    submission = Submission(
        created_by=user,
        submitted_by=user,
        submitted_at=now,
        version=0,
        state=SubmissionState.APPROVED if approved else SubmissionState.SUBMITTED,
        **fields,
    )
    if approved:
        submission.decided_by, submission.decided_at = user, now
    save_next_version(submission, user=user)
    _bulk_values(submission, rows, flags)
    if approved:
        _link_observations(submission)
    else:
        submission_submitted.send(sender=Submission, submission=submission)
    return submission


def record_import(record: ImportRecord) -> Submission:
    """The recorder counties.imports calls (registered in submissions.apps) in the import's
    transaction: a browser upload or the operator's command."""
    if record.origin == SubmissionOrigin.COMMAND:
        return record_command_import(record.rows, filename=record.filename, user=record.user)
    return record_import_submission(
        record.job, user=record.user, approve=record.approved, rows=record.rows
    )
