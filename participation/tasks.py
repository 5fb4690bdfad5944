"""Celery tasks of the participation domain."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from participation import queries, services


@shared_task(bind=True, max_retries=3, default_retry_delay=300)
def store_measures(self, period_keys: list[str] | None = None) -> dict[str, int]:
    """Recompute and store the participation measures (default: this quarter and the last).

    Idempotent: unchanged values are left alone. Takes period keys, never model instances.
    """
    keys = period_keys or queries.recent_quarters(2)
    written = {}
    try:
        for key in keys:
            report = services.store_participation_measures(key)
            written[key] = report.created + report.updated
    except DatabaseError as exc:  # a locked or unreachable database: try again later
        raise self.retry(exc=exc) from exc
    return written


@shared_task(bind=True, max_retries=3, default_retry_delay=300)
def propose_investment_jobs(self, county_ids: list[int] | None = None) -> list[int]:
    """Propose the investor jobs of the counties (default: all) as new_jobs values for review;
    idempotent (unchanged figures propose nothing). Returns the submissions' ids."""
    try:
        return [s.pk for s in services.backfill_investment_jobs(county_ids)]
    except DatabaseError as exc:
        raise self.retry(exc=exc) from exc
