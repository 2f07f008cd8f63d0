"""``clearline scan --workers N``: the stateless per-text work of a batch in other processes.

Verdicts must be identical to a one-process run and in the same order, and most signals keep
state that crosses numbers (a campaign's cluster spans its senders, a contact pair joins two
numbers), so the state cannot be split by key. What can move is work that depends on the text
alone: each text's campaign fingerprint (tokenising, masking, hashing its word pairs), the
largest part of the campaigns signal. ``N - 1`` worker processes fingerprint the next batches
while the main process scores the current one, in order, with all the state; it takes the
workers' fingerprints into the signal's cache, so it computes exactly what it would have
computed itself. A worker that fails costs only speed: the signal then fingerprints the batch
itself.

The pool starts with the second batch, so a small input never starts a process.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from clearline.codec import Record
from clearline.engine import Engine
from clearline.model import Message
from clearline.signals.campaigns import CampaignSignal
from clearline.state.memory import MemoryStateStore

Fingerprints = list[tuple[list[str], str]]

_worker_signal: CampaignSignal | None = None


def _start_worker(settings: dict[str, Any]) -> None:
    global _worker_signal
    _worker_signal = CampaignSignal(settings, MemoryStateStore())


def _fingerprint(bodies: list[str]) -> Fingerprints:
    if _worker_signal is None:  # the pool's initializer sets it
        raise RuntimeError("fingerprint worker used before it started")
    return _worker_signal.fingerprint_texts(bodies)


def _campaign_signal(engine: Engine) -> CampaignSignal | None:
    for signal in engine.signals:
        if isinstance(signal, CampaignSignal):
            return signal
    return None


def _distinct_bodies(chunk: list[Record]) -> list[str]:
    return list(dict.fromkeys(item.body for _, item in chunk if type(item) is Message))


def prefetched(
    engine: Engine, batches: Iterable[list[Record]], workers: int
) -> Iterator[list[Record]]:
    """The batches, in order, each yielded once its texts' fingerprints are in ``engine``.

    Args:
        engine: the engine that scores the batches (its campaigns signal gets the fingerprints).
        batches: the input in batches, as ``scan_records`` cuts it.
        workers: processes in all, this one included; 1 (or no campaigns signal) changes nothing.
    """
    signal = _campaign_signal(engine)
    iterator = iter(batches)
    if workers <= 1 or signal is None:
        yield from iterator
        return
    first = next(iterator, None)
    if first is None:
        return
    yield first
    second = next(iterator, None)
    if second is None:
        return
    pending: deque[tuple[list[Record], list[str], AsyncResult[Fingerprints]]] = deque()
    # Enough batches in flight to keep every worker busy while this process scores one.
    ahead = 2 * (workers - 1)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    try:
        pool: Pool = context.Pool(workers - 1, _start_worker, (signal.fingerprint_settings,))
    except OSError:  # no processes to be had (limits, no /dev/shm): one process, same verdicts
        yield second
        yield from iterator
        return
    try:
        for chunk in itertools.chain((second,), iterator):
            bodies = _distinct_bodies(chunk)
            pending.append((chunk, bodies, pool.apply_async(_fingerprint, (bodies,))))
            if len(pending) > ahead:
                yield _take(signal, *pending.popleft())
        while pending:
            yield _take(signal, *pending.popleft())
    finally:
        pool.terminate()
        pool.join()


def _take(
    signal: CampaignSignal,
    chunk: list[Record],
    bodies: list[str],
    result: AsyncResult[Fingerprints],
) -> list[Record]:
    try:
        fingerprints = result.get()
    except Exception:  # a lost worker costs speed, never a verdict: the signal computes them
        return chunk
    signal.remember_fingerprints(bodies, fingerprints)
    return chunk
