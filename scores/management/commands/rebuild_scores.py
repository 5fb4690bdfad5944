"""Rebuild the development-balance scores: queue a Celery run, or compute it here (--sync)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from governance.import_commands import add_language_argument, command_language
from governance.persian import to_persian_digits
from scores import services
from scores.choices import RunTrigger, ScoreRunStatus


def _id(pk: int | None) -> str:
    """A run number in the digits of the language (the messages are translated)."""
    return to_persian_digits(str(pk)) if get_language() == "fa" else str(pk)


class Command(BaseCommand):
    help = (
        "Queue a score rebuild (coalesced with a queued one), or run it now with --sync. The run "
        "ends as a draft for ministry staff to review and publish; --publish publishes it at "
        "once (the completeness rules still apply)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--sync", action="store_true", help="Compute in this process instead of Celery."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the run as soon as it is computed instead of leaving a draft.",
        )

        add_language_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(command_language(options)):
            self._rebuild(options)

    def _rebuild(self, options: dict[str, Any]) -> None:
        if not options["sync"]:
            run = services.queue_score_rebuild(
                trigger=RunTrigger.MANUAL, publish=options["publish"]
            )
            run.refresh_from_db(fields=["status", "error"])
            if run.status == ScoreRunStatus.FAILED:  # the broker refused the task
                raise CommandError(
                    _("Score run %(id)s could not be queued: %(error)s")
                    % {"id": _id(run.pk), "error": run.error}
                )
            self.stdout.write(_("Score run %(id)s queued.") % {"id": _id(run.pk)})
            return
        try:
            run = services.rebuild_scores_now(trigger=RunTrigger.MANUAL, publish=options["publish"])
        except services.ScoreRunBusy as busy:
            raise CommandError(
                _(
                    "Score run #%(running)s is computing now; run this again when it has "
                    "finished, or leave out --sync to queue a run after it."
                )
                % {"running": _id(busy.running_id)}
            ) from None
        if run.status == ScoreRunStatus.DRAFT:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Score run %(id)s computed: a draft awaiting review. Publish it on the "
                        "score runs page, or run this again with --publish."
                    )
                    % {"id": _id(run.pk)}
                )
            )
            return
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
