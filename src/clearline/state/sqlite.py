"""State in one SQLite file (``--state PATH``): survives restarts, needs no server.

Each table is a write-back cache: reads fall through to SQLite for keys not yet cached (one
``SELECT ... IN`` per batch, never one per message), writes mark keys dirty, and ``commit()`` writes
every dirty key of every table in one transaction with ``synchronous=FULL``. The engine commits
before it returns a batch's verdicts, so a STOP is on disk before its verdict leaves.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from typing import Any, TypeVar, cast

from clearline.state import Merge, Table
from clearline.state.write_back import WriteBackTable

V = TypeVar("V")

_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


# How far the last unfinished `scan --state` got (clearline.scan_resume); one row, key 'scan'.
_CREATE_SCAN_PROGRESS = (
    "CREATE TABLE IF NOT EXISTS clearline_scan_progress (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
)

#: The table every state file has; the service database has none (see ``check_state_file``).
META_TABLE = "clearline_state_meta"

#: Tables only the service database (``clearline serve --db``) has: its Alembic version table
#: and the state table its migrations create.
SERVICE_TABLES = frozenset({"clearline_schema_version", "state_entry"})


class StateFileError(RuntimeError):
    """The state file cannot be used; the message says why and which file."""


def check_state_file(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a SQLite file that is not a scan state file before anything is written into it.

    A service database holds its registry, consent and lists elsewhere (``state_entry``): data
    imported with ``--state`` into it would never be seen by the service, and ``scan --state``
    on it would read none of the service's data. Another application's database is refused too.

    Raises:
        StateFileError: the file is a service database or another application's database.
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if tables & SERVICE_TABLES:
        raise StateFileError(
            f"{path} is a service database (`clearline serve --db`), not a state file: import "
            f"into it with `clearline registry|consent|lists import FILE --db {path}`, or give "
            "--state a file of its own"
        )
    if tables and META_TABLE not in tables:
        raise StateFileError(
            f"{path} is not a Clearline state file (it holds other tables, e.g. "
            f"{min(tables)!r}): give --state a file of its own"
        )


class SqliteTable(WriteBackTable[V]):
    """One key/value table inside a ``SqliteStateStore``."""

    def __init__(self, conn: sqlite3.Connection, name: str, value_type: type[V]) -> None:
        super().__init__(value_type)
        self._conn = conn
        self._sql_name = f"state_{name}"
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self._sql_name} "
            "(key TEXT PRIMARY KEY, value BLOB NOT NULL, ts REAL NOT NULL)"
        )
        conn.execute(f"CREATE INDEX IF NOT EXISTS {self._sql_name}_ts ON {self._sql_name}(ts)")

    def _load(self, keys: list[str]) -> list[tuple[str, bytes, float]]:
        marks = ",".join("?" * len(keys))
        return self._conn.execute(
            f"SELECT key, value, ts FROM {self._sql_name} WHERE key IN ({marks})", keys
        ).fetchall()

    def _load_all(self) -> list[tuple[str, bytes, float]]:
        return self._conn.execute(f"SELECT key, value, ts FROM {self._sql_name}").fetchall()

    def _stored_any(self) -> bool:
        return self._conn.execute(f"SELECT 1 FROM {self._sql_name} LIMIT 1").fetchone() is not None

    def _delete_older(self, before: float) -> int:
        cursor = self._conn.execute(f"DELETE FROM {self._sql_name} WHERE ts < ?", (before,))
        return cursor.rowcount

    def _count_stored(self) -> int:
        row = self._conn.execute(f"SELECT count(*) FROM {self._sql_name}").fetchone()
        return int(row[0])

    def flush(self) -> None:
        """Write pending changes (inside the store's open transaction)."""
        if self.pending:
            rows, deleted = self.take_pending()
            if deleted:
                self._conn.executemany(
                    f"DELETE FROM {self._sql_name} WHERE key = ?", [(k,) for k in deleted]
                )
            self._conn.executemany(
                f"INSERT INTO {self._sql_name} (key, value, ts) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, ts = excluded.ts",
                rows,
            )
        self.trim()

    def flush_pending(self) -> None:
        self.flush()


class SqliteStateStore:
    """Named ``SqliteTable``s in one file, committed together.

    Args:
        path: the state file (created when missing, unless ``read_only``).
        read_only: for commands that only read (``lint``, ``explain``): the file must exist (a
            mistyped path is an error, not an empty registry), and ``commit`` keeps the run's
            writes in memory only, so explaining a STOP records no opt-out.

    Raises:
        StateFileError: the file is missing (``read_only``), unreadable, or not a state file.
    """

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if "://" in path:
            raise StateFileError(
                f"{path} is a database URL, and --state takes a state file path: to import into "
                f"the service database, use --db {path}"
            )
        if read_only and not os.path.isfile(path):
            raise StateFileError(
                f"no state file {path}: it is created by `scan --state` or "
                "`registry|consent|lists import --state`"
            )
        try:
            self._conn = sqlite3.connect(path, isolation_level="DEFERRED", timeout=5.0)
        except sqlite3.DatabaseError as exc:
            raise StateFileError(f"cannot use state file {path!r}: {exc}") from exc
        try:
            check_state_file(self._conn, path)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute(
                f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)"
            )
            self._conn.execute(f"INSERT OR IGNORE INTO {META_TABLE} VALUES ('format', '1')")
            self._conn.commit()
        except (sqlite3.DatabaseError, StateFileError) as exc:
            self._conn.close()
            if isinstance(exc, StateFileError):
                raise
            raise StateFileError(f"cannot use state file {path!r}: {exc}") from exc
        self._tables: dict[str, SqliteTable[Any]] = {}
        self._commits_held = False

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
        # Every table is committed at each commit: `scan --state` runs are replayable batch jobs.
        if _TABLE_NAME.fullmatch(name) is None:
            raise ValueError(f"state table name must be lower_snake, got {name!r}")
        if name not in self._tables:
            self._tables[name] = SqliteTable(self._conn, name, value_type)
            if not self._commits_held:
                self._conn.commit()
        return cast(Table[V], self._tables[name])

    def commit(self) -> None:
        if self.read_only:
            # The run still reads its own writes from the tables' caches.
            for table in self._tables.values():
                table.take_pending()
            return
        for table in self._tables.values():
            table.flush()
        if not self._commits_held:
            self._conn.commit()

    @contextlib.contextmanager
    def holding_commits(self) -> Iterator[None]:
        """Within, ``commit()`` writes into the open transaction and ``commit_held()`` commits it.

        ``scan --state`` commits a batch's state together with its progress record (which needs
        the batch's verdicts, made after the engine's own commit). If the block fails, what was
        not yet committed is rolled back and the cached values forgotten, so the file never
        holds a batch's state without the progress record that says the batch was scanned.
        """
        self._commits_held = True
        try:
            yield
        except BaseException:
            self._conn.rollback()
            for table in self._tables.values():
                table.forget()
            raise
        finally:
            self._commits_held = False

    def commit_held(self) -> None:
        """Commit every table and the progress record now, even while commits are held."""
        for table in self._tables.values():
            table.flush()
        self._conn.commit()

    def read_scan_progress(self) -> bytes | None:
        """The progress record of the last ``scan`` on this file that did not finish, if any."""
        self._conn.execute(_CREATE_SCAN_PROGRESS)
        row = self._conn.execute("SELECT value FROM clearline_scan_progress WHERE key = 'scan'")
        found = row.fetchone()
        return bytes(found[0]) if found is not None else None

    def write_scan_progress(self, record: bytes | None) -> None:
        """Set (or with ``None`` clear) the progress record; the next commit makes it durable."""
        self._conn.execute(_CREATE_SCAN_PROGRESS)
        if record is None:
            self._conn.execute("DELETE FROM clearline_scan_progress WHERE key = 'scan'")
        else:
            self._conn.execute(
                "INSERT INTO clearline_scan_progress (key, value) VALUES ('scan', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (record,),
            )

    def rollback(self) -> None:
        # Every table is flushed at every commit, so the file holds exactly the last commit:
        # dropping the caches (values changed in place included) makes each table read that.
        try:
            self._conn.rollback()
        finally:
            for table in self._tables.values():
                table.forget()

    def close(self) -> None:
        self.commit()
        self._conn.close()
