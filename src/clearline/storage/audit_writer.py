"""The audit written by a process of its own (``CLEARLINE_AUDIT_WRITER=process``; the default,
``inline``, writes it in the scoring round's own transaction).

The scoring worker's process scores, commits the engine's state, and hands each round's audit
(the messages with their verdicts, the registered campaigns, whether to hold text, purge
cut-offs) to a writer process over a pipe as msgpack. The writer inserts them on its own
connection (coalescing the rounds waiting into one transaction), commits, and acks each round;
a verdict leaves only after its round's ack. The audit's SQL is about half of a message's cost,
so this puts the second core to work: 22,783 msg/s over a 60-s run against 16,152-17,868 inline
(docs/benchmarks.md, "HTTP API").

Guarantee, weaker than the inline audit's: the engine's state is committed before the audit, so
a crash (or a refused audit write, answered 503) between the two commits leaves verdicts that
were never answered unrecorded, and a resent message is scored again (its opt-out, if any, is
already durable; a window counts it twice). Ids sent and not yet acked answer idempotency from
memory. A writer that dies fails every check at once (503) until the service restarts.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future
from contextlib import suppress
from multiprocessing.connection import Connection as Pipe

import msgspec
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from clearline.model import Message, Verdict
from clearline.storage.audit import purge_verdicts, record_verdicts
from clearline.storage.spam_folder import hold_messages, purge_held


class AuditWriteError(SQLAlchemyError):
    """The writer could not record a round (the service answers 503, as for its own SQL)."""


class AuditRound(msgspec.Struct, array_like=True):
    """One scoring round's audit, as the writer process receives it."""

    pairs: list[tuple[Message, Verdict]]
    received_at: float
    owners: dict[str, str]
    hold: bool
    purge_held_before: float | None = None
    purge_verdicts_before: float | None = None
    purge_limit: int = 0
    round_id: int = 0  # set by ``ProcessAuditWriter.submit``


class Ack(msgspec.Struct, array_like=True):
    """The writer's answer for one round: ``error`` is None when it was committed."""

    round_id: int
    error: str | None


_round_decoder = msgspec.msgpack.Decoder(AuditRound)
_acks_decoder = msgspec.msgpack.Decoder(list[Ack])
_encoder = msgspec.msgpack.Encoder()


def write_audit(connection: Connection, audit: AuditRound) -> int:
    """Record one round's audit on ``connection`` (in its transaction): verdicts, held text,
    then the purges it carries; return how many verdicts the purge deleted. The inline audit
    and the writer process both write through here."""
    ids = record_verdicts(connection, audit.pairs, audit.received_at, audit.owners)
    if audit.hold:
        hold_messages(connection, audit.pairs, ids, audit.received_at)
    if audit.purge_held_before is not None:
        purge_held(connection, audit.purge_held_before)
    if audit.purge_verdicts_before is None:
        return 0
    return purge_verdicts(connection, audit.purge_verdicts_before, audit.purge_limit)


def _writer_main(db_url: str, pipe: Pipe) -> None:
    from clearline.storage.database import open_database

    database = open_database(db_url, migrate=False)
    with database.engine.connect() as connection:
        while True:
            try:
                first = pipe.recv_bytes()
            except EOFError:
                return
            if not first:  # close(): every round before it is written and acked
                return
            rounds = [_round_decoder.decode(first)]
            stop = False
            while not stop and pipe.poll() and len(rounds) < 64:  # coalesce what is waiting
                data = pipe.recv_bytes()
                if data:
                    rounds.append(_round_decoder.decode(data))
                else:
                    stop = True
            try:
                for audit in rounds:
                    write_audit(connection, audit)
                connection.commit()
                error = None
            except Exception as exc:  # every round of the transaction fails with it
                connection.rollback()
                error = f"{type(exc).__name__}: {exc}"[:500]
            pipe.send_bytes(_encoder.encode([Ack(r.round_id, error) for r in rounds]))
            if stop:
                return


class ProcessAuditWriter:
    """The client side: submit rounds, get a future per round, resolved by the writer's ack."""

    def __init__(self, db_url: str) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._pipe = ours
        self._process = context.Process(
            target=_writer_main, args=(db_url, theirs), name="clearline-audit-writer", daemon=True
        )
        self._process.start()
        theirs.close()
        self._pending: dict[int, Future[None]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._closed = False
        self._reader = threading.Thread(
            target=self._read_acks, name="clearline-audit-acks", daemon=True
        )
        self._reader.start()

    def submit(self, audit: AuditRound) -> Future[None]:
        """Send one round (its ``round_id`` is set here); the future completes when it is
        committed (or fails with ``AuditWriteError``)."""
        future: Future[None] = Future()
        with self._lock:
            if self._closed:
                future.set_exception(AuditWriteError("the audit writer has stopped"))
                return future
            audit.round_id = self._next
            self._next += 1
            self._pending[audit.round_id] = future
        try:
            self._pipe.send_bytes(_encoder.encode(audit))
        except (OSError, ValueError) as exc:
            self._fail_all(f"the audit writer is gone: {exc}")
        return future

    def _read_acks(self) -> None:
        while True:
            try:
                acks = _acks_decoder.decode(self._pipe.recv_bytes())
            except (EOFError, OSError):
                self._fail_all("the audit writer stopped")
                return
            for ack in acks:
                with self._lock:
                    future = self._pending.pop(ack.round_id, None)
                if future is None:
                    continue
                if ack.error is None:
                    future.set_result(None)
                else:
                    future.set_exception(AuditWriteError(ack.error))

    def _fail_all(self, reason: str) -> None:
        with self._lock:
            self._closed = True
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(AuditWriteError(reason))

    def close(self, timeout: float = 30.0) -> None:
        """Stop after the rounds already sent are written."""
        with self._lock:
            already = self._closed
            self._closed = True
        if not already:
            with suppress(OSError, ValueError):
                self._pipe.send_bytes(b"")  # the writer acks what came before, then exits
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
        self._reader.join(timeout)
        self._pipe.close()
