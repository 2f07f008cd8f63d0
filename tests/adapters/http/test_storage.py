"""The SQL storage under the service: the state-store contract, transactions and migrations."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect, select, text

from clearline.compliance.store import ComplianceStore
from clearline.storage import Database, DatabaseError, normalize_url, open_database
from clearline.storage.audit import find_verdicts
from clearline.storage.database import _MIGRATIONS as MIGRATIONS
from clearline.storage.database import VERSION_TABLE, migrate
from clearline.storage.models import Base, ServiceSecret, VerdictRecord
from clearline.storage.party_index import (
    POSTGRESQL_ONLY_INDEXES,
    POSTGRESQL_ONLY_TABLES,
    SQLITE_TABLES,
    in_models,
    index_rows,
    symbol_fired,
)
from clearline.storage.service_secrets import WEB_SESSION, rotate_session_secret, session_secret
from clearline.storage.spam_folder import find_entry, folder
from clearline.storage.state_store import SqlStateStore
from compliance_fixtures import REGISTRY, SHOP


class Window(msgspec.Struct):
    count: int = 0
    seen: list[str] = []


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    yield opened
    opened.close()


@pytest.fixture
def store(database: Database) -> Iterator[SqlStateStore]:
    opened = SqlStateStore(database.engine)
    yield opened
    opened.close()


def test_values_round_trip_and_missing_keys_are_absent(store: SqlStateStore) -> None:
    table = store.table("windows", Window)
    table.put_many({"a": Window(1, ["x"]), "b": Window(2, [])}, ts=100.0)
    store.commit()
    assert table.get_many(["a", "b", "zzz"]) == {"a": Window(1, ["x"]), "b": Window(2, [])}
    assert len(table) == 2


def test_tables_with_the_same_keys_do_not_mix(store: SqlStateStore) -> None:
    store.table("left", Window).put_many({"k": Window(1)}, ts=1.0)
    store.table("right", Window).put_many({"k": Window(2)}, ts=1.0)
    store.commit()
    assert store.table("left", Window).get_many(["k"]) == {"k": Window(1)}
    assert len(store.table("right", Window)) == 1


def test_expire_and_delete_forget_values(store: SqlStateStore) -> None:
    table = store.table("windows", Window)
    table.put_many({"old": Window(1), "gone": Window(3)}, ts=10.0)
    table.put_many({"new": Window(2)}, ts=500.0)
    store.commit()
    table.delete_many(["gone", "missing"])
    store.commit()
    assert table.expire(before=100.0) >= 1
    store.commit()
    assert set(table.get_many(["old", "new", "gone"])) == {"new"}
    assert len(table) == 1


def test_committed_state_is_seen_by_a_new_store_without_a_close(database: Database) -> None:
    first = SqlStateStore(database.engine)
    first.table("ledger", Window).put_many({"k": Window(7, ["stop"])}, ts=5.0)
    first.commit()
    second = SqlStateStore(database.engine)
    assert second.table("ledger", Window).get_many(["k"]) == {"k": Window(7, ["stop"])}
    second.close()
    first.close()


def test_a_failed_unit_of_work_leaves_no_trace(database: Database) -> None:
    store = SqlStateStore(database.engine)
    table = store.table("ledger", Window)
    table.put_many({"kept": Window(1)}, ts=1.0)
    store.commit()

    def batch_whose_audit_write_fails() -> None:
        with store.unit_of_work():
            table.put_many({"lost": Window(2)}, ts=2.0)
            store.commit()  # the engine's per-batch commit only flushes inside a unit of work
            raise RuntimeError("the audit write failed")

    with pytest.raises(RuntimeError):
        batch_whose_audit_write_fails()
    assert table.get_many(["kept", "lost"]) == {"kept": Window(1)}
    store.close()
    fresh = SqlStateStore(database.engine)
    assert fresh.table("ledger", Window).get_many(["kept", "lost"]) == {"kept": Window(1)}
    fresh.close()


def test_the_compliance_tables_persist_through_the_sql_store(database: Database) -> None:
    from clearline.compliance.imports import import_files

    store = SqlStateStore(database.engine)
    import_files(ComplianceStore(store), registry=msgspec.json.encode(REGISTRY))
    store.close()
    reopened = SqlStateStore(database.engine)
    campaigns = ComplianceStore(reopened).campaign_for_numbers([SHOP])
    assert campaigns[SHOP].id == "C-SHOP"
    reopened.close()


def test_the_migrations_create_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        dialect = connection.dialect.name
        context = MigrationContext.configure(
            connection,
            opts={
                "version_table": VERSION_TABLE,
                "include_object": lambda _o, name, type_, _r, _c: in_models(name, type_, dialect),
            },
        )
        assert compare_metadata(context, Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
        indexes = {
            index["name"] for table in tables for index in inspect(connection).get_indexes(table)
        }
        # The filter above hides these from the comparison: check where they must (not) be.
        if dialect == "postgresql":
            assert indexes >= POSTGRESQL_ONLY_INDEXES
            assert tables == {*Base.metadata.tables, VERSION_TABLE}
        else:
            assert not indexes & POSTGRESQL_ONLY_INDEXES
            assert tables == {*Base.metadata.tables, VERSION_TABLE, *SQLITE_TABLES} - (
                POSTGRESQL_ONLY_TABLES
            )


def test_migrating_twice_is_harmless(db_url: str) -> None:
    open_database(db_url).close()
    database = open_database(db_url)
    with database.engine.connect() as connection:
        version = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    database.close()
    assert version == "0009"


def test_database_urls_are_normalized() -> None:
    assert normalize_url("state/clearline.db") == "sqlite:///state/clearline.db"
    assert normalize_url("postgresql://u@127.0.0.1/db") == "postgresql+psycopg://u@127.0.0.1/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("sqlite://", "in-memory SQLite"),
        ("mysql://u@127.0.0.1/db", "use SQLite or PostgreSQL"),
        ("postgresql+psycopg://u:secret@127.0.0.1:1/db", "cannot reach .*127.0.0.1"),
    ],
)
def test_an_unusable_database_is_a_clear_error_without_its_password(
    url: str, fragment: str
) -> None:
    with pytest.raises(DatabaseError, match=fragment) as caught:
        open_database(url)
    assert "secret" not in str(caught.value)


def test_the_cache_stays_bounded_and_reads_fall_back_to_the_database(
    store: SqlStateStore,
) -> None:
    table = store.table("windows", Window)
    table.max_cached = 10  # type: ignore[attr-defined]
    table.put_many({f"k{i}": Window(i) for i in range(50)}, ts=1.0)
    store.commit()
    assert len(table._cache) == 0  # type: ignore[attr-defined]
    assert table.get_many(["k7", "k42"]) == {"k7": Window(7), "k42": Window(42)}


def _insert_verdict(
    connection: Connection, number: int, message_id: str, symbols: str = "X"
) -> None:
    """An audit row as an older schema takes it (columns every revision has)."""
    connection.execute(
        text(
            "INSERT INTO verdict (id, message_id, ts, received_at, sender, recipient, "
            "action, score, symbols, reasons) VALUES "
            "(:id, :m, 0, 0, '+12125550100', '+14155550100', 'block', 9, :symbols, '[]')"
        ),
        {"id": number, "m": message_id, "symbols": symbols},
    )


def test_held_text_stored_before_migration_0005_stays_with_its_message(db_url: str) -> None:
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as connection:
        migrate(connection, "0004")
        for number, message_id in ((1, "a"), (2, "b")):
            _insert_verdict(connection, number, message_id)
        parties = ("+12125550100", "+14155550100")
        # (as that schema's index took them: no symbol terms)
        index_rows(connection, [(n, m, *parties, "") for n, m in ((1, "a"), (2, "b"))])
        connection.execute(  # held text as it was stored: keyed by the message id
            text(
                "INSERT INTO held_message (message_id, recipient, sender, ts, body, held_at, "
                "status) VALUES ('b', '+14155550100', '+12125550100', 0, 'text of b', 5, 'held')"
            )
        )
    engine.dispose()
    database = open_database(db_url)
    try:
        with database.session() as session:
            entries = folder(session, "+14155550100", limit=10, before=None, status=None)
        with database.engine.connect() as connection:
            inspector = inspect(connection)
            names = {inspector.get_pk_constraint("held_message")["name"]} | {
                key["name"] for key in inspector.get_foreign_keys("held_message")
            }
    finally:
        database.close()
    assert {entry["id"]: entry["body"] for entry in entries} == {"a": None, "b": "text of b"}
    if db_url.startswith("postgresql"):  # the names a table created as held_message has
        assert names == {"held_message_pkey", "held_message_verdict_id_fkey"}


def test_the_audit_stored_before_migration_0006_keeps_its_rows_and_links(db_url: str) -> None:
    """0006 rebuilds ``verdict`` on SQLite without the message-id B-tree: every row keeps its id,
    its symbols and its held text (the old table's drop would have cascaded to them), and ids,
    senders and recipients are found through the rebuilt index."""
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as connection:
        migrate(connection, "0005")
        for number, message_id in ((1, "a"), (2, "b"), (7, "g")):
            _insert_verdict(connection, number, message_id)
            connection.execute(
                text("INSERT INTO verdict_symbol (verdict_id, symbol) VALUES (:id, 'X')"),
                {"id": number},
            )
        connection.execute(
            text(
                "INSERT INTO held_message (verdict_id, body, held_at, status) "
                "VALUES (2, 'text of b', 5, 'held')"
            )
        )
    engine.dispose()
    database = open_database(db_url, migrate=False)  # foreign keys on, as the service connects
    try:
        with database.engine.begin() as connection:
            migrate(connection, "0006")
        with database.engine.connect() as connection:
            found = find_verdicts(connection, ["a", "g", "zz"])
            symbols = connection.execute(text("SELECT count(*) FROM verdict_symbol")).scalar()
            unique = [
                index["column_names"]
                for index in inspect(connection).get_indexes("verdict")
                if index.get("unique")
            ] + [
                constraint["column_names"]
                for constraint in inspect(connection).get_unique_constraints("verdict")
            ]
        with database.session() as session:
            entries = folder(session, "+14155550100", limit=10, before=None, status=None)
            entry = find_entry(session, "+14155550100", "b", filtered_only=True)
    finally:
        database.close()
    assert sorted(found) == ["a", "g"]
    assert symbols == 3
    assert {e["id"]: e["body"] for e in entries} == {"a": None, "b": "text of b", "g": None}
    assert entry is not None and entry[1] is not None and entry[1].body == "text of b"
    if db_url.startswith("postgresql"):  # (its unique constraint is also a unique index)
        assert unique and all(columns == ["message_id"] for columns in unique)
    else:
        assert unique == []


def _downgrade(connection: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def _fired(connection: Connection, symbols: list[str]) -> dict[str, list[str]]:
    dialect = connection.dialect.name
    return {
        symbol: sorted(
            connection.scalars(
                select(VerdictRecord.message_id).where(symbol_fired(dialect, symbol))
            )
        )
        for symbol in symbols
    }


def _index_definition(connection: Connection, name: str) -> str:
    if connection.dialect.name == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE name = :name"
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
    return str(connection.execute(text(query), {"name": name}).scalar())


def test_the_audit_stored_before_migration_0007_is_found_by_symbol_both_ways(db_url: str) -> None:
    """0007 moves the symbols into the FTS index on SQLite (the table goes) and makes the
    campaign index partial; every stored verdict is still found by each symbol that fired on it,
    a deletion takes its terms along, and a downgrade puts the table back from the column."""
    rows = {1: ("a", "X"), 2: ("b", "FLOOD_IDENTICAL BODY_EMPTY FLOOD_IDENTICAL"), 3: ("c", "")}
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as connection:
        migrate(connection, "0006")
        for number, (message_id, symbols) in rows.items():
            _insert_verdict(connection, number, message_id, symbols)
            for symbol in dict.fromkeys(symbols.split()):
                connection.execute(
                    text("INSERT INTO verdict_symbol (verdict_id, symbol) VALUES (:id, :s)"),
                    {"id": number, "s": symbol},
                )
    engine.dispose()
    symbols = ["X", "FLOOD_IDENTICAL", "BODY_EMPTY", "FLOOD", "flood_identical", "X OR Y"]
    database = open_database(db_url)
    try:
        with database.engine.begin() as connection:
            after_upgrade = _fired(connection, symbols)
            tables = set(inspect(connection).get_table_names())
            campaign_index = _index_definition(connection, "ix_verdict_campaign_ts")
            connection.execute(text("DELETE FROM verdict WHERE id = 2"))
            after_delete = _fired(connection, symbols)
            if connection.dialect.name == "sqlite":  # the index is whole after the delete
                check = (
                    "INSERT INTO verdict_party (verdict_party, rank) VALUES ('integrity-check', 0)"
                )
                connection.execute(text(check))
        with database.engine.begin() as connection:
            _insert_verdict(connection, 4, "d", "BODY_EMPTY BODY_EMPTY")
            parties = ("+12125550100", "+14155550100")
            # as the writer indexes it (SQLite: its terms; PostgreSQL: its symbol row)
            index_rows(connection, [(4, "d", *parties, "BODY_EMPTY BODY_EMPTY")])
            found_at_head = _fired(connection, ["BODY_EMPTY"])
            _downgrade(connection, "0006")
            kept = connection.execute(
                text("SELECT verdict_id, symbol FROM verdict_symbol ORDER BY verdict_id, symbol")
            ).all()
            found = find_verdicts(connection, ["a", "c", "d"])
    finally:
        database.close()
    expected = {
        "X": ["a"],
        "FLOOD_IDENTICAL": ["b"],
        "BODY_EMPTY": ["b"],
        "FLOOD": [],
        "flood_identical": [],
        "X OR Y": [],
    }
    assert after_upgrade == expected
    assert after_delete == {**expected, "FLOOD_IDENTICAL": [], "BODY_EMPTY": []}
    assert ("verdict_symbol" in tables) == db_url.startswith("postgresql")
    assert "campaign IS NOT NULL" in campaign_index
    assert found_at_head == {"BODY_EMPTY": ["d"]}
    assert [tuple(row) for row in kept] == [(1, "X"), (4, "BODY_EMPTY")]
    assert sorted(found) == ["a", "c", "d"]


def test_the_web_session_secret_is_created_once_and_rotated(database: Database) -> None:
    # Two sessions that both find no row (two processes starting at once) end with one secret.
    with database.session() as first, database.session() as second:
        assert first.get(ServiceSecret, WEB_SESSION) is None
        assert second.get(ServiceSecret, WEB_SESSION) is None
        created = session_secret(first)
        first.commit()
        assert session_secret(second) == created
    assert len(created) == 32
    with database.session() as session:
        assert session_secret(session) == created
        rotate_session_secret(session)
    with database.session() as session:
        rotated = session_secret(session)
    assert rotated != created and len(rotated) == 32
