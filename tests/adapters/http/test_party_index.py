"""The audit's index by sender and recipient: exact matches on both backends, kept by SQLite's
triggers through inserts, updates and deletes, and built for rows stored before the upgrade."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, delete, insert, select, text, update

from clearline.model import Action, Message, Reason, Verdict
from clearline.storage import Database, open_database
from clearline.storage.audit import record_verdicts
from clearline.storage.database import migrate
from clearline.storage.models import VerdictRecord
from clearline.storage.party_index import Party, party_is, term

# Look-alike values: a prefix of another, the same digits in the other role, an alphanumeric
# sender ID with a space and a hyphen, non-ASCII, and FTS5 query words.
SENDERS = ("+12125550100", "+1212555010", "ACME-BANK Alerts", "Zürich Bank", "OR", "NEAR")
RECIPIENTS = ("+14155550100", "+12125550100", "+1415555010")


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    yield opened
    opened.close()


def _rows() -> list[tuple[Message, Verdict]]:
    rows = []
    for i, (sender, to) in enumerate((s, r) for s in SENDERS for r in RECIPIENTS):
        message = Message(
            id=f"m{i}",
            ts=dt.datetime(2026, 11, 23, 12, i, tzinfo=dt.UTC),
            sender=sender,
            to=to,
            body="hi",
        )
        rows.append((message, Verdict(message.id, Action.TAG, 6.0, (Reason("X", 6.0, ""),))))
    return rows


def _ids(database: Database, *filters: tuple[Party, str]) -> set[str]:
    dialect = database.engine.dialect.name
    statement = select(VerdictRecord.message_id).where(
        *(party_is(dialect, party, value) for party, value in filters)
    )
    with database.engine.connect() as connection:
        return set(connection.scalars(statement))


def _expected(rows: list[tuple[Message, Verdict]], sender: str | None, to: str | None) -> set[str]:
    return {
        m.id
        for m, _ in rows
        if (sender is None or m.sender == sender) and (to is None or m.to == to)
    }


def test_a_search_by_party_finds_exactly_that_partys_rows(database: Database) -> None:
    rows = _rows()
    with database.engine.begin() as connection:
        record_verdicts(connection, rows, 1.0, {})
    for sender in SENDERS:
        assert _ids(database, ("sender", sender)) == _expected(rows, sender, None)
    for to in RECIPIENTS:
        assert _ids(database, ("recipient", to)) == _expected(rows, None, to)
    both = _ids(database, ("sender", "+12125550100"), ("recipient", "+12125550100"))
    assert both == _expected(rows, "+12125550100", "+12125550100") != set()
    assert _ids(database, ("sender", "+1212555")) == set()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_triggers_follow_updates_and_deletes(database: Database) -> None:
    rows = _rows()
    with database.engine.begin() as connection:
        record_verdicts(connection, rows, 1.0, {})
        connection.execute(delete(VerdictRecord).where(VerdictRecord.sender == "OR"))
        connection.execute(
            update(VerdictRecord).where(VerdictRecord.message_id == "m0").values(sender="+19")
        )
        indexed_or = connection.execute(
            text("SELECT count(*) FROM verdict_party WHERE verdict_party MATCH :t"),
            {"t": term("sender", "OR")},
        ).scalar_one()
    assert indexed_or == 0
    assert _ids(database, ("sender", "+19")) == {"m0"}
    assert "m0" not in _ids(database, ("sender", "+12125550100"))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_sqlite_search_by_party_reads_the_index_not_the_whole_audit(database: Database) -> None:
    # The folder's shape: a party, the filtered actions, newest first.
    statement = (
        select(VerdictRecord.id)
        .where(
            party_is("sqlite", "recipient", "+14155550100"),
            VerdictRecord.action.in_(("tag", "block")),
        )
        .order_by(VerdictRecord.ts.desc())
        .limit(100)
    )
    compiled = statement.compile(database.engine, compile_kwargs={"literal_binds": True})
    with database.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    steps = [str(row[-1]) for row in plan]
    assert "SEARCH verdict USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps
    assert any(step.startswith("SCAN verdict_party VIRTUAL TABLE") for step in steps), steps
    assert "SCAN verdict" not in steps, steps


def test_an_upgrade_indexes_the_rows_already_stored(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    engine = create_engine(url)
    with engine.begin() as connection:
        migrate(connection, "0003")
        connection.execute(  # as the audit was written before the index existed
            insert(VerdictRecord),
            [
                {
                    "message_id": m.id,
                    "ts": 0.0,
                    "received_at": 0.0,
                    "sender": m.sender,
                    "recipient": m.to,
                    "action": "tag",
                    "score": 6.0,
                    "symbols": "X",
                    "reasons": "[]",
                }
                for m, _ in _rows()
            ],
        )
    engine.dispose()
    database = open_database(url)  # migrates to the head
    try:
        assert _ids(database, ("sender", "Zürich Bank")) == _expected(_rows(), "Zürich Bank", None)
    finally:
        database.close()
