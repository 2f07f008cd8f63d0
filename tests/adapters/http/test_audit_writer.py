"""The audit written by a process of its own (``CLEARLINE_AUDIT_WRITER=process``): answers come
after the audit is committed, a write the database refuses is a 503 and the next round recovers,
and a writer that dies fails checks at once instead of hanging them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from pathlib import Path

import httpx

from http_support import Service, serving

MESSAGE = {
    "ts": "2026-11-23T12:00:00Z",
    "from": "+12125550100",
    "to": "+14155550100",
    "body": "URGENT: your account is locked, verify at http://acme-secure.example/x",
}


def _check(service: Service, *ids: str) -> httpx.Response:
    return service.check([{**MESSAGE, "id": i} for i in ids])


def _writer_processes() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "clearline-audit-writer"]


def test_a_verdict_is_in_the_audit_when_it_is_answered(tmp_path: Path) -> None:
    with serving(f"sqlite:///{tmp_path / 'c.db'}", audit_writer="process") as service:
        assert len(_writer_processes()) == 1
        answer = _check(service, "a1", "a2")
        audit = service.http.get(
            "/v1/audit", params={"sender": MESSAGE["from"]}, headers=service.headers()
        )
        again = _check(service, "a1")
    assert answer.status_code == 200
    assert sorted(v["id"] for v in audit.json()["verdicts"]) == ["a1", "a2"]
    assert again.json()["verdicts"] == answer.json()["verdicts"][:1]  # the stored verdict
    assert _writer_processes() == []  # stopped with the service


def test_a_refused_write_is_a_503_and_the_next_round_recovers(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with serving(f"sqlite:///{path}", audit_writer="process") as service:
        with sqlite3.connect(path) as db:
            db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON verdict "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        refused = _check(service, "r1")
        with sqlite3.connect(path) as db:
            db.execute("DROP TRIGGER refuse")
        resent = _check(service, "r1")
    assert refused.status_code == 503
    assert refused.json()["error"] == "unavailable"
    assert resent.status_code == 200 and resent.json()["verdicts"][0]["id"] == "r1"


def test_a_dead_writer_fails_checks_at_once(tmp_path: Path) -> None:
    with serving(f"sqlite:///{tmp_path / 'c.db'}", audit_writer="process") as service:
        (writer,) = _writer_processes()
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(10)
        answer = _check(service, "d1")
    assert answer.status_code == 503
