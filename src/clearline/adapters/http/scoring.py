"""The engine behind the API: one dedicated thread, group commit, idempotent by message id.

The engine is synchronous and neither it nor its state store is thread-safe. So the service gives
it exactly one thread (a single-worker executor): requests ``await`` their turn without blocking
the event loop, messages are scored in arrival order (as ``scan`` does), and the store's
connection never changes threads. (A lock around a shared thread pool would serialise the same
way but hop the connection between threads.)

**Group commit.** Each scoring round is one transaction: look up ids already checked, score the
new messages, flush the engine's state, write the audit rows, commit (with ``fsync`` on SQLite,
so a STOP is durable before its verdict leaves). The commit costs milliseconds whatever its size,
so requests that arrive while a round runs are queued and scored together in the next round:
one request alone is answered at once, and under load many small requests share one commit
instead of each paying for its own.

**The writer process** (``audit_writer="process"``, the service's default): the round's
transaction only reads; the state's changes and the audit go to the writer process, which
commits them together (``clearline.storage.audit_writer``), and the round's requests are
answered on its ack while the next round is scored. Before anything drops a cache or touches the
state outside a round (``call``), the worker waits for the rounds in flight (``_settle``); after
a round the writer refused, it drops every cache and resets the writer.

**Held text.** The text of every tagged or blocked message is written beside its audit row (the
subscriber's spam folder shows and releases it), and text older than the retention is deleted by
the first round of each hour. **Audit retention** (off unless set): the same round deletes the
verdicts scored before the audit's retention, oldest first, at most ``PURGE_VERDICTS_PER_ROUND``
a round (a backlog continues in the next rounds), so no round stalls on a purge.

**Idempotency.** A message id already in the audit gets its stored verdict back and is not
scored again (state such as flood windows does not count it twice); a repeated id within a
round is scored once. On SQLite only the ids a filter of the stored ids (``known_ids``) may
have seen are looked up; ids in flight to the writer answer from memory.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future as ConcurrentFuture
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from clearline.compliance.store import ComplianceStore
from clearline.engine import Engine
from clearline.model import Message, Verdict
from clearline.policy import PolicyConfig
from clearline.scan_workers import PendingWork, TextWorkPool
from clearline.storage.audit import find_verdicts
from clearline.storage.audit_writer import (
    AuditRound,
    AuditWriteError,
    ProcessAuditWriter,
    write_audit,
)
from clearline.storage.database import Database
from clearline.storage.known_ids import KnownIds
from clearline.storage.state_store import SqlStateStore, StateOp

T = TypeVar("T")

#: A round takes every queued request up to this many messages (the first request always goes).
MAX_ROUND_MESSAGES = 5_000
#: With the writer process, a round is scored and sent in parts of this many messages.
STREAM_PART_MESSAGES = 100
#: Requests of fewer messages are not sent to the text workers: for one message the round trip
#: costs more than the work.
TEXT_WORK_MIN_MESSAGES = 10
#: How long a round waits, in all, for its requests' text work (the worker is usually done, or
#: nearly: the wait lets the thread that reads its results run); past it the signals compute
#: what is missing.
TEXT_WORK_WAIT_SECONDS = 0.02
#: Held text and verdicts past their retention are deleted at most this often (wall clock, s).
PURGE_INTERVAL_SECONDS = 3600.0
#: The most verdicts one round deletes; while older ones remain, the next round goes on.
PURGE_VERDICTS_PER_ROUND = 2_000


class CheckResult:
    """What one request's messages got.

    Attributes:
        verdicts: one verdict per message, in order (stored ones for ids already checked).
        fresh: for each message, whether its verdict was computed now (False for repeats).
    """

    __slots__ = ("fresh", "verdicts")

    def __init__(self, verdicts: list[Verdict], fresh: list[bool]) -> None:
        self.verdicts = verdicts
        self.fresh = fresh

    @property
    def scored(self) -> list[Verdict]:
        """The verdicts computed now (what metrics count)."""
        return [v for v, new in zip(self.verdicts, self.fresh, strict=True) if new]


_Pending = tuple[Sequence[Message], "asyncio.Future[CheckResult]", PendingWork | None]


@dataclass(slots=True)
class _Round:
    """One scored round: its audit, the verdicts already stored, the messages scored now."""

    audit: AuditRound  # the last part (the whole round without the writer process)
    stored: dict[str, Verdict]
    fresh: dict[str, Message]
    scored: list[Verdict]  # the verdicts of ``fresh``, in order
    purging: bool  # the round carries purge cut-offs
    purged: int  # verdicts its purge deleted (inline; the writer's ack says it otherwise)
    parts: int  # parts already sent to the writer (its transaction waits for the last)
    from_memory: bool  # some verdicts came from rounds still in flight


class ScoringWorker:
    """Owns the engine and its SQL state store on one thread.

    Args:
        database: the service database (state and audit live there).
        config: the policy.
        held_retention_seconds: how long the text of tagged and blocked messages is held for
            the spam folder (0: none is held).
        audit_retention_seconds: how long verdicts stay in the audit (0: for good).
        state_url: share the state with other workers: sliding windows in this Redis, ledgers
            in the database read through a Redis cache (``storage.shared_state``); needs the
            inline audit writer.
        ledger_cache_seconds: with ``state_url``, the ledger cache entries' lifetime (0: none).
        open_without_shared_state: with ``state_url``, score a round without the shared
            windows when Redis does not answer (``STATE_UNAVAILABLE``) instead of refusing it.
        text_workers: processes that compute each request's per-text work while the scoring
            thread scores the rounds before it (``clearline.scan_workers.TextWorkPool``: the
            same caches ``clearline scan --workers`` fills, so verdicts are the same); 0: none.
        text_workers_after: they start (on a thread of their own) once this many messages
            were scored, so a small service, or a test, never starts them.
    """

    def __init__(
        self,
        database: Database,
        config: PolicyConfig,
        held_retention_seconds: float = 0.0,
        *,
        audit_retention_seconds: float = 0.0,
        audit_writer: ProcessAuditWriter | None = None,
        state_url: str | None = None,
        ledger_cache_seconds: int = 3600,
        open_without_shared_state: bool = False,
        text_workers: int = 0,
        text_workers_after: int = 0,
    ) -> None:
        if state_url is not None and audit_writer is not None:
            raise ValueError("shared state (state_url) writes inline, without an audit writer")
        self._state_url = state_url
        self._ledger_cache_seconds = ledger_cache_seconds
        self._open_without_shared_state = open_without_shared_state
        self._writer = audit_writer
        # A round failed after rounds were sent: settle the writer before reading state again.
        self._stale = False
        # Ids sent to the writer and not yet acked, with their verdicts (idempotency meanwhile).
        self._in_flight: dict[str, Verdict] = {}
        self._last_sent: ConcurrentFuture[int] | None = None  # the last round sent's ack
        self._answering: set[asyncio.Task[None]] = set()
        self._held_retention = held_retention_seconds
        self._audit_retention = audit_retention_seconds
        self._purged_at = 0.0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clearline-scoring")
        self._known: KnownIds | None = None  # SQLite: the ids the audit may hold
        self._database = database
        self._config = config
        self.state: SqlStateStore
        # Built on the worker thread, so the state store's connection is born where it is used.
        self.engine: Engine = self._executor.submit(self._build).result()
        self.compliance = ComplianceStore(self.state)
        self.checked = 0  # messages scored so far (the frozen heap's measure of load)
        self._queue: list[_Pending] = []
        self._text_workers = text_workers
        self._text_workers_after = text_workers_after
        self._text_pool: TextWorkPool | None = None
        self._text_pool_starter: threading.Thread | None = None
        self._text_pool_lock = threading.Lock()
        self._closed = False
        #: Requests whose per-text work came from the text workers.
        self.text_work_taken = 0
        self._draining = False
        self._drainer: asyncio.Task[None] | None = None  # held so it is not garbage-collected

    def _build(self) -> Engine:
        if self._state_url is not None:  # windows in Redis, shared with other workers
            from clearline.storage.shared_state import SharedStateStore

            self.state = SharedStateStore(
                self._database.engine, self._state_url, self._ledger_cache_seconds
            )
        else:
            self.state = SqlStateStore(self._database.engine)
        # No B-tree on message ids on SQLite (known_ids); the filter only knows this process's
        # ids, so workers sharing the database look every id up instead.
        if self._database.dialect == "sqlite" and self._state_url is None:
            with self.state.unit_of_work() as connection:
                self._known = KnownIds.load(connection)
        engine = Engine(self._config, self.state)
        engine.open_without_shared_state = self._open_without_shared_state
        return engine

    async def call(self, function: Callable[[], T]) -> T:
        """Run ``function`` on the worker thread between scoring rounds (for anything that reads
        or writes the engine's state: registry imports, lint, preferences)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._in_unit_of_work, function)

    async def call_in_session(self, function: Callable[[Session], T]) -> T:
        """Like ``call``, with an ORM session on the engine's own connection: what ``function``
        writes through the session and through the state store commits as one transaction (a
        release marks the held message and teaches the sender's standing, or neither)."""

        def run() -> T:
            connection = self.state.connection
            if not connection.in_transaction():
                connection.begin()
            # rollback_only: the session never commits the store's transaction (the unit of work
            # does), but an error inside it still rolls the whole unit back.
            session = Session(bind=connection, join_transaction_mode="rollback_only")
            try:
                result = function(session)
                session.flush()
                return result
            finally:
                session.close()

        return await self.call(run)

    def _in_unit_of_work(self, function: Callable[[], T]) -> T:
        # One transaction, closed at the end: writes (an import) are atomic, and a read never
        # leaves the connection idle in an open transaction (PostgreSQL would hold its snapshot).
        # With the writer process, every round in flight is committed first, so this reads what
        # they wrote and its own writes (on this connection) never race the writer's.
        self._settle(always=True)
        with self.state.unit_of_work():
            return function()

    def _settle(self, *, always: bool = False) -> None:
        """With the writer process: wait for the rounds in flight when a cache must be dropped
        (a failed round: every cache, and the writer is reset; an outgrown cache: trimmed),
        or ``always``. On the worker thread only."""
        writer = self._writer
        if writer is None:
            return
        failed = writer.failed or self._stale
        if not (always or failed or self.state.oversized()):
            return
        writer.settle()
        if failed or writer.failed:
            self.state.forget_all()
            # Ids of refused rounds must not answer from memory (their callbacks may not have
            # run yet); every round sent is acked, so nothing else is in flight.
            self._in_flight.clear()
            self._last_sent = None
            writer.reset()
            self._stale = False
        else:
            self.state.trim_all()

    async def check(self, messages: Sequence[Message]) -> CheckResult:
        """Score a request's messages in the next round (see the module docstring)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[CheckResult] = loop.create_future()
        pool = self._text_pool  # its workers start on the texts now, before the round
        work = None
        if pool is not None and len(messages) >= TEXT_WORK_MIN_MESSAGES:
            work = pool.submit(messages)
        self._queue.append((messages, future, work))
        if not self._draining:
            self._draining = True
            self._drainer = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._queue:
                round_: list[_Pending] = []
                size = 0
                while self._queue and (
                    not round_ or size + len(self._queue[0][0]) <= MAX_ROUND_MESSAGES
                ):
                    pending = self._queue.pop(0)
                    round_.append(pending)
                    size += len(pending[0])
                combined = [m for messages, _, _ in round_ for m in messages]
                work = [pending for _, _, pending in round_ if pending is not None]
                try:
                    result, written = await loop.run_in_executor(
                        self._executor, self._check_round, combined, work
                    )
                except Exception as exc:  # every request of the round gets the error
                    _fail(round_, exc)
                    continue
                if written is None:
                    _answer(round_, result)
                else:  # answered once the writer has the audit; the next round goes on now
                    task = loop.create_task(_answer_when_written(round_, result, written))
                    self._answering.add(task)
                    task.add_done_callback(self._answering.discard)
        finally:
            self._draining = False

    def check_sync(self, messages: Sequence[Message]) -> CheckResult:
        """Score messages as one round; call only on the worker thread (``check`` does)."""
        result, written = self._check_round(messages)
        if written is not None:
            written.result()
        return result

    def _check_round(
        self, messages: Sequence[Message], work: Sequence[PendingWork] = ()
    ) -> tuple[CheckResult, ConcurrentFuture[int] | None]:
        self._take_text_work(work)
        writer = self._writer
        written: ConcurrentFuture[int] | None = None
        if writer is not None and writer.stopped:  # fail at once, before scoring anything
            raise AuditWriteError("the audit writer has stopped; restart the service")
        self._settle()
        # With the writer, the state's changes travel with the round's audit (one transaction).
        deferred: list[StateOp] | None = [] if writer is not None else None
        try:
            round_ = self._score_round(messages, deferred)
        except BaseException:
            self._stale = writer is not None  # the caches are gone; rounds may be in flight
            raise
        audit = round_.audit
        if round_.purging:  # committed inline, or sent (the writer's ack may undo it, below)
            self._purged_at = audit.received_at
            if writer is None:
                self._purge_done(round_.purged)
        if writer is not None and (round_.parts or audit.pairs or round_.purging or deferred):
            audit.state = deferred or []
            try:
                written = self._send(writer, audit)  # the last part: it ends the transaction
                if round_.purging:
                    written.add_done_callback(self._purge_acked)
            except BaseException:
                if round_.parts:
                    writer.abort()
                self._stale = True
                raise
        elif writer is not None and round_.from_memory:
            # Verdicts answered from memory are only as good as the rounds carrying them: wait
            # for the last round sent (rounds commit in order; after a failure every later one
            # is refused, so a failure of any of them fails this answer too).
            written = self._last_sent
        self._maybe_start_text_pool()
        by_id = {**round_.stored, **{v.id: v for v in round_.scored}}
        first_seen: set[str] = set()
        flags: list[bool] = []
        for message in messages:
            flags.append(message.id in round_.fresh and message.id not in first_seen)
            first_seen.add(message.id)
        return CheckResult([by_id[m.id] for m in messages], flags), written

    def _take_text_work(self, work: Sequence[PendingWork]) -> None:
        """Put what the text workers computed for this round's requests into the signals'
        caches (on the worker thread, between rounds); what is not done within
        ``TEXT_WORK_WAIT_SECONDS`` of the round's start is computed by the signals themselves,
        as without workers."""
        pool = self._text_pool
        if pool is None:
            return
        # One deadline for the round, not one wait per request.
        deadline = time.monotonic() + TEXT_WORK_WAIT_SECONDS
        for pending in work:
            if pool.take(pending, timeout=max(0.0, deadline - time.monotonic())):
                self.text_work_taken += 1

    def _maybe_start_text_pool(self) -> None:
        if (
            self._text_workers <= 0
            or self._text_pool_starter is not None
            or self.checked < self._text_workers_after
        ):
            return
        # Starting processes takes a second: not on the scoring thread.
        self._text_pool_starter = threading.Thread(
            target=self.start_text_workers, name="clearline-text-workers", daemon=True
        )
        self._text_pool_starter.start()

    def start_text_workers(self) -> bool:
        """Start the text workers now, if they are to run and have not started (they start by
        themselves once ``text_workers_after`` messages were scored); whether they run."""
        with self._text_pool_lock:
            if self._text_pool is None and self._text_workers > 0 and not self._closed:
                # forkserver: this process runs threads (the event loop, this worker, the
                # writer's acks), and a plain fork would copy whatever locks they hold.
                pool = TextWorkPool(
                    self.engine,
                    self._text_workers,
                    method="forkserver",
                    backlog=4 * self._text_workers,
                )
                if pool.warm():  # the first requests sent to it are then not late
                    self._text_pool = pool
            return self._text_pool is not None

    @property
    def text_worker_pids(self) -> list[int]:
        """The running text workers' process ids."""
        pool = self._text_pool
        return [] if pool is None else pool.pids

    def _send(self, writer: ProcessAuditWriter, audit: AuditRound) -> ConcurrentFuture[int]:
        for message, verdict in audit.pairs:
            self._in_flight[message.id] = verdict
        written = writer.submit(audit)
        self._last_sent = written
        sent = [message.id for message, _ in audit.pairs]
        written.add_done_callback(lambda _: self._forget_in_flight(sent))
        return written

    def _score_round(self, messages: Sequence[Message], deferred: list[StateOp] | None) -> _Round:
        """Look up the ids already checked, score the rest and build the round's audit, in one
        unit of work (which writes the audit too when there is no writer process).

        With the writer, the messages are scored in parts of ``STREAM_PART_MESSAGES``; each part
        but the last is sent as soon as it is scored (``more``: the transaction stays open), so
        the writer writes one part while the next is scored. The last part is the returned
        audit, sent once the unit of work has flushed the state.
        """
        writer = self._writer
        parts = 0
        try:
            with self.state.unit_of_work(deferred) as connection:
                ids = {m.id for m in messages}
                # The writer's ack thread may drop an id between a check and a read: read once.
                stored = {i: v for i in ids if (v := self._in_flight.get(i)) is not None}
                from_memory = bool(stored)
                unknown: Collection[str] = ids - stored.keys()
                if self._known is not None:  # look up only the ids that may be stored
                    unknown = self._known.maybe_stored(unknown)
                stored.update(find_verdicts(connection, unknown))
                fresh: dict[str, Message] = {}
                for message in messages:
                    if message.id not in stored and message.id not in fresh:
                        fresh[message.id] = message
                new_messages = list(fresh.values())
                if self._known is not None:  # (a round that fails leaves ids looked up for nothing)
                    self._known.add(fresh)
                now = time.time()
                hold = self._held_retention > 0
                size = STREAM_PART_MESSAGES if writer is not None else max(1, len(new_messages))
                scored: list[Verdict] = []
                audit = AuditRound([], now, {}, hold)
                for start in range(0, len(new_messages), size):
                    if audit.pairs and writer is not None and deferred is not None:
                        audit.more = True
                        audit.state = deferred[:]
                        deferred.clear()
                        self._send(writer, audit)
                        parts += 1
                    part = new_messages[start : start + size]
                    verdicts = self.engine.score_batch(part)
                    self.checked += len(part)
                    scored.extend(verdicts)
                    audit = AuditRound(
                        list(zip(part, verdicts, strict=True)), now, self._owners(part), hold
                    )
                due = now - self._purged_at >= PURGE_INTERVAL_SECONDS
                if due:
                    for field, value in self._purge_cutoffs(now).items():
                        setattr(audit, field, value)
                purged = write_audit(connection, audit) if writer is None else 0
        except BaseException:
            if parts and writer is not None:
                writer.abort()  # the parts sent are rolled back with the round
            raise
        return _Round(audit, stored, fresh, scored, due, purged, parts, from_memory)

    def _owners(self, messages: Sequence[Message]) -> dict[str, str]:
        # Audit rows name the campaign a message was sent under, or else the campaign its
        # number is registered to, so per-campaign statistics count both.
        numbers = {m.sender for m in messages if m.campaign is None}
        assigned = self.compliance.numbers.get_many(numbers) if numbers else {}
        return {number: a.campaign for number, a in assigned.items()}

    def _purge_acked(self, written: ConcurrentFuture[int]) -> None:
        # (The ack thread.)
        self._purge_done(None if written.exception() is not None else written.result())

    def _purge_done(self, purged: int | None) -> None:
        """A purge that failed (``None``), or that took a whole slice (a backlog), goes again in
        the next round instead of an hour later."""
        if purged is None or purged == PURGE_VERDICTS_PER_ROUND:
            self._purged_at = 0.0

    def _forget_in_flight(self, ids: list[str]) -> None:
        for message_id in ids:
            self._in_flight.pop(message_id, None)

    def _purge_cutoffs(self, now: float) -> dict[str, Any]:
        """The purges a round carries once they are due (``AuditRound``'s fields)."""
        cutoffs: dict[str, Any] = {}
        if self._held_retention > 0:
            cutoffs["purge_held_before"] = now - self._held_retention
        if self._audit_retention > 0:
            cutoffs["purge_verdicts_before"] = now - self._audit_retention
            cutoffs["purge_limit"] = PURGE_VERDICTS_PER_ROUND
        return cutoffs

    def close(self) -> None:
        """Commit and close the engine's state on its thread, then stop the thread (and the
        audit writer, after the rounds it was sent)."""

        def close_engine() -> None:
            self._settle(always=True)  # the rounds in flight first: closing writes the windows
            self.engine.close()

        try:
            self._executor.submit(close_engine).result()
        finally:
            self._executor.shutdown(wait=True)
            with self._text_pool_lock:  # (waits for a start in progress)
                self._closed = True
                pool, self._text_pool = self._text_pool, None
            if pool is not None:
                pool.close()
            if self._writer is not None:
                self._writer.close()


def _answer(round_: list[_Pending], result: CheckResult) -> None:
    start = 0
    for messages, future, _ in round_:
        end = start + len(messages)
        if not future.done():  # the client may have gone away
            future.set_result(CheckResult(result.verdicts[start:end], result.fresh[start:end]))
        start = end


def _fail(round_: list[_Pending], exc: BaseException) -> None:
    for _, future, _ in round_:
        if not future.done():
            future.set_exception(exc)


async def _answer_when_written(
    round_: list[_Pending], result: CheckResult, written: ConcurrentFuture[int]
) -> None:
    try:
        await asyncio.wrap_future(written)
    except Exception as exc:  # the audit was not recorded: every request of the round fails
        _fail(round_, exc)
        return
    _answer(round_, result)
