"""The verdict audit: one row per verdict, the source of idempotent ingestion and statistics.

Rows are written on the scoring worker's connection, inside the transaction that also flushes the
engine's state, so a verdict is recorded if and only if the state it depended on (an opt-out, a
window) is. The round's statements run on the driver directly (``raw_sql``); reads for listings
and statistics use SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

import msgspec
from sqlalchemy import Connection, delete

from clearline.model import Action, Message, Reason, Verdict
from clearline.storage.models import VerdictRecord
from clearline.storage.party_index import ROWIDS_MATCHING, index_rows, matching
from clearline.storage.raw_sql import RawStatement, chunks, execute_many, fetch_all, in_list

# Stay under the smallest bind-parameter limit of the supported databases in one IN (...).
_CHUNK = 900

# The hot statements run on the driver directly (see ``raw_sql``): every round runs them.
_INSERT_VERDICT = RawStatement(
    "INSERT INTO verdict (id, message_id, ts, received_at, sender, recipient, campaign, action, "
    "score, symbols, reasons, cluster) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# SQLite: the scoring worker is the audit's only writer (what the column's rowid would take
# anyway). Should another writer insert between the read and the inserts, the inserts fail on
# the primary key and the round rolls back whole: an error, never a misattributed row.
# PostgreSQL: ids come from the column's own sequence, as a default insert takes them.
_MAX_ID = RawStatement("SELECT coalesce(max(id), 0) FROM verdict")
_NEXT_IDS = RawStatement(
    "SELECT nextval(pg_get_serial_sequence('verdict', 'id')) FROM generate_series(1, ?)"
)
# The oldest rows first: ids grow with the wall clock, so the prefix older than the cut-off is
# what a retention purge takes, read without scanning the rest of the audit.
_OLDEST = RawStatement("SELECT id, received_at FROM verdict ORDER BY id LIMIT ?")
_reasons_decoder = msgspec.json.Decoder(tuple[Reason, ...])
_encoder = msgspec.json.Encoder()


@lru_cache(maxsize=64)
def _select_verdicts(count: int, fts: bool) -> RawStatement:
    # SQLite: the rows come from the FTS5 index's message-id terms (``party_index``), then the
    # column is compared; PostgreSQL: its unique index on the column.
    among = f"id IN ({ROWIDS_MATCHING}) AND " if fts else ""
    return RawStatement(
        "SELECT message_id, action, score, reasons, cluster FROM verdict "
        f"WHERE {among}message_id IN ({in_list(count)})"
    )


def find_verdicts(connection: Connection, message_ids: Collection[str]) -> dict[str, Verdict]:
    """The stored verdicts of those of ``message_ids`` already checked.

    On SQLite an id costs a term lookup of tens of microseconds: the scoring worker asks only
    for the ids its ``known_ids`` filter says may be stored.
    """
    found: dict[str, Verdict] = {}
    fts = connection.dialect.name == "sqlite"
    for chunk in chunks(list(message_ids), _CHUNK):
        parameters = [matching(chunk, "message"), *chunk] if fts else chunk
        rows = fetch_all(connection, _select_verdicts(len(chunk), fts), parameters)
        for message_id, action, score, reasons, cluster in rows:
            found[message_id] = Verdict(
                id=message_id,
                action=Action(action),
                score=score,
                reasons=_reasons_decoder.decode(reasons),
                cluster=cluster,
            )
    return found


def _new_ids(connection: Connection, count: int) -> Sequence[int]:
    if connection.dialect.name == "postgresql":
        return [row[0] for row in fetch_all(connection, _NEXT_IDS, (count,))]
    top = int(fetch_all(connection, _MAX_ID, ())[0][0])
    return range(top + 1, top + 1 + count)


def record_verdicts(
    connection: Connection,
    scored: Sequence[tuple[Message, Verdict]],
    received_at: float,
    registered_campaigns: Mapping[str, str] | None = None,
) -> Sequence[int]:
    """Insert one audit row per verdict, and index it (``party_index.index_rows``); ids must not
    be stored yet.

    Args:
        connection: where to write (the caller commits).
        scored: each message with its verdict.
        received_at: wall-clock time of scoring.
        registered_campaigns: sender number -> registered campaign, recorded as the campaign of
            messages that do not name one.

    Returns:
        The audit row id of each verdict, in order (the held text of a message is keyed by it).
    """
    owners = registered_campaigns or {}
    if not scored:
        return []
    ids = _new_ids(connection, len(scored))
    rows = [
        (
            verdict_id,
            message.id,
            message.ts.timestamp(),
            received_at,
            message.sender,
            message.to,
            message.campaign or owners.get(message.sender),
            verdict.action.value,
            verdict.score,
            " ".join(r.symbol for r in verdict.reasons),
            _encoder.encode(verdict.reasons).decode(),
            verdict.cluster,
        )
        for verdict_id, (message, verdict) in zip(ids, scored, strict=True)
    ]
    execute_many(connection, _INSERT_VERDICT, rows)
    # The verdict ids are chosen above, so indexing a row is a plain insert, not a lookup of
    # its verdict by message id.
    index_rows(connection, [(row[0], row[1], row[4], row[5], row[9]) for row in rows])
    return ids


def purge_verdicts(connection: Connection, before: float, limit: int) -> int:
    """Delete up to ``limit`` of the oldest verdicts scored before ``before`` (wall clock), with
    their held text and, on PostgreSQL, symbol rows (foreign keys cascade) and, on SQLite, their
    party index entries (a trigger); return how many went.

    Only the oldest rows are read: the purge stops at the first one still inside the retention,
    so an audit with nothing to purge costs one short read.
    """
    old: list[int] = []
    for verdict_id, received_at in fetch_all(connection, _OLDEST, (limit,)):
        if received_at >= before:
            break
        old.append(int(verdict_id))
    if old:
        connection.execute(delete(VerdictRecord).where(VerdictRecord.id.in_(old)))
    return len(old)
