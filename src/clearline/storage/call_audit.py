"""The call audit (``call_verdict``): every call's verdict, once, by call id.

``POST /v1/calls/check`` and ``clearline sip --db`` record calls here, each in the transaction
that also commits the state the verdict changed, and read it back for idempotency (a call id
already recorded gets its stored verdict, and is not scored again) and for the blocked-calls
lists.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from clearline.model import Action, Call, Reason, Verdict
from clearline.storage.models import CallVerdictRecord

__all__ = ["score_and_record", "stored_call_verdicts", "verdict_of_record"]

_reasons_decoder = msgspec.json.Decoder(tuple[Reason, ...])
_encode = msgspec.json.encode


def verdict_of_record(record: CallVerdictRecord) -> Verdict:
    """The verdict a call audit row holds."""
    reasons = _reasons_decoder.decode(record.reasons)
    return Verdict(record.call_id, Action(record.action), record.score, reasons)


def stored_call_verdicts(session: Session, ids: Collection[str]) -> dict[str, Verdict]:
    """The recorded verdicts of those of ``ids`` already in the call audit."""
    if not ids:
        return {}
    rows = session.scalars(select(CallVerdictRecord).where(CallVerdictRecord.call_id.in_(ids)))
    return {row.call_id: verdict_of_record(row) for row in rows}


def score_and_record(
    session: Session,
    calls: Sequence[Call],
    score_batch: Callable[[Sequence[Call]], list[Verdict]],
) -> list[Verdict]:
    """One verdict per call, in order: stored ones for recorded call ids, the rest scored by
    ``score_batch`` (each repeated id once) and added to ``session`` as call audit rows.

    The caller commits the session in the same transaction as the engine's state.
    """
    known = stored_call_verdicts(session, {call.id for call in calls})
    fresh: dict[str, Call] = {}
    for call in calls:
        if call.id not in known:
            fresh.setdefault(call.id, call)
    if fresh:
        verdicts = score_batch(list(fresh.values()))
        received_at = time.time()
        for call, verdict in zip(fresh.values(), verdicts, strict=True):
            known[call.id] = verdict
            session.add(
                CallVerdictRecord(
                    call_id=call.id,
                    ts=call.ts.timestamp(),
                    received_at=received_at,
                    caller=call.caller,
                    callee=call.to,
                    action=verdict.action.value,
                    score=verdict.score,
                    reasons=_encode(verdict.reasons).decode(),
                )
            )
    return [known[call.id] for call in calls]
