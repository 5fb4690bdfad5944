"""`make run` (scripts/serve-local.sh) serves the demo with DEBUG off, static files through
WhiteNoise, and a local secret key it makes itself: a newcomer never meets Django's debug page."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_make_run_serves_the_demo_with_debug_off_and_static_files_through_whitenoise(tmp_path):
    port = _free_port()
    key_file = tmp_path / "var" / "secret_key"
    dropped = (
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "DEBUG",
        "DATABASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(
        PORT=str(port),
        SECRET_KEY_FILE=str(key_file),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        DEMO_DATA_DIR=str(tmp_path / "no-data"),  # the small synthetic country: quicker
        CELERY_BROKER_URL="memory://",  # no worker beside the server in this test
        CELERY_TASK_ALWAYS_EAGER="True",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        ["scripts/serve-local.sh"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if _get(f"{base}/healthz")[0] in (200, 503):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(1)

        status, _headers, page = _get(f"{base}/no-such-page/")
        assert status == 404
        assert 'id="error-page"' in page and "Django" not in page and "URLconf" not in page

        status, _headers, landing = _get(f"{base}/")
        assert status == 200
        stylesheet = re.search(r'href="(/static/css/tavazon\.[0-9a-f]{12}\.css)"', landing)
        assert stylesheet, "static files are not served from the collected, hashed manifest"
        status, headers, _css = _get(base + stylesheet.group(1))
        assert status == 200 and "immutable" in headers.get("Cache-Control", "")

        key = key_file.read_text().strip()
        assert len(key) >= 50
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
