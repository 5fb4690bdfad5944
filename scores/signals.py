"""Signals the scores domain sends.

Readers of the scores (dashboards) connect to these in their AppConfig.ready(); scores never
imports them.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent when the transaction that published a score run has committed, with `run_id`.
score_run_published = Signal()

# Sent in the computing process once a run's scores are written and committed, before the run
# is published or kept as a draft, with `run_id` and `beat` (call it at least every few seconds
# during long work: it keeps the run alive, and raises RunAbandoned if it was given up on).
# Receivers prepare what readers will ask for (the dashboards warm their caches); their
# failures are logged, never the run's.
score_run_computed = Signal()
