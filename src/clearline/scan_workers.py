"""``clearline scan --workers N``: the stateless per-text work of a batch in other processes.

Verdicts must be identical to a one-process run and in the same order, and most signals keep
state that crosses numbers (a campaign's cluster spans its senders, a contact pair joins two
numbers), so the state cannot be split by key. What can move is work that depends on the text
(and its recipient's country) alone:

* each text's campaign fingerprint (masking, tokenising, hashing its word pairs);
* its content facts (links and their hosts, call-back numbers, lures, categories), which the
  link, lure, category and content signals read;
* its content model score (the classifier's probability and feature row length) and, for a text
  that scores high, the words that raised it;
* for a short text, what it asks for (STOP, HELP, a plain "stop texting me"), which the opt-out
  and campaigns signals read.

``N - 1`` worker processes compute these for the next batches while the main process scores the
current one, in order, with all the state; it takes the workers' results into the caches the
signals already keep per text (the campaigns signal's fingerprints, ``FACTS_CACHE``, the content
signal's scores, ``KIND_MEMO`` for what short texts ask for), so it computes exactly what it
would have computed itself, and finds it there.
A worker that fails costs only speed: the signals then compute the batch themselves.

The pool starts with the second batch, so a small input never starts a process.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, NamedTuple

import msgspec

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]

from clearline.codec import Record
from clearline.compliance.text_rules import (
    KIND_MEMO,
    NATURAL_OPT_OUT_MAX_CHARS,
    Keyword,
    classify,
)
from clearline.content.facts import EMPTY_FACTS, FACTS_CACHE, TextFacts, analyse_batch
from clearline.content.lures import regions_of_numbers
from clearline.engine import Engine
from clearline.model import Message
from clearline.signals.campaigns import CampaignSignal
from clearline.signals.content import ContentClassifierSignal
from clearline.signals.optout import OptOutSignal
from clearline.state.memory import MemoryStateStore

Fingerprints = list[tuple[list[str], str]]

log = logging.getLogger(__name__)


class TextWork(msgspec.Struct, array_like=True):
    """What a worker computed for one batch's distinct texts.

    Attributes:
        fingerprints: the campaign fingerprint of each distinct body, in first-seen order
            (``None``: no campaigns signal).
        firsts: the batch position of each distinct (body, recipient country) pair's first
            message, in first-seen order.
        regions: that pair's recipient country.
        facts: that pair's content facts (``None``: none found, ``EMPTY_FACTS``); ``None`` for
            the whole list when the facts are not cached.
        scores: that pair's (probability, feature row length) (``None``: no content signal).
        reasons: why each pair that scored high did, by its place in ``firsts``.
        kinds: what the distinct short bodies (``_short_bodies``) ask for (``classify``: STOP,
            HELP, ...), by place in that list; the others ask for nothing.

    The texts themselves never travel back: the main process has them. Results are read by a
    thread of the main process that needs its lock on the interpreter for every piece of a
    pipe it reads, so every byte kept off the pipe is time the scoring thread keeps.
    """

    fingerprints: Fingerprints | None
    firsts: list[int]
    regions: list[str]
    facts: list[TextFacts | None] | None
    scores: list[tuple[float, float]] | None
    reasons: dict[int, str]
    kinds: dict[int, Keyword] = {}


def _distinct_bodies(items: list[tuple[str, str]]) -> list[str]:
    return list(dict.fromkeys(body for body, _ in items))


def _short_bodies(bodies: list[str]) -> list[str]:
    """The bodies short enough to be a keyword or a plain request (longer ones never are)."""
    return [body for body in bodies if len(body) <= NATURAL_OPT_OUT_MAX_CHARS]


class _Worker:
    """The signals a worker process computes with, built from the main process's settings."""

    def __init__(
        self,
        campaign_settings: dict[str, Any] | None,
        content_settings: dict[str, Any] | None,
        facts: bool,
    ) -> None:
        store = MemoryStateStore()
        self.campaigns = (
            None if campaign_settings is None else CampaignSignal(campaign_settings, store)
        )
        self.content = (
            None if content_settings is None else ContentClassifierSignal(content_settings, store)
        )
        self.facts = facts

    def work(self, items: list[tuple[str, str]]) -> TextWork:
        """The per-text work of one batch's messages, given as (body, recipient) pairs."""
        bodies = _distinct_bodies(items)
        fingerprints = None
        if self.campaigns is not None:
            fingerprints = self.campaigns.fingerprint_texts(bodies)
        kinds = {
            i: kind
            for i, kind in enumerate(map(classify, _short_bodies(bodies)))
            if kind is not None
        }
        if not self.facts:
            return TextWork(fingerprints, [], [], None, None, {}, kinds)
        all_regions = regions_of_numbers([to for _, to in items])
        first_of: dict[tuple[str, str], int] = {}
        for i, key in enumerate(zip((body for body, _ in items), all_regions, strict=True)):
            first_of.setdefault(key, i)
        texts = [body for body, _ in first_of]
        regions = [region for _, region in first_of]
        analysis = analyse_batch(texts, regions)
        facts = [None if found is EMPTY_FACTS else found for found in analysis.facts]
        scores: list[tuple[float, float]] | None = None
        reasons: dict[int, str] = {}
        if self.content is not None and texts:
            # Each (text, country) pair's reason: the country decides which numbers are
            # international call-backs, which an explanation may name.
            scores, reasons = self.content.score_texts(analysis)
        return TextWork(
            fingerprints, list(first_of.values()), regions, facts, scores, reasons, kinds
        )


