"""Window tables are checkpointed on a timer; ledgers are durable at every commit."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest

from clearline.storage import Database, open_database
from clearline.storage.state_store import SqlStateStore


class Counter(msgspec.Struct):
    count: int = 0


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    yield opened
    opened.close()


def _read(database: Database, name: str) -> dict[str, Counter]:
    reader = SqlStateStore(database.engine)
    try:
        return reader.table(name, Counter).get_many(["k"])
    finally:
        reader.connection.close()


def test_a_ledger_is_written_at_every_commit_and_a_window_only_at_its_checkpoint(
    database: Database,
) -> None:
    store = SqlStateStore(database.engine, checkpoint_seconds=3600.0)
    store.table("ledger", Counter).put_many({"k": Counter(1)}, ts=1.0)
    store.table("hot", Counter, window=True).put_many({"k": Counter(2)}, ts=1.0)
    store.commit()
    assert _read(database, "ledger") == {"k": Counter(1)}
    assert _read(database, "hot") == {}  # not yet: the window waits for its checkpoint
    # The writer itself still sees its window.
    assert store.table("hot", Counter, window=True).get_many(["k"]) == {"k": Counter(2)}
    store.checkpoint()
    assert _read(database, "hot") == {"k": Counter(2)}
    store.close()


def test_close_writes_pending_windows(database: Database) -> None:
    store = SqlStateStore(database.engine, checkpoint_seconds=3600.0)
    store.table("hot", Counter, window=True).put_many({"k": Counter(5)}, ts=1.0)
    store.commit()
    store.close()
    assert _read(database, "hot") == {"k": Counter(5)}


def test_a_zero_interval_writes_windows_at_every_commit(database: Database) -> None:
    store = SqlStateStore(database.engine, checkpoint_seconds=0.0)
    store.table("hot", Counter, window=True).put_many({"k": Counter(3)}, ts=1.0)
    store.commit()
    assert _read(database, "hot") == {"k": Counter(3)}
    store.close()


def test_by_default_windows_wait_for_close_and_come_back_after_a_restart(
    database: Database,
) -> None:
    store = SqlStateStore(database.engine)
    hot = store.table("hot", Counter, window=True)
    hot.put_many({"k": Counter(4), "gone": Counter(1)}, ts=1.0)
    for _ in range(3):
        store.commit()
    assert _read(database, "hot") == {}
    hot.delete_many(["gone"])
    store.close()
    restarted = SqlStateStore(database.engine)
    assert restarted.table("hot", Counter, window=True).get_many(["k", "gone"]) == {"k": Counter(4)}
    restarted.close()
