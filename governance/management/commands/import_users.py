"""Create or update officials' accounts from a CSV file, all or nothing (docs/onboarding.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from governance.import_commands import add_import_arguments, command_language, import_file
from governance.user_imports import import_users


class Command(BaseCommand):
    help = (
        "Create or update accounts from a CSV file with the columns username, full_name, email, "
        "role, scope, language. Any error changes nothing and sends nothing; each new account "
        "gets an e-mail invitation to set its password."
    )

    def add_arguments(self, parser: Any) -> None:
        add_import_arguments(parser)
        parser.add_argument(
            "--reinvite",
            action="store_true",
            help="Invite updated existing accounts again (new accounts are always invited).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = import_file(options)
        with translation.override(command_language(options)):
            result = import_users(
                path.read_bytes(), dry_run=options["dry_run"], reinvite=options["reinvite"]
            )
            for error in result.errors:
                self.stderr.write(error.message)
            summary = result.summary(dry_run=options["dry_run"])
        if not result.ok:
            raise CommandError(summary)
        self.stdout.write(summary)
