"""Without a PostgreSQL server the PostgreSQL tests skip on a developer's machine, but fail in CI
(``CI=true``): a green CI must mean both backends ran. Runs pytest on one PostgreSQL test with the
server binaries pointed at a directory that has none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ONE_POSTGRES_TEST = (
    "tests/adapters/http/test_key_cache.py::"
    "test_a_key_revoked_by_the_cli_is_refused_once_the_interval_has_passed[postgresql]"
)


def _pytest_without_postgres(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CLEARLINE_PG_BIN"] = str(tmp_path / "no-postgres-here")
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_POSTGRES_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_postgres_the_tests_skip_with_the_reason_outside_ci(tmp_path: Path) -> None:
    result = _pytest_without_postgres(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "PostgreSQL server binaries not found" in result.stdout


def test_without_postgres_the_tests_fail_in_ci(tmp_path: Path) -> None:
    result = _pytest_without_postgres(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout and "skipped" not in result.stdout
    assert "CI=true and the PostgreSQL tests cannot run: PostgreSQL server" in result.stdout
