"""The contract every state backend keeps, run against each one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from clearline.state import StateStore, open_state, open_state_url
from clearline.state.sqlite import StateFileError


class Window(msgspec.Struct):
    count: int = 0
    seen: list[str] = []


@pytest.fixture(params=["memory", "sqlite", "redis", "redis-cluster"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    if request.param.startswith("redis"):
        opened = open_state_url(
            request.getfixturevalue(
                "redis_cluster_url" if request.param == "redis-cluster" else "redis_standalone_url"
            )
        )
    else:
        opened = open_state(None if request.param == "memory" else str(tmp_path / "state.sqlite"))
    yield opened
    opened.close()


def test_values_round_trip_and_missing_keys_are_absent(store: StateStore) -> None:
    table = store.table("windows", Window)
    table.put_many({"a": Window(1, ["x"]), "b": Window(2, [])}, ts=100.0)
    store.commit()
    assert table.get_many(["a", "b", "zzz"]) == {"a": Window(1, ["x"]), "b": Window(2, [])}
    assert len(table) == 2


def test_expire_forgets_values_written_before_the_horizon(store: StateStore) -> None:
    table = store.table("windows", Window)
    table.put_many({"old": Window(1)}, ts=10.0)
    table.put_many({"new": Window(2)}, ts=500.0)
    store.commit()
    assert table.expire(before=100.0) >= 1
    store.commit()
    assert set(table.get_many(["old", "new"])) == {"new"}


def test_delete_many(store: StateStore) -> None:
    table = store.table("windows", Window)
    table.put_many({"a": Window(1), "b": Window(2)}, ts=1.0)
    table.delete_many(["a", "missing"])
    store.commit()
    assert set(table.get_many(["a", "b"])) == {"b"}


def test_rollback_undoes_every_write_since_the_commit_in_place_changes_included(
    store: StateStore,
) -> None:
    table = store.table("windows", Window)
    table.put_many({"kept": Window(1, ["a"]), "gone": Window(2), "old": Window(3)}, ts=10.0)
    store.commit()
    changed = table.get_many(["kept"])["kept"]
    changed.count += 1  # what signals do before they write a value back
    changed.seen.append("b")
    table.put_many({"kept": changed, "new": Window(9)}, ts=20.0)
    table.delete_many(["gone"])
    table.expire(before=15.0)
    store.rollback()
    both = {"kept": Window(1, ["a"]), "gone": Window(2), "old": Window(3)}
    assert table.get_many(["kept", "gone", "old", "new"]) == both
    assert table.expire(before=15.0) == 3  # their stamps came back too
    store.commit()
    store.rollback()  # nothing since the commit: nothing to undo
    assert table.get_many(["kept", "new"]) == {}


def test_sqlite_state_survives_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "state.sqlite")
    first = open_state(path)
    first.table("ledger", Window).put_many({"k": Window(7, ["stop"])}, ts=5.0)
    first.commit()
    # no close(): a crash right after commit must not lose the write
    second = open_state(path)
    assert second.table("ledger", Window).get_many(["k"]) == {"k": Window(7, ["stop"])}
    second.close()


def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database" * 100)
    with pytest.raises(StateFileError, match=r"notes\.txt"):
        open_state(str(path))


def test_sqlite_cache_stays_bounded_and_reads_fall_back_to_disk(tmp_path: Path) -> None:
    from clearline.state.sqlite import SqliteStateStore

    store = SqliteStateStore(str(tmp_path / "state.sqlite"))
    table = store.table("windows", Window)
    table.max_cached = 10  # type: ignore[attr-defined]
    table.put_many({f"k{i}": Window(i) for i in range(50)}, ts=1.0)
    store.commit()
    assert len(table._cache) == 0  # type: ignore[attr-defined]
    assert table.get_many(["k7", "k42"]) == {"k7": Window(7), "k42": Window(42)}
    store.close()
