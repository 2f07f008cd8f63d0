"""Callers judged by the operator's number lists (``caller_lists``): the FTC complaint file format
imported as the ``complaints`` list, do-not-originate, unallocated and invalid numbers."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from clearline.compliance.imports import import_files
from clearline.compliance.store import ComplianceStore
from clearline.model import Call, Verdict
from clearline.policy import load_config
from clearline.state import open_state
from clearline.voice.engine import CallEngine

FTC_FILE = (
    Path(__file__).parents[2]
    / "../shared/data/ftc_dnc_complaints/dnc_complaint_numbers_2021-07-08.csv"
)
T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
CALLEE = "+14155550100"
FTC_HEADER = (
    "Company_Phone_Number,Created_Date,Violation_Date,Consumer_City,Consumer_State,"
    "Consumer_Area_Code,Subject,Recorded_Message_Or_Robocall\n"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _engine(tmp_path: Path, files: dict[str, str]) -> CallEngine:
    state = open_state(None)
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text)
        import_files(ComplianceStore(state), lists=path)
    return CallEngine(load_config(), state)


def _outcome(verdict: Verdict) -> tuple[str, list[tuple[str, float]]]:
    listed = [(r.symbol, r.score) for r in verdict.reasons if r.symbol.startswith(("CALLER_", "E"))]
    return verdict.action.value, listed


def _call(caller: str, to: str = CALLEE, **fields: str) -> Call:
    return Call(id="c", ts=T0, caller=caller, to=to, **fields)


def test_the_ftc_complaint_file_imports_and_tags_its_most_complained_numbers(
    tmp_path: Path,
) -> None:
    if not FTC_FILE.exists():
        pytest.skip(f"the FTC data is not at {FTC_FILE}")
    state = tmp_path / "state.db"
    imported = _run("lists", "import", str(FTC_FILE), "--state", str(state))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported 13,136 list entries (898 complaint rows skipped")
    calls = tmp_path / "calls.jsonl"
    calls.write_text(
        "".join(
            json.dumps({"id": id, "ts": "2026-11-23T15:00:00Z", "from": caller, "to": CALLEE})
            + "\n"
            for id, caller in (("worst", "+13152328257"), ("ordinary", "+12125550123"))
        )
    )
    scanned = _run("calls", "scan", str(calls), "--state", str(state), "-q")
    assert scanned.returncode == 0, scanned.stderr
    worst, ordinary = (json.loads(line) for line in scanned.stdout.splitlines())
    assert worst["action"] == "tag"
    complaints = [r for r in worst["reasons"] if r["symbol"] == "CALLER_COMPLAINTS"]
    assert complaints[0]["detail"].startswith(
        "42 consumer complaints about calls from +13152328257, the latest: FTC: "
    )
    assert complaints[0]["score"] == 12.0  # the group's cap
    assert ordinary["action"] == "deliver"
    assert "CALLER_COMPLAINTS" not in [r["symbol"] for r in ordinary["reasons"]]


def test_each_ftc_row_is_one_complaint_and_bad_numbers_are_skipped(tmp_path: Path) -> None:
    rows = (
        "2125550188,2021-07-07 00:01:15,,,,212,Medical & prescriptions,Y\n"
        "12125550188,2021-07-07 08:00:00,,,,212,Other,\n"
        "70611454600144,2021-07-07 00:01:49,,,,510,No Subject Provided,\n"
        ",2021-07-07 00:02:00,,,,510,No Subject Provided,\n"
        "3125550199,2021-07-07 00:03:00,,,,312,Other,\n"
    )
    path = tmp_path / "ftc.csv"
    path.write_text(FTC_HEADER + rows)
    state = tmp_path / "state.db"
    result = _run("lists", "import", str(path), "--state", str(state))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "imported 3 list entries (2 complaint rows skipped: not a ten-digit North American "
        f"number) into {state}\n"
    )
    engine = CallEngine(load_config(), open_state(str(state)))
    assert _outcome(engine.score(_call("+12125550188"))) == (
        "tag",
        [("CALLER_COMPLAINTS", 6.0)],
    )
    assert _outcome(engine.score(_call("+13125550199"))) == (
        "deliver",
        [("CALLER_COMPLAINTS", 3.0)],
    )
    engine.close()


def test_do_not_originate_unallocated_and_invalid_callers_are_blocked(tmp_path: Path) -> None:
    lists = (
        "number,list,since,note\n"
        "+18005550100,do_not_originate,2026-01-01T00:00:00Z,IRS inbound line\n"
        "+1212555*,unallocated,,\n"
    )
    engine = _engine(tmp_path, {"lists.csv": lists})
    action, reasons = _outcome(engine.score(_call("+18005550100")))
    assert (action, [s for s, _ in reasons]) == ("block", ["CALLER_DO_NOT_ORIGINATE"])
    action, reasons = _outcome(engine.score(_call("+12125559999")))
    assert (action, [s for s, _ in reasons]) == ("block", ["CALLER_UNALLOCATED"])
    # Area codes never start with 1: outside the North American numbering plan.
    action, reasons = _outcome(engine.score(_call("+11235550100")))
    assert (action, [s for s, _ in reasons]) == ("block", ["CALLER_INVALID_NUMBER"])
    # The P-Asserted-Identity is the caller when present.
    action, reasons = _outcome(engine.score(_call("+13125550100", pai="<tel:+18005550100>")))
    assert (action, [s for s, _ in reasons]) == ("block", ["CALLER_DO_NOT_ORIGINATE"])


def test_an_emergency_call_from_a_listed_caller_still_rings(tmp_path: Path) -> None:
    engine = _engine(tmp_path, {"lists.csv": "number,list\n+18005550100,do_not_originate\n"})
    action, reasons = _outcome(engine.score(_call("+18005550100", to="911")))
    assert action == "deliver"
    assert [s for s, _ in reasons] == ["EMERGENCY_CALL", "CALLER_DO_NOT_ORIGINATE"]


def test_complaints_before_a_reassignment_are_not_held_against_the_new_holder(
    tmp_path: Path,
) -> None:
    lists = (
        "number,list,since\n"
        "+13125550199,complaints,2026-01-01T00:00:00Z\n"
        "+13125550199,complaints,2026-02-01T00:00:00Z\n"
    )
    engine = _engine(tmp_path, {"lists.csv": lists})
    assert _outcome(engine.score(_call("+13125550199")))[0] == "tag"
    reassigned = "number,list,since\n+13125550199,reassigned,2026-06-01T00:00:00Z\n"
    engine = _engine(tmp_path, {"lists.csv": lists, "reassigned.csv": reassigned})
    assert _outcome(engine.score(_call("+13125550199"))) == ("deliver", [])


def test_a_complaints_range_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lists.csv"
    path.write_text("number,list\n+1312555*,complaints\n")
    result = _run("lists", "import", str(path), "--state", str(tmp_path / "s.db"))
    assert result.returncode == 1
    assert "line 2: a complaint is about one number, not a range" in result.stderr
    assert "Traceback" not in result.stderr
