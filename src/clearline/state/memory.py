"""The in-memory state store: the embedded default and the fast path for tests."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar, cast

from clearline.state import Table

V = TypeVar("V")


class MemoryTable(Table[V]):
    """A dict of key -> (value, last-written event time).

    ``expire`` scans every stamp, so callers sweep on a coarse event-time schedule (every half
    window or hour), not every batch; keeping the stamps in write order instead would cost a
    pop and a re-insert on every write, which the hot path pays far more often.
    """

    def __init__(self) -> None:
        self._values: dict[str, V] = {}
        self._stamps: dict[str, float] = {}

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        values = self._values
        return {k: values[k] for k in keys if k in values}

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        self._values.update(items)
        stamps = self._stamps
        for key in items:
            stamps[key] = ts

    def delete_many(self, keys: Collection[str]) -> None:
        for key in keys:
            self._values.pop(key, None)
            self._stamps.pop(key, None)

    def expire(self, before: float) -> int:
        old = [key for key, stamp in self._stamps.items() if stamp < before]
        self.delete_many(old)
        return len(old)

    def __len__(self) -> int:
        return len(self._values)


class MemoryStateStore:
    """Named ``MemoryTable``s; ``commit`` has nothing to do."""

    def __init__(self) -> None:
        self._tables: dict[str, MemoryTable[Any]] = {}

    def table(self, name: str, value_type: type[V], *, window: bool = False) -> Table[V]:
        if name not in self._tables:
            self._tables[name] = MemoryTable[V]()
        return cast(Table[V], self._tables[name])

    def commit(self) -> None:
        return None

    def close(self) -> None:
        return None
