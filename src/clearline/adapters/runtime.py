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
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

#: Allocations between generation-0 collections, and the promotion counts (default 700, 10, 10).
GC_THRESHOLDS = (100_000, 50, 1000)


def tune_gc_for_throughput() -> None:
    """Collect garbage rarely: the hot path allocates many objects and creates few cycles."""
    gc.set_threshold(*GC_THRESHOLDS)


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
