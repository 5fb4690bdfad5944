"""Signals the scores domain sends, and its reactions to the signals of counties.

Readers of the scores (dashboards) connect to `score_run_published` in their AppConfig.ready();
scores never imports them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent when the transaction that published a score run has committed, with `run_id`.
score_run_published = Signal()


def queue_rebuild_on_new_observations(
    sender: Any, *, trigger: str, user: Any = None, **kwargs: Any
) -> Any:
    """Receiver of counties' `observations_changed`: queue (or join) a score rebuild that starts
    when the transaction commits; answers with the run."""
    from scores.choices import RunTrigger
    from scores.services import queue_score_rebuild

    return queue_score_rebuild(trigger=RunTrigger(trigger), user=user)
