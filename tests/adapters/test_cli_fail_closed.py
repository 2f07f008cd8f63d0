"""`clearline scan` when a signal that fails closed fails: error lines, no state, exit 1."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from clearline.signals.preferences import PREFS_TABLE, SubscriberPreferences
from clearline.state.sqlite import SqliteStateStore
from support import line

SHOP = "+12125550123"
SUBSCRIBER = "+14155550100"
DAMAGED = "+14155550177"  # the recipient whose preferences row cannot be read


def _scan(state: Path, data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", "scan", "--state", str(state), "--batch-size", "3"],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
    )


def _damaged_state(path: Path) -> None:
    """A state file whose preferences row for ``DAMAGED`` is not valid msgpack (a disk error, a
    bad restore): reading it makes the preferences signal raise."""
    store = SqliteStateStore(str(path))
    store.table(PREFS_TABLE, SubscriberPreferences)
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"INSERT INTO state_{PREFS_TABLE} VALUES (?, ?, 0)", (DAMAGED, b"\xc1"))


def _lines() -> tuple[bytes, bytes, bytes]:
    """Batch 1: three texts; batch 2: a STOP, a bad line and a text to ``DAMAGED``; batch 3: the
    shop texts the subscriber an hour after the STOP."""
    first = b"".join(line(id=f"ok{i}", to=f"+1415555020{i}") for i in range(3))
    refused = (
        line(id="stop", **{"from": SUBSCRIBER}, to=SHOP, body="STOP")
        + b"{oops\n"
        + line(id="damaged", to=DAMAGED)
    )
    later = line(id="promo", ts="2026-11-23T16:00:00Z", to=SUBSCRIBER, body="20% off today")
    return first, refused, later


def _out(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    return [json.loads(x) for x in result.stdout.splitlines()]


def test_a_failed_closed_signal_gives_each_message_of_its_batch_an_error_line(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.sqlite"
    _damaged_state(state)
    first, refused, later = _lines()
    result = _scan(state, first + refused + later)
    out = _out(result)
    assert [o.get("id") for o in out] == ["ok0", "ok1", "ok2", "stop", None, "damaged", "promo"]
    assert all(o["action"] == "deliver" for o in out[:3])
    for index in (3, 5):
        assert out[index]["line"] == index + 1
        assert out[index]["error"].startswith("signal `preferences` failed: ")
        assert out[index]["error"].endswith("; message not scored")
    assert out[4]["error"].startswith("invalid JSON")  # a bad line stays its own error
    # The STOP of the refused batch was not recorded: the shop's text is judged without it
    # (the STOP's sender retries it), not blocked by half of a batch.
    assert out[6]["action"] == "deliver" and out[6]["reasons"] == []
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "scanned 4 messages, 1 bad lines, 2 not scored (a signal failed)" in stderr
    assert "2 messages were not scored: a signal that fails closed failed" in stderr
    assert "Traceback" not in stderr


def test_rescanning_a_refused_batch_once_the_signal_works_matches_a_clean_run(
    tmp_path: Path,
) -> None:
    first, refused, later = _lines()
    clean = _out(_scan(tmp_path / "clean.sqlite", first + refused + later))
    state = tmp_path / "state.sqlite"
    _damaged_state(state)
    assert _scan(state, first + refused).returncode == 1
    with sqlite3.connect(state) as conn:  # the operator restores the row
        conn.execute(f"DELETE FROM state_{PREFS_TABLE} WHERE key = ?", (DAMAGED,))
    again = _scan(state, refused + later)
    assert again.returncode == 0, again.stderr.decode()
    verdicts = [o for o in _out(again) if "action" in o]
    assert verdicts == [o for o in clean[3:] if "action" in o]
    assert verdicts[-1]["action"] == "block"  # the STOP now counts, once


def test_explaining_a_message_a_failed_closed_signal_refused_is_one_clear_error(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.sqlite"
    _damaged_state(state)
    result = subprocess.run(
        [sys.executable, "-m", "clearline", "explain", "--state", str(state)],
        input=line(id="damaged", to=DAMAGED),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert stderr.startswith("Error: signal `preferences` failed: DecodeError")
    assert "Traceback" not in stderr
