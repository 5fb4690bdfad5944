"""governance.exports.chromium.chromium_path: the browser kaleido, the image and the tests use."""

from __future__ import annotations

import subprocess
import sys

from governance.exports import chromium


def _executable(folder, name="chromium"):
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_chromium_path_names_the_configured_browser(tmp_path):
    browser = _executable(tmp_path)
    assert chromium.chromium_path({"CHROMIUM_PATH": browser}) == browser


def test_a_wrong_or_empty_chromium_path_finds_nothing_instead_of_guessing(tmp_path):
    (tmp_path / "not-executable").write_text("")
    for wrong in ("/nowhere/chromium", "", str(tmp_path / "not-executable"), str(tmp_path)):
        assert chromium.chromium_path({"CHROMIUM_PATH": wrong}) is None


def test_without_chromium_path_debian_then_path_are_searched(tmp_path, monkeypatch):
    found = {"chromium-browser": _executable(tmp_path, "chromium-browser")}
    monkeypatch.setattr(chromium, "DEBIAN_PATH", str(tmp_path / "absent"))
    monkeypatch.setattr(chromium.shutil, "which", found.get)
    assert chromium.chromium_path({}) == found["chromium-browser"]
    found["chromium"] = _executable(tmp_path)
    assert chromium.chromium_path({}) == found["chromium"]
    monkeypatch.setattr(chromium, "DEBIAN_PATH", found["chromium-browser"])
    assert chromium.chromium_path({}) == found["chromium-browser"]
    monkeypatch.setattr(chromium.shutil, "which", lambda name: None)
    monkeypatch.setattr(chromium, "DEBIAN_PATH", str(tmp_path / "absent"))
    assert chromium.chromium_path({}) is None


def test_the_module_is_the_images_build_check():
    command = [sys.executable, "-m", "governance.exports.chromium"]
    missing = subprocess.run(
        command, env={"CHROMIUM_PATH": "/nowhere"}, capture_output=True, text=True
    )
    assert missing.returncode == 1 and "set CHROMIUM_PATH" in missing.stdout
