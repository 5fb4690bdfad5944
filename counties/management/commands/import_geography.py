"""Import province, county or area boundaries and names from a GeoJSON file, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from counties.choices import AreaKind
from counties.geojson_import import (
    LEVELS,
    BoundaryFileError,
    ExistingArea,
    FieldMap,
    load_feature_collection,
    parse_boundaries,
)
from counties.models import Area, County, Province
from counties.services import import_geography
from governance.import_commands import add_import_arguments, command_language
from governance.templatetags.tavazon import digits

SHOWN_ERRORS = 50
SUMMARIES = {
    "province": gettext_noop(
        "Provinces: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
    ),
    "county": gettext_noop(
        "Counties: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
    ),
    "area": gettext_noop(
        "Areas: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
    ),
}


class Command(BaseCommand):
    help = (
        "Load boundaries and names of provinces, counties or the areas inside counties from a "
        "GeoJSON FeatureCollection. Re-runnable: rows are matched by code (an area's within its "
        "county) and updated in place. Any error changes nothing. The defaults fit the shipped "
        "Iranian files; name your file's properties with --code-field, --name-field (or "
        "--name-fa-field and --name-en-field), for counties --province-field and for areas "
        "--county-field and --kind-field."
    )

    def add_arguments(self, parser: Any) -> None:
        add_import_arguments(parser)
        parser.add_argument("--level", choices=LEVELS, required=True)
        parser.add_argument(
            "--code-field",
            help="Property with the unique code (default: sci_code for provinces, osm_relation "
            "for counties, code for areas, unique within their county).",
        )
        parser.add_argument(
            "--name-field",
            help="Property with the one name, used as both the Persian and the English name "
            "(for files with a single name).",
        )
        parser.add_argument(
            "--name-fa-field", help="Property with the Persian name (default: name_fa)."
        )
        parser.add_argument(
            "--name-en-field", help="Property with the English name (default: name_en)."
        )
        parser.add_argument(
            "--province-field",
            default="province_code",
            help="County level: property with the province's code.",
        )
        parser.add_argument(
            "--county-field",
            default="county_code",
            help="Area level: property with the county's code.",
        )
        parser.add_argument(
            "--kind-field",
            default="",
            help="Area level, optional: property with the area's kind (city, district, rural, "
            "informal_settlement, or their English or Persian names); another value is an error.",
        )
        parser.add_argument(
            "--default-kind",
            choices=AreaKind.values,
            default=AreaKind.DISTRICT,
            help="Area level: the kind of a new area whose feature names none (default: "
            "district); an existing area keeps its kind.",
        )
        parser.add_argument(
            "--census-code-field",
            default="sci_code_2016",
            help="Optional property with the census code (counties).",
        )
        parser.add_argument(
            "--iso-field",
            default="iso_3166_2",
            help="Optional property with the ISO 3166-2 code (provinces).",
        )
        parser.add_argument(
            "--osm-field", default="osm_relation", help="Optional property: OSM relation id."
        )
        parser.add_argument(
            "--wikidata-field", default="wikidata", help="Optional property: Wikidata id."
        )
        parser.add_argument("--synthetic", action="store_true", help="Flag the rows as synthetic.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(command_language(options)):
            self.stdout.write(self._import(options))

    def _import(self, options: dict[str, Any]) -> str:
        level = options["level"]
        try:
            data = load_feature_collection(options["file"])
            parsed = parse_boundaries(data, level, self._fields(options), *_known(level))
            if parsed.errors:
                raise BoundaryFileError(parsed.errors)
            if options["dry_run"]:
                return _("%(n)s features are valid (dry run; nothing was written).") % {
                    "n": digits(len(parsed.rows))
                }
            report = import_geography(
                parsed.rows,
                level,
                synthetic=options["synthetic"],
                default_kind=options["default_kind"],
            )
        except BoundaryFileError as exc:
            lines = exc.errors[:SHOWN_ERRORS]
            more = len(exc.errors) - len(lines)
            if more > 0:
                lines.append(_("… and %(n)s more.") % {"n": digits(more)})
            raise CommandError(
                "\n".join([_("Nothing was imported:"), *lines]), returncode=1
            ) from exc
        counts = {
            "created": digits(report.created),
            "updated": digits(report.updated),
            "unchanged": digits(report.unchanged),
        }
        return self.style.SUCCESS(_(SUMMARIES[level]) % counts)

    @staticmethod
    def _fields(options: dict[str, Any]) -> FieldMap:
        """The property names to read, from the options; CommandError when they contradict."""
        single = options["name_field"]
        if single and (options["name_fa_field"] or options["name_en_field"]):
            raise CommandError(
                _("Use either --name-field or --name-fa-field/--name-en-field, not both.")
            )
        return FieldMap(
            code=options["code_field"] or FieldMap.default_for(options["level"]).code,
            name_fa=single or options["name_fa_field"] or "name_fa",
            name_en=single or options["name_en_field"] or "name_en",
            province=options["province_field"],
            county=options["county_field"],
            kind=options["kind_field"],
            census_code=options["census_code_field"],
            iso_code=options["iso_field"],
            osm_relation=options["osm_field"],
            wikidata=options["wikidata_field"],
        )


def _known(level: str) -> tuple[set[str], dict[str, list[ExistingArea]]]:
    """The codes of the level above and, for areas, the areas recorded in each county."""
    if level != "area":
        return set(Province.objects.values_list("code", flat=True)), {}
    areas: dict[str, list[ExistingArea]] = {}
    for county, pk, code, name_fa in Area.objects.values_list(
        "county__code", "pk", "code", "name_fa"
    ):
        areas.setdefault(county, []).append(ExistingArea(pk, code, name_fa))
    return set(County.objects.values_list("code", flat=True)), areas
