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
  Another worker may have written them since, so every round starts by dropping the in-process
  ledger caches (``SqlStateStore`` assumes a single writer). With Redis, a round reads the keys
  it needs from a Redis read cache (``storage.ledger_cache``: one pipeline per table), and the
  database only for the keys the cache does not hold (one ``SELECT ... IN`` per table); the
  cache's pending-marker protocol means an opt-out one worker committed is honoured by the others
  from their next round. Without Redis, every round reads the database.
* **Redis down**, with ``state_unavailable = "open"`` (``detached``): the ledgers are read from
  and written to the database alone; the keys written meanwhile are remembered and their
  cached values dropped before this store reads the cache again. Until then (or, if this
  process dies first, until those entries' TTL ends) another worker may read a cached value those
  writes replaced: the fail-open mode trades that window for answering while Redis is down.

Without a Redis URL (``clearline sip --db`` alone) the windows stay in this process's memory,
and the ledgers are still read afresh every round: another process (``clearline serve`` on the
same database) writes them, and a subscriber's preferences set over HTTP apply from the next
batch on.

It writes in the scoring thread's transaction (the service's ``audit_writer = "inline"``): a
round that conflicts with another worker on a key without a merge is scored again, which needs
its state changes still in the round's own hands, not in a writer process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, and_, delete

from clearline.state import Merge, StateStore, StateUnavailableError, Table
from clearline.state.write_back import Row
from clearline.storage.ledger_cache import (
    ABSENT,
    LEDGER_CACHE_SECONDS,
    NO_ROWS,
    SOME_ROWS,
    LedgerCache,
    decode_entry,
    encode_row,
)
from clearline.storage.models import StateEntry
from clearline.storage.state_store import SqlStateStore, SqlTable, StateOp

if TYPE_CHECKING:
    from clearline.state.redis_store import RedisStateStore

V = TypeVar("V")


class CachedLedgerTable(SqlTable[V]):
    """A ledger table read through the Redis ledger cache (see ``storage.ledger_cache``)."""

    def __init__(self, store: SharedStateStore, name: str, value_type: type[V]) -> None:
        super().__init__(store, name, value_type)
        self._shared = store

    def _load(self, keys: list[str]) -> Iterable[tuple[str, bytes, float]]:
        cache = self._shared.live_ledger_cache()
        if cache is None:
            return super()._load(keys)
        names = {LedgerCache.entry_key(self.name, key): key for key in keys}
        hits, observed = cache.read(list(names))
        rows = [row for n, v in hits.items() if (row := decode_entry(names[n], v)) is not None]
        misses = [key for name, key in names.items() if name not in hits]
        if misses:
            loaded = list(super()._load(misses))
            found = {row[0]: row for row in loaded}
            values = {
                LedgerCache.entry_key(self.name, key): encode_row(found.get(key)) for key in misses
            }
            cache.populate(observed, values)
            rows += loaded
        return rows

    def _stored_any(self) -> bool:
        cache = self._shared.live_ledger_cache()
        if cache is None:
            return super()._stored_any()
        name = LedgerCache.any_key(self.name)
        hits, observed = cache.read([name])
        if name in hits:
            return hits[name] != NO_ROWS
        stored = super()._stored_any()
        cache.populate(observed, {name: SOME_ROWS if stored else NO_ROWS})
        return stored


