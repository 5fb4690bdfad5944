"""Signals the scores domain sends.

Readers of the scores (dashboards) connect to `score_run_published` in their AppConfig.ready();
scores never imports them.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent when the transaction that published a score run has committed, with `run_id`.
score_run_published = Signal()
