"""Audit retention: verdicts older than the retention go with their symbols, held text and index
entries, a bounded slice a round; newer ones stay; a resent old id is scored again."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, func, select, text

from clearline.adapters.http import scoring
from clearline.adapters.http.scoring import ScoringWorker
from clearline.model import Message
from clearline.policy import load_config
from clearline.storage import Database, open_database
from clearline.storage.audit_writer import ProcessAuditWriter
from clearline.storage.models import HeldMessage, VerdictRecord, VerdictSymbol
from clearline.storage.party_index import party_is, term

DAY = 86_400.0
OLD_SENDER = "+12125550100"
NEW_SENDER = "+12125550199"


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    yield opened
    opened.close()


def _lure(message_id: str, sender: str) -> Message:
    # Tagged or blocked, so its text is held and it has symbol rows.
    return Message(
        id=message_id,
        ts=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
        sender=sender,
        to="+14155550100",
        body="URGENT: your account is locked, verify your password at http://acme-secure.example/x",
    )


def _symbol_entries(connection: Connection, dialect: str) -> list[int]:
    """The verdict id of every entry of the audit's symbol index, one per (verdict, symbol)."""
    if dialect != "sqlite":
        return list(connection.scalars(select(VerdictSymbol.verdict_id)))
    match = text("SELECT rowid FROM verdict_party WHERE verdict_party MATCH :t")
    return [
        rowid
        for symbol in load_config().symbols
        for rowid in connection.scalars(match, {"t": "y" + symbol})
    ]


def _counts(database: Database) -> dict[str, int]:
    dialect = database.engine.dialect.name
    with database.engine.connect() as connection:
        entries = _symbol_entries(connection, dialect)
        stored = set(connection.scalars(select(VerdictRecord.id)))
        counts = {
            "verdicts": len(stored),
            "symbols": len(entries),
            "orphan symbols": sum(verdict_id not in stored for verdict_id in entries),
            "held": connection.scalar(select(func.count()).select_from(HeldMessage)),
            "found by old sender": connection.scalar(
                select(func.count()).where(party_is(dialect, "sender", OLD_SENDER))
            ),
        }
        if dialect == "sqlite":  # the index itself, not only what the column check lets through
            counts["indexed under old sender"] = connection.scalar(
                text("SELECT count(*) FROM verdict_party WHERE verdict_party MATCH :t"),
                {"t": term("sender", OLD_SENDER)},
            )
    return {name: int(value or 0) for name, value in counts.items()}


@pytest.mark.parametrize("mode", ["inline", "process"])
def test_verdicts_past_the_retention_go_a_slice_a_round(
    database: Database, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setattr(scoring, "PURGE_VERDICTS_PER_ROUND", 2)
    clock = [time.time() - 10 * DAY]
    monkeypatch.setattr(scoring.time, "time", lambda: clock[0])
    writer = ProcessAuditWriter(database.url) if mode == "process" else None
    worker = ScoringWorker(
        database,
        load_config(),
        30 * DAY,
        audit_retention_seconds=7 * DAY,
        audit_writer=writer,
    )
    run = worker._executor.submit
    try:
        run(worker.check_sync, [_lure(f"old{i}", OLD_SENDER) for i in range(3)]).result()
        clock[0] += 10 * DAY  # ten days later: an hour past the last purge, too
        before = _counts(database)
        run(worker.check_sync, [_lure("new0", NEW_SENDER)]).result()
        after_one_round = _counts(database)
        run(worker.check_sync, [_lure("new1", NEW_SENDER)]).result()
        after_two_rounds = _counts(database)
        resent = run(worker.check_sync, [_lure("old0", OLD_SENDER)]).result()
    finally:
        worker.close()
    per_verdict = before["symbols"] // 3
    indexed = "indexed under old sender"
    assert {k: v for k, v in before.items() if k != indexed} == {
        "verdicts": 3,
        "symbols": 3 * per_verdict,
        "orphan symbols": 0,
        "held": 3,
        "found by old sender": 3,
    }
    assert before.get(indexed, 3) == 3
    # Two of the three old verdicts go in the first round (the slice), with everything theirs.
    assert after_one_round["verdicts"] == 1 + 1 and after_one_round["held"] == 1 + 1
    assert after_one_round["found by old sender"] == 1
    assert after_one_round["orphan symbols"] == 0
    # The backlog continues in the next round; the new verdicts stay.
    assert after_two_rounds["verdicts"] == 2 and after_two_rounds["held"] == 2
    assert after_two_rounds["found by old sender"] == 0
    assert after_two_rounds.get(indexed, 0) == 0
    assert after_two_rounds["orphan symbols"] == 0 and after_two_rounds["symbols"] > 0
    assert resent.fresh == [True]  # its stored verdict went, so it is scored again
