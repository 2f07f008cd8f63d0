"""The audit and the engine's state written by a process of their own
(``CLEARLINE_AUDIT_WRITER=process``, the default; ``inline`` writes them on the scoring
thread's own connection).

The scoring worker scores a round with its state store deferring writes
(``SqlStateStore.unit_of_work(deferred=...)``: its connection only reads), and hands the round
(the state changes, the messages with their verdicts, the registered campaigns, whether to hold
text, purge cut-offs) to a writer process over a pipe as msgpack. The writer applies the state
changes and inserts the audit on its own connection in **one transaction** (coalescing the rounds
waiting), commits, and acks each round; a verdict leaves only after its round's ack. So, as
inline, a verdict is recorded if and only if the state it depended on is, and a STOP is durable
before its verdict leaves. The SQL is about half of a message's cost, so this puts the second
core to work (docs/benchmarks.md, "HTTP API").

While rounds are in flight the engine reads its state from its caches, which hold every value in
flight; ids in flight answer idempotency from memory. A round the writer cannot commit is
answered 503, and the writer then refuses every later round (they were scored on state that
was never written) until the worker has settled: waited for every ack, dropped its caches and
sent ``reset()``. Anything else that touches the state (``ScoringWorker.call``) or drops a cache
settles first too. A writer that dies fails every check at once (503) until the service
restarts.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import Future, wait
from contextlib import suppress
from multiprocessing.connection import Connection as Pipe

import msgspec
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from clearline.model import Message, Verdict
from clearline.storage.audit import purge_verdicts, record_verdicts
from clearline.storage.spam_folder import hold_messages, purge_held
from clearline.storage.state_store import StateOp, apply_state_ops

#: The frame that ends the writer's refusal after a failed round (a round is a msgpack array).
_RESET = b"reset"
#: The frame that abandons the round whose parts were sent (the service failed while scoring it).
_ABORT = b"abort"


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
    state: list[StateOp] = msgspec.field(default_factory=list)
    #: More parts of this round follow, in the same transaction (see ``_writer_main``).
    more: bool = False
    round_id: int = 0  # set by ``ProcessAuditWriter.submit``


class Ack(msgspec.Struct, array_like=True):
    """The writer's answer for one round: ``error`` is None when it was committed; ``purged``
    is how many verdicts its retention purge deleted."""

    round_id: int
    error: str | None
    purged: int = 0


_round_decoder = msgspec.msgpack.Decoder(AuditRound)
_acks_decoder = msgspec.msgpack.Decoder(list[Ack])
_encoder = msgspec.msgpack.Encoder()


def write_audit(connection: Connection, audit: AuditRound) -> int:
    """Record one round on ``connection`` (in its transaction): the engine's deferred state
    changes, verdicts, held text, then the purges it carries; return how many verdicts the purge
    deleted. The inline audit and the writer process both write through here."""
    apply_state_ops(connection, audit.state)
    ids = record_verdicts(connection, audit.pairs, audit.received_at, audit.owners)
    if audit.hold:
        hold_messages(connection, audit.pairs, ids, audit.received_at)
    if audit.purge_held_before is not None:
        purge_held(connection, audit.purge_held_before)
    if audit.purge_verdicts_before is None:
        return 0
    return purge_verdicts(connection, audit.purge_verdicts_before, audit.purge_limit)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _writer_main(db_url: str, pipe: Pipe) -> None:
    from clearline.storage.database import open_database

    database = open_database(db_url, migrate=False)
    refusing: str | None = None  # after a failure: why every round is refused until a reset
    held: bytes | None = None  # a streamed round's first part, held for its own transaction
    with database.engine.connect() as connection:
        while True:
            try:
                first, held = held if held is not None else pipe.recv_bytes(), None
            except EOFError:
                return
            if not first:  # close(): every round before it is written and acked
                return
            if first in (_RESET, _ABORT):  # (an abort with nothing open: nothing to undo)
                refusing = None if first == _RESET else refusing
                continue
            rounds: list[AuditRound] = []
            purged: dict[int, int] = {}  # verdicts each round's purge deleted
            error = refusing
            stop = reset = False
            audit = _round_decoder.decode(first)
            # Each part is written as it arrives (while the service scores the next part of a
            # round); the transaction ends after a round's last part, taking along the rounds
            # already waiting (up to a reset: the rounds after it are written apart).
            while True:
                rounds.append(audit)
                if error is None:
                    try:
                        purged[audit.round_id] = write_audit(connection, audit)
                    except Exception as exc:  # every round of the transaction fails with it
                        error = _describe(exc)
                if not audit.more and (len(rounds) >= 64 or not pipe.poll()):
                    break
                data = pipe.recv_bytes()  # a round's next part is on its way: wait for it
                if data in (b"", _RESET, _ABORT):
                    stop, reset = not data, data == _RESET
                    if data == _ABORT or audit.more:  # (a part without its round's end)
                        error = error or "the service abandoned the round"
                    break
                following = _round_decoder.decode(data)
                if following.more and not audit.more:
                    # A streamed round begins: commit the whole rounds first, so that an abort
                    # of the streamed one cannot take them along.
                    held = data
                    break
                audit = following
            if error is None:
                try:
                    connection.commit()
                except Exception as exc:
                    error = _describe(exc)
            if error is not None:
                connection.rollback()
                if refusing is None:
                    refusing = f"refused after an earlier round failed ({error})"[:500]
            acks = [Ack(r.round_id, error, purged.get(r.round_id, 0)) for r in rounds]
            pipe.send_bytes(_encoder.encode(acks))
            if reset:
                refusing = None
            if stop:
                return


class ProcessAuditWriter:
    """The client side: start the writer, submit rounds, get a future per round, resolved by
    the writer's ack.

    The writer is ``python -m clearline.storage.audit_writer`` (a fresh interpreter that loads
    only the storage modules, about 0.25 s, and never re-runs the embedding program's
    ``__main__`` as multiprocessing's spawn would), joined by a socket pair carrying length-
    prefixed frames; the database URL (which may hold a password) is its first frame, never an
    argument. It exits when the socket closes, so it does not outlive the service.
    """

    def __init__(self, db_url: str) -> None:
        ours, theirs = socket.socketpair()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "clearline.storage.audit_writer", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self._pipe = Pipe(ours.detach())
        self._pipe.send_bytes(db_url.encode())
        self._pending: dict[int, Future[int]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._closed = False
        #: Set when a round failed (before its future is); cleared by ``reset()``.
        self.failed = False
        self._reader = threading.Thread(
            target=self._read_acks, name="clearline-audit-acks", daemon=True
        )
        self._reader.start()

    @property
    def stopped(self) -> bool:
        """Whether the writer is gone (or closed): every round sent would fail."""
        return self._closed

    @property
    def pid(self) -> int:
        """The writer process's id."""
        return self._process.pid

    def submit(self, audit: AuditRound) -> Future[int]:
        """Send one round (its ``round_id`` is set here); the future completes when it is
        committed, with the number of verdicts its purge deleted (or fails with
        ``AuditWriteError``)."""
        future: Future[int] = Future()
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
                # Pending until resolved (and its callbacks run), so that settle() waits for it.
                with self._lock:
                    future = self._pending.get(ack.round_id)
                if future is None:
                    continue
                if ack.error is None:
                    future.set_result(ack.purged)
                else:
                    self.failed = True
                    future.set_exception(AuditWriteError(ack.error))
                with self._lock:
                    self._pending.pop(ack.round_id, None)

    def settle(self) -> None:
        """Wait until every round sent so far is acked (committed or refused)."""
        with self._lock:
            pending = list(self._pending.values())
        wait(pending)

    def abort(self) -> None:
        """Abandon the round whose parts were sent with ``more`` (rolled back, acked failed)."""
        self._send_control(_ABORT)

    def reset(self) -> None:
        """After a failure (and ``settle()``): the writer takes rounds again."""
        self.failed = False
        self._send_control(_RESET)

    def _send_control(self, frame: bytes) -> None:
        # A writer already gone fails every round anyway (``_fail_all``).
        with suppress(OSError, ValueError):
            self._pipe.send_bytes(frame)

    def _fail_all(self, reason: str) -> None:
        with self._lock:
            self.failed = True
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
            self._send_control(b"")  # the writer acks what came before, then exits
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout)
        self._pipe.close()


def main(argv: list[str]) -> int:
    """The writer process: ``python -m clearline.storage.audit_writer FD``."""
    # Ctrl-C in a terminal and a service manager's SIGTERM reach the whole process group: the
    # writer finishes what the service sends and exits when the service closes the socket (or
    # dies), so no acknowledged round is cut short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pipe = Pipe(int(argv[1]))
    try:
        db_url = pipe.recv_bytes().decode()
    except EOFError:
        return 0
    _writer_main(db_url, pipe)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
