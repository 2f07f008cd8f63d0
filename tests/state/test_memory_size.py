"""The in-memory store's footprint: issue 19's bar of 500 bytes of state per active number."""

from __future__ import annotations

import gc
import tracemalloc

from clearline.signals.base import Batch
from clearline.signals.behaviour import BehaviourSignal
from clearline.state.memory import MemoryStateStore
from support import make_message


def _behaviour_bytes_per_number(count: int) -> float:
    """Bytes of behaviour state per number after each of ``count`` numbers texts the next once."""
    numbers = [f"+1415{200 + i // 10_000:03d}{i % 10_000:04d}" for i in range(count)]
    messages = [
        make_message(f"m{i}", seconds=i * 0.03, sender=numbers[i], to=numbers[(i + 1) % count])
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
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used / count


def test_a_hundred_thousand_active_numbers_take_under_500_bytes_of_state_each() -> None:
    # At this size the two tables' dicts are as loaded as at 1,000,000 numbers (both just past
    # a resize), where a value object plus a second dict of stamps per table came to ~590 bytes.
    per_number = _behaviour_bytes_per_number(100_000)
    assert per_number <= 500, f"{per_number:.0f} bytes of state per active number"


def test_expire_forgets_exactly_the_records_stamped_before_the_horizon() -> None:
    # expire compares the records' bytes, not decoded stamps: the order must match the numbers'.
    table = MemoryStateStore().table("t", int)
    for stamp in (0.0, 0.5, 1.0, 1_795_392_000.0, 1_795_392_000.001, 2e9):
        table.put_many({f"k{stamp}": 1}, stamp)
    assert table.expire(1_795_392_000.0) == 3
    kept = [f"k{s}" for s in (1_795_392_000.0, 1_795_392_000.001, 2e9)]
    assert sorted(table.get_many(kept)) == sorted(kept)
    assert len(table) == 3
    table.put_many({"early": 1}, -5.0)  # before the epoch: compared as numbers instead
    assert table.expire(1.0) == 1
    assert table.get_many(["early"]) == {}
    assert len(table) == 3
