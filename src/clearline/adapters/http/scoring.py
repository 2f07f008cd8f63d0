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

**Held text.** The text of every tagged or blocked message is written beside its audit row (the
subscriber's spam folder shows and releases it), and text older than the retention is deleted by
the first round of each hour. **Audit retention** (off unless set): the same round deletes the
verdicts scored before the audit's retention, oldest first, at most ``PURGE_VERDICTS_PER_ROUND``
a round (a backlog continues in the next rounds), so no round stalls on a purge.

**Idempotency.** A message id already in the audit gets its stored verdict back and is not
scored again (state such as flood windows does not count it twice); a repeated id within a
round is scored once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future as ConcurrentFuture
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from clearline.compliance.store import ComplianceStore
from clearline.engine import Engine
from clearline.model import Message, Verdict
from clearline.policy import PolicyConfig
from clearline.storage.audit import find_verdicts
from clearline.storage.audit_writer import AuditRound, ProcessAuditWriter, write_audit
from clearline.storage.database import Database
from clearline.storage.state_store import SqlStateStore

T = TypeVar("T")

#: A round takes every queued request up to this many messages (the first request always goes).
MAX_ROUND_MESSAGES = 5_000
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


_Pending = tuple[Sequence[Message], "asyncio.Future[CheckResult]"]


class ScoringWorker:
    """Owns the engine and its SQL state store on one thread.

    Args:
        database: the service database (state and audit live there).
        config: the policy.
        held_retention_seconds: how long the text of tagged and blocked messages is held for
            the spam folder (0: none is held).
        audit_retention_seconds: how long verdicts stay in the audit (0: for good).
    """

    def __init__(
        self,
        database: Database,
        config: PolicyConfig,
        held_retention_seconds: float = 0.0,
        *,
        audit_retention_seconds: float = 0.0,
        audit_writer: ProcessAuditWriter | None = None,
    ) -> None:
        self._writer = audit_writer
        # Ids sent to the writer and not yet acked, with their verdicts (idempotency meanwhile).
        self._in_flight: dict[str, Verdict] = {}
        self._answering: set[asyncio.Task[None]] = set()
        self._held_retention = held_retention_seconds
        self._audit_retention = audit_retention_seconds
        self._purged_at = 0.0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clearline-scoring")
        self._database = database
        self._config = config
        self.state: SqlStateStore
        # Built on the worker thread, so the state store's connection is born where it is used.
        self.engine: Engine = self._executor.submit(self._build).result()
        self.compliance = ComplianceStore(self.state)
        self.checked = 0  # messages scored so far (the frozen heap's measure of load)
        self._queue: list[_Pending] = []
        self._draining = False
        self._drainer: asyncio.Task[None] | None = None  # held so it is not garbage-collected

    def _build(self) -> Engine:
        self.state = SqlStateStore(self._database.engine)
        return Engine(self._config, self.state)

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
        with self.state.unit_of_work():
            return function()

    async def check(self, messages: Sequence[Message]) -> CheckResult:
        """Score a request's messages in the next round (see the module docstring)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[CheckResult] = loop.create_future()
        self._queue.append((messages, future))
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
                combined = [m for messages, _ in round_ for m in messages]
                try:
                    result, written = await loop.run_in_executor(
                        self._executor, self._check_round, combined
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
        self, messages: Sequence[Message]
    ) -> tuple[CheckResult, ConcurrentFuture[None] | None]:
        writer = self._writer
        written: ConcurrentFuture[None] | None = None
        with self.state.unit_of_work() as connection:
            ids = {m.id for m in messages}
            # The writer's ack thread may drop an id between a check and a read: read once.
            stored = {i: v for i in ids if (v := self._in_flight.get(i)) is not None}
            stored.update(find_verdicts(connection, ids - stored.keys()))
            fresh: dict[str, Message] = {}
            for message in messages:
                if message.id not in stored and message.id not in fresh:
                    fresh[message.id] = message
            new_messages = list(fresh.values())
            scored = self.engine.score_batch(new_messages) if new_messages else []
            self.checked += len(new_messages)
            # Audit rows name the campaign a message was sent under, or else the campaign its
            # number is registered to, so per-campaign statistics count both.
            numbers = {m.sender for m in new_messages if m.campaign is None}
            assigned = self.compliance.numbers.get_many(numbers) if numbers else {}
            now = time.time()
            due = now - self._purged_at >= PURGE_INTERVAL_SECONDS
            cutoffs = self._purge_cutoffs(now) if due else {}
            audit = AuditRound(
                list(zip(new_messages, scored, strict=True)),
                now,
                {number: a.campaign for number, a in assigned.items()},
                self._held_retention > 0,
                **cutoffs,
            )
            purged_at: float | None = None
            if writer is None:
                gone = write_audit(connection, audit)
                if due:  # a backlog goes a bounded slice per round, not at once
                    purged_at = 0.0 if gone == PURGE_VERDICTS_PER_ROUND else now
            elif due:
                purged_at = now
        if writer is not None and (audit.pairs or cutoffs):
            for message, verdict in audit.pairs:
                self._in_flight[message.id] = verdict
            written = writer.submit(audit)
            sent = [message.id for message, _ in audit.pairs]
            written.add_done_callback(lambda _: self._forget_in_flight(sent))
        if purged_at is not None:  # committed: a purge rolled back is retried next round
            self._purged_at = purged_at
        by_id = {**stored, **{v.id: v for v in scored}}
        first_seen: set[str] = set()
        flags: list[bool] = []
        for message in messages:
            flags.append(message.id in fresh and message.id not in first_seen)
            first_seen.add(message.id)
        return CheckResult([by_id[m.id] for m in messages], flags), written

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
        try:
            self._executor.submit(self.engine.close).result()
        finally:
            self._executor.shutdown(wait=True)
            if self._writer is not None:
                self._writer.close()


def _answer(round_: list[_Pending], result: CheckResult) -> None:
    start = 0
    for messages, future in round_:
        end = start + len(messages)
        if not future.done():  # the client may have gone away
            future.set_result(CheckResult(result.verdicts[start:end], result.fresh[start:end]))
        start = end


def _fail(round_: list[_Pending], exc: BaseException) -> None:
    for _, future in round_:
        if not future.done():
            future.set_exception(exc)


async def _answer_when_written(
    round_: list[_Pending], result: CheckResult, written: ConcurrentFuture[None]
) -> None:
    try:
        await asyncio.wrap_future(written)
    except Exception as exc:  # the audit was not recorded: every request of the round fails
        _fail(round_, exc)
        return
    _answer(round_, result)
