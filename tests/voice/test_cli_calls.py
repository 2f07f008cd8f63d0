"""``clearline calls scan`` as a user drives it, and ``clearline explain`` on its verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sti_support import StiPki, identity_header, make_pki, passport


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def pki() -> StiPki:
    return make_pki()


def _line(**fields: object) -> bytes:
    record: dict[str, object] = {
        "id": "c1",
        "ts": "2026-11-23T15:00:00Z",
        "from": "+12125550123",
        "to": "+14155550100",
    }
    record.update(fields)
    return json.dumps(record).encode() + b"\n"


def test_calls_scan_writes_one_verdict_per_line_and_a_summary(pki: StiPki, tmp_path: Path) -> None:
    trust, cache = pki.install(tmp_path)
    signed = identity_header(passport(pki.signing_key))
    data = (
        _line(id="signed", identity=signed)
        + _line(id="spoofed", identity=signed, **{"from": "+12125550199"})
        + b"{oops\n"
        + _line(id="e911", to="911", identity="garbage")
    )
    source = tmp_path / "calls.jsonl"
    source.write_bytes(data)
    result = _run(
        "calls", "scan", str(source), "--trust-store", str(trust), "--cert-cache", str(cache)
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(o.get("id"), o.get("action")) for o in out] == [
        ("signed", "deliver"),
        ("spoofed", "tag"),
        (None, None),
        ("e911", "deliver"),
    ]
    assert out[0]["reasons"][0]["symbol"] == "SHAKEN_A"
    assert out[2]["line"] == 3 and out[2]["error"].startswith("invalid JSON")
    stderr = result.stderr.decode()
    assert stderr.startswith("scanned 3 calls, 1 bad lines")
    assert "Traceback" not in stderr


def test_calls_scan_reads_csv_from_stdin(tmp_path: Path) -> None:
    data = (
        b"id,ts,from,to,identity,pai,diversion,duration\n"
        b"c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,,,,30\n"
    )
    result = _run("calls", "scan", "--format", "csv", "-q", stdin=data)
    assert result.returncode == 0
    [verdict] = [json.loads(x) for x in result.stdout.splitlines()]
    assert (verdict["id"], verdict["action"], verdict["reasons"][0]["symbol"]) == (
        "c1",
        "deliver",
        "SHAKEN_ABSENT",
    )
    assert result.stderr == b""


def test_without_a_trust_store_a_note_says_nothing_signed_verifies(pki: StiPki) -> None:
    signed = identity_header(passport(pki.signing_key))
    result = _run("calls", "scan", stdin=_line(identity=signed))
    assert result.returncode == 0
    assert result.stderr.decode().startswith("note: no --trust-store: signed calls cannot verify")
    verdict = json.loads(result.stdout)
    assert verdict["reasons"][0]["symbol"] == "SHAKEN_INVALID"


@pytest.mark.parametrize(
    ("option", "make", "message"),
    [
        ("--trust-store", None, "Error: trust store {path} is not a directory"),
        ("--trust-store", "empty", "Error: trust store {path} holds no certificate"),
        ("--cert-cache", None, "Error: certificate cache {path} is not a directory"),
    ],
)
def test_unusable_certificate_directories_are_one_line_errors(
    tmp_path: Path, option: str, make: str | None, message: str
) -> None:
    path = tmp_path / "dir"
    if make == "empty":
        path.mkdir()
    result = _run("calls", "scan", option, str(path), stdin=_line())
    assert result.returncode == 1
    assert result.stderr.decode().startswith(message.format(path=path))
    assert result.stdout == b""


def test_an_invalid_voice_policy_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "local.toml"
    config.write_text("[signals.shaken.failure_weights]\nbad_sig = 2.0\n")
    result = _run("calls", "scan", "--config", str(config), stdin=_line())
    assert result.returncode == 1
    assert result.stderr.decode().startswith("Error: [signals.shaken]: failure_weights: unknown")


def test_explain_reads_call_verdicts(pki: StiPki, tmp_path: Path) -> None:
    trust, cache = pki.install(tmp_path)
    signed = identity_header(passport(pki.signing_key))
    source = tmp_path / "calls.jsonl"
    source.write_bytes(_line(id="spoofed", identity=signed, **{"from": "+12125550199"}))
    verdicts = tmp_path / "verdicts.jsonl"
    scanned = _run(
        "calls",
        "scan",
        str(source),
        "-o",
        str(verdicts),
        "-q",
        "--trust-store",
        str(trust),
        "--cert-cache",
        str(cache),
    )
    assert scanned.returncode == 0
    result = _run("explain", str(verdicts))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert text.startswith("Call spoofed: TAG — rings with a spam label\n")
    assert "SHAKEN_INVALID" in text and "did not verify" in text and "number mismatch" in text


def test_explain_on_a_call_rather_than_its_verdict_says_to_scan_it_first(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    source.write_bytes(_line(id="c1"))
    result = _run("explain", str(source), "--id", "c1")
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "Error: that line is a call, not a verdict: score calls with `clearline calls scan` "
        "and explain its output\n"
    )


def test_an_unreadable_input_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = _run("calls", "scan", str(missing), "-q")
    assert result.returncode == 1
    assert result.stderr.decode() == f"Error: cannot read {missing}: No such file or directory\n"


def test_strict_exits_1_when_a_line_could_not_be_read(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    source.write_bytes(_line(id="ok") + b"{oops\n")
    lenient = _run("calls", "scan", str(source), "-q")
    assert lenient.returncode == 0
    strict = _run("calls", "scan", str(source), "-q", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.decode() == (
        "Error: 1 lines could not be read (--strict); their errors are in the output\n"
    )
    # The output is complete all the same: one line per input line.
    assert len(strict.stdout.splitlines()) == 2


def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    data = _line(id="c1")
    source.write_bytes(data)
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    for output in (source, link):
        result = _run("calls", "scan", str(source), "-o", str(output), "-q")
        assert result.returncode == 1
        assert "is the input" in result.stderr.decode()
        assert "Traceback" not in result.stderr.decode()
        assert source.read_bytes() == data
