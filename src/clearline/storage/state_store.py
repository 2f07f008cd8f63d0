"""A ``StateStore`` over the service database's ``state_entry`` table (SQLite or PostgreSQL).

It keeps the write-back design of ``clearline.state.sqlite``: each table caches what it read,
fetches the keys a batch needs with one ``SELECT ... IN`` (never one query per message), marks
writes dirty, and ``commit()`` writes every dirty key of every table in one transaction.

Two differences serve the HTTP service:

* every table lives in one SQL table keyed by ``(table_name, key)``, so the schema is fixed and
  owned by the migrations (no DDL at run time);
* window tables (``table(..., window=True)``: the analytics' sliding windows, which traffic
  rebuilds on its own) are read whole at first use and then live in memory, like the embedded
  store: new keys cost no query (see ``state/write_back.py``, "complete" tables; a ledger that is
  still empty, such as a registry nobody imported, costs no query either). They are written at
  ``close()`` (a clean shutdown or restart keeps them) and at ``checkpoint()``, or every
  ``checkpoint_seconds`` if set; ledgers (opt-outs,
  consent, registry, preferences) are written at every commit as before. A crash loses the
  window updates since the last checkpoint, never a STOP or any other ledger entry;
* ``unit_of_work()`` widens the transaction: inside it, the engine's per-batch ``commit()`` only
  flushes, and the caller writes the batch's audit rows on the same connection before the one real
  commit. A verdict is then recorded if and only if the state it depended on is.

The store is not thread-safe: one thread (the service's scoring worker) owns it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar, cast

import msgspec
from sqlalchemy import Connection, Engine, and_, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from clearline.state import Table
from clearline.state.write_back import CHUNK, Row, WriteBackTable
from clearline.storage.models import StateEntry
from clearline.storage.raw_sql import RawStatement, fetch_all, in_list

V = TypeVar("V")

_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")

_ANY_ROW = RawStatement("SELECT 1 FROM state_entry WHERE table_name = ? LIMIT 1")


@lru_cache(maxsize=64)
def _select_keys(count: int) -> RawStatement:
    # The hot read of every batch, on the driver (see ``raw_sql``: never a generic plan).
    return RawStatement(
        f"SELECT key, value, ts FROM state_entry WHERE table_name = ? AND key IN ({in_list(count)})"
    )


class SqlTable(WriteBackTable[V]):
    """One named table of a ``SqlStateStore``."""

    def __init__(
        self, store: SqlStateStore, name: str, value_type: type[V], *, window: bool = False
    ) -> None:
        super().__init__(value_type, window=window)
        self._store = store
        self.name = name

    def _load(self, keys: list[str]) -> Iterable[tuple[str, bytes, float]]:
        rows = fetch_all(self._store.connection, _select_keys(len(keys)), [self.name, *keys])
        return [(key, bytes(blob), ts) for key, blob, ts in rows]

    def _load_all(self) -> Iterable[tuple[str, bytes, float]]:
        rows = self._store.connection.execute(
            select(StateEntry.key, StateEntry.value, StateEntry.ts).where(
                StateEntry.table_name == self.name
            )
        )
        return [(key, blob, ts) for key, blob, ts in rows]

    def _stored_any(self) -> bool:
        return bool(fetch_all(self._store.connection, _ANY_ROW, [self.name]))

    def _delete_older(self, before: float) -> int:
        result = self._store.connection.execute(
            delete(StateEntry).where(
                and_(StateEntry.table_name == self.name, StateEntry.ts < before)
            )
        )
        self._store.wrote()
        return int(result.rowcount or 0)

    def _count_stored(self) -> int:
        count = self._store.connection.execute(
            select(func.count()).select_from(StateEntry).where(StateEntry.table_name == self.name)
        ).scalar_one()
        return int(count)

    def flush(self, connection: Connection) -> None:
        """Write this table's pending changes on ``connection`` (inside the open transaction)."""
        rows, deleted = self.take_pending()
        self._store.write(connection, {self.name: rows}, {self.name: deleted} if deleted else {})
        self.trim()

    def flush_pending(self) -> None:
        self.flush(self._store.connection)


