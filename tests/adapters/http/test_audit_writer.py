"""The state and audit written by a process of their own (``CLEARLINE_AUDIT_WRITER=process``, the
default): answers come after the round's state and audit are committed together, a write the
database refuses is a 503 that leaves neither (and the next round recovers), rounds in flight are
read back whenever a cache is dropped, and a writer that dies fails checks at once instead of
hanging them."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from clearline.adapters.http.scoring import ScoringWorker
from clearline.model import Action, Message, Verdict
from clearline.policy import load_config
from clearline.storage import open_database
from clearline.storage.audit_writer import AuditRound, AuditWriteError, ProcessAuditWriter
from clearline.storage.state_store import SqlStateStore, StateOp, WriteOp
from http_support import Service, serving

SUBSCRIBER, BRAND = "+14155550100", "+12125550123"

MESSAGE = {
    "ts": "2026-11-23T12:00:00Z",
    "from": "+12125550100",
    "to": "+14155550100",
    "body": "URGENT: your account is locked, verify at http://acme-secure.example/x",
}


def _check(service: Service, *ids: str) -> httpx.Response:
    return service.check([{**MESSAGE, "id": i} for i in ids])


def _writer_pids() -> list[int]:
    """This process's children running the audit writer."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"clearline.storage.audit_writer" in command:
            pids.append(int(entry.name))
    return pids


def _symbols(response: httpx.Response) -> set[str]:
    return {r["symbol"] for r in response.json()["verdicts"][0]["reasons"]}


def _between(
    service: Service, message_id: str, sender: str, to: str, body: str, hour: int = 12
) -> httpx.Response:
    message = {"id": message_id, "ts": f"2026-11-23T{hour}:00:00Z", "from": sender, "to": to}
    return service.check([{**message, "body": body}])


