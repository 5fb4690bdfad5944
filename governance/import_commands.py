"""What every all-or-nothing file import command takes: the file, --dry-run and --language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from governance.country import current_profile


def add_import_arguments(parser: Any) -> None:
    """The file to import, --dry-run (check and count only) and --language (of the messages)."""
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="Check and count only.")
    add_language_argument(parser)


def add_language_argument(parser: Any) -> None:
    """--language: the language of the command's messages (fa or en; read it with
    `command_language`)."""
    parser.add_argument(
        "--language",
        choices=[code for code, _ in settings.LANGUAGES],
        default=None,
        help="Language of the messages (default: the country profile's default language).",
    )


def command_language(options: dict[str, Any]) -> str:
    """The --language given, else the country profile's default language."""
    return options.get("language") or current_profile().default_language


def import_file(options: dict[str, Any]) -> Path:
    """The file named on the command line; CommandError when there is none."""
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    return path
