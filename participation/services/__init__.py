"""Writes of the participation domain. Views, serializers, commands and tasks call these only.

Every function validates its input and raises django.core.exceptions.ValidationError with a
message a person can act on; it runs in a transaction, so a refused write changes nothing.
Every write records who made it (`_history_user`, kept in the record's history). Stakeholders,
critiques, commitments, investments and experiences carry a `version`: a change based on an
older version (`expected_version`) raises governance.versioning.StaleEditError and the newer
change is kept; callers that pass None (the demo, internal steps) are not checked.

One module per domain noun; this package re-exports their verbs, so that callers write
`services.save_stakeholder(...)`. Shared steps are in `common`.
"""

from __future__ import annotations

from participation.services.calendars import issue_calendar_token, revoke_calendar_token
from participation.services.common import check_project
from participation.services.critiques import (
    answer_critique,
    feedback_topic,
    register_critique,
    register_critique_from_feedback,
)
from participation.services.experiences import (
    ATTACHMENT_TYPES,
    add_experience_result,
    attach_file,
    attachment_limit,
    check_attachment,
    feature_experience,
    publish_experience,
    remove_attachment,
    save_experience,
)
from participation.services.feedback import DISMISSAL_FIELDS, dismiss_feedback, restore_feedback
from participation.services.investments import (
    advance_investment,
    register_investment,
    update_investment,
)
from participation.services.jobs import (
    backfill_investment_jobs,
    jobs_figure,
    propose_investment_jobs,
)
from participation.services.measures import (
    compute_measures,
    ensure_participation_indicators,
    period_window,
    store_participation_measures,
)
from participation.services.meetings import (
    KEEP,
    Decision,
    add_commitments,
    check_invited_groups,
    record_meeting_outcome,
    roll_forward_commitments,
    save_meeting_series,
    schedule_meeting,
    update_commitment,
    update_meeting,
)
from participation.services.stakeholders import record_engagement, save_stakeholder

__all__ = [
    "ATTACHMENT_TYPES",
    "DISMISSAL_FIELDS",
    "KEEP",
    "Decision",
    "add_commitments",
    "add_experience_result",
    "advance_investment",
    "answer_critique",
    "attach_file",
    "attachment_limit",
    "backfill_investment_jobs",
    "check_attachment",
    "check_invited_groups",
    "check_project",
    "compute_measures",
    "dismiss_feedback",
    "ensure_participation_indicators",
    "feature_experience",
    "feedback_topic",
    "issue_calendar_token",
    "jobs_figure",
    "period_window",
    "propose_investment_jobs",
    "publish_experience",
    "record_engagement",
    "record_meeting_outcome",
    "register_critique",
    "register_critique_from_feedback",
    "register_investment",
    "remove_attachment",
    "restore_feedback",
    "revoke_calendar_token",
    "roll_forward_commitments",
    "save_experience",
    "save_meeting_series",
    "save_stakeholder",
    "schedule_meeting",
    "store_participation_measures",
    "update_commitment",
    "update_investment",
    "update_meeting",
]