_worker: _Worker | None = None


def _start_worker(
    campaign_settings: dict[str, Any] | None,
    content_settings: dict[str, Any] | None,
    facts: bool,
) -> None:
    global _worker
    _exit_with_parent()
    _worker = _Worker(campaign_settings, content_settings, facts)


#: Linux's ``prctl`` option that signals a process when its parent dies.
_PR_SET_PDEATHSIG = 1


def _exit_with_parent() -> None:
    """On Linux, end this worker when the process that started it dies. A scan or service
    killed with SIGKILL runs no clean-up, and its workers would wait for work forever on a
    pipe whose other end they hold themselves. The kernel sends SIGUSR1 when the thread that
    started the worker ends; the worker leaves only if its parent is gone (that thread may end
    while the process lives on)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()

    def leave_if_orphaned(signum: int, frame: object) -> None:
        del signum, frame
        if os.getppid() != parent:
            os._exit(1)

    signal.signal(signal.SIGUSR1, leave_if_orphaned)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGUSR1, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl to be had: the worker stays as before
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _prepare(items: list[tuple[str, str]]) -> TextWork:
    if _worker is None:  # the pool's initializer sets it
        raise RuntimeError("scan worker used before it started")
    return _worker.work(items)


def _signal_of(engine: Engine, kind: type[Any]) -> Any:
    for found in engine.signals:
        if isinstance(found, kind):
            return found
    return None


class _Receiver:
    """Where the main process puts what the workers computed: the signals' own caches."""

    def __init__(self, engine: Engine) -> None:
        self.campaigns: CampaignSignal | None = _signal_of(engine, CampaignSignal)
        content: ContentClassifierSignal | None = _signal_of(engine, ContentClassifierSignal)
        # Scores are only worth computing where the signal caches them.
        self.content = content if content is not None and content.cache_size else None
        self.optout: OptOutSignal | None = _signal_of(engine, OptOutSignal)
        # The facts are read by the content, link, lure and category signals; computed ahead
        # only where the process-wide cache can take them.
        self.facts = FACTS_CACHE.size > 0

    @property
    def useful(self) -> bool:
        return self.campaigns is not None or self.facts or self.optout is not None

    def worker_arguments(self) -> tuple[Any, ...]:
        return (
            None if self.campaigns is None else self.campaigns.fingerprint_settings,
            None if self.content is None else self.content.worker_settings,
            self.facts,
        )

    def take(self, items: list[tuple[str, str]], work: TextWork) -> None:
        """Put one batch's work (its messages given as ``_items``) into the signals' caches."""
        bodies = _distinct_bodies(items)
        if self.campaigns is not None and work.fingerprints is not None:
            self.campaigns.remember_fingerprints(bodies, work.fingerprints)
        kinds = work.kinds
        KIND_MEMO.remember({body: kinds.get(i) for i, body in enumerate(_short_bodies(bodies))})
        if work.facts is None:
            return
        keys = [(items[i][0], region) for i, region in zip(work.firsts, work.regions, strict=True)]
        FACTS_CACHE.remember(
            keys, [EMPTY_FACTS if found is None else found for found in work.facts]
        )
        if self.content is not None and work.scores is not None:
            reasons = {keys[i]: why for i, why in work.reasons.items()}
            self.content.remember_scores(keys, work.scores, reasons)


