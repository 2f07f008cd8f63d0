"""The scoring round's raw statements: one transaction with SQLAlchemy's, SQLAlchemy's errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from clearline.adapters.http.scoring import ScoringWorker
from clearline.model import Action, Message, Reason, Verdict
from clearline.policy import load_config
from clearline.storage import Database, audit_writer, open_database
from clearline.storage.audit import find_verdicts, record_verdicts
from clearline.storage.models import HeldMessage, StateEntry, VerdictRecord, VerdictSymbol
from clearline.storage.party_index import symbol_fired
from clearline.storage.raw_sql import RawStatement
from clearline.storage.spam_folder import hold_messages
from clearline.storage.state_store import SqlStateStore


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    yield opened
    opened.close()


def _scored(message_id: str) -> tuple[Message, Verdict]:
    message = Message(
        id=message_id,
        ts=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
        sender="+12125550100",
        to="+14155550100",
        body="hello",
    )
    reasons = (
        Reason("FLOOD_IDENTICAL", 6.0, "7th in an hour"),
        Reason("FLOOD_IDENTICAL", 1.0, "again"),
    )
    return message, Verdict(message_id, Action.TAG, 7.0, reasons, "c1")


def test_recorded_verdicts_are_found_with_their_reasons_and_symbols(database: Database) -> None:
    ids = [f"m{i}" for i in range(1_000)]  # more than one IN (...) chunk of lookups
    with database.engine.connect() as connection:
        verdict_ids = record_verdicts(connection, [_scored(i) for i in ids], 1.0, {})
        held = hold_messages(connection, [_scored("m0"), _scored("m1")], verdict_ids[:2], 2.0)
        connection.commit()
        found = find_verdicts(connection, [*ids, "never"])
        dialect = connection.dialect.name
        by_symbol = {
            symbol: connection.scalars(
                select(VerdictRecord.message_id).where(symbol_fired(dialect, symbol))
            ).all()
            for symbol in ("FLOOD_IDENTICAL", "FLOOD", "BODY_EMPTY")
        }
        symbol_rows = (
            connection.execute(select(VerdictSymbol.verdict_id, VerdictSymbol.symbol)).all()
            if dialect == "postgresql"
            else None
        )
        bodies = connection.execute(
            select(VerdictRecord.message_id, HeldMessage.body).join(
                HeldMessage, HeldMessage.verdict_id == VerdictRecord.id
            )
        ).all()
    assert sorted(found) == sorted(ids)
    assert found["m999"] == _scored("m999")[1]
    # every verdict is found by the symbol that fired on it (twice), and only by that one
    assert sorted(by_symbol["FLOOD_IDENTICAL"]) == sorted(ids)
    assert by_symbol["FLOOD"] == by_symbol["BODY_EMPTY"] == []
    # PostgreSQL: one row per distinct symbol of each verdict (SQLite: terms of the FTS index)
    if dialect == "postgresql":
        assert sorted(symbol_rows) == sorted((i, "FLOOD_IDENTICAL") for i in verdict_ids)
    assert held == 2 and sorted(bodies) == [("m0", "hello"), ("m1", "hello")]


def test_a_driver_error_is_sqlalchemys_and_rolls_back_with_the_transaction(
    database: Database,
) -> None:
    with database.engine.connect() as connection:
        record_verdicts(connection, [_scored("a")], 1.0, {})
        message, verdict = _scored("b")
        # A message with no sender (a NOT NULL column), which the model itself would refuse:
        # a stand-in with the same fields, read by the writer as a Message is.
        fields = {name: getattr(message, name) for name in message.__struct_fields__}
        unsendable = cast(Message, SimpleNamespace(**{**fields, "sender": None}))
        with pytest.raises(IntegrityError):
            record_verdicts(connection, [_scored("c"), (unsendable, verdict)], 1.0, {})
        connection.rollback()
        count = connection.execute(select(func.count()).select_from(VerdictRecord)).scalar()
    assert count == 0  # the first insert was in the same, rolled-back transaction


def test_a_percent_sign_is_refused_in_raw_sql() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        RawStatement("SELECT 1 WHERE 'a' LIKE '%'")


def test_a_connection_lost_mid_round_leaves_the_engine_no_state_the_database_lacks(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server drops the scoring connection after the round flushed a ledger write: the
    round fails (a 503), and neither the engine's cache nor a later round keeps that write."""
    database = open_database(postgres_url)
    worker = ScoringWorker(database, load_config(), 0.0)
    run = worker._executor.submit  # the store belongs to the worker's thread
    ledger = run(lambda: worker.state.table("probe_ledger", str)).result()
    backend = run(lambda: worker.state.connection.exec_driver_sql("SELECT pg_backend_pid()"))
    pid = backend.result().scalar()

    def record_after_losing_the_connection(*args: Any, **kwargs: Any) -> Any:
        ledger.put_many({"+12125550100": "STOP"}, 1.0)  # a ledger write made during the round
        worker.state.commit()  # inside the round: flushed, not committed
        with database.engine.connect() as other:
            other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
        monkeypatch.undo()
        return record_verdicts(*args, **kwargs)

    # The round's audit goes through write_audit, which calls record_verdicts by this name.
    monkeypatch.setattr(audit_writer, "record_verdicts", record_after_losing_the_connection)
    try:
        with pytest.raises(DBAPIError):
            run(worker.check_sync, [_scored("m1")[0]]).result()
        assert run(worker.check_sync, [_scored("m2")[0]]).result().fresh == [True]  # reconnected
        assert run(lambda: ledger.get_many(["+12125550100"])).result() == {}
    finally:
        worker.close()
    with database.engine.connect() as connection:
        kept = connection.execute(
            select(StateEntry.key).where(StateEntry.table_name == "probe_ledger")
        ).all()
    database.close()
    assert kept == []


def test_lookups_are_never_prepared_on_postgresql(postgres_url: str) -> None:
    """A prepared lookup can keep a generic plan made while its table was empty (a sequential
    scan of the whole audit for every round, until autovacuum analyses it): the round's
    lookups are planned at each run, while its inserts stay prepared."""
    database = open_database(postgres_url)
    store = SqlStateStore(database.engine)
    table = store.table("probe_window", str)
    try:
        with database.engine.connect() as connection:
            for round_ in range(8):  # psycopg prepares what runs five times
                find_verdicts(connection, ["m1", "m2"])
                record_verdicts(connection, [_scored(f"r{round_}")], 1.0, {})
                connection.commit()
            for _ in range(8):
                table.get_many(["a", "b"])
                table.forget()  # type: ignore[attr-defined]
            prepared = [
                sql
                for connection_ in (connection, store.connection)
                for (sql,) in connection_.exec_driver_sql(
                    "SELECT statement FROM pg_prepared_statements"
                )
            ]
    finally:
        store.close()
        database.close()
    assert not [sql for sql in prepared if sql.lstrip().upper().startswith("SELECT")], prepared
    assert any("INSERT INTO verdict " in sql for sql in prepared), prepared
