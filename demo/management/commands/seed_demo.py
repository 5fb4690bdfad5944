"""Load the demo: real Iranian geography and census when available, else a synthetic country."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from counties.geojson_import import BoundaryFileError
from counties.models import County
from demo import geography
from demo.country import configure_iran
from demo.users import DEMO_PASSWORD, create_demo_users
from governance.country import profile_time_zone
from participation.demo import load_demo_participation
from projects.demo import load_demo_projects
from scores.demo import publish_demo_scores


class Command(BaseCommand):
    help = "Load demo geography, census indicators and demo users (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder with the Iranian data set (default: DEMO_DATA_DIR).",
        )
        parser.add_argument(
            "--synthetic",
            action="store_true",
            help="Generate the synthetic country even if real data is present.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG=False (creates users with demo passwords).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates users with a known password; refusing with "
                "DEBUG=False. Pass --force if this really is a demo server."
            )
        folder: Path = options["data_dir"] or settings.DEMO_DATA_DIR
        # The demo speaks of Iran (real or synthetic counties alike): its calendar, currency and
        # level names; the synthetic country keeps the profile but not Iran's name.
        profile = configure_iran(
            synthetic=options["synthetic"] or not geography.real_data_available(folder)
        )
        self.stdout.write(f"Country profile: {profile}, {profile.get_calendar_display()} calendar.")
        with profile_time_zone():  # the demo's "today" is the day in the country
            self._load(folder, options)

    def _load(self, folder: Path, options: dict[str, Any]) -> None:
        try:
            if not options["synthetic"] and geography.real_data_available(folder):
                report = geography.load_iran(folder)
                governor_county = County.objects.get(name_en="Arak")
                other_county = County.objects.get(name_en="Zahedan")
            else:
                if not options["synthetic"]:
                    self.stdout.write(
                        self.style.WARNING(
                            f"No data set in {folder}: generating a SYNTHETIC demo country."
                        )
                    )
                report = geography.load_synthetic()
                governor_county, other_county = County.objects.filter(is_synthetic=True)[:2]
        except BoundaryFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(
            f"Geography ({report.source}): {report.provinces} provinces, {report.counties} "
            f"counties, {report.observations} census values written, {report.areas} areas."
        )
        drawn = geography.draw_demo_area_boundaries()
        self.stdout.write(f"Synthetic area boundaries drawn for {drawn} demo areas.")
        series = geography.load_demo_series()
        self.stdout.write(
            f"Synthetic series 1390-1403: {series.created} values created, {series.updated} "
            f"updated, {series.unchanged} unchanged."
        )
        logins = create_demo_users(governor_county, other_county)
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.role:<20} {login.scope}")
        # Projects before participation: demo critiques are linked to the projects they are about.
        projects = load_demo_projects()
        self.stdout.write(
            f"Demo flagship projects: {projects.projects} projects and {projects.plans} plans "
            f"added in {projects.counties} counties ({projects.observations} synthetic values)."
        )
        participation = load_demo_participation()
        self.stdout.write(
            f"Participation demo content (labelled demo): {participation.counties} counties, "
            f"{participation.stakeholders} stakeholders, {participation.meetings} meetings, "
            f"{participation.critiques} critiques ({participation.critiques_on_projects} about "
            f"a flagship project), {participation.investments} investments, "
            f"{participation.experiences} experiences, {participation.measures} measures."
        )
        # Last, so that the scores are computed from every demo value loaded above.
        scores = publish_demo_scores()
        self.stdout.write(
            f"Scores: run {scores.score_run} published."
            if scores.rebuilt
            else "Scores: up to date."
        )