def test_a_verdict_is_in_the_audit_when_it_is_answered(tmp_path: Path) -> None:
    with serving(f"sqlite:///{tmp_path / 'c.db'}") as service:  # the default
        assert len(_writer_pids()) == 1
        answer = _check(service, "a1", "a2")
        audit = service.http.get(
            "/v1/audit", params={"sender": MESSAGE["from"]}, headers=service.headers()
        )
        again = _check(service, "a1")
    assert answer.status_code == 200
    assert sorted(v["id"] for v in audit.json()["verdicts"]) == ["a1", "a2"]
    assert again.json()["verdicts"] == answer.json()["verdicts"][:1]  # the stored verdict
    assert _writer_pids() == []  # stopped with the service


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
        (writer,) = _writer_pids()
        os.kill(writer, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while writer in _writer_pids() and time.monotonic() < deadline:
            time.sleep(0.01)
        answer = _check(service, "d1")
        again = _check(service, "d2")
    assert answer.status_code == 503 and again.status_code == 503


def test_with_a_dead_writer_nothing_is_scored(tmp_path: Path) -> None:
    """A round fails before scoring: the engine's memory never runs ahead of the database."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    writer = ProcessAuditWriter(database.url)
    worker = ScoringWorker(database, load_config(), 0.0, audit_writer=writer)
    run = worker._executor.submit
    try:
        os.kill(writer.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not writer.stopped and time.monotonic() < deadline:
            time.sleep(0.01)
        stop = _message("stop", SUBSCRIBER, BRAND, "STOP", 0)
        with pytest.raises(AuditWriteError, match="stopped"):
            run(worker.check_sync, [stop]).result()
        checked = worker.checked
    finally:
        worker.close()
        database.close()
    assert checked == 0


def test_a_stop_whose_round_is_refused_is_not_taken(tmp_path: Path) -> None:
    """State and audit commit together: a STOP answered 503 left no opt-out behind (neither in
    the database nor in the engine's memory), so the sender may still text; resent, it holds."""
    path = tmp_path / "c.db"
    with serving(f"sqlite:///{path}") as service:
        with sqlite3.connect(path) as db:
            db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON verdict "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        refused = _between(service, "stop-1", SUBSCRIBER, BRAND, "STOP")
        with sqlite3.connect(path) as db:
            db.execute("DROP TRIGGER refuse")
            stored = db.execute("SELECT count(*) FROM state_entry WHERE table_name = 'optout'")
            opt_outs = stored.fetchone()[0]
        before = _between(service, "sale-1", BRAND, SUBSCRIBER, "Big sale today", 14)
        resent = _between(service, "stop-1", SUBSCRIBER, BRAND, "STOP")
        after = _between(service, "sale-2", BRAND, SUBSCRIBER, "Big sale today", 15)
    assert refused.status_code == 503
    assert opt_outs == 0
    assert "OPT_OUT_IGNORED" not in _symbols(before)
    assert resent.status_code == 200
    assert after.json()["verdicts"][0]["action"] == "block"
    assert "OPT_OUT_IGNORED" in _symbols(after)


def test_the_writer_refuses_rounds_after_a_failure_until_reset(tmp_path: Path) -> None:
    """Rounds sent after a failed one were scored on state that was never written: the writer
    refuses them until the service has dropped its caches and reset it."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    writer = ProcessAuditWriter(database.url)
    now = time.time()

    def state_round(table: str) -> AuditRound:
        return AuditRound([], now, {}, False, state=[WriteOp({table: [("k", b"v", now)]}, {})])

    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON state_entry WHEN NEW.table_name = 'bad' "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        with pytest.raises(AuditWriteError, match="disk full"):
            writer.submit(state_round("bad")).result(30)
        assert writer.failed
        with pytest.raises(AuditWriteError, match="refused after an earlier round failed"):
            writer.submit(state_round("after")).result(30)
        writer.settle()
        writer.reset()
        writer.submit(state_round("good")).result(30)
        with database.engine.connect() as connection:
            tables = connection.exec_driver_sql("SELECT table_name FROM state_entry").all()
    finally:
        writer.close()
        database.close()
    assert [name for (name,) in tables] == ["good"]


def _message(message_id: str, sender: str, to: str, body: str, minute: int) -> Message:
    moment = dt.datetime(2026, 11, 23, 12, minute, tzinfo=dt.UTC)
    return Message(id=message_id, ts=moment, sender=sender, to=to, body=body)


def test_a_cache_dropped_while_rounds_are_in_flight_reads_them_back(tmp_path: Path) -> None:
    """A STOP still in flight when the opt-out ledger's cache outgrows its bound: the next
    round waits for it to commit before dropping the cache and reading the ledger again, so
    the STOP holds (read too early, the database would not have it yet)."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    writer = ProcessAuditWriter(database.url)
    worker = ScoringWorker(database, load_config(), 0.0, audit_writer=writer)
    run = worker._executor.submit  # the state store belongs to the worker's thread
    try:
        run(worker.check_sync, [_message("warm", BRAND, SUBSCRIBER, "hello", 0)]).result()
        for table in worker.state._tables.values():
            table.max_cached = 0  # every cache that holds anything has outgrown its bound
        os.kill(writer.pid, signal.SIGSTOP)  # the next round stays in flight
        resume = threading.Timer(0.5, os.kill, (writer.pid, signal.SIGCONT))
        resume.start()
        try:
            stop = _message("stop", SUBSCRIBER, BRAND, "STOP", 1)
            _, in_flight = run(worker._check_round, [stop]).result()
            assert in_flight is not None and not in_flight.done()
            sale = _message("sale", BRAND, SUBSCRIBER, "Big sale today", 59)
            after = run(worker.check_sync, [sale]).result().verdicts[0]
        finally:
            resume.cancel()
            os.kill(writer.pid, signal.SIGCONT)
    finally:
        worker.close()
        database.close()
    assert after.action.value == "block"
    assert "OPT_OUT_IGNORED" in {r.symbol for r in after.reasons}


def test_a_round_that_fails_after_parts_were_sent_leaves_none_of_them(tmp_path: Path) -> None:
    """A round is scored and sent in parts of 100; when scoring fails after parts went to the
    writer, the writer rolls them back with the round (no verdict of it, no opt-out), and a
    round of several parts afterwards is recorded whole."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    writer = ProcessAuditWriter(database.url)
    worker = ScoringWorker(database, load_config(), 0.0, audit_writer=writer)
    run = worker._executor.submit  # the state store belongs to the worker's thread
    score_batch = worker.engine.score_batch
    calls = 0

    def fail_on_the_third_part(messages: list[Message]) -> list[Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the engine failed")
        return score_batch(messages)

    stop = _message("f-stop", SUBSCRIBER, BRAND, "STOP", 0)
    first = [stop] + [_message(f"f{n}", BRAND, f"+1415555{n:04d}", "hi", 0) for n in range(249)]
    second = [_message(f"s{n}", BRAND, f"+1415556{n:04d}", "hi", 1) for n in range(250)]
    try:
        worker.engine.score_batch = fail_on_the_third_part  # type: ignore[method-assign]
        with pytest.raises(RuntimeError, match="the engine failed"):
            run(worker.check_sync, first).result()
        worker.engine.score_batch = score_batch  # type: ignore[method-assign]
        answered = run(worker.check_sync, second).result()
        sale = _message("sale", BRAND, SUBSCRIBER, "Big sale today", 59)
        after = run(worker.check_sync, [sale]).result().verdicts[0]
        with database.engine.connect() as connection:
            audited = connection.exec_driver_sql("SELECT message_id FROM verdict").all()
    finally:
        worker.close()
        database.close()
    assert len(answered.verdicts) == 250
    assert sorted(m for (m,) in audited) == sorted([*(m.id for m in second), "sale"])
    assert "OPT_OUT_IGNORED" not in {r.symbol for r in after.reasons}  # the STOP went with it


def test_a_resent_id_is_answered_only_once_its_first_round_is_committed(tmp_path: Path) -> None:
    """A resend of an id still in flight gets the verdict from memory, but only once the round
    carrying it commits; if that round is refused, so is the resend (never a 200 for a
    verdict the audit does not hold)."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON verdict WHEN NEW.message_id = 'x1' "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    writer = ProcessAuditWriter(database.url)
    worker = ScoringWorker(database, load_config(), 0.0, audit_writer=writer)
    run = worker._executor.submit
    try:
        run(worker.check_sync, [_message("warm", BRAND, SUBSCRIBER, "hello", 0)]).result()
        os.kill(writer.pid, signal.SIGSTOP)  # the first round stays in flight
        try:
            first = _message("x1", BRAND, SUBSCRIBER, "hello", 1)
            _, first_written = run(worker._check_round, [first]).result()
            result, resend_written = run(worker._check_round, [first]).result()
        finally:
            os.kill(writer.pid, signal.SIGCONT)
        assert result.fresh == [False]  # answered from memory, not scored twice
        assert resend_written is not None  # ... and only after a commit
        assert first_written is not None
        with pytest.raises(AuditWriteError, match="disk full"):
            first_written.result(30)
        with pytest.raises(AuditWriteError):
            resend_written.result(30)
    finally:
        worker.close()
        database.close()


def test_an_expiry_in_flight_hides_the_rows_it_deletes(tmp_path: Path) -> None:
    """A sweep's deletion waits for the writer; meanwhile a row it expired is not read back
    from the database as if it were still current."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    store = SqlStateStore(database.engine)
    table = store.table("probe_domains", str)
    try:
        with store.unit_of_work():
            table.put_many({"old.example": "seen"}, 100.0)
        table.forget()  # a restart or a trim: the cache no longer holds it
        deferred: list[StateOp] = []
        with store.unit_of_work(deferred):
            table.expire(200.0)
            read = table.get_many(["old.example"])
    finally:
        store.close()
        database.close()
    assert read == {}
    assert deferred  # the deletion travels to the writer


def test_a_whole_round_is_not_rolled_back_with_a_streamed_round_after_it(
    tmp_path: Path,
) -> None:
    """The writer commits the whole rounds waiting before a round that arrives in parts, so
    an abort of the latter leaves the former recorded."""
    database = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    writer = ProcessAuditWriter(database.url)
    now = time.time()
    sent = _message("w1", BRAND, SUBSCRIBER, "hi", 0)
    whole = AuditRound([(sent, _verdict("w1"))], now, {}, False)
    part = AuditRound(
        [(_message("p1", BRAND, SUBSCRIBER, "hi", 0), _verdict("p1"))], now, {}, False, more=True
    )
    try:
        os.kill(writer.pid, signal.SIGSTOP)  # both wait in the socket, to be read together
        try:
            whole_written = writer.submit(whole)
            part_written = writer.submit(part)
            writer.abort()
        finally:
            os.kill(writer.pid, signal.SIGCONT)
        whole_written.result(30)
        with pytest.raises(AuditWriteError, match="abandoned"):
            part_written.result(30)
        with database.engine.connect() as connection:
            audited = connection.exec_driver_sql("SELECT message_id FROM verdict").all()
    finally:
        writer.close()
        database.close()
    assert audited == [("w1",)]


def _verdict(message_id: str) -> Verdict:
    return Verdict(message_id, Action.DELIVER, 0.0, (), None)
