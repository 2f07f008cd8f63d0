"""The verdict audit: one row per verdict, the source of idempotent ingestion and statistics.

Rows are written with SQLAlchemy Core on the scoring worker's connection, inside the transaction
that also flushes the engine's state, so a verdict is recorded if and only if the state it
depended on (an opt-out, a window) is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import msgspec
from sqlalchemy import Connection, bindparam, insert, select

from clearline.model import Message, Reason, Verdict
from clearline.storage.models import VerdictRecord, VerdictSymbol

# Stay under the smallest bind-parameter limit of the supported databases in one IN (...).
_CHUNK = 900

# Built once: every round runs them, so they are not rebuilt (and re-keyed for the cache) each time.
_SELECT_VERDICTS = select(
    VerdictRecord.message_id,
    VerdictRecord.action,
    VerdictRecord.score,
    VerdictRecord.reasons,
    VerdictRecord.cluster,
).where(VerdictRecord.message_id.in_(bindparam("ids", expanding=True)))
# RETURNING keeps one round-trip for the batch and works on SQLite 3.35+ and PostgreSQL.
_INSERT_VERDICTS = insert(VerdictRecord).returning(VerdictRecord.id, VerdictRecord.message_id)
_INSERT_SYMBOLS = insert(VerdictSymbol)
_reasons_decoder = msgspec.json.Decoder(tuple[Reason, ...])
_encoder = msgspec.json.Encoder()


def find_verdicts(connection: Connection, message_ids: Collection[str]) -> dict[str, Verdict]:
    """The stored verdicts of those of ``message_ids`` already checked."""
    found: dict[str, Verdict] = {}
    ids = list(message_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = connection.execute(_SELECT_VERDICTS, {"ids": chunk})
        for message_id, action, score, reasons, cluster in rows:
            found[message_id] = msgspec.convert(
                {
                    "id": message_id,
                    "action": action,
                    "score": score,
                    "reasons": _reasons_decoder.decode(reasons),
                    "cluster": cluster,
                },
                Verdict,
            )
    return found


def record_verdicts(
    connection: Connection,
    scored: Sequence[tuple[Message, Verdict]],
    received_at: float,
    registered_campaigns: Mapping[str, str] | None = None,
) -> None:
    """Insert one audit row (and its symbol rows) per verdict; ids must not be stored yet.

    Args:
        connection: where to write (the caller commits).
        scored: each message with its verdict.
        received_at: wall-clock time of scoring.
        registered_campaigns: sender number -> registered campaign, recorded as the campaign of
            messages that do not name one.
    """
    owners = registered_campaigns or {}
    if not scored:
        return
    rows = [
        {
            "message_id": message.id,
            "ts": message.ts.timestamp(),
            "received_at": received_at,
            "sender": message.sender,
            "recipient": message.to,
            "campaign": message.campaign or owners.get(message.sender),
            "action": verdict.action.value,
            "score": verdict.score,
            "symbols": " ".join(r.symbol for r in verdict.reasons),
            "reasons": _encoder.encode(verdict.reasons).decode(),
            "cluster": verdict.cluster,
        }
        for message, verdict in scored
    ]
    inserted = connection.execute(_INSERT_VERDICTS, rows).all()
    row_ids = {message_id: row_id for row_id, message_id in inserted}
    symbol_rows = [
        {"verdict_id": row_ids[message.id], "symbol": symbol}
        for message, verdict in scored
        for symbol in dict.fromkeys(r.symbol for r in verdict.reasons)
    ]
    if symbol_rows:
        connection.execute(_INSERT_SYMBOLS, symbol_rows)
