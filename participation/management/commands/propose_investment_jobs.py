"""Propose every county's investor jobs as its new_jobs values for review (a backfill)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from counties.models import County
from participation.services import backfill_investment_jobs


class Command(BaseCommand):
    help = (
        "Turn the realized jobs of the investor pipeline into proposed new_jobs values (one data "
        "submission per county and year, waiting for review); re-runnable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", help="only this county (its code)")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = None
        if options["county"]:
            ids = list(County.objects.filter(code=options["county"]).values_list("pk", flat=True))
        proposed = backfill_investment_jobs(ids)
        self.stdout.write(f"{len(proposed)} proposal(s) of investor jobs waiting for review")
