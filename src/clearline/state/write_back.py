"""The write-back cache that the SQL-backed state tables share (SQLite file, service database).

Reads fall through to the database only for keys neither cached nor known to be missing (one
query per batch, never one per message); writes and deletions are kept as pending until the store
flushes them inside its transaction; the cache is dropped whenever it outgrows ``max_cached``
after a flush, so memory stays bounded however many keys a long run touches. A backend supplies
four queries: load rows by key, load every row, delete rows older than a time, and count rows.

The store behind such a table is its only writer, so a table can be **complete**: every stored
row is in the cache, and a key that is not cached is not stored either (no query). A window table
(``window=True``) is made complete at first use by reading it whole; any other table is complete
when it turned out to be empty at first use (a registry or consent ledger nobody imported yet).
Dropping the cache (``trim``, ``forget``) ends completeness; window tables are never trimmed, their
memory is bounded by their expiry as in the in-memory store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping
from typing import TypeVar

import msgspec

from clearline.state import Table

V = TypeVar("V")

#: Keys per ``IN (...)`` query: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 900

#: One row to write: key, msgpack value, event time.
Row = tuple[str, bytes, float]


class WriteBackTable(Table[V], ABC):
    """A cached key/value table over database rows ``(key, value, ts)``.

    Args:
        value_type: the values' type (a ``msgspec.Struct`` or another msgpack-able type).
        window: a sliding-window table that the store may checkpoint less often than it commits.
    """

    def __init__(self, value_type: type[V], *, window: bool = False) -> None:
        self.window = window
        self._decoder = msgspec.msgpack.Decoder(value_type)
        self._encoder = msgspec.msgpack.Encoder()
        self._cache: dict[str, V] = {}
        self._stamps: dict[str, float] = {}
        self._dirty: set[str] = set()
        self._deleted: set[str] = set()
        self._missing: set[str] = set()
        self._complete = False
        self._checked = False  # whether completeness was established since the cache was dropped
        # The latest expiry cut-off: rows older than it may still be stored until the store's
        # writes land (the service's writer process), and are not read back meanwhile.
        self._expired_before: float | None = None
        self.max_cached = 500_000

    @abstractmethod
    def _load(self, keys: list[str]) -> Iterable[tuple[str, bytes, float]]:
        """The stored rows among ``keys`` (at most ``CHUNK`` of them)."""

    @abstractmethod
    def _load_all(self) -> Iterable[tuple[str, bytes, float]]:
        """Every stored row."""

    @abstractmethod
    def _stored_any(self) -> bool:
        """Whether any row is stored."""

    @abstractmethod
    def _delete_older(self, before: float) -> int:
        """Delete stored rows written before ``before``; return how many."""

    @abstractmethod
    def _count_stored(self) -> int:
        """How many rows are stored (pending writes flushed first by the caller)."""

    def _current(
        self, rows: Iterable[tuple[str, bytes, float]]
    ) -> Iterable[tuple[str, bytes, float]]:
        # Rows older than the latest expiry are gone, even while their deletion is in flight.
        expired = self._expired_before
        if expired is None:
            return rows
        return (row for row in rows if row[2] >= expired)

    def _establish_completeness(self) -> None:
        self._checked = True
        if self.window:
            decode = self._decoder.decode
            for key, blob, ts in self._current(self._load_all()):
                if key not in self._cache and key not in self._deleted:
                    self._cache[key] = decode(blob)
                    self._stamps[key] = ts
            self._complete = True
        else:
            self._complete = not self._stored_any()

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        if not self._checked:
            self._establish_completeness()
        cache = self._cache
        if self._complete:
            return {k: cache[k] for k in keys if k in cache}
        missing = self._missing
        unknown = [k for k in keys if k not in cache and k not in missing]
        for start in range(0, len(unknown), CHUNK):
            chunk = unknown[start : start + CHUNK]
            found: set[str] = set()
            for key, blob, ts in self._current(self._load(chunk)):
                cache[key] = self._decoder.decode(blob)
                self._stamps[key] = ts
                found.add(key)
            missing.update(k for k in chunk if k not in found)
        return {k: cache[k] for k in keys if k in cache}

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        self._cache.update(items)
        stamps = self._stamps
        for key in items:
            stamps[key] = ts
        if self._missing:
            self._missing.difference_update(items)
        if self._deleted:
            self._deleted.difference_update(items)
        self._dirty.update(items)

    def delete_many(self, keys: Collection[str]) -> None:
        for key in keys:
            self._cache.pop(key, None)
            self._stamps.pop(key, None)
            self._dirty.discard(key)
            self._missing.add(key)
            self._deleted.add(key)

    def expire(self, before: float) -> int:
        if self._expired_before is None or before > self._expired_before:
            self._expired_before = before
        old = [k for k, t in self._stamps.items() if t < before]
        for key in old:
            self._cache.pop(key, None)
            self._stamps.pop(key, None)
            self._dirty.discard(key)
        self._missing.clear()
        return max(self._delete_older(before), len(old))

    def take_pending(self) -> tuple[list[Row], list[str]]:
        """Hand over the rows to upsert and the keys to delete, and forget them as pending."""
        encode = self._encoder.encode
        rows = [(k, encode(self._cache[k]), self._stamps[k]) for k in self._dirty]
        deleted = list(self._deleted)
        self._dirty.clear()
        self._deleted.clear()
        return rows, deleted

    @property
    def outgrown(self) -> bool:
        """Whether ``trim`` would drop the cache (never a window table's)."""
        return not self.window and len(self._cache) + len(self._missing) > self.max_cached

    def trim(self) -> None:
        """Drop the cache when it has outgrown its bound (call only once everything is written)."""
        if self.outgrown:
            self.forget()

    def forget(self) -> None:
        """Drop every cached value and pending write (after a rollback, or to bound memory)."""
        self._cache.clear()
        self._stamps.clear()
        self._missing.clear()
        self._dirty.clear()
        self._deleted.clear()
        self._complete = False
        self._checked = False
        self._expired_before = None  # (dropped only once every write has landed)

    def stored_count(self) -> int:
        """How many values the table holds, pending writes included."""
        if not self._checked:
            self._establish_completeness()
        if self._complete:
            return len(self._cache)
        self.flush_pending()
        return self._count_stored()

    @abstractmethod
    def flush_pending(self) -> None:
        """Write pending changes into the store's open transaction."""

    def __len__(self) -> int:
        return self.stored_count()

    @property
    def pending(self) -> bool:
        """Whether writes or deletions wait for a flush."""
        return bool(self._dirty or self._deleted)
