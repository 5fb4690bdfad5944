"""Compile the committed .po files to .mo without GNU gettext (pure Python, via polib)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (no msgfmt needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        # The project's own apps may carry their catalogue too (counties/locale/...); installed
        # packages ship compiled catalogues and are left alone.
        app_dirs = [
            Path(config.path) / "locale"
            for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(settings.BASE_DIR)
            and "site-packages" not in Path(config.path).parts
        ]
        for locale_dir in [*settings.LOCALE_PATHS, *app_dirs]:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"Compiled {count} translation file(s).")
