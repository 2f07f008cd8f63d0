"""The in-memory state store: the embedded default and the fast path for tests."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar, cast

import msgspec

from clearline.state import Table

V = TypeVar("V")

#: A key that did not exist before the writes being undone.
_ABSENT: Any = object()


class MemoryTable(Table[V]):
    """A dict of key -> (value, last-written event time).

    ``expire`` scans every stamp, so callers sweep on a coarse event-time schedule (every half
    window or hour), not every batch; keeping the stamps in write order instead would cost a
    pop and a re-insert on every write, which the hot path pays far more often.

    **Undo.** Signals change the values they read in place before they write them back, so
    ``rollback`` cannot rely on the objects themselves: the first time a key is read or written
    after a commit, its value is kept as msgpack bytes (a key that did not exist as ``_ABSENT``),
    and ``rollback`` decodes them back. ``commit`` drops the copies.
    """

    def __init__(self, value_type: type[V]) -> None:
        self._values: dict[str, V] = {}
        self._stamps: dict[str, float] = {}
        # key -> (value before the first change since the last commit, its stamp, encoded?)
        self._undo: dict[str, tuple[Any, float, bool]] = {}
        self._encode = msgspec.msgpack.Encoder().encode
        self._decoder = msgspec.msgpack.Decoder(value_type)

    def _keep(self, keys: Collection[str]) -> None:
        """Remember the current value of each of ``keys`` not yet remembered since the commit."""
        undo = self._undo
        values = self._values
        encode = self._encode
        for key in keys:
            if key not in undo:
                if key in values:
                    undo[key] = (encode(values[key]), self._stamps[key], True)
                else:
                    undo[key] = (_ABSENT, 0.0, False)

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        values = self._values
        found = {k: values[k] for k in keys if k in values}
        if found:  # a caller may change these in place: keep them as they are now
            self._keep(found.keys())
        return found

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        self._keep(items.keys())
        self._values.update(items)
        stamps = self._stamps
        for key in items:
            stamps[key] = ts

    def delete_many(self, keys: Collection[str]) -> None:
        self._keep(keys)
        for key in keys:
            self._values.pop(key, None)
            self._stamps.pop(key, None)

    def expire(self, before: float) -> int:
        old = [key for key, stamp in self._stamps.items() if stamp < before]
        undo = self._undo
        for key in old:
            # Not read since the commit, so unchanged: the object itself is its own copy.
            if key not in undo:
                undo[key] = (self._values[key], self._stamps[key], False)
            self._values.pop(key, None)
            self._stamps.pop(key, None)
        return len(old)

    def __len__(self) -> int:
        return len(self._values)

    def release(self) -> None:
        """Forget the copies kept for ``rollback`` (the store committed)."""
        if self._undo:
            self._undo = {}

    def rollback(self) -> None:
        """Put back every value changed since the last commit, as it was then."""
        values = self._values
        stamps = self._stamps
        decode = self._decoder.decode
        for key, (kept, stamp, encoded) in self._undo.items():
            if kept is _ABSENT:
                values.pop(key, None)
                stamps.pop(key, None)
            else:
                values[key] = decode(kept) if encoded else kept
                stamps[key] = stamp
        self._undo = {}


class MemoryStateStore:
    """Named ``MemoryTable``s; ``commit`` only drops what ``rollback`` would need."""

    def __init__(self) -> None:
        self._tables: dict[str, MemoryTable[Any]] = {}

    def table(self, name: str, value_type: type[V], *, window: bool = False) -> Table[V]:
        if name not in self._tables:
            self._tables[name] = MemoryTable[V](value_type)
        return cast(Table[V], self._tables[name])

    def commit(self) -> None:
        for table in self._tables.values():
            table.release()

    def rollback(self) -> None:
        for table in self._tables.values():
            table.rollback()

    def close(self) -> None:
        return None
