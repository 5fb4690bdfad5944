"""Load an indicator catalogue from a CSV file, all or nothing (docs/data-import.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from counties.catalogue_import import import_catalogue
from governance.import_commands import add_import_arguments, command_language, import_file


class Command(BaseCommand):
    help = (
        "Create or update dimensions and indicators from a CSV file with the columns kind, code, "
        "name_en, name_fa, unit, direction, min, max, dimension, county_reported. Any error "
        "changes nothing; rows are matched by code, so the file may be imported again."
    )

    def add_arguments(self, parser: Any) -> None:
        add_import_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = import_file(options)
        dry_run = options["dry_run"]
        with translation.override(command_language(options)):
            result = import_catalogue(path.read_bytes(), dry_run=dry_run)
            for error in result.errors:
                self.stderr.write(error.message)
            summary = result.summary(dry_run=dry_run)
            # A file of dimensions only names no indicator, so the methodology was not asked.
            names_indicators = any(row.kind == "indicator" for row in result.rows)
            if result.ok and not dry_run and names_indicators:
                summary += "\n" + (
                    gettext("The default methodology now weighs every indicator equally.")
                    if result.methodology is not None
                    else gettext(
                        "The default methodology was edited by ministry staff: it was left as "
                        "it is."
                    )
                )
        if not result.ok:
            raise CommandError(summary)
        self.stdout.write(summary)
