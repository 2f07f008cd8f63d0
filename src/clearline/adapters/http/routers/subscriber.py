"""``/v1/subscriber``: what a subscriber key (one phone number) may see about its own traffic.

So far the spam folder, read from the verdict audit: every message to the key's number that was
tagged or blocked, newest first, with the reasons. The message text is not kept yet (see
docs/http.md, "What is left"), nor are release, preferences and spam reports.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Query
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import ServicesDep, SubscriberDep
from clearline.storage.models import VerdictRecord

router = APIRouter(prefix="/v1/subscriber", tags=["subscriber"])

_FILTERED = ("tag", "block")


@router.get("/spam", summary="The spam folder: tagged and blocked messages to my number")
async def spam_folder(
    services: ServicesDep,
    principal: SubscriberDep,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many entries.")] = 100,
    before: Annotated[
        float | None, Query(description="Only entries with `ts` (epoch seconds) before this.")
    ] = None,
) -> dict[str, Any]:
    """Messages to the key's number that were tagged or blocked, newest first."""
    number = principal.number

    def query() -> list[dict[str, Any]]:
        statement = (
            select(VerdictRecord)
            .where(VerdictRecord.recipient == number, VerdictRecord.action.in_(_FILTERED))
            .order_by(VerdictRecord.ts.desc(), VerdictRecord.id.desc())
            .limit(limit)
        )
        if before is not None:
            statement = statement.where(VerdictRecord.ts < before)
        with services.database.session() as session:
            return [
                {
                    "id": row.message_id,
                    "ts": row.ts,
                    "from": row.sender,
                    "action": row.action,
                    "score": row.score,
                    "reasons": msgspec.json.decode(row.reasons),
                }
                for row in session.scalars(statement)
            ]

    return {"number": number, "messages": await run_in_threadpool(query)}
