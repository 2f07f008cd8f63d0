"""The command line as a user drives it: files, stdin, stderr summaries, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from clearline.adapters.cli import LazyGroup, main
from clearline.adapters.cli_demo import CLASS_MEANINGS
from support import line


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=60,
    )


def test_scan_from_stdin_writes_one_line_per_input_line_and_a_summary() -> None:
    data = line(id="ok") + b"{oops\n" + line(id="empty", body="") + line(id="bad", to="nope")
    result = _run("scan", "-", stdin=data)
    assert result.returncode == 0
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["ok", None, "empty", "bad"]
    assert out[0]["action"] == "deliver" and out[0]["reasons"] == []
    assert out[1] == {"line": 2, "id": None, "error": out[1]["error"]}
    assert out[1]["error"].startswith("invalid JSON")
    assert out[2]["action"] == "tag"
    assert out[2]["reasons"][0] == {
        "symbol": "BODY_EMPTY",
        "score": 5.0,
        "detail": out[2]["reasons"][0]["detail"],
    }
    assert "`to` must be an E.164 number" in out[3]["error"]
    summary = result.stderr.decode()
    assert "scanned 2 messages, 2 bad lines" in summary
    assert "BODY_EMPTY" in summary


def test_scan_reads_csv_and_writes_to_a_file(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,ts,from,to,body\n"
        "c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,hello\n"
        "c2,2026-11-23T15:00:00Z,+10995550123,+14155550100,hello\n"
    )
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["scan", str(source), "-o", str(target), "--quiet"])
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(x) for x in target.read_text().splitlines()]
    assert [(v["id"], v["action"]) for v in verdicts] == [("c1", "deliver"), ("c2", "block")]


def test_scan_of_an_empty_file_exits_cleanly(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = _run("scan", str(empty))
    assert result.returncode == 0
    assert result.stdout == b""
    assert "scanned 0 messages" in result.stderr.decode()


def test_scan_names_a_missing_input_or_a_bad_config(tmp_path: Path) -> None:
    missing = _run("scan", str(tmp_path / "nope.jsonl"))
    assert missing.returncode != 0 and b"cannot read" in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[actions]\ntag = 'x'\n")
    result = _run("scan", "--config", str(bad), stdin=line())
    assert result.returncode != 0 and b"invalid policy configuration" in result.stderr


def test_scan_with_state_remembers_windows_between_runs(tmp_path: Path) -> None:
    state = str(tmp_path / "state.sqlite")
    first = b"".join(line(id=f"a{i}", ts=f"2026-11-23T15:0{i}:00Z", body="same") for i in range(6))
    second = line(id="a6", ts="2026-11-23T15:07:00Z", body="same")
    runner = CliRunner()
    runner.invoke(main, ["scan", "-q", "--state", state], input=first)
    result = runner.invoke(main, ["scan", "-q", "--state", state], input=second)
    assert json.loads(result.stdout)["action"] == "block"


def test_explain_reads_a_verdict_and_says_what_to_fix(tmp_path: Path) -> None:
    verdicts = tmp_path / "v.jsonl"
    scan = CliRunner().invoke(
        main, ["scan", "-q", "-o", str(verdicts)], input=line(id="x", body="") + line(id="y")
    )
    assert scan.exit_code == 0
    result = CliRunner().invoke(main, ["explain", str(verdicts), "--id", "x"])
    assert result.exit_code == 0, result.output
    assert "Message x: TAG" in result.output
    assert "BODY_EMPTY" in result.output
    assert "to fix: Send a message with content" in result.output


def test_explain_scores_a_raw_message_too() -> None:
    result = CliRunner().invoke(main, ["explain"], input=line(id="raw", **{"from": "+10995550123"}))
    assert result.exit_code == 0
    assert "Message raw: BLOCK" in result.output
    assert "SENDER_INVALID_NUMBER" in result.output


def test_explain_reports_missing_ids_and_error_lines() -> None:
    missing = CliRunner().invoke(main, ["explain", "--id", "zzz"], input=line(id="a"))
    assert missing.exit_code != 0 and "no verdict or message with id 'zzz'" in missing.output
    error = CliRunner().invoke(main, ["explain"], input=b'{"line": 3, "id": null, "error": "x"}\n')
    assert error.exit_code != 0 and "was not scanned" in error.output


def test_demo_simulates_scans_and_compares_with_the_truth(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["demo", "--subscribers", "300", "--seed", "3", "--keep", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "against the simulator's ground truth:" in result.output
    assert "political_noncompliant" in result.output and "unwanted campaigns:" in result.output
    assert "BLOCK" in result.output and "to fix:" in result.output
    traffic = (tmp_path / "traffic.jsonl").read_text().splitlines()
    verdicts = (tmp_path / "verdicts.jsonl").read_text().splitlines()
    assert len(traffic) == len(verdicts) > 1000
    # Every class in the table is explained in words, and every explained verdict shows its text.
    lines = result.output.splitlines()
    table = lines[lines.index("against the simulator's ground truth:") + 2 :]
    classes = [row.split()[0] for row in table[: table.index("")]]
    assert len(classes) >= 5
    for kind in classes:
        assert f"  {kind:<24}{CLASS_MEANINGS[kind]}" in lines
    bodies = {json.loads(t)["body"] for t in traffic}
    examples = [i for i, text in enumerate(lines) if text.startswith("--- ")]
    assert len(examples) >= 2
    for i in examples:
        assert lines[i + 1].startswith("from +") and lines[i + 2][2:] in bodies


def test_every_command_loaded_on_demand_answers_to_its_own_name() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in LazyGroup.LAZY:
        assert f"  {name} " in result.output
        with click.Context(main) as ctx:
            command = main.get_command(ctx, name)
        assert command is not None and command.name == name


def test_scan_starts_without_the_http_service_or_smpp_stack() -> None:
    probe = (
        "import sys; from clearline.adapters.cli import main\n"
        "try:\n    main(['scan', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fastapi', 'sqlalchemy', 'clearline.adapters.smpp.proxy')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, check=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == b"[]"


def test_scan_reports_a_csv_sender_that_lost_its_plus_as_an_input_error(tmp_path: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        "id,ts,from,to,body\n"
        "s1,2026-11-23T15:00:00Z,12125550123,+14155550100,hello\n"
        "s2,2026-11-23T15:00:00Z,72345,+14155550100,hello\n"
    )
    result = _run("scan", str(source))
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert out[0]["line"] == 2 and out[0]["id"] == "s1"
    assert "`from` must be an E.164 number" in out[0]["error"]
    assert (out[1]["id"], out[1]["action"]) == ("s2", "deliver")


def _assert_one_clear_error(result: subprocess.CompletedProcess[bytes], text: str) -> None:
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert text in stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr


def test_scan_refuses_an_output_that_is_its_input_also_through_links(tmp_path: Path) -> None:
    source = tmp_path / "same.jsonl"
    data = line(id="a") + line(id="b")
    source.write_bytes(data)
    symlink = tmp_path / "link.jsonl"
    symlink.symlink_to(source)
    hardlink = tmp_path / "hard.jsonl"
    hardlink.hardlink_to(source)
    for output in (source, symlink, hardlink):
        result = _run("scan", str(source), "-o", str(output))
        _assert_one_clear_error(result, f"the output {output} is the input {source}")
        assert source.read_bytes() == data
    with source.open("rb") as stdin:
        from_stdin = subprocess.run(
            [sys.executable, "-m", "clearline", "scan", "-", "-o", str(symlink)],
            stdin=stdin,
            capture_output=True,
            check=False,
            timeout=60,
        )
    _assert_one_clear_error(from_stdin, "is the input stdin")
    assert source.read_bytes() == data


def test_scan_to_a_full_disk_is_one_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(line(id="a") * 3)
    to_file = _run("scan", str(source), "-o", "/dev/full")
    _assert_one_clear_error(to_file, "cannot write /dev/full: No space left on device")
    with open("/dev/full", "wb") as full:
        to_stdout = subprocess.run(
            [sys.executable, "-m", "clearline", "scan", "-q", str(source)],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    _assert_one_clear_error(to_stdout, "cannot write stdout: No space left on device")


def test_scan_strict_exits_non_zero_when_a_line_was_bad() -> None:
    clean = _run("scan", "--strict", "-q", stdin=line(id="a"))
    assert clean.returncode == 0, clean.stderr
    bad = _run("scan", "--strict", "-q", stdin=line(id="a") + b"{oops\n")
    _assert_one_clear_error(bad, "1 lines could not be read (--strict)")
    assert len(bad.stdout.splitlines()) == 2


def test_scan_of_a_csv_with_a_wrong_header_is_one_error_naming_the_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,time,from,to,body\n" + "c1,2026-11-23T15:00:00Z,+12125550123,+1,hi\n" * 5)
    result = _run("scan", str(source))
    _assert_one_clear_error(
        result, "unknown column `time`; missing column `ts`; the columns are id, ts, from, to, body"
    )
    assert result.stdout == b""


def test_scan_of_a_csv_with_an_unterminated_quote_scores_the_rows_after_it(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,ts,from,to,body\n"
        'c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,"oops\n'
        "c2,2026-11-23T15:00:00Z,+12125550123,+14155550100,hello\n"
    )
    result = _run("scan", str(source))
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert out[0]["line"] == 2 and "unterminated quoted field" in out[0]["error"]
    assert (out[1]["id"], out[1]["action"]) == ("c2", "deliver")
    assert "scanned 1 messages, 1 bad lines" in result.stderr.decode()


def test_explain_line_counts_blank_lines_as_scan_does_and_reads_csv(tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_bytes(line(id="first") + b"\n" + line(id="third", body=""))
    third = CliRunner().invoke(main, ["explain", str(jsonl), "--line", "3"])
    assert third.exit_code == 0, third.output
    assert "Message third: TAG" in third.output
    blank = CliRunner().invoke(main, ["explain", str(jsonl), "--line", "2"])
    assert blank.exit_code == 1 and "line 2 is empty" in blank.output
    sheet = tmp_path / "in.csv"
    sheet.write_text(
        "id,ts,from,to,body\n"
        'c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,"two\nlines"\n'
        "c2,2026-11-23T15:00:00Z,+10995550123,+14155550100,hi\n"
    )
    row = CliRunner().invoke(main, ["explain", str(sheet), "--line", "4"])
    assert row.exit_code == 0, row.output
    assert "Message c2: BLOCK" in row.output and "SENDER_INVALID_NUMBER" in row.output
    by_id = CliRunner().invoke(main, ["explain", str(sheet), "--id", "c1"])
    assert by_id.exit_code == 0 and "Message c1: DELIVER" in by_id.output
