"""Production settings: `check --deploy` is clean, and a missing secret fails loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Start from the real environment minus what tests set for themselves (browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly refuses).
    dropped = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_warnings_with_debug_off():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="x" * 20 + "-production-secret-key-for-the-test-only",
        ALLOWED_HOSTS="tavazon.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_seed_demo_refuses_to_run_in_production():
    result = _manage("seed_demo", DEBUG="False", SECRET_KEY="s" * 60)
    assert result.returncode != 0
    assert "refusing" in result.stderr


def test_production_reads_its_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 64 + "\n")
    result = _manage("check", DEBUG="False", SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stdout + result.stderr
    key_file.write_text("short\n")
    result = _manage("check", DEBUG="False", SECRET_KEY_FILE=str(key_file))
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def _session_engine(**env: str) -> str:
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = _manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_are_read_from_a_shared_cache_only():
    shared = _session_engine(CACHE_URL="redis://127.0.0.1:6379/15")
    assert shared == "django.contrib.sessions.backends.cached_db"
    # A per-process cache would keep a session alive in one process after a sign-out in another.
    assert _session_engine(CACHE_URL="") == "django.contrib.sessions.backends.db"