class SharedStateStore(SqlStateStore):
    """Window tables in Redis, ledgers in the service database (see the module docstring).

    Args:
        engine: the service database's engine.
        state_url: the Redis URL (``redis://HOST:PORT/DB``); ``None`` keeps the windows in this
            process's memory (only the ledgers are shared).
        ledger_cache_seconds: lifetime of a ledger entry in the Redis cache; 0 reads the
            ledgers from the database every round (no cache). Unused without ``state_url``.

    Raises:
        clearline.state.StateUnavailableError: Redis does not answer.
    """

    def __init__(
        self,
        engine: Engine,
        state_url: str | None,
        ledger_cache_seconds: int = LEDGER_CACHE_SECONDS,
    ) -> None:
        self.windows: StateStore
        self.redis: RedisStateStore | None = None
        self.ledger_cache: LedgerCache | None = None
        if state_url is None:
            from clearline.state.memory import MemoryStateStore

            self.windows = MemoryStateStore()
        else:  # (imported here: the Redis client is the optional scale extra)
            from clearline.state.redis_store import RedisStateStore

            self.windows = self.redis = RedisStateStore(state_url)
            if ledger_cache_seconds > 0:
                self.ledger_cache = LedgerCache(self.redis, ledger_cache_seconds)
        # The cache entries this transaction marked pending (name -> (the mark's generation,
        # the value to set once committed, or None)), and the entries written while Redis was
        # down, to invalidate before the cache is read again.
        self._marks: dict[str, tuple[str, bytes | None]] = {}
        self._unpublished: set[str] = set()
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

    def _new_table(self, name: str, value_type: type[V], *, window: bool) -> SqlTable[V]:
        if self.ledger_cache is None or window:
            return super()._new_table(name, value_type, window=window)
        return CachedLedgerTable(self, name, value_type)

    def live_ledger_cache(self) -> LedgerCache | None:
        """The ledger cache, unless there is none or Redis is down for this batch
        (``detached``); the entries written while it was down are invalidated first.

        Raises:
            clearline.state.StateUnavailableError: Redis does not answer.
        """
        cache = self.ledger_cache
        if cache is None or (self.redis is not None and self.redis.offline):
            return None
        if self._unpublished:
            cache.invalidate(self._unpublished)
            self._unpublished = set()
        return cache

    def _note_ledger_changes(self, changes: dict[str, dict[str, bytes]]) -> None:
        # Before the database write: mark the changed keys (and each table's "any" entry)
        # pending in one round trip, or (Redis down for this batch) remember them to
        # invalidate once it answers. ``changes``: table -> key -> new entry.
        names: dict[str, bytes] = {}
        for table, entries in changes.items():
            if not entries:
                continue
            names.update((LedgerCache.entry_key(table, k), v) for k, v in entries.items())
            upserted = any(value != ABSENT for value in entries.values())
            # Rows written: the table holds some; only deletions: let a reader find out.
            names[LedgerCache.any_key(table)] = SOME_ROWS if upserted else b""
        if not names:
            return
        cache = self.live_ledger_cache()
        if cache is None:
            self._unpublished.update(names)
            return
        marks = self._marks
        generations = cache.mark([name for name in names if name not in marks])
        for name, value in names.items():
            generation = generations.get(name, marks[name][0] if name in marks else "")
            if name in marks and not value:  # (the "any" entry: rows written earlier stand)
                value = marks[name][1] or b""
            marks[name] = (generation, value or None)

    def write(
        self, connection: Connection, rows: dict[str, list[Row]], deleted: dict[str, list[str]]
    ) -> None:
        """``SqlStateStore.write``, the changed ledger keys' cache entries marked pending first."""
        if self.ledger_cache is not None:
            changes: dict[str, dict[str, bytes]] = {}
            for name, table in self._tables.items():
                if isinstance(table, CachedLedgerTable):
                    entries = changes[name] = dict.fromkeys(deleted.get(name, ()), ABSENT)
                    entries.update((row[0], encode_row(row)) for row in rows.get(name, ()))
            self._note_ledger_changes(changes)
        super().write(connection, rows, deleted)

    def expire_rows(self, name: str, before: float) -> int:
        """``SqlStateStore.expire_rows``; a cached ledger's deleted keys are marked pending
        before the commit."""
        if not isinstance(self._tables.get(name), CachedLedgerTable):
            return super().expire_rows(name, before)
        result = self.connection.execute(
            delete(StateEntry)
            .where(and_(StateEntry.table_name == name, StateEntry.ts < before))
            .returning(StateEntry.key)
        )
        keys = [key for (key,) in result]
        self._note_ledger_changes({name: dict.fromkeys(keys, ABSENT)})
        if self._unit_depth == 0:
            self._commit()
        return len(keys)

    def _commit(self) -> None:
        super()._commit()
        self._settle_marks()

    def _settle_marks(self) -> None:
        # After the commit (the new values) or the rollback (none). Either way the database
        # is settled: if Redis went away, the entries stay pending until their TTL ends.
        marks, self._marks = self._marks, {}
        if marks and self.ledger_cache is not None:
            with suppress(StateUnavailableError):
                self.ledger_cache.settle(marks)

    def _settle_marks_rolled_back(self) -> None:
        for name, (generation, _value) in self._marks.items():
            self._marks[name] = (generation, None)
        self._settle_marks()

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
        self._settle_marks_rolled_back()
        super().forget_all()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.windows.rollback()  # (written by the checkpoint above, or not at all)
            self.windows.close()
