"""Process settings for the commands that score traffic at line rate.

Signal state (windows, ledgers, clusters) keeps hundreds of thousands of small containers alive,
and CPython's default collector runs a generation-0 pass every 700 allocations and promotes
into full passes over that whole heap. Clearline's state creates almost no reference cycles, so
the scoring commands collect far less often: measured on a simulated day, all signals, one core,
11,300 -> 15,200 messages/s (bench/throughput.py). Only adapters call this (the process is
theirs); the library never changes global interpreter settings.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import math
import os
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Allocations between generation-0 collections, and the promotion counts (default 700, 10, 10).
GC_THRESHOLDS = (100_000, 50, 1000)


def tune_gc_for_throughput() -> None:
    """Collect garbage rarely: the hot path allocates many objects and creates few cycles."""
    gc.set_threshold(*GC_THRESHOLDS)


def usable_cores(
    cgroup_root: Path = Path("/sys/fs/cgroup"), own_cgroups: Path = Path("/proc/self/cgroup")
) -> int:
    """The cores this process can use: those its CPU affinity allows, fewer when a cgroup CPU
    quota (a container's ``--cpus``, a systemd ``CPUQuota=``) allows less; at least one.

    ``os.cpu_count()`` counts the host's cores: in a container limited to one CPU on a 16-core
    host, 16 scoring workers would share one core's time. A quota of 1.5 CPUs counts as 2.

    Args:
        cgroup_root: where the cgroup file systems are mounted.
        own_cgroups: the process's cgroup membership (``/proc/self/cgroup``).
    """
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_cpu_quota(cgroup_root, own_cgroups)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)


def _cgroup_cpu_quota(cgroup_root: Path, own_cgroups: Path) -> float | None:
    """The smallest CPU quota (in CPUs) of the process's cgroup and its ancestors, if any.

    Reads cgroup v2's ``cpu.max`` ("max 100000" or "150000 100000") and v1's
    ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (-1: none). Inside a container the cgroup
    file system usually shows the container's own group at its root, so the root counts too.
    """
    try:
        lines = own_cgroups.read_text().splitlines()
    except OSError:
        lines = []
    found: list[float] = []
    for line in lines:
        _, controllers, path = [*line.split(":", 2), "", ""][:3]
        relative = Path(path.strip().lstrip("/"))
        if controllers == "":  # cgroup v2
            mounts = [cgroup_root, cgroup_root / "unified"]
        elif "cpu" in controllers.split(","):
            mounts = [cgroup_root / name for name in ("cpu", "cpu,cpuacct", "cpuacct,cpu")]
        else:
            continue
        for mount in mounts:
            for folder in [mount / relative, *(mount / relative).parents]:
                if folder == mount.parent:
                    break
                quota = _quota_in(folder)
                if quota is not None:
                    found.append(quota)
                if folder == mount:
                    break
    return min(found) if found else None


def _quota_in(folder: Path) -> float | None:
    """The CPU quota one cgroup folder sets, in CPUs, or ``None``."""
    try:
        quota, period = (folder / "cpu.max").read_text().split()[:2]
        if quota != "max" and float(period) > 0:
            return float(quota) / float(period)
        return None
    except (OSError, ValueError):
        pass
    try:
        quota_us = float((folder / "cpu.cfs_quota_us").read_text())
        period_us = float((folder / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


#: The service's GIL switch interval (CPython's default is 5 ms); see ``tune_threads_for_latency``.
SWITCH_INTERVAL_SECONDS = 0.001


def tune_threads_for_latency() -> None:
    """Hand the GIL between threads every millisecond instead of every five.

    ``clearline serve`` runs the event loop (HTTP parsing, routing, answers) and the scoring
    thread (engine, SQL) in one process. While one of them runs Python code, the other waits for
    the GIL until the running one blocks or the switch interval passes; at the default 5 ms a
    request that arrives during a scoring round waits up to 5 ms just to be read.
    """
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)


class FrozenHeap:
    """Automatic garbage collection off, every live object frozen out of the collector's reach.

    The engine's state is millions of long-lived objects. Python's collector, even in its passes
    over young objects, stalls the process for milliseconds (tens of ms for a full pass) in the
    middle of live traffic. Scoring, the SMPP proxy and the HTTP service's hot paths make no
    reference cycles (``tests/adapters/smpp/test_gc.py``, ``tests/adapters/http/test_gc.py``), so
    objects die by reference count and a collector has nothing to find.

    ``start`` collects what start-up left, freezes and switches automatic collection off;
    ``tick`` (call it as often as convenient; it acts every ``interval`` seconds) freezes what
    was created since, and once every ``full_interval`` seconds first runs one full collection,
    which reclaims any cycle a rarer path (an operator query, a plug-in signal) did make, at the
    price of one stall of about 10 ms per 100,000 live objects (270 ms for 2 million here, 1.5 s
    for a proxy heap of 829 MiB); ``stop`` undoes it all.

    **Quiet moments.** Given ``work`` (a running count of messages handled) and a
    ``quiet_rate``, a due full collection waits for a tick at which fewer than ``quiet_rate``
    messages a second arrived since the previous one (a night-time lull, a pause between
    bursts), so its stall holds up a few messages instead of a second of line-rate traffic. It
    waits at most ``max_wait`` seconds past due, then runs whatever the load.
    """

    def __init__(
        self,
        interval: float,
        full_interval: float = 0.0,
        *,
        work: Callable[[], int] | None = None,
        quiet_rate: float = 0.0,
        max_wait: float = 0.0,
    ) -> None:
        """Args: interval: seconds between freezes; full_interval: seconds between full
        collections (0: never); work: a running count of messages handled; quiet_rate: the
        messages a second under which a due full collection runs (0: at once when due);
        max_wait: the longest a due full collection waits for a quiet tick (seconds)."""
        self.interval = interval
        self.full_interval = full_interval
        self.quiet_rate = quiet_rate if work is not None else 0.0
        self.max_wait = max_wait
        self.full_collections = 0
        self._work = work
        self._was_enabled = True
        self._last_full = 0.0
        self._last_freeze = 0.0
        self._last_work = 0

    def start(self, now: float) -> None:
        """Collect once, freeze everything alive, and switch automatic collection off."""
        self._was_enabled = gc.isenabled()
        gc.collect()
        gc.freeze()
        gc.disable()
        self._last_full = self._last_freeze = now
        self._last_work = self._work() if self._work is not None else 0

    def _rate(self, elapsed: float) -> float:
        """Messages a second since the previous tick (0 without a ``work`` count)."""
        if self._work is None:
            return 0.0
        done = self._work()
        rate = (done - self._last_work) / elapsed if elapsed > 0 else 0.0
        self._last_work = done
        return rate

    def _full_due(self, now: float, rate: float) -> bool:
        if not self.full_interval or now - self._last_full < self.full_interval:
            return False
        quiet = not self.quiet_rate or rate < self.quiet_rate
        return quiet or now - self._last_full >= self.full_interval + self.max_wait

    def tick(self, now: float) -> int | None:
        """Once ``interval`` has passed since the last freeze: freeze what is new, and when a
        full collection is due (and the moment quiet enough), run it first. Call it as often as
        convenient.

        Returns:
            How many unreachable objects the full collection found, or ``None`` if none ran.
        """
        elapsed = now - self._last_freeze
        if elapsed < self.interval:
            return None
        self._last_freeze = now
        due = self._full_due(now, self._rate(elapsed))
        found = None
        if due:
            self._last_full = now
            started = time.perf_counter()
            gc.unfreeze()
            found = gc.collect()
            self.full_collections += 1
            log.log(
                logging.WARNING if found else logging.INFO,
                "full garbage collection: %d objects in reference cycles, %.1f ms",
                found,
                (time.perf_counter() - started) * 1000,
            )
        gc.freeze()
        return found

    async def keep_frozen(self) -> None:
        """``tick`` every ``interval`` seconds until cancelled (an event-loop task)."""
        loop = asyncio.get_running_loop()
        while True:
            # Until the next freeze is due (a timer may fire a hair early: then tick waits).
            await asyncio.sleep(max(0.0, self._last_freeze + self.interval - loop.time()))
            self.tick(loop.time())

    def stop(self) -> None:
        """Give the objects back to the collector and restore automatic collection."""
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()


def run_event_loop(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` on uvloop where it is installed (Linux, macOS), else on asyncio's own loop.

    uvloop's libuv loop costs less per socket event than the pure-Python one, which is most of a
    network adapter's own overhead per PDU or request.
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)
