"""Signals the submissions domain sends; the apps that react (notifications) connect in their
AppConfig.ready(). Submissions imports none of them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that sent a submission for review (the data entry form's submit,
# or an import held for approval), with `submission`.
submission_submitted = Signal()

# Sent inside the transaction that returned a submission for correction, with `submission`
# (its `decided_by` and `comment` say who returned it and why).
submission_returned = Signal()
