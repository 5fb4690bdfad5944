"""Send the commitment reminders now, as the daily Celery beat run does
(notifications.tasks.send_commitment_reminders), in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance.dates import DateInputError, parse_user_date
from governance.templatetags.tavazon import num
from notifications.events import send_commitment_reminders


class Command(BaseCommand):
    help = (
        "Notify the owners of open commitments falling due or overdue (and the province's "
        "officers of those long overdue), then send every pending notification e-mail. Running "
        "it again notifies nobody twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date",
            help="The day to run for (ISO or Jalali: 2026-03-05, 1404/12/14); default today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = parse_user_date(options["date"])
            except DateInputError:
                raise CommandError(
                    _("“%(value)s” is not a date.") % {"value": options["date"]}
                ) from None
        run = send_commitment_reminders(today)
        self.stdout.write(
            _(
                "Notified: %(due)s falling due, %(overdue)s overdue, %(escalated)s to the "
                "province; %(emails)s e-mails sent."
            )
            % {
                "due": num(run.due),
                "overdue": num(run.overdue),
                "escalated": num(run.escalated),
                "emails": num(run.emails),
            }
        )
