"""`clearline serve --workers N`: N processes on one port sharing Redis and the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from clearline.adapters.cli import main
from http_support import message
from peers import free_port
from redis_server import require_redis, running_redis

ALICE = "+14155550100"
BOB = "+12125550123"


def _workers(pid: int) -> list[int]:
    """The worker processes uvicorn's supervisor ``pid`` started (not multiprocessing's
    resource tracker)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in command:
                found.append(int(child))
    return found


@contextmanager
def _serve_workers(
    tmp_path: Path, db_url: str, state_url: str, workers: int
) -> Iterator[tuple[str, str, int]]:
    """``clearline serve --workers N`` in a process of its own; (base URL, operator key, pid)."""
    created = CliRunner().invoke(main, ["keys", "create", "--role", "operator", "--db", db_url])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "clearline", "serve", "--port", str(port)),
            *("--db", db_url, "--state-url", state_url, "--workers", str(workers)),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        # Keys verified are not cached: a revocation shows on every worker's next request.
        env={**os.environ, "PYTHONWARNINGS": "ignore", "CLEARLINE_KEY_CACHE_SECONDS": "0"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        # Every worker has started when the supervisor has N children that each answer.
        while len(_workers(process.pid)) < workers or not _healthy(base):
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "serve --workers did not start"
            time.sleep(0.2)
        yield base, key, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz").status_code == 200
    except httpx.TransportError:
        return False


def _check(base: str, key: str, record: dict[str, Any]) -> dict[str, Any]:
    # A new connection each time: the kernel hands each to whichever worker accepts it.
    response = httpx.post(
        f"{base}/v1/check",
        json={"messages": [record]},
        headers={"Authorization": f"Bearer {key}", "Connection": "close"},
    )
    assert response.status_code == 200, response.text
    verdict: dict[str, Any] = response.json()["verdicts"][0]
    return verdict


def test_serve_workers_2_share_opt_outs_windows_ids_and_revoked_keys(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    with _serve_workers(tmp_path, postgres_url, redis_url, 2) as (base, key, pid):
        assert len(_workers(pid)) == 2
        stop = message("stop", **{"from": ALICE, "to": BOB}, body="stop texting me")
        assert _check(base, key, stop)["action"] == "deliver"
        # Every later message, whichever worker takes its connection, honours the STOP.
        for i in range(12):
            later = message(f"later{i}", seconds=3600 + i, **{"from": BOB, "to": ALICE}, body="hi")
            verdict = _check(base, key, later)
            assert verdict["action"] == "block"
            assert "OPT_OUT_IGNORED" in [r["symbol"] for r in verdict["reasons"]]
        # A flood over the workers is counted whole: the 7th copy in an hour is blocked.
        texts = [
            message(f"flood{i}", seconds=i * 300, body="same text", to="+14155550199")
            for i in range(8)
        ]
        actions = [_check(base, key, text)["action"] for text in texts]
        assert actions == ["deliver"] * 6 + ["block"] * 2
        # Ids are idempotent across the workers: the same id gets the stored verdict.
        assert _check(base, key, texts[7]) == _check(base, key, texts[7])
        assert _check(base, key, texts[0])["action"] == "deliver"
        # A key revoked elsewhere (here by `clearline keys revoke`) is refused by every worker.
        key_id = key.split("_")[1]
        revoked = CliRunner().invoke(main, ["keys", "revoke", key_id, "--db", postgres_url])
        assert revoked.exit_code == 0, revoked.output
        for i in range(6):
            refused = httpx.post(
                f"{base}/v1/check",
                json={"messages": [message(f"after{i}")]},
                headers={"Authorization": f"Bearer {key}", "Connection": "close"},
            )
            assert refused.status_code == 401, refused.text


def test_serve_workers_above_1_needs_a_state_url(tmp_path: Path) -> None:
    db = str(tmp_path / "service.db")
    result = CliRunner().invoke(
        main, ["serve", "--db", db, "--workers", "2"], env={"CLEARLINE_STATE_URL": None}
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: --workers 2 needs --state-url redis://HOST:PORT/DB")
    assert "Traceback" not in result.output


def test_serve_workers_with_redis_down_refuses_to_start_with_one_clear_line(
    tmp_path: Path,
) -> None:
    require_redis()
    with running_redis() as server:
        url = server.url  # stopped on leaving: nothing answers there now
    db = str(tmp_path / "service.db")
    result = CliRunner().invoke(
        main, ["serve", "--db", db, "--state-url", url, "--workers", "2", "--port", "0"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the state store at {url} does not answer")
    assert "Traceback" not in result.output
