"""The service's state when several workers share it (``clearline serve --state-url redis://...``).

Two homes, by what the state is:

* **Windows** (``table(..., window=True)``: flood, contact pairs, number activity, clusters) and
  the other tables that count traffic and say how two workers' changes merge (``merge=``: the
  link domains' sightings) live in Redis (``clearline.state.redis_store``), read per batch and
  committed by one script per batch with a version check, a key another worker changed meanwhile
  merged, so every worker counts every worker's traffic and a flood split over workers is still
  caught.
* **Ledgers** (opt-outs, consent, registry, number lists, preferences, every other table) stay in
  the service database, the system of record, written in the round's transaction as
  ``SqlStateStore`` writes them: a STOP is committed in PostgreSQL before its verdict leaves.
  Another worker may have written them since, so every round starts by dropping the ledger
  caches (``SqlStateStore`` assumes a single writer): a round reads the keys it needs from the
  database (one ``SELECT ... IN`` per table), and an opt-out one worker committed is honoured by
  the others from their next round.

Without a Redis URL (``clearline sip --db`` alone) the windows stay in this process's memory,
and the ledgers are still read afresh every round: another process (``clearline serve`` on the
same database) writes them, and a subscriber's preferences set over HTTP apply from the next
batch on.

It writes in the scoring thread's transaction (the service's ``audit_writer = "inline"``): a
round that conflicts with another worker on a key without a merge is scored again, which needs
its state changes still in the round's own hands, not in a writer process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine

from clearline.state import Merge, StateStore, Table
from clearline.storage.state_store import SqlStateStore, StateOp

if TYPE_CHECKING:
    from clearline.state.redis_store import RedisStateStore

V = TypeVar("V")


class SharedStateStore(SqlStateStore):
    """Window tables in Redis, ledgers in the service database (see the module docstring).

    Args:
        engine: the service database's engine.
        state_url: the Redis URL (``redis://HOST:PORT/DB``); ``None`` keeps the windows in this
            process's memory (only the ledgers are shared).

    Raises:
        clearline.state.StateUnavailableError: Redis does not answer.
    """

    def __init__(self, engine: Engine, state_url: str | None) -> None:
        self.windows: StateStore
        self.redis: RedisStateStore | None = None
        if state_url is None:
            from clearline.state.memory import MemoryStateStore

            self.windows = MemoryStateStore()
        else:  # (imported here: the Redis client is the optional scale extra)
            from clearline.state.redis_store import RedisStateStore

            self.windows = self.redis = RedisStateStore(state_url)
        super().__init__(engine)

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
        if window or merge is not None:
            return self.windows.table(name, value_type, window=window, merge=merge)
        return super().table(name, value_type)

    @contextmanager
    def unit_of_work(self, deferred: list[StateOp] | None = None) -> Iterator[Connection]:
        """``SqlStateStore.unit_of_work``, reading the ledgers afresh (other workers write them).

        Raises:
            RuntimeError: ``deferred`` was given (the writer process cannot be used here).
        """
        if deferred is not None:
            raise RuntimeError(
                "shared state writes inline: run the service with audit_writer=inline"
            )
        if self._unit_depth == 0:
            self.forget_all()  # nothing is pending between units of work
        with super().unit_of_work() as connection:
            yield connection

    def _flush(self, *, checkpoint: bool = False) -> None:
        # The windows first, in Redis: a conflict with another worker (``StateConflictError``)
        # keeps nothing of the batch, and the engine scores it again. Then the ledgers.
        self.windows.commit()
        super()._flush(checkpoint=checkpoint)

    @contextmanager
    def detached(self) -> Iterator[None]:
        """Within, the Redis tables are this batch's alone (read as empty, their changes
        dropped) while the ledgers are read and written in the database as always: a batch
        scored while Redis is down (``state_unavailable = "open"``) still records its STOPs.
        Windows kept in this process's memory (no Redis URL) cannot be down: used as they are."""
        redis = self.redis
        if redis is None:
            yield
            return
        redis.rollback()
        redis.offline = True
        try:
            yield
        finally:
            redis.offline = False
            redis.rollback()

    def forget_all(self) -> None:
        """Drop every cache and pending write, the batch's window changes included."""
        self.windows.rollback()
        super().forget_all()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.windows.rollback()  # (written by the checkpoint above, or not at all)
            self.windows.close()
