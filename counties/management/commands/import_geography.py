"""Import province or county boundaries and names from a GeoJSON file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from counties.geojson_import import (
    LEVELS,
    BoundaryFileError,
    FieldMap,
    load_feature_collection,
    parse_boundaries,
)
from counties.models import Province
from counties.services import import_geography


class Command(BaseCommand):
    help = (
        "Load boundaries and names of provinces or counties from a GeoJSON FeatureCollection. "
        "Re-runnable: rows are matched by code and updated in place. Any error changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--level", choices=LEVELS, required=True)
        parser.add_argument(
            "--code-field",
            help="Property with the unique code "
            "(default: sci_code for provinces, osm_relation for counties).",
        )
        parser.add_argument("--name-fa-field", default="name_fa")
        parser.add_argument("--name-en-field", default="name_en")
        parser.add_argument(
            "--province-field",
            default="province_code",
            help="County level: property with the province's code.",
        )
        parser.add_argument("--census-code-field", default="sci_code_2016")
        parser.add_argument("--iso-field", default="iso_3166_2")
        parser.add_argument("--osm-field", default="osm_relation")
        parser.add_argument("--wikidata-field", default="wikidata")
        parser.add_argument("--synthetic", action="store_true", help="Flag the rows as synthetic.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")

    def handle(self, *args: Any, **options: Any) -> None:
        level = options["level"]
        fields = FieldMap(
            code=options["code_field"] or FieldMap.default_for(level).code,
            name_fa=options["name_fa_field"],
            name_en=options["name_en_field"],
            province=options["province_field"],
            census_code=options["census_code_field"],
            iso_code=options["iso_field"],
            osm_relation=options["osm_field"],
            wikidata=options["wikidata_field"],
        )
        try:
            data = load_feature_collection(options["file"])
            known = set(Province.objects.values_list("code", flat=True))
            parsed = parse_boundaries(data, level, fields, known)
            if parsed.errors:
                raise BoundaryFileError(parsed.errors)
            if options["dry_run"]:
                self.stdout.write(f"{len(parsed.rows)} {level} features are valid (dry run).")
                return
            report = import_geography(parsed.rows, level, synthetic=options["synthetic"])
        except BoundaryFileError as exc:
            shown = exc.errors[:50]
            more = len(exc.errors) - len(shown)
            lines = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
            raise CommandError(f"Nothing was imported:\n{lines}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{level}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        )
