"""Import indicator values from a CSV or XLSX file, all or nothing (--dry-run to preview)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from counties.imports import import_observations
from governance.import_commands import add_import_arguments, command_language, import_file


class Command(BaseCommand):
    help = (
        "Import observations from a long or wide CSV/XLSX file (docs/data-import.md). "
        "Nothing is written if any row has an error. The values are approved on import by the "
        "operator and recorded as an approved data submission."
    )

    def add_arguments(self, parser: Any) -> None:
        add_import_arguments(parser)
        parser.add_argument("--source", default="", help="Source for rows that name none.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = import_file(options)
        translation.activate(command_language(options))
        plan = import_observations(
            path.read_bytes(),
            path.name,
            default_source=options["source"],
            dry_run=options["dry_run"],
            record_as="command",  # an approved data submission: approved on import by the operator
        )
        for issue in plan.issues:
            where = []
            if issue.row is not None:
                where.append(f"row {issue.row}")
            if issue.column:
                where.append(
                    f"column {issue.column}" + (f" ({issue.letter})" if issue.letter else "")
                )
            self.stderr.write(f"{', '.join(where) or 'file'}: {issue.message}")
        if not plan.ok:
            hidden = plan.issue_count - len(plan.issues)
            more = f" ({hidden} more not listed)" if hidden else ""
            raise CommandError(f"{plan.issue_count} error(s){more}; nothing was imported.")
        verb = "Would create" if options["dry_run"] else "Created"
        self.stdout.write(
            f"{plan.layout} layout, {plan.rows_read} rows: {verb} {len(plan.creates)}, "
            f"{'would update' if options['dry_run'] else 'updated'} {len(plan.updates)}, "
            f"unchanged {plan.unchanged}."
        )
        if plan.submission is not None:
            self.stdout.write(
                f"Recorded as data submission {plan.submission.pk}, approved on import by the "
                "operator."
            )
        if plan.score_run is not None:
            self.stdout.write(f"Score rebuild queued (run {plan.score_run.pk}).")
