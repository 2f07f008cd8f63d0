"""``GET /v1/audit``: operators search verdicts by sender, subscriber, campaign, symbol and time."""

from __future__ import annotations

import math
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Query
from sqlalchemy import and_, or_, select

from clearline.adapters.http.deps import OperatorDep, ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.times import TimeParam, rfc3339
from clearline.storage.models import VerdictRecord
from clearline.storage.party_index import party_is, symbol_fired

router = APIRouter(prefix="/v1", tags=["audit"])


@router.get("/audit", summary="Search the verdict audit (operators)")
def search_audit(
    services: ServicesDep,
    _operator: OperatorDep,
    sender: Annotated[str | None, Query(max_length=64, description="Exact sender.")] = None,
    recipient: Annotated[str | None, Query(max_length=32, description="Exact recipient.")] = None,
    campaign: Annotated[str | None, Query(max_length=128)] = None,
    symbol: Annotated[str | None, Query(max_length=64, description="A symbol that fired.")] = None,
    message_id: Annotated[
        str | None, Query(min_length=1, max_length=256, pattern=r"^[^\x00]+$")
    ] = None,
    action: Annotated[str | None, Query(pattern="^(deliver|tag|throttle|block)$")] = None,
    since: Annotated[
        TimeParam | None, Query(description="Message `ts` at or after (RFC 3339 or epoch s).")
    ] = None,
    until: Annotated[
        TimeParam | None, Query(description="Message `ts` before (RFC 3339 or epoch s).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: Annotated[
        str | None,
        Query(
            max_length=64,
            description="The `next` of the previous page: the page after it, same filters.",
        ),
    ] = None,
) -> dict[str, Any]:
    """Verdicts matching every given filter, newest message first, a page of ``limit``; a full
    page carries ``next``, the cursor of the page after it (``null`` on the last page)."""
    statement = select(VerdictRecord).order_by(VerdictRecord.ts.desc(), VerdictRecord.id.desc())
    if after is not None:
        ts, row_id = _cursor(after)
        statement = statement.where(
            or_(
                VerdictRecord.ts < ts,
                and_(VerdictRecord.ts == ts, VerdictRecord.id < row_id),
            )
        )
    dialect = services.database.engine.dialect.name
    if sender is not None:
        statement = statement.where(party_is(dialect, "sender", sender))
    if recipient is not None:
        statement = statement.where(party_is(dialect, "recipient", recipient))
    if campaign is not None:
        statement = statement.where(VerdictRecord.campaign == campaign)
    if action is not None:
        statement = statement.where(VerdictRecord.action == action)
    if since is not None:
        statement = statement.where(VerdictRecord.ts >= since)
    if until is not None:
        statement = statement.where(VerdictRecord.ts < until)
    if symbol is not None:
        statement = statement.where(symbol_fired(dialect, symbol))
    if message_id is not None:
        statement = statement.where(party_is(dialect, "message", message_id))
    with services.database.session() as session:
        rows = session.scalars(statement.limit(limit)).all()
        return {
            "verdicts": [
                {
                    "id": row.message_id,
                    "ts": rfc3339(row.ts),
                    "received_at": rfc3339(row.received_at),
                    "from": row.sender,
                    "to": row.recipient,
                    "campaign": row.campaign,
                    "action": row.action,
                    "score": row.score,
                    "reasons": msgspec.json.decode(row.reasons),
                    "cluster": row.cluster,
                }
                for row in rows
            ],
            "next": f"{rows[-1].ts!r}_{rows[-1].id}" if len(rows) == limit else None,
        }


def _cursor(after: str) -> tuple[float, int]:
    """The (message ts, audit row id) of the last verdict of a page, from its ``next``."""
    ts, _, row_id = after.rpartition("_")
    try:
        parsed = float(ts), int(row_id)
    except ValueError:
        parsed = None
    if parsed is None or not math.isfinite(parsed[0]) or not 0 <= parsed[1] < 2**63:
        raise ApiError(422, "invalid_request", f"`after` is not a cursor this API gave: {after!r}")
    return parsed
