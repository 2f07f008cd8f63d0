"""Database URLs, engines, sessions and the migrations applied on start.

``--db`` takes a SQLAlchemy URL (``sqlite:///clearline.db``,
``postgresql+psycopg://user@127.0.0.1:5432/clearline``), a bare ``postgresql://`` URL (the
psycopg 3 driver is the one installed) or a plain file path, which means SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

#: Where Alembic keeps the schema version, named so it cannot clash with an operator's tables.
VERSION_TABLE = "clearline_schema_version"

#: The table only a scan state file (``--state``) has; a service database never has it.
STATE_FILE_TABLE = "clearline_state_meta"

_MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(RuntimeError):
    """The database cannot be used; the message names it (without its password) and says why."""


def _why(exc: BaseException) -> str:
    """The reason in ``exc`` as one line: the driver's own message when SQLAlchemy wraps one.

    SQLAlchemy's text adds the statement and a "Background on this error" link on lines of their
    own, and psycopg's connection errors span lines; an error message is one line a person reads.
    """
    reason = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    return " ".join(reason.split()) or type(exc).__name__


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL for a ``--db`` value.

    Args:
        url: a SQLAlchemy URL, ``postgresql://...`` or a file path (SQLite).

    Returns:
        A URL with an explicit driver for PostgreSQL.
    """
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets API reads (key checks) proceed while the scoring worker writes; FULL makes a
    # commit durable before the verdict that depends on it leaves (like ``scan --state``).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(connection: Connection, revision: str = "head") -> None:
    """Apply the shipped migrations up to ``revision`` on ``connection`` (in its transaction)."""
    from alembic import command  # here: the audit writer process never migrates
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


class Database:
    """One database: its SQLAlchemy engine and a session factory.

    Attributes:
        url: the normalized URL (with any password; use ``display_url`` in messages).
        engine: the SQLAlchemy engine (a connection pool).
    """

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError as exc:
            raise DatabaseError(f"not a database URL: {url!r} ({exc})") from None
        self.display_url = parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database in ("", ":memory:"):
                # Every pooled connection would see its own empty database.
                raise DatabaseError("an in-memory SQLite database cannot be shared; give a file")
            kwargs["connect_args"] = {"timeout": 30.0}
        elif self.dialect != "postgresql":
            raise DatabaseError(
                f"unsupported database {self.display_url}: use SQLite or PostgreSQL"
            )
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise DatabaseError(f"cannot open {self.display_url}: {_why(exc)}") from None
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def check_not_state_file(self) -> None:
        """Refuse a ``--state`` file (``scan``'s state, see ``clearline.state.sqlite``): the
        service would add its own tables beside the scan's registry, consent and lists and never
        read them, so serving it would silently drop them.

        Raises:
            DatabaseError: the database is a scan state file, or cannot be read.
        """
        if self.dialect != "sqlite":
            return  # state files are SQLite only
        try:
            with self.engine.connect() as connection:
                tables = set(
                    connection.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type='table'"
                    ).scalars()
                )
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot open {self.display_url}: {_why(exc)}") from None
        if STATE_FILE_TABLE in tables and VERSION_TABLE not in tables:
            raise DatabaseError(
                f"{self.display_url} is a scan state file (`--state`), not a service database: "
                "give the service a database of its own and load the registry, consent and "
                "lists into it with `clearline registry|consent|lists import FILE --db URL`"
            )

    def upgrade(self) -> None:
        """Apply every migration not yet applied (creates the schema on a new database).

        Raises:
            DatabaseError: the database cannot be reached or migrated.
        """
        try:
            connection = self.engine.connect()
        except SQLAlchemyError as exc:  # no server there, wrong password, no such database
            raise DatabaseError(f"cannot reach {self.display_url}: {_why(exc)}") from None
        try:
            with connection, connection.begin():
                migrate(connection)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot migrate {self.display_url}: {_why(exc)}") from None

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url`` and, unless ``migrate`` is false, bring its schema up to date.

    Raises:
        DatabaseError: the URL is unusable, the database is a scan state file, or it cannot be
            reached or migrated.
    """
    database = Database(url)
    try:
        database.check_not_state_file()
        if migrate:
            database.upgrade()
    except DatabaseError:
        database.close()
        raise
    return database
