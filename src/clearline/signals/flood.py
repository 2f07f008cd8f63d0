"""Flood guard: too many messages from one sender to one recipient within an hour.

The reference design in PRODUCT.md rejects the 7th identical or the 21st different message to one
recipient within an hour. Windows are keyed by (sender, recipient), run on event time, hold at
most ``max_volume`` entries and expire an hour after their last message, so state stays bounded
by the number of pairs active in the last hour and a half (about 280 bytes each in memory; the
sweep runs every half window of event time).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.state import StateStore


def _checksum(body: str) -> int:
    # A stable checksum (Python's hash() changes between processes; windows persist with --state).
    try:
        return zlib.crc32(body.encode())
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return zlib.crc32(body.encode("utf-8", "surrogatepass"))


class FloodWindow(msgspec.Struct, gc=False):
    """The recent messages of one (sender, recipient) pair: event times and body checksums."""

    times: list[float] = []
    checksums: list[int] = []


class FloodGuardSignal:
    """Per-recipient flood guard on event time."""

    name: ClassVar[str] = "flood"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "FLOOD_IDENTICAL",
            "The same text reached one recipient many times within the window.",
            "Send each notice once; de-duplicate retries on your side.",
        ),
        SymbolSpec(
            "FLOOD_VOLUME",
            "One sender sent one recipient more messages within the window than a person would.",
            "Slow down: spread messages to one recipient over time or combine them.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.window: float = setting(settings, "window_seconds", float, 3600.0)
        self.max_identical: int = setting(settings, "max_identical", int, 6)
        self.max_volume: int = setting(settings, "max_volume", int, 20)
        self._table = state.table("flood", FloodWindow, window=True, merge=self.merge_windows)
        self._next_sweep = float("-inf")

    def merge_windows(
        self, base: FloodWindow | None, mine: FloodWindow, theirs: FloodWindow
    ) -> FloodWindow:
        """One pair's window when two workers counted messages to it at once (``Merge``):
        every message the other worker committed, plus the ones this batch added, in time
        order, the newest ``max_volume + 1`` kept (as ``check`` keeps them)."""
        added = Counter(zip(mine.times, mine.checksums, strict=True))
        if base is not None:
            added.subtract(zip(base.times, base.checksums, strict=True))
        entries = list(zip(theirs.times, theirs.checksums, strict=True))
        entries += [entry for entry, count in added.items() for _ in range(count)]
        entries.sort(key=lambda entry: entry[0])
        del entries[: -self.max_volume - 1]
        return FloodWindow([t for t, _ in entries], [c for _, c in entries])

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        epochs = batch.epochs
        keys = [f"{m.sender}\x1f{m.to}" for m in messages]
        windows = self._table.get_many(set(keys))
        window_len = self.window
        max_identical = self.max_identical
        max_volume = self.max_volume
        for key, now, message, found in zip(keys, epochs, messages, hits, strict=True):
            checksum = _checksum(message.body)
            window = windows.get(key)
            if window is None:  # most pairs: a first message, nothing to count
                windows[key] = FloodWindow([now], [checksum])
                continue
            times = window.times
            checksums = window.checksums
            horizon = now - window_len
            if times and times[0] <= horizon:
                drop = 1
                while drop < len(times) and times[drop] <= horizon:
                    drop += 1
                del times[:drop], checksums[:drop]
            identical = checksums.count(checksum)
            if identical >= max_identical:
                found.append(
                    Hit(
                        "FLOOD_IDENTICAL",
                        f"copy {identical + 1} of this text to {message.to} "
                        f"within {window_len / 60:g} minutes (limit {max_identical})",
                    )
                )
            elif len(times) >= max_volume:
                found.append(
                    Hit(
                        "FLOOD_VOLUME",
                        f"message {len(times) + 1} to {message.to} within "
                        f"{window_len / 60:g} minutes (limit {max_volume})",
                    )
                )
            times.append(now)
            checksums.append(checksum)
            if len(times) > max_volume + 1:
                del times[0], checksums[0]
        if messages:
            latest = max(epochs)
            self._table.put_many(windows, latest)
            if latest >= self._next_sweep:
                self._table.expire(latest - window_len)
                self._next_sweep = latest + window_len / 2
