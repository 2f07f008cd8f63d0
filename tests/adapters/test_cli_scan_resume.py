"""`scan --state` that stopped part-way: a rerun of the same input continues where it stopped."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import msgspec

from clearline.scan_resume import load_progress
from clearline.state.sqlite import SqliteStateStore

BANK = "+12125550101"
T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _traffic(subscribers: int) -> bytes:
    """Per subscriber: an alert, the subscriber's STOP, a second alert (which must be blocked).

    Scored twice against the same state, the first alert would be blocked as OPT_OUT_IGNORED.
    """
    lines = []
    for i in range(subscribers):
        subscriber = f"+1415555{i:04d}"
        at = T0 + dt.timedelta(seconds=10 * i)
        for n, (sender, to, body, seconds) in enumerate(
            [
                (BANK, subscriber, "Acme Bank: a purchase of $12.00 was made. Reply STOP", 0),
                (subscriber, BANK, "STOP", 3),
                (BANK, subscriber, "Acme Bank: your balance is low. Reply STOP to opt out.", 6),
            ]
        ):
            ts = (at + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")
            message = {"id": f"m{i}-{n}", "ts": ts, "from": sender, "to": to, "body": body}
            lines.append(msgspec.json.encode(message) + b"\n")
    return b"".join(lines)


def _scan(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", "scan", "-q", "--batch-size", "10", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
    )


def _uninterrupted(folder: Path, source: Path) -> bytes:
    target = folder / "uninterrupted.jsonl"
    result = _scan(str(source), "--state", str(folder / "uninterrupted.sqlite"), "-o", str(target))
    assert result.returncode == 0, result.stderr
    return target.read_bytes()


def _stopped_on_a_full_disk(source: Path, state: Path) -> None:
    """A run that commits its first batch, then fails to write: it leaves an unfinished record."""
    result = _scan(str(source), "--state", str(state), "-o", "/dev/full")
    assert result.returncode == 1 and b"No space left on device" in result.stderr


def test_a_killed_scan_resumes_where_it_stopped_and_matches_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    source = tmp_path / "traffic.jsonl"
    source.write_bytes(_traffic(800))
    expected = _uninterrupted(tmp_path, source)
    state, output = tmp_path / "state.sqlite", tmp_path / "verdicts.jsonl"
    command = [sys.executable, "-m", "clearline", "scan", "-q", "--batch-size", "10"]
    process = subprocess.Popen([*command, str(source), "--state", str(state), "-o", str(output)])
    try:
        while not output.exists() or output.read_bytes().count(b"\n") < 150:
            assert process.poll() is None, "the scan ended before it could be killed"
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    killed_at = output.read_bytes().count(b"\n")
    assert 150 <= killed_at < expected.count(b"\n")

    # The kill may also come after a batch is committed and before its verdicts are written,
    # or in the middle of writing them: the rerun repairs the output from the state either way.
    store = SqliteStateStore(str(state))
    record = load_progress(store)
    store.close()
    assert record is not None
    kept = tmp_path / "as-killed"
    kept.mkdir()
    killed_files = [*tmp_path.glob("state.sqlite*"), output]
    for path in killed_files:
        shutil.copy(path, kept / path.name)
    variants = {"as killed": None, "last batch unwritten": 0, "last batch half written": 1}
    for name, cut in variants.items():
        for path in tmp_path.glob("state.sqlite*"):
            path.unlink()
        for path in killed_files:
            shutil.copy(kept / path.name, path)
        if cut is not None:
            with output.open("r+b") as handle:
                handle.truncate(record.output_bytes + cut * len(record.batch_output) // 2)
        rerun = _scan(str(source), "--state", str(state), "-o", str(output))
        assert rerun.returncode == 0, rerun.stderr
        assert (
            f"resuming at line {record.lines + 1:,} of {source} "
            f"(lines 1..{record.lines:,} were scanned by an earlier run); appending to {output}"
        ) in rerun.stderr.decode()
        assert output.read_bytes() == expected, name

    # An output cut below the committed lines' verdicts was changed by someone else: refused.
    for path in tmp_path.glob("state.sqlite*"):
        path.unlink()
    for path in killed_files:
        shutil.copy(kept / path.name, path)
    with output.open("r+b") as handle:
        handle.truncate(record.output_bytes - 1)
    shortened = _scan(str(source), "--state", str(state), "-o", str(output))
    assert shortened.returncode == 1
    assert "than the unfinished scan had written to it" in shortened.stderr.decode()
    assert "give another -o to resume into a new file" in shortened.stderr.decode()


def test_a_resumed_scan_into_a_new_output_starts_with_the_last_committed_batch(
    tmp_path: Path,
) -> None:
    source = tmp_path / "traffic.jsonl"
    source.write_bytes(_traffic(40))
    expected = _uninterrupted(tmp_path, source)
    state = tmp_path / "state.sqlite"
    _stopped_on_a_full_disk(source, state)
    rerun = _scan(str(source), "--state", str(state))
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming at line 11 of" in rerun.stderr.decode()
    assert "starts with the verdicts of lines 1..10 again" in rerun.stderr.decode()
    assert rerun.stdout == expected
    again = _scan(str(source), "--state", str(state), "-o", str(tmp_path / "again.jsonl"))
    assert again.returncode == 0 and b"resuming" not in again.stderr  # the run completed


def test_a_changed_input_is_not_resumed_and_restart_scans_it_from_line_one(
    tmp_path: Path,
) -> None:
    source = tmp_path / "traffic.jsonl"
    data = _traffic(40)
    source.write_bytes(data)
    state = tmp_path / "state.sqlite"
    _stopped_on_a_full_disk(source, state)
    source.write_bytes(data.replace(b'"m0-0"', b'"n0-0"'))
    changed = _scan(str(source), "--state", str(state))
    assert changed.returncode == 1
    assert (
        f"{source} changed since the unfinished scan recorded in the state (which counted its "
        "lines 1..10): it cannot be resumed; pass --restart to scan it from line 1"
    ) in changed.stderr.decode()
    assert changed.stdout == b""
    restarted = _scan(str(source), "--state", str(state), "--restart")
    assert restarted.returncode == 0 and b"resuming" not in restarted.stderr
    assert restarted.stdout.count(b"\n") == 120


def test_another_input_on_the_same_state_is_a_new_run(tmp_path: Path) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_bytes(_traffic(40))
    second.write_bytes(_traffic(41)[len(_traffic(40)) :])
    state = tmp_path / "state.sqlite"
    _stopped_on_a_full_disk(first, state)
    other = _scan(str(second), "--state", str(state))
    assert other.returncode == 0 and b"resuming" not in other.stderr
    assert other.stdout.count(b"\n") == 3


def test_an_unfinished_scan_of_stdin_is_refused_rather_than_scanned_twice(tmp_path: Path) -> None:
    data = _traffic(40)
    state = tmp_path / "state.sqlite"
    stopped = _scan("-", "--state", str(state), "-o", "/dev/full", stdin=data)
    assert stopped.returncode == 1
    refused = _scan("-", "--state", str(state), stdin=data)
    assert refused.returncode == 1 and refused.stdout == b""
    assert (
        "the state holds an unfinished scan of stdin (lines 1..10 were scanned) and stdin cannot "
        "be resumed"
    ) in refused.stderr.decode()
    after_line_10 = b"".join(data.splitlines(keepends=True)[10:])
    rest = _scan("-", "--state", str(state), "--restart", stdin=after_line_10)
    assert rest.returncode == 0, rest.stderr
    assert rest.stdout.count(b"\n") == 110