class SqlStateStore:
    """Named ``SqlTable``s over one connection, committed together.

    Args:
        engine: the service database's engine; the store holds one connection from it.
        checkpoint_seconds: how often window tables are written (0: at every commit; ``None``,
            the default: only by ``checkpoint()`` and ``close()``).
    """

    def __init__(self, engine: Engine, checkpoint_seconds: float | None = None) -> None:
        self._engine = engine
        self.checkpoint_seconds = checkpoint_seconds
        self._checkpointed = time.monotonic()
        self.connection: Connection = engine.connect()
        self._tables: dict[str, SqlTable[Any]] = {}
        self._unit_depth = 0
        dialect = engine.dialect.name
        self._insert = postgresql.insert if dialect == "postgresql" else sqlite.insert

    def table(self, name: str, value_type: type[V], *, window: bool = False) -> Table[V]:
        if _TABLE_NAME.fullmatch(name) is None:
            raise ValueError(f"state table name must be lower_snake, got {name!r}")
        if name not in self._tables:
            self._tables[name] = SqlTable(self, name, value_type, window=window)
        return cast(Table[V], self._tables[name])

    def scan(self, name: str, value_type: type[V]) -> dict[str, V]:
        """Every value of table ``name``, for the service's listings (never for signals, which
        must read by key); pending writes are flushed into the open transaction first."""
        table = self._tables.get(name)
        if table is not None:
            table.flush(self.connection)
        decoder = msgspec.msgpack.Decoder(value_type)
        rows = self.connection.execute(
            select(StateEntry.key, StateEntry.value).where(StateEntry.table_name == name)
        )
        return {key: decoder.decode(blob) for key, blob in rows}

    def upsert_statement(self) -> Any:
        """INSERT ... ON CONFLICT (table_name, key) DO UPDATE, in this database's dialect."""
        statement = self._insert(StateEntry)
        return statement.on_conflict_do_update(
            index_elements=[StateEntry.table_name, StateEntry.key],
            set_={"value": statement.excluded.value, "ts": statement.excluded.ts},
        )

    def wrote(self) -> None:
        """Note a direct write (``expire``): commit it now unless a unit of work is open."""
        if self._unit_depth == 0:
            self.connection.commit()

    def write(
        self, connection: Connection, rows: dict[str, list[Row]], deleted: dict[str, list[str]]
    ) -> None:
        """Delete and upsert state rows (by table name): one upsert for every table's rows."""
        for name, keys in deleted.items():
            for start in range(0, len(keys), CHUNK):
                connection.execute(
                    delete(StateEntry).where(
                        and_(
                            StateEntry.table_name == name,
                            StateEntry.key.in_(keys[start : start + CHUNK]),
                        )
                    )
                )
        parameters = [
            {"table_name": name, "key": key, "value": value, "ts": ts}
            for name, table_rows in rows.items()
            for key, value, ts in table_rows
        ]
        if parameters:
            connection.execute(self.upsert_statement(), parameters)

    def _flush(self, *, checkpoint: bool = False) -> None:
        # Every table's dirty rows go into one executemany: a round touches ~30 tables, and one
        # statement instead of thirty is most of the flush's cost on SQLite and PostgreSQL.
        now = time.monotonic()
        interval = self.checkpoint_seconds
        if checkpoint or (interval is not None and now - self._checkpointed >= interval):
            checkpoint = True
            self._checkpointed = now
        flushed = [t for t in self._tables.values() if checkpoint or not t.window]
        rows: dict[str, list[Row]] = {}
        deleted: dict[str, list[str]] = {}
        for table in flushed:
            table_rows, table_deleted = table.take_pending()
            if table_rows:
                rows[table.name] = table_rows
            if table_deleted:
                deleted[table.name] = table_deleted
        self.write(self.connection, rows, deleted)
        for table in flushed:
            table.trim()

    def checkpoint(self) -> None:
        """Write every table now, windows included, and commit (outside a unit of work)."""
        self._flush(checkpoint=True)
        if self._unit_depth == 0:
            self.connection.commit()

    def commit(self) -> None:
        """Flush every table; commit unless inside ``unit_of_work`` (which commits at its end)."""
        self._flush()
        if self._unit_depth == 0:
            self.connection.commit()

    @contextmanager
    def unit_of_work(self) -> Iterator[Connection]:
        """One transaction for the engine's state and whatever the caller writes beside it.

        Yields the store's connection. On success everything is flushed and committed once; on an
        exception (the commit's included) the transaction rolls back and every cache is dropped,
        even when the rollback itself fails on a lost connection, so no table believes in a write
        that never reached the database.
        """
        self._unit_depth += 1
        try:
            yield self.connection
            if self._unit_depth == 1:
                self._flush()
                self.connection.commit()
        except BaseException:
            self._abandon()
            raise
        finally:
            self._unit_depth -= 1

    def _abandon(self) -> None:
        # Whatever happens to the rollback (a dead connection raises again), no table may keep
        # believing in a write that never reached the database.
        try:
            self.connection.rollback()
        finally:
            for table in self._tables.values():
                table.forget()

    def close(self) -> None:
        """Write everything (windows included), commit and release the connection."""
        try:
            self.checkpoint()
        finally:
            self.connection.close()
