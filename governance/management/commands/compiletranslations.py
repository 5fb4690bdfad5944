"""Compile the committed .po files to .mo without GNU gettext (pure Python, via polib)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po (project and app catalogues) to .mo, no msgfmt."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        # The project's own apps may keep their catalogues beside their code (app/locale/).
        # Installed packages (the venv may live inside the project folder) are left alone.
        base = Path(settings.BASE_DIR).resolve()
        environment = Path(sys.prefix).resolve()
        app_dirs = [
            Path(app.path) / "locale"
            for app in apps.get_app_configs()
            if Path(app.path).resolve().is_relative_to(base)
            and not Path(app.path).resolve().is_relative_to(environment)
        ]
        for locale_dir in [*settings.LOCALE_PATHS, *app_dirs]:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"Compiled {count} translation file(s).")
