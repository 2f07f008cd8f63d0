"""The in-memory state store: the embedded default and the fast path for tests."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
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

    **Undo.** Signals change the values they read in place before they write them back, so the
    objects themselves cannot be put back: every read since the last commit keeps a copy of what
    it found (one msgpack encoding per read, not per key), and every write, deletion and expiry
    the value and stamp it replaced. ``rollback`` applies them newest first, so each key ends as
    it was at the commit; ``commit`` drops them.
    """

    def __init__(self, value_type: type[V]) -> None:
        self._values: dict[str, V] = {}
        self._stamps: dict[str, float] = {}
        # Newest last: bytes (a read's findings, encoded) or [(key, value or _ABSENT, stamp)].
        self._undo: list[bytes | list[tuple[str, Any, float]]] = []
        self._encode = msgspec.msgpack.Encoder().encode
        self._decode = msgspec.msgpack.Decoder(dict[str, value_type]).decode  # type: ignore[valid-type]

    def _replaced(self, keys: Iterable[str]) -> list[tuple[str, Any, float]]:
        values = self._values
        stamps = self._stamps
        return [(k, values.get(k, _ABSENT), stamps.get(k, 0.0)) for k in keys]

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        values = self._values
        found = {k: values[k] for k in keys if k in values}
        if found:  # a caller may change these in place: keep them as they are now
            self._undo.append(self._encode(found))
        return found

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        self._undo.append(self._replaced(items))
        self._values.update(items)
        stamps = self._stamps
        for key in items:
            stamps[key] = ts

    def delete_many(self, keys: Collection[str]) -> None:
        self._undo.append(self._replaced(keys))
        for key in keys:
            self._values.pop(key, None)
            self._stamps.pop(key, None)

    def expire(self, before: float) -> int:
        old = [key for key, stamp in self._stamps.items() if stamp < before]
        self.delete_many(old)
        return len(old)

    def __len__(self) -> int:
        return len(self._values)

    def release(self) -> None:
        """Forget what ``rollback`` would need (the store committed)."""
        if self._undo:
            self._undo = []

    def rollback(self) -> None:
        """Put back every value and stamp changed since the last commit, as they were then."""
        values = self._values
        stamps = self._stamps
        for entry in reversed(self._undo):
            if isinstance(entry, bytes):  # values read, as they were read (stamps unchanged)
                values.update(self._decode(entry))
                continue
            for key, value, stamp in entry:
                if value is _ABSENT:
                    values.pop(key, None)
                    stamps.pop(key, None)
                else:
                    values[key] = value
                    stamps[key] = stamp
        self._undo = []


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
