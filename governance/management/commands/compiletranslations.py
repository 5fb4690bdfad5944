"""Compile the committed .po files to .mo without GNU gettext (pure Python, via polib)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile LOCALE_PATHS/*/LC_MESSAGES/*.po (the one project catalogue) to .mo, no msgfmt."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        # Apps keep no catalogue of their own: every string is translated once, in locale/.
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"Compiled {count} translation file(s).")
