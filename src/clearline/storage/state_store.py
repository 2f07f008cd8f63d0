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
  commit. A verdict is then recorded if and only if the state it depended on is;
* ``unit_of_work(deferred=ops)`` goes further for the audit writer process: nothing is written
  on the store's connection (it only reads); every flush and expiry is appended to ``ops``
  (``StateOp``s) for the writer to apply in the same transaction as the round's audit
  (``apply_state_ops``). The caches hold the values in flight, so reads stay right as long as no
  cache is dropped before the writer has committed: the caller settles the writer first
  (``oversized()`` says when a table wants trimming; a failure forgets every cache).

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

from clearline.state import Merge, Table
from clearline.state.write_back import CHUNK, Row, WriteBackTable
from clearline.storage.models import StateEntry
from clearline.storage.raw_sql import RawStatement, fetch_all, in_list

V = TypeVar("V")

_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")

_ANY_ROW = RawStatement("SELECT 1 FROM state_entry WHERE table_name = ? LIMIT 1")


class WriteOp(msgspec.Struct, tag="write", array_like=True):
    """Upsert ``rows`` and delete ``deleted`` keys, by table name."""

    rows: dict[str, list[Row]]
    deleted: dict[str, list[str]]


class ExpireOp(msgspec.Struct, tag="expire", array_like=True):
    """Delete the rows of table ``table`` stamped before ``before``."""

    table: str
    before: float


#: One deferred change to ``state_entry``, applied in order by ``apply_state_ops``.
StateOp = WriteOp | ExpireOp


@lru_cache(maxsize=4)
def _upsert_statement(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(StateEntry)
    return statement.on_conflict_do_update(
        index_elements=[StateEntry.table_name, StateEntry.key],
        set_={"value": statement.excluded.value, "ts": statement.excluded.ts},
    )


def write_state(
    connection: Connection, rows: dict[str, list[Row]], deleted: dict[str, list[str]]
) -> None:
    """Delete and upsert state rows (by table name) on ``connection``, in its transaction: one
    upsert for every table's rows."""
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
        connection.execute(_upsert_statement(connection.dialect.name), parameters)


def expire_state(connection: Connection, table: str, before: float) -> int:
    """Delete table ``table``'s rows stamped before ``before``; return how many."""
    result = connection.execute(
        delete(StateEntry).where(and_(StateEntry.table_name == table, StateEntry.ts < before))
    )
    return int(result.rowcount or 0)


def apply_state_ops(connection: Connection, ops: list[StateOp]) -> None:
    """Apply deferred changes in the order they were made (the audit writer's side)."""
    for op in ops:
        if isinstance(op, WriteOp):
            write_state(connection, op.rows, op.deleted)
        else:
            expire_state(connection, op.table, op.before)


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
        return self._store.expire_rows(self.name, before)

    def _count_stored(self) -> int:
        count = self._store.connection.execute(
            select(func.count()).select_from(StateEntry).where(StateEntry.table_name == self.name)
        ).scalar_one()
        return int(count)

    def flush(self, connection: Connection) -> None:
        """Write this table's pending changes on ``connection`` (inside the open transaction)."""
        rows, deleted = self.take_pending()
        self._store.write(connection, {self.name: rows}, {self.name: deleted} if deleted else {})
        if not self._store.deferring:
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
        self._deferred: list[StateOp] | None = None

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
        if _TABLE_NAME.fullmatch(name) is None:
            raise ValueError(f"state table name must be lower_snake, got {name!r}")
        if name not in self._tables:
            self._tables[name] = self._new_table(name, value_type, window=window)
        return cast(Table[V], self._tables[name])

    def _new_table(self, name: str, value_type: type[V], *, window: bool) -> SqlTable[V]:
        # (``SharedStateStore`` reads its ledgers through a Redis cache)
        return SqlTable(self, name, value_type, window=window)

    def _commit(self) -> None:
        # Every commit of the store's transaction goes through here (``SharedStateStore``
        # publishes its cache entries once the commit has landed).
        self.connection.commit()

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

    def expire_rows(self, name: str, before: float) -> int:
        """Delete table ``name``'s stored rows stamped before ``before`` (deferred inside
        ``unit_of_work(deferred=...)``, committed at once outside any unit of work)."""
        if self._deferred is not None:
            self._deferred.append(ExpireOp(name, before))
            return 0
        count = expire_state(self.connection, name, before)
        if self._unit_depth == 0:
            self._commit()
        return count

    def write(
        self, connection: Connection, rows: dict[str, list[Row]], deleted: dict[str, list[str]]
    ) -> None:
        """Delete and upsert state rows (by table name), or defer them (see the module doc)."""
        if self._deferred is not None:
            if any(rows.values()) or deleted:
                self._deferred.append(WriteOp(rows, deleted))
            return
        write_state(connection, rows, deleted)

    @property
    def deferring(self) -> bool:
        """Whether writes are being deferred (inside ``unit_of_work(deferred=...)``)."""
        return self._deferred is not None

    def oversized(self) -> bool:
        """Whether a table's cache has outgrown its bound (``trim_all`` would drop it)."""
        return any(table.outgrown for table in self._tables.values())

    def trim_all(self) -> None:
        """Drop the caches that outgrew their bound (nothing may be in flight)."""
        for table in self._tables.values():
            table.trim()

    def forget_all(self) -> None:
        """Drop every cache, pending writes included (after writes in flight were refused)."""
        for table in self._tables.values():
            table.forget()

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
        if self._deferred is None:  # a deferred round's rows are in flight: see ``trim_all``
            for table in flushed:
                table.trim()

    def checkpoint(self) -> None:
        """Write every table now, windows included, and commit (outside a unit of work)."""
        self._flush(checkpoint=True)
        if self._unit_depth == 0:
            self._commit()

    def commit(self) -> None:
        """Flush every table; commit unless inside ``unit_of_work`` (which commits at its end)."""
        self._flush()
        if self._unit_depth == 0:
            self._commit()

    @contextmanager
    def unit_of_work(self, deferred: list[StateOp] | None = None) -> Iterator[Connection]:
        """One transaction for the engine's state and whatever the caller writes beside it.

        Yields the store's connection. On success everything is flushed and committed once; on an
        exception (the commit's included) the transaction rolls back and every cache is dropped,
        even when the rollback itself fails on a lost connection, so no table believes in a write
        that never reached the database. With ``deferred`` (outermost unit only) the state's
        changes are appended there instead of written, and the connection only reads.
        """
        if deferred is not None and self._unit_depth:
            raise RuntimeError("a deferred unit of work cannot nest in another")
        self._unit_depth += 1
        self._deferred = deferred if deferred is not None else self._deferred
        try:
            yield self.connection
            if self._unit_depth == 1:
                self._flush()
                self._commit()
        except BaseException:
            self._abandon()
            raise
        finally:
            self._unit_depth -= 1
            if self._unit_depth == 0:
                self._deferred = None

    def rollback(self) -> None:
        """Undo the writes since the last commit: the transaction rolls back and every cache is
        dropped, so window updates not yet checkpointed are lost with them (as after a failed
        round). Inside a unit of work, the caller's exception ends it the same way."""
        self._abandon()

    def _abandon(self) -> None:
        # Whatever happens to the rollback (a dead connection raises again), no table may keep
        # believing in a write that never reached the database.
        try:
            self.connection.rollback()
        finally:
            self.forget_all()

    def close(self) -> None:
        """Write everything (windows included), commit and release the connection."""
        try:
            self.checkpoint()
        finally:
            self.connection.close()
