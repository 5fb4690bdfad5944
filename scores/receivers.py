"""The scores domain's reactions to the signals of the apps it reads (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from scores.choices import RunTrigger
from scores.services import queue_score_rebuild


def queue_rebuild_on_new_observations(
    sender: Any, *, trigger: str, user: Any = None, **kwargs: Any
) -> Any:
    """Receiver of counties' `observations_changed`: queue (or join) a score rebuild that starts
    when the transaction commits; answers with the run."""
    return queue_score_rebuild(trigger=RunTrigger(trigger), user=user)


def refresh_default_methodology_on_catalogue(
    sender: Any, *, indicators: list[str], **kwargs: Any
) -> Any:
    """Receiver of counties' `catalogue_changed`: the untouched default methodology now names
    the loaded indicators, equally weighted; answers with it (None if left as staff edited it)."""
    from scores.methodologies import refresh_catalogue_default

    return refresh_catalogue_default(indicators)
