"""Where the Chromium browser is: the one answer kaleido (PDF charts), the Docker image's build
check and the tests share.

`CHROMIUM_PATH` wins when it is set (and an empty or wrong value finds nothing, so a typo is
reported instead of quietly replaced); otherwise Debian's /usr/bin/chromium, then `chromium` or
`chromium-browser` on PATH. Only the standard library is imported here, so test conftests and
`python -m governance.exports.chromium` (the Dockerfile's check) load it without Django.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "CHROMIUM_PATH"
DEBIAN_PATH = "/usr/bin/chromium"
# Flags every Chromium started for the PDFs' charts runs with (governance.exports.chart_images):
# no sandbox (containers run it as root without user namespaces), no GPU, and none of the
# browser's own network traffic (updates, sync, field trials), which has nowhere to go here.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _executable(candidate: str | None) -> str | None:
    if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    return None


def chromium_path(environ: Mapping[str, str] = os.environ) -> str | None:
    """The Chromium executable to start, or None when there is none."""
    configured = environ.get(ENV_VAR)
    if configured is not None:
        return _executable(configured.strip())
    for candidate in (DEBIAN_PATH, shutil.which("chromium"), shutil.which("chromium-browser")):
        if found := _executable(candidate):
            return found
    return None


if __name__ == "__main__":  # the image's build check: exit 1 without a browser
    path = chromium_path()
    print(path or f"no Chromium found (set {ENV_VAR})")
    raise SystemExit(0 if path else 1)
