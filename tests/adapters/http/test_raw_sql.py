"""The scoring round's raw statements: one transaction with SQLAlchemy's, SQLAlchemy's errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clearline.model import Action, Message, Reason, Verdict
from clearline.storage import Database, open_database
from clearline.storage.audit import find_verdicts, record_verdicts
from clearline.storage.models import VerdictRecord, VerdictSymbol
from clearline.storage.raw_sql import RawStatement


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
    with database.engine.connect() as connection:
        record_verdicts(connection, [_scored("a"), _scored("b")], 1.0, {})
        connection.commit()
        found = find_verdicts(connection, ["a", "b", "never"])
        symbols = connection.execute(select(func.count()).select_from(VerdictSymbol)).scalar()
    assert sorted(found) == ["a", "b"]
    assert found["a"] == _scored("a")[1]
    assert symbols == 2  # one row per distinct symbol of each verdict


def test_a_driver_error_is_sqlalchemys_and_rolls_back_with_the_transaction(
    database: Database,
) -> None:
    with database.engine.connect() as connection:
        record_verdicts(connection, [_scored("a")], 1.0, {})
        with pytest.raises(IntegrityError):  # the same id twice: the unique index refuses it
            record_verdicts(connection, [_scored("b"), _scored("b")], 1.0, {})
        connection.rollback()
        count = connection.execute(select(func.count()).select_from(VerdictRecord)).scalar()
    assert count == 0  # the first insert was in the same, rolled-back transaction


def test_a_percent_sign_is_refused_in_raw_sql() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        RawStatement("SELECT 1 WHERE 'a' LIKE '%'")
