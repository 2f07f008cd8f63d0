"""Call analytics per calling prefix, on event time: a number block judged as one caller.

A robocaller that rotates through the numbers of one block (``+1 555 201 0000``-``9999``) keeps
each number under the per-number limits of ``call_behaviour``; the block as a whole still dials
like a machine. For each calling prefix (the first ``prefix_digits`` E.164 digits: 7 is a NANP
caller's country code, area code and exchange, NPA-NXX) the signal keeps the last hour of the
prefix's calls in the ``call_prefix_windows`` state table and judges each new call against it:

* ``PREFIX_RATE_MINUTE`` / ``PREFIX_RATE_HOUR``: more calls from the prefix within a minute / an
  hour than ``max_calls_per_minute`` / ``max_calls_per_hour``;
* ``PREFIX_MANY_CALLEES``: more distinct callees within the hour than ``max_distinct_callees``;
* ``PREFIX_SHORT_CALLS``: of the hour's calls with a known ``duration`` (at least
  ``short_call_min_calls``), a share of ``short_call_share`` or more lasted under
  ``short_call_seconds``.

Each fires only while at least ``min_numbers`` distinct numbers of the prefix called within the
hour: one busy number is ``call_behaviour``'s to judge, not its block's. Volume is weak evidence
on its own (a carrier's consumer block, a hospital's or a bank's call centre place many calls from
one prefix): the policy scores the three volume symbols low enough that together they never tag a
call, and it is the way the block's calls end (mostly at once) that labels it.

State stays bounded, whatever the traffic: a prefix keeps at most ``max_calls_per_minute + 1``
call times, one counter bucket per minute of the hour, its ``max_distinct_callees + 1`` most
recent callees and its ``min_numbers`` most recent calling numbers; it is forgotten an hour after
its last call. Callers that are not digits (``anonymous``) or not longer than the prefix are not
counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import SignalConfigError, setting
from clearline.signals.call_base import CallBatch, VoiceContext
from clearline.state import StateStore

__all__ = ["CallPrefixSignal", "PrefixWindow"]

_HOUR = 3600.0
_MINUTE = 60.0
_MINUTES_PER_HOUR = 60


class PrefixWindow(msgspec.Struct, array_like=True, gc=False):
    """The last hour of one calling prefix's calls, as few and flat fields as encode fast.

    ``recent`` holds the times of its latest calls (enough to count the last minute exactly);
    ``buckets`` one counter bucket per minute, oldest first, flattened into groups of four
    integers (epoch minute, calls, calls with a duration, short calls) and ``calls``, ``known``,
    ``short`` their totals (so a call never sums the hour); ``callees`` and ``numbers`` the most
    recent distinct callees and calling numbers, each with the time it was last seen, least
    recent first. Stored as a msgpack array (``array_like``): no field names to write or match.
    """

    recent: list[float] = []
    buckets: list[int] = []
    calls: int = 0
    known: int = 0
    short: int = 0
    callees: dict[str, float] = {}
    numbers: dict[str, float] = {}


class CallPrefixSignal:
    """Per calling prefix (NPA-NXX by default): rates, distinct callees and short calls."""

    name: ClassVar[str] = "call_prefixes"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "PREFIX_RATE_MINUTE",
            "The calling number's block (its prefix, e.g. area code and exchange) placed more "
            "calls within a minute, from several numbers, than its subscribers usually do.",
            "Operators: a busy block alone is weak evidence; look at its other symbols. "
            "Callers: a call centre should have its numbers attested (STIR/SHAKEN A).",
        ),
        SymbolSpec(
            "PREFIX_RATE_HOUR",
            "The calling number's block placed more calls within an hour, from several "
            "numbers, than its subscribers usually do.",
            "Operators: a busy block alone is weak evidence; look at its other symbols. "
            "Callers: a call centre should have its numbers attested (STIR/SHAKEN A).",
        ),
        SymbolSpec(
            "PREFIX_MANY_CALLEES",
            "Several numbers of the calling number's block called more distinct people within "
            "an hour than its subscribers usually do.",
            "Callers: call people who expect your call (consent, an existing relationship).",
        ),
        SymbolSpec(
            "PREFIX_SHORT_CALLS",
            "Most recent calls from the calling number's block, placed from several of its "
            "numbers, lasted a few seconds: a dialler rotating through the block's numbers.",
            "Callers: stop rotating caller IDs; check your dialler's answer detection and call "
            "lists. Subscribers of the block: ask your carrier about a label on your calls.",
        ),
    )

    def __init__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> None:
        """Read the thresholds of ``[signals.call_prefixes]`` (see ``scores.d/80-voice.toml``)."""
        self.prefix_digits: int = setting(settings, "prefix_digits", int, 7)
        self.min_numbers: int = setting(settings, "min_numbers", int, 3)
        self.max_per_minute: int = setting(settings, "max_calls_per_minute", int, 30)
        self.max_per_hour: int = setting(settings, "max_calls_per_hour", int, 300)
        self.max_callees: int = setting(settings, "max_distinct_callees", int, 150)
        self.short_seconds: float = setting(settings, "short_call_seconds", float, 6.0)
        self.short_share: float = setting(settings, "short_call_share", float, 0.6)
        self.short_min_calls: int = setting(settings, "short_call_min_calls", int, 30)
        for key, value, low in (
            ("prefix_digits", self.prefix_digits, 2),
            ("min_numbers", self.min_numbers, 2),
            ("max_calls_per_minute", self.max_per_minute, 1),
            ("max_calls_per_hour", self.max_per_hour, 1),
            ("max_distinct_callees", self.max_callees, 1),
            ("short_call_min_calls", self.short_min_calls, 1),
        ):
            if value < low:
                raise SignalConfigError(f"setting `{key}` must be at least {low}, got {value}")
        if self.prefix_digits > 14:
            raise SignalConfigError("setting `prefix_digits` must be at most 14 (E.164 has 15)")
        if not 0.0 < self.short_share <= 1.0:
            raise SignalConfigError("setting `short_call_share` must be in (0, 1]")
        if self.max_per_minute > self.max_per_hour:
            raise SignalConfigError(
                f"setting `max_calls_per_minute` ({self.max_per_minute}) must not exceed "
                f"`max_calls_per_hour` ({self.max_per_hour})"
            )
        self._windows = state.table("call_prefix_windows", PrefixWindow, window=True)
        self._next_sweep = float("-inf")

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Judge each call against its prefix's last hour, then add it to the window."""
        calls = batch.calls
        if not calls:
            return
        size = self.prefix_digits
        callers = batch.caller_digits
        prefixes = [c[:size] if len(c) > size and c.isdigit() else "" for c in callers]
        windows = self._windows.get_many({p for p in prefixes if p})
        for i, (call, caller, callee, prefix, now) in enumerate(
            zip(calls, callers, batch.callee_digits, prefixes, batch.epochs, strict=True)
        ):
            if not prefix:
                continue
            window = windows.get(prefix)
            if window is None:
                window = windows[prefix] = PrefixWindow([], [], 0, 0, 0, {}, {})
            self._count(window, now, call.duration)
            if self._numbers_seen(window, caller, callee, now):
                self._judge(window, prefix, now, hits[i])
        latest = max(batch.epochs)
        if windows:
            self._windows.put_many(windows, latest)
        if latest >= self._next_sweep:
            self._windows.expire(latest - _HOUR)
            self._next_sweep = latest + _HOUR / 2

    def _count(self, window: PrefixWindow, now: float, duration: float | None) -> None:
        """Add the call at ``now`` to the window's times, minute buckets (dropping buckets an
        hour old, and their counts from the totals) and duration counts."""
        recent = window.recent
        recent.append(now)
        if len(recent) > self.max_per_minute + 1:
            del recent[0]
        minute = int(now // _MINUTE)
        buckets = window.buckets
        if buckets and buckets[0] <= minute - _MINUTES_PER_HOUR:
            first_kept = minute - _MINUTES_PER_HOUR + 1
            drop = 0
            while drop < len(buckets) and buckets[drop] < first_kept:
                window.calls -= buckets[drop + 1]
                window.known -= buckets[drop + 2]
                window.short -= buckets[drop + 3]
                drop += 4
            del buckets[:drop]
        # Calls arrive in event-time order per batch; a late one counts in the newest bucket.
        if not buckets or buckets[-4] < minute:
            buckets += (minute, 0, 0, 0)
        buckets[-3] += 1
        window.calls += 1
        if duration is not None:
            buckets[-2] += 1
            window.known += 1
            if duration < self.short_seconds:
                buckets[-1] += 1
                window.short += 1

    def _numbers_seen(self, window: PrefixWindow, caller: str, callee: str, now: float) -> bool:
        """Mark ``caller`` and ``callee`` seen at ``now`` (most recent last, only the latest
        ``min_numbers`` numbers and ``max_distinct_callees + 1`` callees kept); whether the
        kept numbers are all ``min_numbers`` distinct numbers seen within the hour."""
        numbers = window.numbers
        numbers.pop(caller, None)
        numbers[caller] = now
        if len(numbers) > self.min_numbers:
            del numbers[next(iter(numbers))]
        callees = window.callees
        callees.pop(callee, None)
        callees[callee] = now
        if len(callees) > self.max_callees + 1:
            del callees[next(iter(callees))]
        return len(numbers) == self.min_numbers and next(iter(numbers.values())) > now - _HOUR

    def _judge(self, window: PrefixWindow, prefix: str, now: float, found: list[Hit]) -> None:
        """The symbols of a call from a prefix whose ``min_numbers`` numbers called within
        the hour (the call already counted)."""
        block = f"+{prefix}"
        # ``recent`` keeps max_per_minute + 1 times: all within the minute is one too many.
        recent = window.recent
        in_hour = window.calls
        if len(recent) > self.max_per_minute and recent[0] > now - _MINUTE:
            found.append(
                Hit(
                    "PREFIX_RATE_MINUTE",
                    f"call {len(recent)} from numbers {block}... within a minute "
                    f"(limit {self.max_per_minute})",
                )
            )
        elif in_hour > self.max_per_hour:
            found.append(
                Hit(
                    "PREFIX_RATE_HOUR",
                    f"call {in_hour} from numbers {block}... within an hour "
                    f"(limit {self.max_per_hour})",
                )
            )
        # The callees are kept to their max_callees + 1 latest: all within the hour is too many.
        callees = window.callees
        if len(callees) > self.max_callees and next(iter(callees.values())) > now - _HOUR:
            found.append(
                Hit(
                    "PREFIX_MANY_CALLEES",
                    f"{self.max_callees + 1} different callees of numbers {block}... within an "
                    f"hour (limit {self.max_callees})",
                )
            )
        known = window.known
        if known >= self.short_min_calls:
            short = window.short
            if short >= self.short_share * known:
                found.append(
                    Hit(
                        "PREFIX_SHORT_CALLS",
                        f"{short} of {known} calls from numbers {block}... within an hour "
                        f"lasted under {self.short_seconds:g} s (limit {self.short_share:.0%})",
                    )
                )
