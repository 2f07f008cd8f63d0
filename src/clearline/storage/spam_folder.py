"""The spam folder's storage: held message text, its listing, release marks and spam reports.

Held text is written by the scoring worker in the same transaction as the audit rows (so a
message in the folder always has its verdict), only for tagged and blocked messages, and deleted
after the retention the operator sets (``held_retention_days``; 0 holds no text at all). The
folder itself is the verdict audit (every tagged or blocked message to the number) joined with
the held text, so a message whose text has expired still shows, without its body.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session

from clearline.model import Action, Message, Verdict
from clearline.storage.models import HeldMessage, SpamReport, VerdictRecord
from clearline.storage.party_index import party_is
from clearline.storage.raw_sql import RawStatement, execute_many

# Every round with a tagged or blocked text runs it: on the driver directly (see ``raw_sql``).
_INSERT_HELD = RawStatement(
    "INSERT INTO held_message (verdict_id, body, held_at, status) VALUES (?, ?, ?, 'held')"
)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _text(body: str) -> str:
    # PostgreSQL text cannot hold NUL; the held copy is for reading, so show it as U+FFFD.
    return body.replace("\x00", "\ufffd") if "\x00" in body else body


#: The actions whose messages land in the spam folder.
FILTERED: tuple[str, ...] = (Action.TAG.value, Action.BLOCK.value)
_FILTERED_ACTIONS = frozenset({Action.TAG, Action.BLOCK})


def hold_messages(
    connection: Connection,
    scored: Sequence[tuple[Message, Verdict]],
    verdict_ids: Sequence[int],
    held_at: float,
) -> int:
    """Hold the text of every tagged or blocked message of ``scored`` (whose audit rows are
    ``verdict_ids``, as ``record_verdicts`` returned them); return how many."""
    rows = [
        (verdict_id, _text(message.body), held_at)
        for verdict_id, (message, verdict) in zip(verdict_ids, scored, strict=True)
        if verdict.action in _FILTERED_ACTIONS
    ]
    execute_many(connection, _INSERT_HELD, rows)
    return len(rows)


def purge_held(connection: Connection, before: float) -> int:
    """Delete held text (and reported text) kept since before ``before``; return how many."""
    held = connection.execute(delete(HeldMessage).where(HeldMessage.held_at < before))
    connection.execute(update(SpamReport).where(SpamReport.reported_at < before).values(body=None))
    return int(held.rowcount or 0)


def folder(
    session: Session, number: str, *, limit: int, before: float | None, status: str | None
) -> list[dict[str, Any]]:
    """Tagged and blocked messages to ``number``, newest first, with held text when kept.

    Args:
        status: ``held``, ``released`` or ``reported`` to list only those (a message whose text
            expired counts as ``held`` unless it was released or reported).
    """
    statement = (
        select(VerdictRecord, HeldMessage)
        .outerjoin(HeldMessage, HeldMessage.verdict_id == VerdictRecord.id)
        .where(
            party_is(_dialect(session), "recipient", number),
            VerdictRecord.action.in_(FILTERED),
        )
        .order_by(VerdictRecord.ts.desc(), VerdictRecord.id.desc())
        .limit(limit)
    )
    if before is not None:
        statement = statement.where(VerdictRecord.ts < before)
    if status == "held":
        statement = statement.where(
            (HeldMessage.status == "held") | (HeldMessage.verdict_id.is_(None))
        )
    elif status is not None:
        statement = statement.where(HeldMessage.status == status)
    return [describe(row, held) for row, held in session.execute(statement)]


def describe(row: VerdictRecord, held: HeldMessage | None) -> dict[str, Any]:
    """A folder entry as the API shows it."""
    return {
        "id": row.message_id,
        "ts": row.ts,
        "from": row.sender,
        "action": row.action,
        "score": row.score,
        "reasons": msgspec.json.decode(row.reasons),
        "body": held.body if held is not None else None,
        "status": held.status if held is not None else "held",
        "decided_at": held.decided_at if held is not None else None,
    }


def find_entry(
    session: Session, number: str, message_id: str, *, filtered_only: bool
) -> tuple[VerdictRecord, HeldMessage | None] | None:
    """The audit row (and held text) of a message to ``number``, or ``None`` when there is none.

    Args:
        filtered_only: only a tagged or blocked message (what the folder lists).
    """
    statement = (
        select(VerdictRecord, HeldMessage)
        .outerjoin(HeldMessage, HeldMessage.verdict_id == VerdictRecord.id)
        .where(
            party_is(_dialect(session), "message", message_id), VerdictRecord.recipient == number
        )
    )
    if filtered_only:
        statement = statement.where(VerdictRecord.action.in_(FILTERED))
    found = session.execute(statement).first()
    return None if found is None else (found[0], found[1])


def mark(session: Session, held: HeldMessage | None, status: str, at: float) -> None:
    """Mark held text ``released`` or ``reported`` (nothing to mark when it expired)."""
    if held is not None:
        held.status = status
        held.decided_at = at
    session.flush()


def record_report(
    session: Session,
    *,
    reporter: str,
    sender: str,
    message_id: str | None,
    body: str | None,
    at: float,
    actor_key: str,
) -> SpamReport:
    """Store one spam report (the operator's record of the 7726 flow)."""
    report = SpamReport(
        reporter=reporter,
        sender=sender,
        message_id=message_id,
        body=_text(body) if body is not None else None,
        reported_at=at,
        actor_key=actor_key,
    )
    session.add(report)
    session.flush()
    return report


def list_reports(
    session: Session, *, sender: str | None, reporter: str | None, limit: int
) -> list[dict[str, Any]]:
    """Spam reports, newest first, optionally of one sender or one reporter."""
    statement = select(SpamReport).order_by(SpamReport.reported_at.desc(), SpamReport.id.desc())
    if sender is not None:
        statement = statement.where(SpamReport.sender == sender)
    if reporter is not None:
        statement = statement.where(SpamReport.reporter == reporter)
    return [
        {
            "id": r.id,
            "reporter": r.reporter,
            "sender": r.sender,
            "message_id": r.message_id,
            "body": r.body,
            "reported_at": r.reported_at,
        }
        for r in session.scalars(statement.limit(limit))
    ]
