"""Plain SQL on a SQLAlchemy connection's own DB-API connection, for the scoring round's hot path.

Every ``POST /v1/check`` round looks up its message ids and writes one audit row, its symbol rows
and the held text of each filtered message. Through SQLAlchemy Core those statements cost about
20 µs a message in parameter processing alone, a quarter of the service's time per message; the
drivers' own ``executemany`` (sqlite3's C loop, psycopg's pipeline) does the same work in a few.
Everything else keeps using SQLAlchemy.

The statements run on the very DB-API connection the SQLAlchemy ``Connection`` holds, inside its
open transaction (``begun`` makes sure there is one), so they commit or roll back with the
engine's state. Driver errors are raised as SQLAlchemy's ``DBAPIError`` (with the driver's error
chained), so callers catch one family of errors whatever ran the statement, and a lost
connection is invalidated as SQLAlchemy's own execution does (its rollback then succeeds and the
next use reconnects).

SQL is written with ``?`` placeholders and translated once per dialect (psycopg uses ``%s``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


class RawStatement:
    """One SQL statement, written with ``?`` placeholders, ready for either supported driver."""

    __slots__ = ("_by_style", "sql")

    def __init__(self, sql: str) -> None:
        if "%" in sql:
            raise ValueError("write '%' nowhere in raw SQL: psycopg would read it as a placeholder")
        self.sql = sql
        self._by_style = {"qmark": sql, "format": sql.replace("?", "%s")}
        self._by_style["pyformat"] = self._by_style["format"]

    def text(self, connection: Connection) -> str:
        """The statement in the placeholder style of ``connection``'s driver."""
        return self._by_style[connection.dialect.paramstyle]


def begun(connection: Connection) -> None:
    """Open SQLAlchemy's transaction if it is not open yet, so a raw write commits with it."""
    if not connection.in_transaction():
        connection.begin()


@contextmanager
def _cursor(connection: Connection, statement: str) -> Iterator[Any]:
    begun(connection)
    dbapi = connection.connection.dbapi_connection
    if dbapi is None:  # pragma: no cover - only after the connection was invalidated
        raise RuntimeError("the database connection was closed")
    dialect = connection.dialect
    cursor = None
    try:
        cursor = dbapi.cursor()
        yield cursor
    except dialect.loaded_dbapi.Error as exc:
        # As SQLAlchemy's own execution does: a lost connection is invalidated, so the caller's
        # rollback succeeds and the next use reconnects instead of failing on a dead socket.
        lost = bool(dialect.is_disconnect(exc, dbapi, cursor))
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            statement,
            None,
            exc,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from exc
    finally:
        if cursor is not None:
            with suppress(dialect.loaded_dbapi.Error):
                cursor.close()


def execute_many(
    connection: Connection, statement: RawStatement, rows: Sequence[Sequence[Any]]
) -> None:
    """Run ``statement`` once per row of parameters (the driver's ``executemany``)."""
    if not rows:
        return
    sql = statement.text(connection)
    with _cursor(connection, sql) as cursor:
        cursor.executemany(sql, rows)


def fetch_all(
    connection: Connection, statement: RawStatement, parameters: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """Run a query and return its rows as tuples.

    On PostgreSQL the query is never a prepared statement: psycopg prepares a statement run
    five times, and the server may then keep one generic plan for it. Planned while the audit
    was nearly empty, the id lookup of every round stayed a sequential scan (1.3 ms a message
    at 80,000 rows) until autovacuum's ANALYZE replaced it; a lookup planned each time sees the
    table as it is. (Setting ``plan_cache_mode`` for the whole connection cured it too, but
    re-planned every audit insert: 23 % more server time.)
    """
    sql = statement.text(connection)
    with _cursor(connection, sql) as cursor:
        if connection.dialect.driver == "psycopg":
            cursor.execute(sql, parameters, prepare=False)
        else:
            cursor.execute(sql, parameters)
        return [tuple(row) for row in cursor.fetchall()]


def in_list(count: int) -> str:
    """``?, ?, ...``: the placeholders of an ``IN (...)`` of ``count`` values."""
    return ", ".join("?" * count)


def chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    """``values`` in slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
