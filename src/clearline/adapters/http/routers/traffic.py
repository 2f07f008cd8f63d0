"""``GET /v1/traffic``: operators see the verdicts of the last hours by hour and action, the
symbols that fired most, the busiest campaigns and the busiest campaign clusters with their
compliance profile (the operator console's chart reads it).

A cluster is the campaign signal's group of near-identical texts (``signals/campaigns.py``; the
audit records each verdict's cluster). Its messages and actions are counted from the audit of the
window; its profile is the signal's own decaying counters (half-life ``half_life_hours``, 12 h by
default; forgotten ``idle_hours`` after the cluster's last text): ``open_share`` = texts that were
first contacts (to someone who never texted the sender) / texts, ``opt_out_rate`` = first
contacts answered STOP / first contacts (``null`` without any), ``unregistered_share`` = texts
from unregistered long codes / texts. The signal judges clusters on the same figures
(``CAMPAIGN_UNREGISTERED_A2P``, ``CAMPAIGN_HIGH_OPT_OUT``).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Integer, cast, func, select
from sqlalchemy.sql.elements import ColumnElement
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import OperatorDep, Services, ServicesDep
from clearline.adapters.http.times import rfc3339
from clearline.signals.campaigns import ClusterStats
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


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def _profile(stats: ClusterStats | None) -> dict[str, Any] | None:
    """A cluster's compliance profile from the campaign signal's counters (module docstring)."""
    if stats is None or stats.messages <= 0:
        return None  # expired (idle_hours without a text), or never counted
    return {
        "open_share": _share(stats.opens, stats.messages),
        "opt_out_rate": _share(stats.optouts, stats.opens),
        "unregistered_share": _share(stats.unregistered, stats.messages),
        "as_of": rfc3339(stats.last),
    }


async def _cluster_profiles(services: Services, clusters: list[str]) -> dict[str, Any]:
    """The campaign signal's counters of ``clusters``, read on the scoring thread (the engine's
    state is that thread's: with Redis windows, the shared ones)."""
    if not clusters:
        return {}
    worker = services.worker

    def read() -> dict[str, ClusterStats]:
        table = worker.state.table("cluster_stats", ClusterStats, window=True)
        return table.get_many(clusters)

    found = await worker.call(read)
    return {cluster: _profile(found.get(cluster)) for cluster in clusters}


@router.get(
    "/traffic",
    summary="Verdicts of the last hours by hour, action, symbol, campaign and cluster (operators)",
)
async def traffic(
    services: ServicesDep,
    _operator: OperatorDep,
    hours: Annotated[
        int, Query(ge=1, le=168, description="How many hours, this one included.")
    ] = 24,
) -> dict[str, Any]:
    """Counts of the verdicts scored in the last ``hours`` hours (by the wall clock when they were
    scored, ``received_at``): per hour and action (oldest hour first, empty hours included), the
    ``TOP`` symbols that fired most, the ``TOP`` campaigns and the ``TOP`` campaign clusters with
    most messages, each cluster with its compliance profile (module docstring)."""
    summary = await run_in_threadpool(_counts, services, hours)
    profiles = await _cluster_profiles(services, [c["cluster"] for c in summary["top_clusters"]])
    for row in summary["top_clusters"]:
        row["profile"] = profiles.get(row["cluster"])
    return summary


def _counts(services: Services, hours: int) -> dict[str, Any]:
    """The audit's side of ``traffic`` (SQL, on a thread of the pool)."""
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
        clusters = session.execute(
            select(VerdictRecord.cluster, VerdictRecord.action, func.count())
            .where(window, VerdictRecord.cluster.is_not(None))
            .group_by(VerdictRecord.cluster, VerdictRecord.action)
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
    per_cluster: dict[str, dict[str, int]] = {}
    for cluster, action, count in clusters:
        per_cluster.setdefault(str(cluster), {})[action] = count
    biggest = sorted(per_cluster.items(), key=lambda item: (-sum(item[1].values()), item[0]))
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
        "top_clusters": [
            {"cluster": c, "messages": sum(counts.values()), "by_action": counts}
            for c, counts in biggest[:TOP]
        ],
    }
