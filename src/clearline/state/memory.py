"""The in-memory state store: the embedded default and the fast path for tests."""

from __future__ import annotations

import struct
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Mapping
from itertools import chain, repeat
from typing import Any, TypeVar, cast

import msgspec

from clearline.state import Merge, Table

V = TypeVar("V")

#: A key that did not exist before the writes being undone.
_ABSENT: Any = object()
#: The stamp at the head of a record: a float64, big-endian as msgpack writes it.
_STAMP = struct.Struct(">d")
#: How every record starts: a msgpack array of two, then a float64.
_HEAD = b"\x92\xcb"


class MemoryTable(Table[V]):
    """A dict of key -> one msgpack ``[stamp, value]`` record (bytes): the value and the event
    time it was last written.

    **Compact.** A network has millions of active numbers, and one bytes object per key costs
    far less than the value's objects (a struct, its floats, lists and ints) plus a second dict
    of stamps: with 1,000,000 active numbers the behaviour state takes 586 bytes a number as
    objects and two dicts, 440 as records (``bench/throughput.py --numbers``). Reads decode a
    fresh value and writes encode it, as the SQLite and Redis stores do, so a caller must
    ``put_many`` what it changed (every signal does: the other stores need it too).

    **Expiry.** ``expire`` does not read the whole table: every write is logged in stamp order
    (the stamp and the key list the undo log already holds), and a sweep reads only the keys
    written before its horizon, each checked against its current record (it may have been
    written again since). So a sweep costs what was written in the hour it expires, not the
    whole window: the campaigns signal's anchors, written once and kept a day, were swept
    whole every hour. The log keeps at most about two entries a record: past that, it is made
    anew from the records. A rollback may put back records whose entries a sweep already
    took, so the next sweep after one reads every record and makes the log anew. Callers
    still sweep on a coarse event-time schedule (every half window or hour), not every batch.

    **Undo.** The stored records are immutable bytes, so a value a caller changes in place
    after a read cannot alter the table: only writes, deletions and expiries are logged, each
    with the records it replaced. ``rollback`` applies them newest first, so each key ends as it
    was at the commit; ``commit`` drops them.
    """

    def __init__(self, value_type: type[V]) -> None:
        self._records: dict[str, bytes] = {}
        self._negative_stamps = False  # ever written one (expire then reads each stamp)
        # Newest last: (keys, the record each replaced or _ABSENT), two lists per write.
        self._undo: list[tuple[list[str], list[Any]]] = []
        # The expiry log: stamps in ascending order and the keys written with each; entries
        # before ``_log_start`` are swept. ``_logged`` counts the keys of the live entries.
        self._log_stamps: list[float] = []
        self._log_keys: list[list[str]] = []
        self._log_start = 0
        self._logged = 0
        self._log_whole = True  # every record's latest write has a live entry
        self._encode = msgspec.msgpack.Encoder().encode
        self._decode = msgspec.msgpack.Decoder(tuple[float, value_type]).decode  # type: ignore[valid-type]

    def _replaced(self, keys: Collection[str]) -> tuple[list[str], list[Any]]:
        # Two lists built in C, no tuple per key: every key a batch writes passes here, and a
        # Python loop over them cost more than the writes themselves.
        return list(keys), list(map(self._records.get, keys, repeat(_ABSENT)))

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        records = self._records
        decode = self._decode
        if isinstance(keys, set | frozenset):
            # Many keys a batch asks for are missing (a new text's anchors, a new pair): the
            # intersection, in C, leaves the present ones. A set has no order to keep.
            return {k: decode(records[k])[1] for k in records.keys() & keys}
        return {k: decode(records[k])[1] for k in keys if k in records}

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        replaced = self._replaced(items)
        self._undo.append(replaced)
        encode = self._encode
        stamp = float(ts)  # a float, so the record starts with its fixed 10-byte header
        if stamp < 0.0:
            self._negative_stamps = True
        self._records.update({key: encode((stamp, value)) for key, value in items.items()})
        if items and self._log_whole:
            self._log(stamp, replaced[0])

    def _log(self, stamp: float, keys: list[str]) -> None:
        stamps = self._log_stamps
        if not stamps or stamps[-1] <= stamp:
            stamps.append(stamp)
            self._log_keys.append(keys)
        else:  # a batch of older event time: its entry goes in stamp order
            at = bisect_right(stamps, stamp, self._log_start)
            stamps.insert(at, stamp)
            self._log_keys.insert(at, keys)
        self._logged += len(keys)
        if self._logged > 2 * len(self._records) + 4096:
            self._remake_log()

    def _remake_log(self) -> None:
        """The log made anew from the records: one entry per distinct stamp."""
        by_stamp: dict[float, list[str]] = {}
        stamp_of = _STAMP.unpack_from
        for key, record in self._records.items():
            stamp = stamp_of(record, 2)[0]
            keys = by_stamp.get(stamp)
            if keys is None:
                by_stamp[stamp] = [key]
            else:
                keys.append(key)
        self._log_stamps = sorted(by_stamp)
        self._log_keys = [by_stamp[stamp] for stamp in self._log_stamps]
        self._log_start = 0
        self._logged = len(self._records)
        self._log_whole = True

    def delete_many(self, keys: Collection[str]) -> None:
        self._undo.append(self._replaced(keys))
        records = self._records
        for key in keys:
            records.pop(key, None)

    def expire(self, before: float) -> int:
        if not self._log_whole:
            count = self._expire_by_scan(before)
            self._remake_log()
            return count
        stamps = self._log_stamps
        start = self._log_start
        end = bisect_left(stamps, before, start)
        if end == start:
            return 0
        written = self._log_keys[start:end]
        self._logged -= sum(map(len, written))
        if end >= len(stamps) // 2:  # drop the swept entries now and then, not at every sweep
            del stamps[:end]
            del self._log_keys[:end]
            self._log_start = 0
        else:
            self._log_keys[start:end] = [[]] * (end - start)  # their lists are freed
            self._log_start = end
        # Each key once (it may have been written in several of the swept batches), and only
        # if its current record is still older than the horizon.
        old = self._older(dict.fromkeys(chain.from_iterable(written)), before)
        self.delete_many(old)
        return len(old)

    def _expire_by_scan(self, before: float) -> int:
        old = self._older(self._records, before)
        self.delete_many(old)
        return len(old)

    def _older(self, keys: Iterable[str], before: float) -> list[str]:
        """Those of ``keys`` whose record is stamped before ``before`` (missing keys are not)."""
        # A record is a msgpack array of two (0x92), then the stamp as a float64 (0xcb and 8
        # big-endian bytes), so the value is never decoded. Big-endian doubles that are not
        # negative sort as their bytes do: a record is older than ``before`` exactly when it
        # sorts below the 10-byte head of a record stamped ``before`` (a record with the same
        # head is longer, so not below; a missing key reads as the head itself), one bytes
        # comparison per key, the sweep's hot loop.
        records = self._records
        if before > 0.0 and not self._negative_stamps:
            head = _HEAD + _STAMP.pack(before)
            return [key for key in keys if records.get(key, head) < head]
        stamp_of = _STAMP.unpack_from
        return [key for key in keys if key in records and stamp_of(records[key], 2)[0] < before]

    def __len__(self) -> int:
        return len(self._records)

    def release(self) -> None:
        """Forget what ``rollback`` would need (the store committed)."""
        if self._undo:
            self._undo = []

    def rollback(self) -> None:
        """Put back every record changed since the last commit, as it was then."""
        records = self._records
        if self._undo:
            self._log_whole = False  # a record put back may have lost its entry to a sweep
        for keys, replaced in reversed(self._undo):
            for key, record in zip(keys, replaced, strict=True):
                if record is _ABSENT:
                    records.pop(key, None)
                else:
                    records[key] = record
        self._undo = []


class MemoryStateStore:
    """Named ``MemoryTable``s; ``commit`` only drops what ``rollback`` would need."""

    def __init__(self) -> None:
        self._tables: dict[str, MemoryTable[Any]] = {}

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
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
