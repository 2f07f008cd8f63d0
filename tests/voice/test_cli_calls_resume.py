"""`calls scan --state` that stopped part-way: a rerun of the same input continues where it
stopped, as `scan --state` does, so no call is counted twice in its number's rates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import msgspec

T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
DIALLER = "+13125550123"


def _calls(count: int) -> bytes:
    """One number dialling a call every four seconds, callees far apart: from the 11th call on,
    each is its 11th or later within a minute (CALLER_RATE_MINUTE)."""
    lines = []
    for i in range(count):
        ts = (T0 + dt.timedelta(seconds=4 * i)).isoformat().replace("+00:00", "Z")
        call = {"id": f"c{i}", "ts": ts, "from": DIALLER, "to": f"+1415555{1000 + 37 * i:04d}"}
        lines.append(msgspec.json.encode(call) + b"\n")
    return b"".join(lines)


def _scan(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", "calls", "scan", "-q", "--batch-size", "5", *args],
        capture_output=True,
        check=False,
        timeout=120,
    )


def test_a_stopped_calls_scan_resumes_and_matches_an_uninterrupted_run(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    source.write_bytes(_calls(30))
    uninterrupted = _scan(str(source), "--state", str(tmp_path / "once.sqlite"))
    assert uninterrupted.returncode == 0, uninterrupted.stderr
    expected = uninterrupted.stdout
    assert b"CALLER_RATE_MINUTE" in expected.splitlines()[10]
    assert b"CALLER_RATE_MINUTE" not in expected.splitlines()[9]
    state = tmp_path / "state.sqlite"
    # The first batch is committed, then the output cannot be written: the run stops.
    stopped = _scan(str(source), "--state", str(state), "-o", "/dev/full")
    assert stopped.returncode == 1 and b"No space left on device" in stopped.stderr
    rerun = _scan(str(source), "--state", str(state))
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming at line 6 of" in rerun.stderr.decode()
    assert "starts with the verdicts of lines 1..5 again" in rerun.stderr.decode()
    # Scoring lines 1..5 again would count the dialler's first calls twice: its 6th call would
    # already be its 11th within the minute.
    assert rerun.stdout == expected
    again = _scan(str(source), "--state", str(state), "-o", str(tmp_path / "again.jsonl"))
    assert again.returncode == 0 and b"resuming" not in again.stderr  # the run completed


def test_restart_scans_the_input_from_line_one(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    source.write_bytes(_calls(12))
    state = tmp_path / "state.sqlite"
    stopped = _scan(str(source), "--state", str(state), "-o", "/dev/full")
    assert stopped.returncode == 1
    restarted = _scan(str(source), "--state", str(state), "--restart")
    assert restarted.returncode == 0 and b"resuming" not in restarted.stderr
    assert restarted.stdout.count(b"\n") == 12