def _items(chunk: list[Record]) -> list[tuple[str, str]]:
    return [(item.body, item.to) for _, item in chunk if type(item) is Message]


class PendingWork(NamedTuple):
    """One batch's per-text work in a worker: its messages as (body, recipient) pairs, and the
    result to come."""

    items: list[tuple[str, str]]
    result: Future[TextWork]


class TextWorkPool:
    """Worker processes that compute the per-text work of batches for ``engine``'s signals.

    ``submit`` sends a batch's texts to a worker; ``take`` puts what it computed into the
    signals' caches (the process-wide facts and short-text caches, the campaigns and content
    signals' own), where scoring then finds it. Call ``take`` on the thread that scores, between
    batches: the caches are plain dicts. A worker's failure or a batch taken before its work
    is done costs speed only: the signals compute what they do not find.

    A ``concurrent.futures`` process pool: a worker that dies (killed, out of memory) breaks
    the pool, which fails every batch in it at once (no batch waits for a dead worker) and
    stops the others; the pool then stays off (``running`` is false, one warning is logged)
    and the signals compute everything, as without workers.

    Args:
        engine: the engine whose signals get the results.
        processes: worker processes to start (0, or no signal with per-text work: none; then
            ``running`` is false and ``submit`` returns ``None``).
        method: the start method; ``fork`` where there is one (no threads run yet), else
            ``spawn``. A process that already runs threads (the service) passes
            ``forkserver``.
        backlog: at most this many batches in the workers at once; ``submit`` returns ``None``
            past it (the scoring thread computes that batch itself). 0: no bound.
    """

    def __init__(
        self, engine: Engine, processes: int, *, method: str | None = None, backlog: int = 0
    ) -> None:
        self._receiver = _Receiver(engine)
        self._executor: ProcessPoolExecutor | None = None
        self._backlog = backlog
        self._outstanding = 0
        self._lock = threading.Lock()
        self._failure_told = False
        if processes < 1 or not self._receiver.useful:
            return
        methods = multiprocessing.get_all_start_methods()
        if method is None or method not in methods:
            method = "fork" if "fork" in methods else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # The server imports the workers' module once; each worker is then a cheap fork.
            context.set_forkserver_preload([__name__])
        try:
            self._executor = ProcessPoolExecutor(
                processes, context, _start_worker, self._receiver.worker_arguments()
            )
        except OSError:  # no processes to be had (limits, no /dev/shm): the signals compute
            return
        _widen_pipes(self._executor)

    @property
    def running(self) -> bool:
        """Whether there are worker processes to send batches to."""
        return self._executor is not None

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids (they start as batches come)."""
        executor = self._executor
        if executor is None:
            return []
        processes = getattr(executor, "_processes", None) or {}  # not public: none if moved
        return sorted(processes)

    def submit_items(self, items: list[tuple[str, str]]) -> PendingWork | None:
        """Send one batch's (body, recipient) pairs to a worker (``None``: no worker, or the
        backlog is full)."""
        executor = self._executor
        if executor is None:
            return None
        with self._lock:
            if self._backlog and self._outstanding >= self._backlog:
                return None
            self._outstanding += 1
        try:
            future = executor.submit(_prepare, items)
        except (BrokenProcessPool, RuntimeError, OSError) as exc:  # broken, shut down, refused
            self._stop_broken(f"no text worker to send work to ({type(exc).__name__}: {exc})")
            self._done(None)
            return None
        future.add_done_callback(self._done)
        return PendingWork(items, future)

    def warm(self, timeout: float = 60.0) -> bool:
        """Start every worker and wait until each has loaded what it computes with (the
        content model): the first batches are then not late. Whether the pool runs."""
        executor = self._executor
        if executor is None:
            return False
        try:
            started = [executor.submit(_prepare, []) for _ in range(executor._max_workers)]  # type: ignore[attr-defined]
            for future in started:
                future.result(timeout)
        except BrokenProcessPool:
            self._stop_broken("a text worker process died while starting")
        except Exception:  # slow to start: it still runs, batches are only late meanwhile
            pass
        return self.running

    def submit(self, messages: Sequence[Message]) -> PendingWork | None:
        """``submit_items`` for messages."""
        return self.submit_items([(m.body, m.to) for m in messages])

    def _done(self, _: object) -> None:  # (a thread of the pool's, or the submitting one)
        with self._lock:
            self._outstanding -= 1

    def take(self, pending: PendingWork, *, timeout: float | None = None) -> bool:
        """Put a batch's work into the signals' caches; ``False`` when it failed, or is not done
        within ``timeout`` seconds (``None``: until it is done or failed)."""
        try:
            work = pending.result.result(timeout)
        except BrokenProcessPool:
            self._stop_broken("a text worker process died")
            return False
        except (TimeoutError, CancelledError):  # late, or dropped: the signals compute it
            return False
        except Exception as exc:  # failed in the worker: the signals compute it
            if not self._failure_told:  # once: a fault there would otherwise only cost time
                self._failure_told = True
                log.warning(
                    "a text worker failed (%s: %s); the scoring process computes such "
                    "batches itself",
                    type(exc).__name__,
                    exc,
                )
            return False
        self._receiver.take(pending.items, work)
        return True

    def _stop_broken(self, why: str) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            log.warning("%s; the scoring process does the per-text work itself now", why)
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (what they were computing is dropped)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def prefetched(
    engine: Engine, batches: Iterable[list[Record]], workers: int
) -> Iterator[list[Record]]:
    """The batches, in order, each yielded once its texts' per-text work is in ``engine``'s
    signals' caches.

    Args:
        engine: the engine that scores the batches.
        batches: the input in batches, as ``scan_records`` cuts it.
        workers: processes in all, this one included; 1 (or no signal with per-text work to
            move) changes nothing.
    """
    iterator = iter(batches)
    if workers <= 1 or not _Receiver(engine).useful:
        yield from iterator
        return
    first = next(iterator, None)
    if first is None:
        return
    yield first
    second = next(iterator, None)
    if second is None:
        return
    pool = TextWorkPool(engine, workers - 1)
    if not pool.running:  # no processes to be had: one process, same verdicts
        yield second
        yield from iterator
        return
    pending: deque[tuple[list[Record], PendingWork | None]] = deque()
    # Enough batches in flight to keep every worker busy while this process scores one.
    ahead = 2 * (workers - 1)
    try:
        for chunk in itertools.chain((second,), iterator):
            pending.append((chunk, pool.submit_items(_items(chunk))))
            if len(pending) > ahead:
                yield _take(pool, *pending.popleft())
        while pending:
            yield _take(pool, *pending.popleft())
    finally:
        pool.close()


#: Room for a whole batch's texts or results in a pipe (Linux lets any process ask for 1 MiB).
_PIPE_BYTES = 1 << 20


def _widen_pipes(executor: ProcessPoolExecutor) -> None:
    """Give the pool's two pipes room for whole batches (Linux; elsewhere nothing changes).

    A batch's results (a few hundred KB) do not fit a default 64 KiB pipe, so a worker waited
    at every batch until the main process's result thread had read the pipe empty, piece by
    piece, each piece waiting for the scoring thread to let go of the interpreter (every 5 ms):
    the scoring process then waited for results a worker had long computed (about an eighth
    of a ``--workers 2`` run's time on 200,000 unique texts, about a third of that with these
    pipes). Speed only: the pipes carry the same bytes either way.
    """
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is None:
        return
    try:
        # The pool's queues are not public; any change there leaves the default pipes.
        queues: tuple[Any, ...] = (executor._call_queue, executor._result_queue)  # type: ignore[attr-defined]
        for queue in queues:
            for end in (queue._reader, queue._writer):
                fcntl.fcntl(end.fileno(), set_size, _PIPE_BYTES)
    except (AttributeError, OSError, ValueError):
        return


def _take(pool: TextWorkPool, chunk: list[Record], work: PendingWork | None) -> list[Record]:
    if work is not None:
        pool.take(work)
    return chunk
