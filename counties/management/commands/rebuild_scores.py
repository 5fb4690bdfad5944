"""Rebuild the development-balance scores: queue a Celery run, or compute it here (--sync)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from counties import scores
from counties.choices import RunTrigger, ScoreRunStatus


class Command(BaseCommand):
    help = "Queue a score rebuild (coalesced with a queued one), or run it now with --sync."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--sync", action="store_true", help="Compute in this process instead of Celery."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["sync"]:
            run = scores.queue_score_rebuild(trigger=RunTrigger.MANUAL)
            self.stdout.write(f"Score run {run.pk} queued.")
            return
        run = scores.rebuild_scores_now(trigger=RunTrigger.MANUAL)
        if run.status != ScoreRunStatus.PUBLISHED:
            raise CommandError(f"Score run {run.pk} {run.status}: {run.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Score run {run.pk} published: {run.score_count} scores for "
                f"{len(run.periods)} periods in {run.duration.total_seconds():.1f} s."
                if run.duration
                else f"Score run {run.pk} published."
            )
        )
