"""Signals the counties domain sends; the apps that react connect in their AppConfig.ready().

Counties imports no app that reads it: the scores app queues a rebuild when observations
change, through `observations_changed`, rather than counties calling scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model
from django.dispatch import Signal

if TYPE_CHECKING:
    from governance.models import User

# Sent inside the transaction that wrote observations (an import, an approved data submission)
# with `trigger` ("import" or "approval") and `user`. A receiver may answer with the score run
# it queued (the scores app queues a rebuild that starts when the transaction commits).
observations_changed = Signal()


def announce_observations_changed(*, trigger: str, user: User | None) -> Model | None:
    """Send `observations_changed`; returns the score run a receiver queued, if any."""
    for _receiver, answer in observations_changed.send(sender=Model, trigger=trigger, user=user):
        if answer is not None:
            # Signal.send's stubs type each answer as str; it is what the receiver returned.
            return answer  # type: ignore[return-value]
    return None


# Sent inside the transaction that loaded an indicator catalogue (`import_catalogue`) with
# `indicators`, the codes of the file's indicators in its order. A receiver may answer with the
# default methodology it refreshed to name exactly those indicators.
catalogue_changed = Signal()


def announce_catalogue_changed(*, indicators: list[str]) -> Model | None:
    """Send `catalogue_changed`; returns the methodology a receiver refreshed, if any."""
    for _receiver, answer in catalogue_changed.send(sender=Model, indicators=indicators):
        if answer is not None:
            return answer  # type: ignore[return-value]
    return None
