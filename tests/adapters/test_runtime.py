"""The process settings the line-rate adapters use: the frozen heap and its full collections."""

from __future__ import annotations

import gc
import weakref

from clearline.adapters.runtime import FrozenHeap


class _Node:
    """Something a reference cycle can be made of (and a weak reference can watch)."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _orphaned_cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_frozen_heap_switches_collection_off_and_restores_it() -> None:
    heap = FrozenHeap(interval=1.0)
    assert gc.isenabled()
    heap.start(now=0.0)
    try:
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0  # everything alive at start is out of reach
    finally:
        heap.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_frozen_cycle_survives_ticks_until_the_full_collection_reclaims_it() -> None:
    heap = FrozenHeap(interval=1.0, full_interval=60.0)
    heap.start(now=0.0)
    try:
        watched = _orphaned_cycle()
        assert heap.tick(now=1.0) is None  # frozen with the rest: no collector sees it
        gc.collect()
        assert watched() is not None

        found = heap.tick(now=61.0)  # the full collection is due

        assert found is not None and found >= 2
        assert watched() is None
        assert heap.full_collections == 1
        assert not gc.isenabled()  # still off after the full collection
    finally:
        heap.stop()


def test_no_full_collection_when_its_interval_is_zero() -> None:
    heap = FrozenHeap(interval=1.0, full_interval=0.0)
    heap.start(now=0.0)
    try:
        watched = _orphaned_cycle()
        assert heap.tick(now=10_000.0) is None
        assert watched() is not None
    finally:
        heap.stop()
        gc.collect()


def test_tick_freezes_only_once_its_interval_has_passed() -> None:
    heap = FrozenHeap(interval=1.0)
    heap.start(now=0.0)
    try:
        frozen = gc.get_freeze_count()
        young = [_Node() for _ in range(100)]
        heap.tick(now=0.5)
        assert gc.get_freeze_count() == frozen  # not due yet
        heap.tick(now=1.0)
        assert gc.get_freeze_count() >= frozen + len(young)
    finally:
        heap.stop()


def _quiet_minded_heap(handled: list[int], max_wait: float) -> FrozenHeap:
    """A started heap whose full collection (due every 60 s) waits for under 100 messages/s."""
    heap = FrozenHeap(
        interval=1.0,
        full_interval=60.0,
        work=lambda: handled[0],
        quiet_rate=100.0,
        max_wait=max_wait,
    )
    heap.start(now=0.0)
    return heap


def test_a_due_full_collection_waits_for_a_quiet_second_then_runs() -> None:
    handled = [0]
    heap = _quiet_minded_heap(handled, max_wait=3_600.0)
    try:
        watched = _orphaned_cycle()
        handled[0] += 20_000  # line rate: 20,000 messages in the second before the due tick
        assert heap.tick(now=61.0) is None  # due, but busy: it waits
        handled[0] += 20_000
        assert heap.tick(now=62.0) is None
        gc.collect()
        assert watched() is not None
        handled[0] += 50  # a lull
        found = heap.tick(now=63.0)
        assert found is not None and watched() is None
        assert heap.full_collections == 1
    finally:
        heap.stop()


def test_a_full_collection_that_found_no_quiet_second_runs_after_max_wait() -> None:
    handled = [0]
    heap = _quiet_minded_heap(handled, max_wait=120.0)
    try:
        for now in (61.0, 100.0, 179.0):
            handled[0] += 20_000 * 40  # always busy
            assert heap.tick(now=now) is None
        handled[0] += 20_000
        assert heap.tick(now=181.0) is not None  # 121 s past due: runs whatever the load
        assert heap.full_collections == 1
    finally:
        heap.stop()
