"""Set the country profile from the command line (docs/setup-a-country.md): only the options
given change; any invalid value changes nothing and every error is listed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from governance.choices import Calendar, Language
from governance.country_services import configure_country
from governance.import_commands import add_language_argument, command_language
from governance.models import CountryProfile

#: Options that set one field each: option destination -> field.
SIMPLE_OPTIONS = {
    "name_en": "name_en",
    "name_fa": "name_fa",
    "calendar": "calendar",
    "default_language": "default_language",
    "time_zone": "time_zone",
    "currency": "currency_code",
    "currency_symbol": "currency_symbol",
    "currency_name_en": "currency_name_en",
    "currency_name_fa": "currency_name_fa",
    "entry_unit_factor": "entry_unit_factor",
    "entry_unit_name_en": "entry_unit_name_en",
    "entry_unit_name_fa": "entry_unit_name_fa",
    "boundary_source": "boundary_source_en",
    "boundary_source_fa": "boundary_source_fa",
    "boundary_source_url": "boundary_source_url",
    "boundary_licence": "boundary_licence",
    "data_sources": "data_sources_en",
    "data_sources_fa": "data_sources_fa",
    "baseline_indicator": "baseline_population_indicator",
    "baseline_period": "baseline_period",
    "baseline_source": "baseline_source_en",
    "baseline_source_fa": "baseline_source_fa",
}


def english_plural(word: str) -> str:
    """'district' -> 'districts', 'county' -> 'counties', 'canton' -> 'cantons'."""
    if word.endswith("y") and word[-2:-1] not in set("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def level_changes(options: dict[str, Any]) -> dict[str, str]:
    changes: dict[str, str] = {}
    if names := options["level_names"]:
        plurals = options["level_plurals"] or [english_plural(name) for name in names]
        changes |= {
            "province_level_en": names[0],
            "county_level_en": names[1],
            "province_level_plural_en": plurals[0],
            "county_level_plural_en": plurals[1],
        }
    if names := options["level_names_fa"]:
        plurals = options["level_plurals_fa"] or [f"{name}\u200cها" for name in names]
        changes |= {
            "province_level_fa": names[0],
            "county_level_fa": names[1],
            "province_level_plural_fa": plurals[0],
            "county_level_plural_fa": plurals[1],
        }
    return changes


class Command(BaseCommand):
    help = (
        "Set the country profile: name, the two levels' names, calendar, currency, default "
        "language, time zone, attribution and baseline population. Only the options given "
        "change; an invalid value changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        text: dict[str, Any] = {"metavar": "TEXT"}
        parser.add_argument("--name-en", **text)
        parser.add_argument("--name-fa", **text)
        parser.add_argument(
            "--level-names",
            nargs=2,
            metavar=("UPPER", "LOWER"),
            help="English singular names of the two levels, e.g. state district.",
        )
        parser.add_argument("--level-plurals", nargs=2, metavar=("UPPERS", "LOWERS"))
        parser.add_argument("--level-names-fa", nargs=2, metavar=("UPPER", "LOWER"))
        parser.add_argument("--level-plurals-fa", nargs=2, metavar=("UPPERS", "LOWERS"))
        parser.add_argument("--calendar", choices=Calendar.values)
        parser.add_argument("--default-language", choices=Language.values)
        parser.add_argument("--time-zone", metavar="ZONE", help="e.g. Africa/Lagos")
        parser.add_argument("--currency", metavar="CODE", help="ISO 4217 code, e.g. USD.")
        parser.add_argument("--currency-symbol", **text)
        parser.add_argument("--currency-name-en", **text, help="Plural, e.g. dollars.")
        parser.add_argument("--currency-name-fa", **text)
        parser.add_argument("--entry-unit-factor", type=int, metavar="N")
        parser.add_argument("--entry-unit-name-en", **text)
        parser.add_argument("--entry-unit-name-fa", **text)
        parser.add_argument("--boundary-source", **text, help="Who the boundaries come from.")
        parser.add_argument("--boundary-source-fa", **text)
        parser.add_argument("--boundary-source-url", metavar="URL")
        parser.add_argument("--boundary-licence", **text)
        parser.add_argument("--data-sources", **text)
        parser.add_argument("--data-sources-fa", **text)
        parser.add_argument("--baseline-indicator", metavar="CODE")
        parser.add_argument("--baseline-period", metavar="PERIOD")
        parser.add_argument("--baseline-source", **text)
        parser.add_argument("--baseline-source-fa", **text)
        add_language_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        changes: dict[str, Any] = {
            field: options[option]
            for option, field in SIMPLE_OPTIONS.items()
            if options[option] is not None
        }
        changes |= level_changes(options)
        with translation.override(command_language(options)):
            try:
                profile = configure_country(changes)
            except ValidationError as error:
                lines = error_lines(error)
                for line in lines:
                    self.stderr.write(line)
                raise CommandError(
                    _("The country profile was not changed: %(count)s errors.")
                    % {"count": len(lines)}
                ) from error
            self.stdout.write(
                _("Country profile saved: %(name)s, %(calendar)s calendar.")
                % {"name": profile, "calendar": profile.get_calendar_display()}
            )


def error_lines(error: ValidationError) -> list[str]:
    """'field label: message' for every error, in the active language."""
    fields = {field.name: field for field in CountryProfile._meta.get_fields()}
    lines = []
    for name, messages in error.message_dict.items():
        label = getattr(fields.get(name), "verbose_name", name)
        lines += [f"{label}: {message}" for message in messages]
    return lines
