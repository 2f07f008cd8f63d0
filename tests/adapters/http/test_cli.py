"""`clearline keys create` and `clearline serve`, as an operator runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from clearline.adapters.cli import main
from http_support import message
from peers import free_port


def test_keys_create_prints_a_key_that_the_service_accepts(tmp_path: Path) -> None:
    db = str(tmp_path / "service.db")
    runner = CliRunner()
    result = runner.invoke(main, ["keys", "create", "--role", "operator", "--db", db])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert key.startswith("clk_") and len(key.splitlines()) == 1
    assert "created operator key" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--role", "sender"], "a sender key must be bound to a brand"),
        (["--role", "subscriber", "--number", "555"], "must be E.164"),
        (["--role", "operator", "--number", "+14155550100"], "only subscriber keys"),
        (["--role", "root"], "Invalid value for '--role'"),
    ],
)
def test_keys_create_refuses_a_binding_that_does_not_fit_the_role(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = CliRunner().invoke(main, ["keys", "create", *args, "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 2
    assert fragment in result.output


def test_serve_refuses_an_unusable_database_with_a_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", "mysql://u@127.0.0.1/x"])
    assert result.exit_code == 1
    assert "use SQLite or PostgreSQL" in result.output


def test_serve_answers_checks_over_http_and_stops_cleanly(tmp_path: Path) -> None:
    db = str(tmp_path / "service.db")
    created = CliRunner().invoke(main, ["keys", "create", "--role", "operator", "--db", db])
    key = created.stdout.strip()
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "clearline", "serve", "--port", str(port), "--db", db],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)
        response = httpx.post(
            f"{base}/v1/check",
            json={"messages": [message(body="")]},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 200
        assert response.json()["verdicts"][0]["action"] == "tag"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        log.close()


def test_keys_revoke_refuses_the_key_afterwards(tmp_path: Path) -> None:
    db = str(tmp_path / "service.db")
    runner = CliRunner()
    key = runner.invoke(main, ["keys", "create", "--role", "operator", "--db", db]).stdout.strip()
    key_id = key.split("_")[1]
    assert runner.invoke(main, ["keys", "revoke", key_id, "--db", db]).exit_code == 0
    again = runner.invoke(main, ["keys", "revoke", key_id, "--db", db])
    assert again.exit_code == 1 and "no active key" in again.output
    from clearline.storage import open_database
    from clearline.storage.keys import verify_key

    database = open_database(db)
    with database.session() as session:
        assert verify_key(session, key) is None
    database.close()


def test_keys_list_shows_ids_roles_and_bindings_never_secrets(tmp_path: Path) -> None:
    db = str(tmp_path / "service.db")
    runner = CliRunner()
    created = [
        runner.invoke(main, ["keys", "create", *args, "--db", db]).stdout.strip()
        for args in (
            ["--role", "operator", "--label", "night shift"],
            ["--role", "sender", "--brand", "ACME"],
            ["--role", "subscriber", "--number", "+14155550100"],
        )
    ]
    ids = [key.split("_")[1] for key in created]
    assert runner.invoke(main, ["keys", "revoke", ids[2], "--db", db]).exit_code == 0
    table = runner.invoke(main, ["keys", "list", "--db", db])
    every = runner.invoke(main, ["keys", "list", "--all", "--json", "--db", db])
    assert table.exit_code == every.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["KEY", "ID", "ROLE"] and len(lines) == 3  # header + 2 active
    assert ids[0] in lines[1] and "operator" in lines[1] and "night shift" in lines[1]
    assert ids[1] in lines[2] and "ACME" in lines[2]
    listed = [json.loads(line) for line in every.stdout.splitlines()]
    assert [k["key_id"] for k in listed] == ids
    assert listed[2]["number"] == "+14155550100" and listed[2]["revoked_at"] is not None
    assert not any(key.split("_", 2)[2] in table.stdout + every.stdout for key in created)


def test_cli_imports_with_db_land_in_the_database_the_service_reads(
    db_url: str, tmp_path: Path
) -> None:
    from compliance_fixtures import ALICE, CAROL, SHOP, write_files
    from http_support import serving

    files = write_files(tmp_path)
    lists = tmp_path / "lists.csv"
    lists.write_text("number,list,since,note\n+12125550170,do_not_originate,,agency line\n")
    runner = CliRunner()
    for command, path, expected in (
        ("registry", files["registry"], "2 brands, 3 campaigns, 4 numbers"),
        ("consent", files["consent"], "4 consent records"),
        ("lists", lists, "1 list entries"),
    ):
        result = runner.invoke(main, [command, "import", str(path), "--db", db_url])
        assert result.exit_code == 0, result.output
        assert expected in result.stdout and "after a restart" in result.stderr
    offer = "Acme: 20% off winter coats this weekend at acme.example/coats. Reply STOP to opt out."
    with serving(db_url) as service:
        campaign = service.http.get("/v1/campaigns/C-ALERTS", headers=service.headers())
        assert campaign.status_code == 200 and campaign.json()["brand"] == "B-ACME"
        verdicts = service.check(
            [
                message("dno", **{"from": "+12125550170", "to": ALICE}),
                message("no-consent", body=offer, **{"from": SHOP, "to": CAROL}),
                message("consented", body=offer, **{"from": SHOP, "to": ALICE}),
            ]
        ).json()["verdicts"]
    reasons = [{r["symbol"] for r in v["reasons"]} for v in verdicts]
    assert "SENDER_DO_NOT_ORIGINATE" in reasons[0]
    assert "NO_CONSENT" in reasons[1] and "NO_CONSENT" not in reasons[2]


def test_a_state_file_and_a_service_database_are_told_apart_on_open(tmp_path: Path) -> None:
    from compliance_fixtures import write_files

    registry = str(write_files(tmp_path)["registry"])
    service_db = str(tmp_path / "service.db")
    state = str(tmp_path / "state.sqlite")
    runner = CliRunner()
    assert runner.invoke(main, ["registry", "import", registry, "--db", service_db]).exit_code == 0
    assert runner.invoke(main, ["registry", "import", registry, "--state", state]).exit_code == 0
    (tmp_path / "in.jsonl").write_text(json.dumps(message()) + "\n")
    for args in (
        ["registry", "import", registry, "--state", service_db],
        ["scan", str(tmp_path / "in.jsonl"), "--state", service_db],
        ["lint", "hello", "--state", service_db],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code in (1, 2) and "Traceback" not in result.output, args
        assert f"{service_db} is a service database" in result.output, args
        assert f"--db {service_db}" in result.output, args
    url = "postgresql://clearline@127.0.0.1/clearline"
    result = runner.invoke(main, ["registry", "import", registry, "--state", url])
    assert result.exit_code == 1 and f"use --db {url}" in result.output
    for args in (
        ["serve", "--db", state],
        ["registry", "import", registry, "--db", state],
        ["keys", "create", "--role", "operator", "--db", state],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 1 and "Traceback" not in result.output, args
        assert "is a scan state file (`--state`), not a service database" in result.output, args


def test_imports_need_exactly_one_of_state_or_db(tmp_path: Path) -> None:
    from compliance_fixtures import write_files

    registry = str(write_files(tmp_path)["registry"])
    runner = CliRunner()
    for extra in ([], ["--state", str(tmp_path / "s"), "--db", str(tmp_path / "d")]):
        result = runner.invoke(main, ["registry", "import", registry, *extra])
        assert result.exit_code == 2
        assert "give exactly one of --state FILE" in result.output
    assert not (tmp_path / "s").exists() and not (tmp_path / "d").exists()


def test_sessions_rotate_says_whether_any_session_could_have_ended(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    runner = CliRunner()
    assert runner.invoke(main, ["keys", "create", "--role", "operator", "--db", db]).exit_code == 0
    first = runner.invoke(main, ["sessions", "rotate", "--db", db])
    assert first.exit_code == 0, first.output
    assert "there was none yet" in first.output and "no session ended" in first.output
    second = runner.invoke(main, ["sessions", "rotate", "--db", db])
    assert second.exit_code == 0, second.output
    assert "every web session has ended" in second.output
