"""The compliance commands: imports into --state that scan reads, and the lint pre-check."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import msgspec
from click.testing import CliRunner

from clearline.adapters.cli import main
from compliance_fixtures import (
    ALICE,
    BANK,
    CAROL,
    SHOP,
    isolating_config,
    msg,
    scan,
    symbols,
    write_files,
)

OFFER = "Acme: 20% off all winter coats this weekend at acme.example/coats. Reply STOP to opt out."


def _invoke(*args: str) -> tuple[int, str]:
    if args[0] == "lint":
        folder = Path(tempfile.mkdtemp())
        args = (*args, "--config", str(isolating_config(folder)))
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_imports_land_in_the_state_file_that_scan_reads(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    state = str(tmp_path / "state.sqlite")
    lists = tmp_path / "lists.csv"
    lists.write_text("number,list,since,note\n+12125550170,do_not_originate,,agency line\n")
    code, out = _invoke("registry", "import", str(files["registry"]), "--state", state)
    assert code == 0 and "2 brands, 3 campaigns, 4 numbers" in out
    code, out = _invoke("consent", "import", str(files["consent"]), "--state", state)
    assert code == 0 and "4 consent records" in out
    code, out = _invoke("lists", "import", str(lists), "--state", state)
    assert code == 0 and "1 list entries" in out
    verdicts = scan(
        tmp_path,
        [
            msg("ok", SHOP, ALICE, OFFER),
            msg("no-consent", SHOP, CAROL, OFFER),
            msg("dno", "+12125550170", ALICE, "call us back"),
        ],
        "--state",
        state,
        files=False,
    )
    assert verdicts["ok"]["action"] == "deliver"
    assert symbols(verdicts["no-consent"]) == ["NO_CONSENT"]
    assert symbols(verdicts["dno"]) == ["SENDER_DO_NOT_ORIGINATE"]


def test_a_bad_import_exits_1_naming_the_line_and_leaves_the_state_alone(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    state = str(tmp_path / "state.sqlite")
    assert _invoke("registry", "import", str(files["registry"]), "--state", state)[0] == 0
    bad = tmp_path / "consent.jsonl"
    good_line = files["consent"].read_bytes().splitlines()[0]
    bad.write_bytes(good_line + b"\n" + good_line.replace(b"C-ALERTS", b"C-GONE") + b"\n")
    code, out = _invoke("consent", "import", str(bad), "--state", state)
    assert code == 1
    assert "line 2: campaign 'C-GONE' is not registered" in out and "nothing imported" in out
    verdicts = scan(
        tmp_path,
        [msg("a", BANK, ALICE, "Acme Bank: hi. Reply STOP to opt out.")],
        "--state",
        state,
        files=False,
    )
    assert symbols(verdicts["a"]) == ["NO_CONSENT"]  # line 1 was not imported either


def test_scan_rejects_a_bad_registry_before_scoring(tmp_path: Path) -> None:
    bad = tmp_path / "registry.json"
    bad.write_text('{"brands": [{"id": "B1"}]}')
    traffic = tmp_path / "t.jsonl"
    traffic.write_bytes(msgspec.json.encode(msg("a", BANK, ALICE, "hi")) + b"\n")
    result = CliRunner().invoke(main, ["scan", str(traffic), "--registry", str(bad)])
    assert result.exit_code == 1
    assert "missing required field `name`" in result.output and result.stdout.count("{") == 0


def test_lint_lists_every_broken_rule_with_score_and_fix(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    code, out = _invoke(
        "lint",
        "20% off coats at bit.ly/x",
        "--campaign",
        "C-SHOP",
        "--registry",
        str(files["registry"]),
    )
    assert code == 1
    for symbol in ("NO_SENDER_ID", "NO_OPT_OUT_LANGUAGE", "A2P_URL_SHORTENER"):
        assert symbol in out
    assert "fix:" in out and "+6.00  A2P_URL_SHORTENER" in out and "FILTERED" in out


def test_lint_passes_a_compliant_message_and_exits_0(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    code, out = _invoke(
        "lint",
        OFFER,
        "--campaign",
        "C-SHOP",
        "--to",
        ALICE,
        "--at",
        "2026-11-23T20:00:00Z",
        "--registry",
        str(files["registry"]),
        "--consent",
        str(files["consent"]),
    )
    assert code == 0, out
    assert "would be delivered" in out


def test_lint_checks_consent_quiet_hours_and_opt_outs_of_a_recipient(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    code, out = _invoke(
        "lint",
        OFFER,
        "--campaign",
        "C-SHOP",
        "--to",
        CAROL,
        "--at",
        "2026-11-23T13:00:00Z",
        "--registry",
        str(files["registry"]),
        "--consent",
        str(files["consent"]),
        "--json",
    )
    assert code == 1
    report = json.loads(out)
    assert report["action"] == "throttle"
    assert {f["symbol"] for f in report["findings"]} == {"NO_CONSENT", "QUIET_HOURS"}
    # With --state, the recipient's opt-out is found too.
    state = str(tmp_path / "state.sqlite")
    scan(tmp_path, [msg("stop", ALICE, SHOP, "STOP")], "--state", state)
    code, out = _invoke(
        "lint",
        OFFER,
        "--campaign",
        "C-SHOP",
        "--to",
        ALICE,
        "--state",
        state,
        "--at",
        "2026-11-23T20:00:00Z",
    )
    assert code == 1 and "OPT_OUT_IGNORED" in out


def test_lint_without_a_campaign_judges_the_wording_and_reports_usage_errors() -> None:
    code, out = _invoke("lint", "Acme: sale today! Reply STOP to opt out.")
    assert code == 0, out
    assert "no campaign given" in out
    code, out = _invoke("lint", "Sale today at tinyurl.com/abc")
    assert code == 1 and "NO_SENDER_ID" in out and "A2P_URL_SHORTENER" in out
    code, out = _invoke("lint", "hi", "--at", "tomorrow")
    assert code == 2 and "not an ISO 8601 time" in out
    code, out = _invoke("lint", "hi", "--campaign", "C-NONE")
    assert code == 1 and "CAMPAIGN_UNREGISTERED" in out


def test_lint_and_explain_refuse_a_missing_state_file_instead_of_creating_it(
    tmp_path: Path,
) -> None:
    typo = tmp_path / "stat.sqlite"
    code, out = _invoke("lint", OFFER, "--campaign", "C-SHOP", "--state", str(typo))
    assert code == 2
    assert f"no state file {typo}" in out and "Traceback" not in out
    verdict = tmp_path / "v.jsonl"
    verdict.write_text(json.dumps(msg("m", SHOP, ALICE, OFFER)) + "\n")
    result = CliRunner().invoke(main, ["explain", str(verdict), "--state", str(typo)])
    assert result.exit_code == 1 and f"no state file {typo}" in result.output
    assert not typo.exists()


def test_lint_says_when_no_registry_is_loaded(tmp_path: Path) -> None:
    code, out = _invoke("lint", OFFER, "--campaign", "C-SHOP")
    assert code == 1
    assert "note: no registry loaded" in out
    files = write_files(tmp_path)
    code, out = _invoke("lint", OFFER, "--campaign", "C-SHOP", "--registry", str(files["registry"]))
    assert "no registry loaded" not in out


def test_explaining_a_stop_with_state_records_no_opt_out(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    state = str(tmp_path / "state.sqlite")
    assert _invoke("registry", "import", str(files["registry"]), "--state", state)[0] == 0
    assert _invoke("consent", "import", str(files["consent"]), "--state", state)[0] == 0
    stop = tmp_path / "stop.jsonl"
    stop.write_text(json.dumps(msg("stop", ALICE, SHOP, "STOP")) + "\n")
    result = CliRunner().invoke(main, ["explain", str(stop), "--state", state])
    assert result.exit_code == 0 and "OPT_OUT_REQUEST" in result.output
    verdicts = scan(
        tmp_path, [msg("offer", SHOP, ALICE, OFFER, minutes=1)], "--state", state, files=False
    )
    assert verdicts["offer"]["action"] == "deliver", verdicts["offer"]


def test_explain_of_a_message_says_when_no_registry_is_loaded(tmp_path: Path) -> None:
    message = tmp_path / "m.jsonl"
    message.write_text(json.dumps(msg("m", SHOP, ALICE, OFFER)) + "\n")
    bare = CliRunner().invoke(main, ["explain", str(message)])
    assert bare.exit_code == 0 and "note: no registry loaded" in bare.stderr
    state = str(tmp_path / "state.sqlite")
    registry = str(write_files(tmp_path)["registry"])
    assert _invoke("registry", "import", registry, "--state", state)[0] == 0
    loaded = CliRunner().invoke(main, ["explain", str(message), "--state", state])
    assert loaded.exit_code == 0 and "no registry loaded" not in loaded.stderr
