"""The behaviour signal's per-number state: compact, and counting the same as a 24-hour ring."""

from __future__ import annotations

import gc
import random
import tracemalloc

from clearline.signals.base import Batch
from clearline.signals.behaviour import BehaviourSignal, NumberActivity
from clearline.state.memory import MemoryStateStore
from support import make_message

_HOUR = 3600.0


def test_state_for_active_numbers_stays_under_500_bytes_each() -> None:
    # Issue 19's bar: 1,000,000 active numbers in under 1 GB of state, i.e. at most 500 bytes
    # a number (the dense 24-hour ring took 1,540). Each number here sends one text and
    # receives one, within an hour; the pair table is counted too.
    count = 10_000
    numbers = [f"+1415{200 + i // 10_000:03d}{i % 10_000:04d}" for i in range(count)]
    messages = [
        make_message(f"m{i}", seconds=i * 0.3, sender=numbers[i], to=numbers[(i + 1) % count])
        for i in range(count)
    ]
    state = MemoryStateStore()
    signal = BehaviourSignal({}, state)
    signal.check(Batch(messages[:1]), [[]])  # tables and caches made before measuring
    state.commit()
    batch = Batch(messages[1:])
    hits: list[list[object]] = [[] for _ in messages[1:]]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    signal.check(batch, hits)  # type: ignore[arg-type]
    state.commit()  # as the engine does after each batch: what a rollback needs is dropped
    del batch, hits
    gc.collect()  # a full collection also empties the free lists (tuples kept for reuse)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert used / count <= 500, f"{used / count:.0f} bytes of state per active number"


class _DenseRing:
    """The reference: a full ring of 24 hourly slots, as the counts were first kept."""

    def __init__(self) -> None:
        self.hour: int | None = None
        self.ring = [[0] * 6 for _ in range(24)]

    def bump(self, epoch: float, field: int) -> None:
        hour = int(epoch // _HOUR)
        if self.hour is None or hour >= self.hour + 24:
            self.ring = [[0] * 6 for _ in range(24)]
            self.hour = hour
        elif hour > self.hour:
            for step in range(self.hour + 1, hour + 1):
                self.ring[step % 24] = [0] * 6
            self.hour = hour
        elif hour <= self.hour - 24:
            return
        self.ring[hour % 24][field] += 1

    def totals(self) -> list[int]:
        return [sum(slot[field] for slot in self.ring) for field in range(6)]


def test_sparse_hourly_counts_match_a_dense_ring_through_gaps_and_late_messages() -> None:
    rng = random.Random(19)
    steps = [0, 0, 10, 600, 3600, 5000, 20000, 86400, 90000, -3600, -7200, -40000, -90000]
    for _ in range(500):
        dense, sparse = _DenseRing(), NumberActivity()
        now = rng.randint(400_000, 500_000) * _HOUR
        for _ in range(rng.randint(1, 60)):
            now = max(now + rng.choice(steps), 0.0)
            at, field = now + rng.random() * _HOUR, rng.randrange(6)
            dense.bump(at, field)
            sparse.bump(at, field)
            assert sparse.counts[:6] == dense.totals()
