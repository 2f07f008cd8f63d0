"""State in one SQLite file (``--state PATH``): survives restarts, needs no server.

Each table is a write-back cache: reads fall through to SQLite for keys not yet cached (one
``SELECT ... IN`` per batch, never one per message), writes mark keys dirty, and ``commit()`` writes
every dirty key of every table in one transaction with ``synchronous=FULL``. The engine commits
before it returns a batch's verdicts, so a STOP is on disk before its verdict leaves.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Mapping
from typing import Any, TypeVar, cast

import msgspec

from clearline.state import Table

V = TypeVar("V")

_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
# SQLite's default limit on host parameters is 32766 in current builds; stay well under it.
_CHUNK = 900


class StateFileError(RuntimeError):
    """The state file cannot be used; the message says why and which file."""


class SqliteTable(Table[V]):
    """One key/value table inside a ``SqliteStateStore``."""

    def __init__(self, conn: sqlite3.Connection, name: str, value_type: type[V]) -> None:
        self._conn = conn
        self._sql_name = f"state_{name}"
        self._decoder = msgspec.msgpack.Decoder(value_type)
        self._encoder = msgspec.msgpack.Encoder()
        self._cache: dict[str, V] = {}
        self._stamps: dict[str, float] = {}
        self._dirty: set[str] = set()
        self._missing: set[str] = set()
        self.max_cached = 500_000
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self._sql_name} "
            "(key TEXT PRIMARY KEY, value BLOB NOT NULL, ts REAL NOT NULL)"
        )
        conn.execute(f"CREATE INDEX IF NOT EXISTS {self._sql_name}_ts ON {self._sql_name}(ts)")

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        cache = self._cache
        unknown = [k for k in keys if k not in cache and k not in self._missing]
        for start in range(0, len(unknown), _CHUNK):
            chunk = unknown[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT key, value, ts FROM {self._sql_name} WHERE key IN ({marks})", chunk
            ).fetchall()
            for key, blob, ts in rows:
                cache[key] = self._decoder.decode(blob)
                self._stamps[key] = ts
            self._missing.update(set(chunk) - {row[0] for row in rows})
        return {k: cache[k] for k in keys if k in cache}

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        self._cache.update(items)
        for key in items:
            self._stamps[key] = ts
            self._missing.discard(key)
        self._dirty.update(items)

    def delete_many(self, keys: Collection[str]) -> None:
        for key in keys:
            self._cache.pop(key, None)
            self._stamps.pop(key, None)
            self._dirty.discard(key)
            self._missing.add(key)
        self._conn.executemany(f"DELETE FROM {self._sql_name} WHERE key = ?", [(k,) for k in keys])

    def expire(self, before: float) -> int:
        old = [k for k, t in self._stamps.items() if t < before]
        for key in old:
            self._cache.pop(key, None)
            self._stamps.pop(key, None)
            self._dirty.discard(key)
        self._missing.clear()
        cursor = self._conn.execute(f"DELETE FROM {self._sql_name} WHERE ts < ?", (before,))
        return max(cursor.rowcount, len(old))

    def flush(self) -> None:
        """Write dirty keys (inside the store's open transaction)."""
        if not self._dirty:
            self._trim()
            return
        encode = self._encoder.encode
        rows = [(k, encode(self._cache[k]), self._stamps[k]) for k in self._dirty]
        self._conn.executemany(
            f"INSERT INTO {self._sql_name} (key, value, ts) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, ts = excluded.ts",
            rows,
        )
        self._dirty.clear()
        self._trim()

    def _trim(self) -> None:
        # Everything is on disk after a flush, so the cache can be dropped whenever it grows past
        # its bound: memory stays bounded however many keys a long run touches.
        if len(self._cache) + len(self._missing) > self.max_cached:
            self._cache.clear()
            self._stamps.clear()
            self._missing.clear()

    def __len__(self) -> int:
        row = self._conn.execute(f"SELECT count(*) FROM {self._sql_name}").fetchone()
        return int(row[0]) + sum(1 for k in self._dirty if k not in self._stamps)


class SqliteStateStore:
    """Named ``SqliteTable``s in one file, committed together."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(path, isolation_level="DEFERRED", timeout=5.0)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS clearline_state_meta (key TEXT PRIMARY KEY, value TEXT)"
            )
            self._conn.execute("INSERT OR IGNORE INTO clearline_state_meta VALUES ('format', '1')")
            self._conn.commit()
        except sqlite3.DatabaseError as exc:
            raise StateFileError(f"cannot use state file {path!r}: {exc}") from exc
        self._tables: dict[str, SqliteTable[Any]] = {}

    def table(self, name: str, value_type: type[V], *, window: bool = False) -> Table[V]:
        # Every table is committed at each commit: `scan --state` runs are replayable batch jobs.
        if _TABLE_NAME.fullmatch(name) is None:
            raise ValueError(f"state table name must be lower_snake, got {name!r}")
        if name not in self._tables:
            self._tables[name] = SqliteTable(self._conn, name, value_type)
            self._conn.commit()
        return cast(Table[V], self._tables[name])

    def commit(self) -> None:
        for table in self._tables.values():
            table.flush()
        self._conn.commit()

    def close(self) -> None:
        self.commit()
        self._conn.close()
