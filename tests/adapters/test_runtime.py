"""The process settings the line-rate adapters use: the frozen heap and its full collections."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

from clearline.adapters.runtime import FrozenHeap, usable_cores


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


def _cgroup_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_cgroup_v2_quota_caps_the_cores_and_a_parents_counts_too(tmp_path: Path) -> None:
    own = tmp_path / "proc_cgroup"
    own.write_text("0::/kubepods/pod1/box\n")
    root = tmp_path / "cgroup"
    _cgroup_file(root / "kubepods/pod1/box/cpu.max", "max 100000\n")
    assert usable_cores(root, own) == _affinity()  # no quota anywhere: every allowed core
    _cgroup_file(root / "kubepods/pod1/cpu.max", "50000 100000\n")  # half a CPU, one level up
    assert usable_cores(root, own) == 1


def test_a_cgroup_v1_quota_at_the_containers_root_caps_the_cores(tmp_path: Path) -> None:
    own = tmp_path / "proc_cgroup"
    # Inside a container the host's path is listed, and the container's group is the root.
    own.write_text("4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/\n")
    root = tmp_path / "cgroup"
    _cgroup_file(root / "cpu,cpuacct/cpu.cfs_period_us", "100000\n")
    _cgroup_file(root / "cpu,cpuacct/cpu.cfs_quota_us", "-1\n")
    assert usable_cores(root, own) == _affinity()
    _cgroup_file(root / "cpu,cpuacct/cpu.cfs_quota_us", "100000\n")
    assert usable_cores(root, own) == 1


def test_unreadable_or_odd_cgroup_files_leave_the_affinity(tmp_path: Path) -> None:
    root = tmp_path / "cgroup"
    _cgroup_file(root / "cpu.max", "lots of cpus\n")
    assert usable_cores(root, tmp_path / "missing") == _affinity()
    own = tmp_path / "proc_cgroup"
    own.write_text("0::/\n")
    assert usable_cores(root, own) == _affinity()


def test_the_scan_and_the_service_size_their_workers_to_the_cpu_affinity() -> None:
    # A process pinned to one core (taskset, a container's cpuset) scans with one process and
    # starts no text worker: a second would only share that core.
    script = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
        "from clearline.adapters.runtime import usable_cores\n"
        "from clearline.adapters.http.app import text_workers\n"
        "from clearline.adapters.http.settings import ServiceSettings\n"
        "print(usable_cores(), text_workers(ServiceSettings()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["1", "0"]


def _affinity() -> int:
    return len(os.sched_getaffinity(0))
