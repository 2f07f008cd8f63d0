"""Two workers counting one window at once over Redis: merged at commit, not scored again."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import ClassVar

import pytest

from clearline import Action, Engine, Hit, Verdict
from clearline.model import SymbolSpec
from clearline.signals import Batch, Signal
from clearline.signals.behaviour import BehaviourSignal, NumberActivity
from clearline.signals.campaigns import CampaignSignal, ClusterStats
from clearline.signals.flood import FloodGuardSignal
from clearline.signals.links import DomainSightings, LinkSignal
from clearline.state import (
    StateConflictError,
    StateStore,
    StateUnavailableError,
    open_state_url,
)
from clearline.state.memory import MemoryStateStore
from redis_server import require_redis, running_redis
from support import make_message


class Meanwhile:
    """Runs last among the signals, after the others read and changed their windows and before
    the engine commits: another worker's whole batch committed in between. Counts its passes
    (a batch scored again passes twice)."""

    name: ClassVar[str] = "meanwhile"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = ()

    def __init__(self, other_batches: list[Callable[[], object]]) -> None:
        self.other_batches = other_batches
        self.passes = 0

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        self.passes += 1
        if self.other_batches:
            self.other_batches.pop(0)()


def _workers(
    redis_url: str, build: Callable[[StateStore], list[Signal]]
) -> tuple[Engine, Engine, Meanwhile]:
    """Worker 1 (whose batches another worker interleaves with) and worker 2."""
    store_1, store_2 = open_state_url(redis_url), open_state_url(redis_url)
    meanwhile = Meanwhile([])
    worker_1 = Engine(state=store_1, signals=[*build(store_1), meanwhile])
    worker_2 = Engine(state=store_2, signals=build(store_2))
    return worker_1, worker_2, meanwhile


def _symbols(verdict: Verdict) -> list[str]:
    return [reason.symbol for reason in verdict.reasons]


def test_a_flood_counted_by_two_workers_at_once_is_caught_without_scoring_again(
    redis_url: str,
) -> None:
    worker_1, worker_2, meanwhile = _workers(redis_url, lambda s: [FloodGuardSignal({}, s)])
    mine = [make_message(f"a{i}", seconds=i, body=f"text {i}") for i in range(10)]
    theirs = [make_message(f"b{i}", seconds=10 + i, body=f"other {i}") for i in range(10)]
    meanwhile.other_batches.append(lambda: worker_2.score_batch(theirs))
    verdicts = worker_1.score_batch(mine)
    assert [v.action for v in verdicts] == [Action.DELIVER] * 10
    assert meanwhile.passes == 1  # merged at commit: the batch was scored once
    # Both workers' 20 messages are in the pair's window: the 21st is one too many.
    verdict = worker_2.score(make_message("c", seconds=30, body="one more"))
    assert _symbols(verdict) == ["FLOOD_VOLUME"]
    assert "message 21 " in verdict.reasons[0].detail
    worker_1.close()
    worker_2.close()


def test_a_burst_split_over_two_workers_at_once_still_exceeds_the_rate(redis_url: str) -> None:
    def build(store: StateStore) -> list[Signal]:
        return [BehaviourSignal({"max_per_minute": 5}, store)]

    worker_1, worker_2, meanwhile = _workers(redis_url, build)
    recipients = [f"+1415555{i:04d}" for i in range(7)]
    mine = [make_message(f"a{i}", seconds=i, to=recipients[i]) for i in range(3)]
    theirs = [make_message(f"b{i}", seconds=3 + i, to=recipients[3 + i]) for i in range(3)]
    meanwhile.other_batches.append(lambda: worker_2.score_batch(theirs))
    assert all(not v.reasons for v in worker_1.score_batch(mine))
    assert meanwhile.passes == 1
    # Six texts in six seconds from one unregistered number, then a seventh: over 5 a minute.
    verdict = worker_1.score(make_message("c", seconds=6, to=recipients[6]))
    assert "P2P_RATE_EXCEEDED" in _symbols(verdict)
    assert meanwhile.passes == 2
    worker_1.close()
    worker_2.close()


def test_one_worker_and_two_at_once_count_a_number_the_same(redis_url: str) -> None:
    """The merged hourly counters equal what one worker counts from the same traffic (texts
    to people who never answered: nothing depends on the order the workers saw them in)."""
    senders = ["+12125550101", "+12125550102"]
    traffic = [
        make_message(f"m{i}", seconds=i * 700.0, sender=senders[i % 2], to=f"+1415555{i:04d}")
        for i in range(12)
    ]
    alone = MemoryStateStore()
    Engine(state=alone, signals=[BehaviourSignal({}, alone)]).score_batch(traffic)

    worker_1, worker_2, meanwhile = _workers(redis_url, lambda s: [BehaviourSignal({}, s)])
    meanwhile.other_batches.append(lambda: worker_2.score_batch(traffic[6:]))
    worker_1.score_batch(traffic[:6])
    assert meanwhile.passes == 1
    expected = alone.table("number_activity", NumberActivity).get_many(senders)
    got = worker_1.state.table("number_activity", NumberActivity).get_many(senders)
    assert {k: v.counts for k, v in got.items()} == {k: v.counts for k, v in expected.items()}
    worker_1.close()
    worker_2.close()


def test_cluster_counters_of_two_workers_add_up_after_decay() -> None:
    signal = CampaignSignal({"half_life_hours": 1.0}, MemoryStateStore())
    base = ClusterStats(0.0, 4.0, 2.0, 0.0, 0.0, 0.0, 0.0, [1])
    mine = ClusterStats(3600.0, 2.0 + 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, [1, 2])  # halved, +1 each
    theirs = ClusterStats(7200.0, 1.0 + 5.0, 0.5, 0.0, 0.0, 0.0, 0.0, [1, 3])  # quartered, +5
    merged = signal.merge_stats(base, mine, theirs)
    assert merged.last == 7200.0
    # Theirs as it stands, plus this worker's one message decayed by one half-life.
    assert math.isclose(merged.messages, 6.0 + 0.5)
    assert math.isclose(merged.unregistered, 0.5)
    assert merged.unregistered_senders == [1, 3, 2]


def test_a_table_without_merge_still_scores_the_batch_again(redis_url: str) -> None:
    first, second = open_state_url(redis_url), open_state_url(redis_url)
    one = first.table("votes", ClusterStats, window=True)
    two = second.table("votes", ClusterStats, window=True)
    assert one.get_many(["k"]) == {} and two.get_many(["k"]) == {}
    one.put_many({"k": ClusterStats()}, ts=1.0)
    two.put_many({"k": ClusterStats()}, ts=1.0)
    first.commit()
    with pytest.raises(StateConflictError, match="another worker changed"):
        second.commit()
    first.close()
    second.close()


def test_redis_gone_between_merge_rounds_says_what_was_kept() -> None:
    require_redis()
    with running_redis() as server:
        first, second = open_state_url(server.url), open_state_url(server.url)

        def merge_then_lose_redis(
            base: ClusterStats | None, mine: ClusterStats, theirs: ClusterStats
        ) -> ClusterStats:
            server.stop()  # Redis goes away after the first script, before the merged keys
            return theirs

        one = first.table("counts", ClusterStats, window=True)
        two = second.table("counts", ClusterStats, window=True, merge=merge_then_lose_redis)
        assert one.get_many(["k"]) == {} and two.get_many(["k"]) == {}
        one.put_many({"k": ClusterStats(messages=1.0)}, ts=1.0)
        two.put_many({"k": ClusterStats(messages=2.0)}, ts=1.0)
        first.commit()
        with pytest.raises(StateUnavailableError, match="while this batch's windows were being"):
            second.commit()


def test_a_domain_seen_by_two_workers_at_once_keeps_both_sightings() -> None:
    signal = LinkSignal({"burst_count": 4}, MemoryStateStore())
    base = DomainSightings(100.0, [100.0])
    mine = DomainSightings(100.0, [100.0, 105.0, 106.0])
    theirs = DomainSightings(90.0, [100.0, 101.0])
    merged = signal.merge_sightings(base, mine, theirs)
    # The earliest first sighting; theirs plus this batch's two, the newest 4 kept.
    assert merged == DomainSightings(90.0, [100.0, 101.0, 105.0, 106.0])
    assert signal.merge_sightings(None, mine, theirs).times == [100.0, 101.0, 105.0, 106.0]
