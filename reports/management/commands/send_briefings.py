"""Build and e-mail the briefing packs scheduled for a day, as Celery beat does every morning."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.dates import DateInputError, parse_user_date
from governance.import_commands import add_language_argument, command_language
from governance.templatetags.tavazon import jdate, num
from reports.briefings import Outcome, send_due_briefings


def _line(outcome: Outcome) -> str:
    province = outcome.schedule.province.name
    if not outcome.ok:
        return _("%(province)s: not sent (%(error)s)") % {
            "province": province,
            "error": "; ".join(outcome.errors),
        }
    return _("%(province)s: the briefing pack was e-mailed to %(count)s recipients.") % {
        "province": province,
        "count": num(len(outcome.sent_to)),
    }


class Command(BaseCommand):
    help = (
        "Build and e-mail the briefing packs scheduled for today (the site's local date) or for "
        "--date, as Celery beat's daily task does; a schedule already sent that day is skipped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date",
            help="The day to send for (ISO 2026-12-07 or Jalali 1405/09/16): its weekday's "
            "schedules not yet sent that day.",
        )
        add_language_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(command_language(options)):
            try:
                day = parse_user_date(options["date"]) if options["date"] else None
            except DateInputError:
                raise CommandError(
                    _("“%(date)s” is not a date.") % {"date": options["date"]}
                ) from None
            day = day or timezone.localdate()
            outcomes = send_due_briefings(day)
            if not outcomes:
                self.stdout.write(_("No briefing pack is due on %(date)s.") % {"date": jdate(day)})
            for outcome in outcomes:
                line = _line(outcome)
                self.stdout.write(
                    self.style.SUCCESS(line) if outcome.ok else self.style.ERROR(line)
                )
            if any(not outcome.ok for outcome in outcomes):
                raise CommandError(_("Some briefing packs were not sent."))
