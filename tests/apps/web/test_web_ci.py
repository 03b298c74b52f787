"""The browser tests never skip silently: a missing Chromium is named at the end of the run,
and in CI (NEWSBRIEF_REQUIRE_BROWSER=1, set by .ci/run) it fails the run."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

REPO = Path(__file__).resolve().parents[3]
ONE_BROWSER_TEST = "tests/apps/web/test_web_e2e.py::test_upload_files_with_the_file_control"


def run_without_chromium(**env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "NEWSBRIEF_REQUIRE_BROWSER"}
    environ.update(NEWSBRIEF_CHROMIUM="/nonexistent/chromium", **env)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           ONE_BROWSER_TEST], cwd=REPO, env=environ, capture_output=True,
                          text=True, timeout=300)


def test_a_missing_browser_is_named_in_the_summary():
    proc = run_without_chromium()
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "browser tests NOT run" in proc.stdout
    assert "Chromium not found at /nonexistent/chromium" in proc.stdout


def test_ci_requires_the_browser_tests():
    proc = run_without_chromium(NEWSBRIEF_REQUIRE_BROWSER="1")
    assert proc.returncode != 0
    assert "NEWSBRIEF_REQUIRE_BROWSER=1 requires the browser tests to run" in proc.stdout
    ci = (REPO / ".ci" / "run").read_text()
    assert "NEWSBRIEF_REQUIRE_BROWSER=1" in ci and "bash scripts/test.sh" in ci
    assert "bash scripts/ci-services.sh" in ci
