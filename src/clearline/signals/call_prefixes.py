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


class PrefixWindow(msgspec.Struct, gc=False):
    """The last hour of one calling prefix's calls.

    ``recent`` holds the times of its latest calls (enough to count the last minute exactly);
    ``minutes`` the epoch minute of each counter bucket, oldest first, with ``calls``, ``known``
    (calls with a duration) and ``short`` counts beside it; ``callees`` and ``numbers`` the
    most recent distinct callees and calling numbers, each with the time it was last seen, least
    recent first.
    """

    recent: list[float] = []
    minutes: list[int] = []
    calls: list[int] = []
    known: list[int] = []
    short: list[int] = []
    callees: dict[str, float] = {}
    numbers: dict[str, float] = {}


def _touch(recent: dict[str, float], key: str, now: float, keep: int) -> None:
    """Mark ``key`` seen at ``now`` (most recent last) and keep only the ``keep`` latest keys."""
    recent.pop(key, None)
    recent[key] = now
    while len(recent) > keep:
        del recent[next(iter(recent))]


def _all_since(recent: dict[str, float], keep: int, horizon: float) -> bool:
    """Whether ``recent`` (kept to its ``keep`` latest keys) is full of keys seen after
    ``horizon``: then at least ``keep`` distinct keys were seen since, else fewer."""
    return len(recent) == keep and next(iter(recent.values())) > horizon


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
                window = windows[prefix] = PrefixWindow()
            self._judge(window, prefix, caller, callee, now, call.duration, hits[i])
        latest = max(batch.epochs)
        if windows:
            self._windows.put_many(windows, latest)
        if latest >= self._next_sweep:
            self._windows.expire(latest - _HOUR)
            self._next_sweep = latest + _HOUR / 2

    def _count(self, window: PrefixWindow, now: float, duration: float | None) -> None:
        """Add the call at ``now`` to the window's times, minute buckets (dropping buckets an
        hour old) and duration counts."""
        recent = window.recent
        recent.append(now)
        if len(recent) > self.max_per_minute + 1:
            del recent[0]
        minute = int(now // _MINUTE)
        first_kept = minute - _MINUTES_PER_HOUR + 1
        drop = 0
        while drop < len(window.minutes) and window.minutes[drop] < first_kept:
            drop += 1
        if drop:
            del window.minutes[:drop], window.calls[:drop]
            del window.known[:drop], window.short[:drop]
        # Calls arrive in event-time order per batch; a late one counts in the newest bucket.
        if not window.minutes or window.minutes[-1] < minute:
            window.minutes.append(minute)
            window.calls.append(0)
            window.known.append(0)
            window.short.append(0)
        window.calls[-1] += 1
        if duration is not None:
            window.known[-1] += 1
            if duration < self.short_seconds:
                window.short[-1] += 1

    def _judge(
        self,
        window: PrefixWindow,
        prefix: str,
        caller: str,
        callee: str,
        now: float,
        duration: float | None,
        found: list[Hit],
    ) -> None:
        self._count(window, now, duration)
        horizon = now - _HOUR
        _touch(window.numbers, caller, now, self.min_numbers)
        _touch(window.callees, callee, now, self.max_callees + 1)
        if not _all_since(window.numbers, self.min_numbers, horizon):
            return
        block = f"+{prefix}"
        # ``recent`` keeps max_per_minute + 1 times: all within the minute is one too many.
        recent = window.recent
        in_hour = sum(window.calls)
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
        if _all_since(window.callees, self.max_callees + 1, horizon):
            found.append(
                Hit(
                    "PREFIX_MANY_CALLEES",
                    f"{self.max_callees + 1} different callees of numbers {block}... within an "
                    f"hour (limit {self.max_callees})",
                )
            )
        known = sum(window.known)
        if known >= self.short_min_calls:
            short = sum(window.short)
            if short >= self.short_share * known:
                found.append(
                    Hit(
                        "PREFIX_SHORT_CALLS",
                        f"{short} of {known} calls from numbers {block}... within an hour "
                        f"lasted under {self.short_seconds:g} s (limit {self.short_share:.0%})",
                    )
                )
