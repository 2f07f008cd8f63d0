"""Which message ids the audit may already hold, in memory: the scoring worker's filter on SQLite.

Idempotent ingestion looks up every incoming message id in the audit. On SQLite the ids are
indexed by the audit's FTS5 table (``party_index``, migration 0006) instead of a B-tree, so that
random ids (UUIDs) cost no random page write; a term lookup there costs tens of microseconds,
too much for every message. This filter answers first: an id it has never seen is certainly not
stored and costs no query; an id it may have seen (a resend, or one hash in 2**64 colliding) is
looked up. It is loaded from the audit when the worker starts (one pass over the message-id
column) and learns each id the worker sends to be recorded. It never forgets one: a verdict
purged by retention, or a round the database refused, leaves an id that is looked up for
nothing, which only costs that lookup.

It is exact up to 64-bit hash collisions and costs 8 bytes an id (a sorted ``numpy`` array, plus
a set of the latest ids until they are merged in): 80 MB for ten million audit rows. It relies
on the worker being the audit's only writer, as the state store's caches do (docs/http.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
from sqlalchemy import Connection

#: Latest ids kept in a set before they are merged into the sorted array.
MERGE_AT = 100_000
#: Ids read per fetch while loading.
_LOAD_CHUNK = 100_000
#: One fence key per this many sorted keys: the fences (1/64 of the keys) stay in the CPU's cache,
#: so a lookup is one search there and one scan of 64 neighbouring keys (a binary search of ten
#: million keys took 3.6 µs an id, a cache miss a step; this takes a fraction of that).
_BLOCK = 64


def _key(message_id: str) -> int:
    # Python's string hash: 64 bits, computed in C and cached on the string; salted per process,
    # which is fine for a filter rebuilt at every start.
    return hash(message_id)


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    # np.sort and a mask: np.unique took 40 times as long on ten million keys here.
    keys = np.sort(keys, kind="stable")  # two sorted runs (a merge) cost linear time
    if len(keys) < 2:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


class KnownIds:
    """A filter of the message ids stored in the audit (or sent to be)."""

    def __init__(self, message_ids: Iterable[str] = ()) -> None:
        self._sorted = np.empty(0, dtype=np.int64)
        self._fences = self._sorted
        self._latest: set[int] = set()
        self._set_sorted(np.fromiter((_key(i) for i in message_ids), dtype=np.int64))

    @classmethod
    def load(cls, connection: Connection) -> KnownIds:
        """Every message id in the audit (one pass; the caller's transaction)."""
        known = cls()
        chunks: list[np.ndarray] = []
        result = connection.exec_driver_sql("SELECT message_id FROM verdict")
        while rows := result.fetchmany(_LOAD_CHUNK):
            keys = (_key(row[0]) for row in rows)
            chunks.append(np.fromiter(keys, dtype=np.int64, count=len(rows)))
        if chunks:
            known._set_sorted(np.concatenate(chunks))
        return known

    def __len__(self) -> int:
        return len(self._sorted) + len(self._latest)

    def maybe_stored(self, message_ids: Collection[str]) -> list[str]:
        """Those of ``message_ids`` that may be stored (look them up); the rest are not."""
        ids = list(message_ids)
        keys = [_key(i) for i in ids]
        latest = self._latest
        hits = [k in latest for k in keys]
        stored = self._sorted
        if len(stored) and ids:
            wanted = np.fromiter(keys, dtype=np.int64, count=len(keys))
            block = np.maximum(np.searchsorted(self._fences, wanted, side="right") - 1, 0)
            window = block[:, None] * _BLOCK + np.arange(_BLOCK)
            np.minimum(window, len(stored) - 1, out=window)
            found = (stored[window] == wanted[:, None]).any(axis=1)
            hits = [a or bool(b) for a, b in zip(hits, found, strict=True)]
        return [i for i, hit in zip(ids, hits, strict=True) if hit]

    def add(self, message_ids: Iterable[str]) -> None:
        """Remember ids sent to be recorded."""
        self._latest.update(_key(i) for i in message_ids)
        if len(self._latest) >= MERGE_AT:
            latest = np.fromiter(self._latest, dtype=np.int64, count=len(self._latest))
            self._latest = set()
            self._set_sorted(np.concatenate((self._sorted, np.sort(latest))))

    def _set_sorted(self, keys: np.ndarray) -> None:
        self._sorted = _sorted_unique(keys)
        self._fences = self._sorted[::_BLOCK].copy()
