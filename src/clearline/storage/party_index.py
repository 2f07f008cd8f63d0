"""The audit's index by message id, sender, recipient and symbol: B-trees on PostgreSQL, an FTS5
index on SQLite.

Audit rows arrive in random sender and recipient order, so a B-tree index on either column takes
each new row to a random leaf page, and every round's commit writes each page it touched. SQLite
writes whole 4 KiB pages to its write-ahead log: with the two indexes (and the held text's
recipient index, dropped in the same migration) the commit of a scoring round of 400 bench
messages cost 46.5 µs a message at 100,000 audit rows and 54.7 at 200,000
(``bench/audit_rounds.py``): the audit's size, not the traffic, set the service's speed.

Message ids are as random when senders make them UUIDs: the unique B-tree on ``message_id`` cost
23-27 µs of commit a message at 200,000 rows, growing with the audit (``bench/audit_rounds.py
--random-ids``), the last random-key B-tree of the audit. Migration 0006 moved it into the same
index (SQLite only).

The symbols that fired were rows of ``verdict_symbol``, three B-trees (the table, its primary
key, its symbol index) written for each symbol of each verdict: at 600,000 audit rows of
``bench/audit_rounds.py`` traffic (3.3 symbols a verdict) they cost 5.9 µs a message to insert
and 4.6 of the commit's 11.1, half of what the audit writer spent. Migration 0007 made each
symbol a term of the same index (SQLite only; PostgreSQL keeps the table).

On SQLite the four are therefore indexed by a contentless FTS5 table, ``verdict_party``:
``audit.record_verdicts`` (the audit's one writer) indexes each row it inserts (``index_rows``, one
``executemany``: an insert trigger did the same at three times the cost), and triggers on
``verdict`` keep the index right when a row is updated or deleted. FTS5 writes each transaction's
terms as one new sorted segment and merges segments in the background of later writes (an LSM
tree), so an insert costs the same whatever the audit's size (about 3 µs a row here; the round's
commit stays near 6 µs a message at 200,000 rows). Each row is indexed under ``m<hex of the
message id's UTF-8>``, ``s<hex of the sender's>`` and ``r<hex of the recipient's>``: exact values
of any alphabet, with nothing for the tokenizer to split, and computable in SQL (``hex()``) for
the triggers and the migrations' backfill; and under ``y<SYMBOL>`` for each symbol in its
``symbols`` column (symbols are UPPER_SNAKE, ``model.is_symbol_name``, and the tokenizer keeps
``_`` inside a token), computable in SQL with ``replace()``. A search matches the term and then
also compares the column, so a match is exact by construction. A term lookup costs tens of
microseconds, too much for every message of every round: the scoring worker looks up only the
ids its filter of stored ids (``known_ids``) says may be repeats.

PostgreSQL logs row changes rather than whole pages, so it keeps ordinary B-tree indexes
(``verdict_message_id_key``, ``ix_verdict_sender_ts``, ``ix_verdict_recipient_ts``, declared for
PostgreSQL only in ``models``) and the ``verdict_symbol`` table.

SQLite only: an Alembic batch migration that copies ``verdict`` drops its triggers; such a
migration must run ``create_sqlite_objects`` again (``drop_sqlite_objects`` first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)

from clearline.model import is_symbol_name
from clearline.storage.models import VerdictRecord, VerdictSymbol
from clearline.storage.raw_sql import RawStatement, execute_many

#: What the SQLite index adds to the schema, for schema checks (FTS5's own shadow tables).
SQLITE_TABLES = frozenset(
    {"verdict_party", "verdict_party_data", "verdict_party_idx", "verdict_party_config"}
)

#: The B-tree indexes PostgreSQL keeps and SQLite replaces with ``verdict_party``.
POSTGRESQL_ONLY_INDEXES = frozenset(
    {"ix_verdict_sender_ts", "ix_verdict_recipient_ts", "ix_verdict_symbol_symbol"}
)
#: The unique constraint PostgreSQL keeps (SQLite: ``known_ids`` and ``verdict_party``).
POSTGRESQL_ONLY_CONSTRAINTS = frozenset({"verdict_message_id_key"})
#: The table PostgreSQL keeps (SQLite: the symbols' terms in ``verdict_party``, since 0007).
POSTGRESQL_ONLY_TABLES = frozenset({"verdict_symbol"})

Party = Literal["message", "sender", "recipient"]
_PREFIX: dict[Party, str] = {"message": "m", "sender": "s", "recipient": "r"}
_SYMBOL_PREFIX = "y"
_TERMS = "'m' || hex(X.message_id) || ' s' || hex(X.sender) || ' r' || hex(X.recipient)"
# Since 0007, `` y<SYMBOL>`` for each symbol of the row (none for an empty ``symbols``).
_SYMBOL_TERMS = "CASE X.symbols WHEN '' THEN '' ELSE ' y' || replace(X.symbols, ' ', ' y') END"


def _create(symbols: bool) -> tuple[str, ...]:
    terms = f"{_TERMS} || {_SYMBOL_TERMS}" if symbols else _TERMS
    # ascii: one token per run of letters and digits (and, with symbols, '_'), case folded
    # (hex() writes upper case, ``term`` lower case: they match).
    tokenizer = "\"ascii tokenchars '_'\"" if symbols else "'ascii'"
    updated = "message_id, sender, recipient" + (", symbols" if symbols else "")
    return (
        # detail=none: rowids only (no positions), the smallest FTS5 index.
        "CREATE VIRTUAL TABLE verdict_party USING fts5("
        f"terms, content='', columnsize=0, detail=none, tokenize={tokenizer})",
        # A contentless table forgets a row only when told the terms it was indexed under.
        "CREATE TRIGGER verdict_party_delete AFTER DELETE ON verdict BEGIN "
        "INSERT INTO verdict_party (verdict_party, rowid, terms) "
        f"VALUES ('delete', old.id, {terms.replace('X.', 'old.')}); END",
        f"CREATE TRIGGER verdict_party_update AFTER UPDATE OF {updated} ON verdict "
        "BEGIN "
        "INSERT INTO verdict_party (verdict_party, rowid, terms) "
        f"VALUES ('delete', old.id, {terms.replace('X.', 'old.')}); "
        f"INSERT INTO verdict_party (rowid, terms) VALUES (new.id, {terms.replace('X.', 'new.')}); "
        "END",
        # Rows already in the audit (an upgrade): one pass, in rowid order.
        f"INSERT INTO verdict_party (rowid, terms) SELECT id, {terms.replace('X.', '')} "
        "FROM verdict ORDER BY id",
    )


_DROP = (
    "DROP TRIGGER IF EXISTS verdict_party_update",
    "DROP TRIGGER IF EXISTS verdict_party_delete",
    "DROP TABLE IF EXISTS verdict_party",
)
_INSERT = RawStatement("INSERT INTO verdict_party (rowid, terms) VALUES (?, ?)")
_INSERT_SYMBOL = RawStatement("INSERT INTO verdict_symbol (verdict_id, symbol) VALUES (?, ?)")


def in_models(name: str | None, type_: str, dialect: str) -> bool:
    """Whether schema object ``name`` (of Alembic kind ``type_``) is one the models describe on
    ``dialect``: the schema checks' filter (Alembic's ``include_object``), since the models
    cannot declare a virtual table and Alembic compares indexes whatever their ``ddl_if``."""
    if dialect == "sqlite":
        return not (
            (type_ == "table" and name in SQLITE_TABLES)
            or (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES)
            or (type_ == "unique_constraint" and name in POSTGRESQL_ONLY_CONSTRAINTS)
            or (type_ == "table" and name in POSTGRESQL_ONLY_TABLES)
        )
    return True


def create_sqlite_objects(connection: Connection, *, symbols: bool = True) -> None:
    """Create the FTS5 index and its triggers, and index the rows already stored.

    Args:
        connection: a SQLite connection (in the caller's transaction).
        symbols: index the symbols too (the schema since migration 0007; earlier migrations
            create the index as it was then).
    """
    for statement in _create(symbols):
        connection.exec_driver_sql(statement)


def drop_sqlite_objects(connection: Connection) -> None:
    """Drop the FTS5 index and its triggers."""
    for statement in _DROP:
        connection.exec_driver_sql(statement)


def term(party: Party, value: str) -> str:
    """The FTS5 term a row is indexed under for ``party`` = ``value`` (as the triggers write it)."""
    return _PREFIX[party] + value.encode("utf-8").hex()


def index_rows(connection: Connection, rows: Sequence[tuple[int, str, str, str, str]]) -> None:
    """Index new audit rows, given as ``(verdict id, message id, sender, recipient, symbols)``
    (``symbols`` as the row's column holds them), in the caller's transaction: on SQLite their
    FTS5 terms, on PostgreSQL a ``verdict_symbol`` row per distinct symbol (its B-tree indexes
    need nothing else)."""
    if connection.dialect.name != "sqlite":
        execute_many(
            connection,
            _INSERT_SYMBOL,
            [
                (verdict_id, symbol)
                for verdict_id, _, _, _, symbols in rows
                for symbol in dict.fromkeys(symbols.split())
            ],
        )
        return
    execute_many(
        connection,
        _INSERT,
        [
            (
                verdict_id,
                f"{term('message', message_id)} {term('sender', sender)} "
                f"{term('recipient', recipient)}"
                # The terms the triggers compute from the column (``_SYMBOL_TERMS``), exactly.
                + (" y" + symbols.replace(" ", " y") if symbols else ""),
            )
            for verdict_id, message_id, sender, recipient, symbols in rows
        ],
    )


#: Raw SQL: the rowids of ``verdict`` rows whose terms match the query bound to ``?``.
ROWIDS_MATCHING = "SELECT rowid FROM verdict_party WHERE verdict_party MATCH ?"


def matching(values: Sequence[str], party: Party) -> str:
    """An FTS5 query for the rows whose ``party`` is any of ``values`` (hex terms: no syntax)."""
    return " OR ".join(term(party, value) for value in values)


_verdict_party = table("verdict_party")


def _rowids_indexed_under(fts_term: str) -> Select[tuple[Any]]:
    """The rowids of the ``verdict`` rows indexed under ``fts_term`` (a bareword the caller
    built: no FTS5 query syntax may reach it)."""
    return (
        select(literal_column("rowid"))
        .select_from(_verdict_party)
        .where(
            text("verdict_party MATCH :fts_term").bindparams(
                bindparam("fts_term", fts_term, unique=True)
            )
        )
    )


def party_is(dialect: str, party: Party, value: str) -> ColumnElement[bool]:
    """A ``WHERE`` clause on ``VerdictRecord``: rows whose ``party`` is exactly ``value``.

    On SQLite the rows come from the FTS5 index (the rowid list of the term), then the column is
    compared; elsewhere it is the column comparison, which its B-tree index serves.
    """
    columns = {
        "message": VerdictRecord.message_id,
        "sender": VerdictRecord.sender,
        "recipient": VerdictRecord.recipient,
    }
    exact = columns[party] == value
    if dialect != "sqlite":
        return exact
    # The term is hex digits behind a letter: nothing in it is FTS5 query syntax.
    return and_(VerdictRecord.id.in_(_rowids_indexed_under(term(party, value))), exact)


def symbol_fired(dialect: str, symbol: str) -> ColumnElement[bool]:
    """A ``WHERE`` clause on ``VerdictRecord``: verdicts on which ``symbol`` fired.

    On SQLite the rows come from the FTS5 index (the term ``y<SYMBOL>``), then the ``symbols``
    column is checked; on PostgreSQL from ``verdict_symbol``. A name that is not UPPER_SNAKE
    never fired (and is no FTS5 query syntax either).
    """
    if not is_symbol_name(symbol):
        return false()
    if dialect != "sqlite":
        return VerdictRecord.id.in_(
            select(VerdictSymbol.verdict_id).where(VerdictSymbol.symbol == symbol)
        )
    rowids = _rowids_indexed_under(_SYMBOL_PREFIX + symbol)
    padded = literal(" ") + VerdictRecord.symbols + literal(" ")
    return and_(VerdictRecord.id.in_(rowids), func.instr(padded, f" {symbol} ") > 0)
