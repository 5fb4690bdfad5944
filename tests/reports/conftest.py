"""Fixtures of the report tests: the Chromium that draws the PDFs' charts."""

from __future__ import annotations

import os

import pytest

from governance.exports.chromium import chromium_path


@pytest.fixture
def chromium() -> str:
    """The browser kaleido will use, found as the Docker image finds it (CHROMIUM_PATH, then
    /usr/bin/chromium, chromium, chromium-browser). Skipped without one, except under CI=true."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium found (apt-get install -y chromium)")
        pytest.skip("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    return path
