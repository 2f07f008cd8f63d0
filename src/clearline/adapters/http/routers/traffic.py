"""``GET /v1/traffic``: operators see the verdicts of the last hours by hour and action, the
symbols that fired most and the busiest campaigns (the operator console's chart reads it)."""

from __future__ import annotations

import math
import time
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Integer, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from clearline.adapters.http.deps import OperatorDep, ServicesDep
from clearline.adapters.http.times import rfc3339
from clearline.storage.models import VerdictRecord

router = APIRouter(prefix="/v1", tags=["audit"])

_HOUR = 3600
#: How many symbols and campaigns the summary names.
TOP = 10


def _hour_of(dialect: str) -> ColumnElement[Any]:
    """The hour (epoch seconds // 3600) a verdict was scored in, in SQL."""
    hours = VerdictRecord.received_at / _HOUR
    # SQLite's CAST truncates (received_at is positive, so that is the floor); PostgreSQL's
    # rounds, so it takes floor().
    return cast(hours, Integer) if dialect == "sqlite" else cast(func.floor(hours), Integer)


@router.get("/traffic", summary="Verdicts of the last hours by hour, action, symbol (operators)")
def traffic(
    services: ServicesDep,
    _operator: OperatorDep,
    hours: Annotated[
        int, Query(ge=1, le=168, description="How many hours, this one included.")
    ] = 24,
) -> dict[str, Any]:
    """Counts of the verdicts scored in the last ``hours`` hours (by the wall clock when they were
    scored, ``received_at``): per hour and action (oldest hour first, empty hours included), the
    ``TOP`` symbols that fired most, and the ``TOP`` campaigns with most messages."""
    now = time.time()
    first_hour = math.floor(now / _HOUR) - hours + 1
    since = first_hour * _HOUR
    dialect = services.database.engine.dialect.name
    hour = _hour_of(dialect)
    window = VerdictRecord.received_at >= since
    with services.database.session() as session:
        by_hour = session.execute(
            select(hour, VerdictRecord.action, func.count())
            .where(window)
            .group_by(hour, VerdictRecord.action)
        ).all()
        symbol_sets = session.execute(
            select(VerdictRecord.symbols, func.count())
            .where(window)
            .group_by(VerdictRecord.symbols)
        ).all()
        campaigns = session.execute(
            select(VerdictRecord.campaign, VerdictRecord.action, func.count())
            .where(window, VerdictRecord.campaign.is_not(None))
            .group_by(VerdictRecord.campaign, VerdictRecord.action)
        ).all()
    buckets: dict[int, dict[str, int]] = {first_hour + i: {} for i in range(hours)}
    for bucket, action, count in by_hour:
        buckets.setdefault(int(bucket), {})[action] = count
    symbols: Counter[str] = Counter()
    for fired, count in symbol_sets:
        for symbol in set(fired.split()):
            symbols[symbol] += count
    per_campaign: dict[str, dict[str, int]] = {}
    for campaign, action, count in campaigns:
        per_campaign.setdefault(str(campaign), {})[action] = count
    busiest = sorted(per_campaign.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {
        "since": rfc3339(since),
        "until": rfc3339(now),
        "hours": [
            {"start": rfc3339(start * _HOUR), "by_action": counts}
            for start, counts in sorted(buckets.items())
            if start >= first_hour
        ],
        "top_symbols": [{"symbol": s, "messages": n} for s, n in symbols.most_common(TOP)],
        "top_campaigns": [
            {"campaign": c, "messages": sum(counts.values()), "by_action": counts}
            for c, counts in busiest[:TOP]
        ],
    }
