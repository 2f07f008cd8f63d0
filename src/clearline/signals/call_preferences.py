"""Subscriber controls for calls: the choices subscribers keep for texts, applied to their calls.

The callee's ``subscriber_prefs`` (``clearline.signals.preferences``: mode, contacts, allowlist,
blocklist, default blocking) are read once per batch, and each call to a subscriber with
preferences gets at most one of:

* ``CALL_BLOCKLIST``: the caller (or a prefix covering it) is on the blocklist: forced block;
* ``CALL_ALLOWLIST``: on the allowlist: the score's action is lifted to deliver;
* between the two lists the most specific entry wins, an exact number over any prefix, and on a
  tie the blocklist (as for texts);
* ``CALL_NOT_CONTACT`` (contacts-only mode) / ``CALL_NOT_ALLOWLISTED`` (allowlist-only mode):
  anyone else is blocked (a call has no spam folder: it does not ring);
* ``CALL_REPEATED``: in contacts-only mode, a caller who already called this subscriber within
  ``repeat_minutes`` (default 3) rings through instead, scored as usual: someone who calls
  twice in a row may have an urgent reason (the FCC asks call-blocking tools to allow for it);

and, when an operator upheld the owning brand's dispute about the calling number ("my calls are
labelled spam", ``clearline.redress.disputes``), ``CALL_DISPUTE_UPHELD`` for every callee: the
score's label or block is lifted (the policy's ``lift``) for ``correction_days`` (default 30), read
from the ``sender_standing`` table under ``caller:<number>``;

and, when the subscriber opted out of default blocking, ``CALL_DEFAULT_BLOCKING_OFF``: the score
never blocks the call, it rings with the spam label at most (the policy's ``ceiling``).

Emergency calls ring whatever this signal finds: ``EMERGENCY_CALL`` is a forced deliver at a
higher priority than any of these. The last call of each (callee, caller) pair to a contacts-only
subscriber is kept in the ``call_repeats`` table for ``repeat_minutes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar, Final

import msgspec

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import SignalConfigError, setting
from clearline.signals.call_base import CallBatch, VoiceContext
from clearline.signals.preferences import (
    PREFS_TABLE,
    STANDING_TABLE,
    EntryList,
    SenderStanding,
    SubscriberPreferences,
)
from clearline.state import StateStore
from clearline.voice.numbers import e164_digits

__all__ = ["CALLER_KEY_PREFIX", "CallPreferenceSignal", "LastCall"]

#: ``sender_standing`` keys of calling numbers (a text's sender is ``sender:``): a dispute upheld
#: about a number's calls lifts its calls' label, not its texts', and the other way round.
CALLER_KEY_PREFIX: Final = "caller:"


class LastCall(msgspec.Struct, gc=False):
    """When a caller last called a contacts-only subscriber (epoch seconds)."""

    ts: float


def _caller_key(caller: str) -> str:
    """The caller as list entries spell it: ``+`` and E.164 digits when it is a number."""
    digits = e164_digits(caller)
    return "+" + digits if digits.isdigit() and len(digits) > 8 else caller


class CallPreferenceSignal:
    """Applies each callee's mode, lists and opt-out of default blocking to calls to them."""

    name: ClassVar[str] = "call_preferences"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CALL_BLOCKLIST",
            "The callee blocklisted this caller (or a prefix covering it): the call does not ring.",
            "The subscriber does not want your calls: stop calling them.",
        ),
        SymbolSpec(
            "CALL_ALLOWLIST",
            "The callee allowlisted this caller (or a prefix covering it): the call rings "
            "whatever the score, unless a rule forces another action.",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "CALL_NOT_CONTACT",
            "The callee takes calls only from their contacts (contacts-only mode); this caller "
            "is not one, so the call does not ring. A second call within a few minutes does.",
            "Reach the subscriber another way; they can add you as a contact.",
        ),
        SymbolSpec(
            "CALL_NOT_ALLOWLISTED",
            "The callee takes calls only from their allowlist (allowlist-only mode); this caller "
            "is not on it, so the call does not ring.",
            "The subscriber can allowlist you; nothing else changes this.",
        ),
        SymbolSpec(
            "CALL_REPEATED",
            "The caller called this contacts-only subscriber again within a few minutes: the "
            "call rings through, scored as usual, in case it is urgent.",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "CALL_DEFAULT_BLOCKING_OFF",
            "The callee opted out of default call blocking: what the score would block rings, "
            "with the spam label (a blocklist or a filtering mode still applies).",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "CALL_DISPUTE_UPHELD",
            "An operator upheld the owning brand's dispute about this calling number: its calls "
            "ring without the spam label the score would give, for a limited time (a callee's "
            "blocklist or filtering mode still applies).",
            "Nothing to fix.",
        ),
    )

    def __init__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> None:
        """Read ``repeat_minutes`` and ``correction_days`` from ``[signals.call_preferences]``."""
        self.repeat_seconds = 60.0 * setting(settings, "repeat_minutes", float, 3.0)
        if self.repeat_seconds < 0:
            raise SignalConfigError("setting `repeat_minutes` must not be negative")
        correction_days = setting(settings, "correction_days", float, 30.0)
        if correction_days <= 0:
            raise SignalConfigError("setting `correction_days` must be positive")
        self._correction_ttl = correction_days * 86_400.0
        self._prefs = state.table(PREFS_TABLE, SubscriberPreferences)
        self._standing = state.table(STANDING_TABLE, SenderStanding)
        self._repeats = state.table("call_repeats", LastCall, window=True)
        self._next_sweep = float("-inf")

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Judge each call by its callee's preferences, in arrival order."""
        calls = batch.calls
        if not calls:
            return
        callers = [_caller_key(call.caller) for call in calls]
        standing = self._standing.get_many({CALLER_KEY_PREFIX + caller for caller in callers})
        if standing:
            self._corrections(callers, batch.epochs, standing, hits)
        prefs = self._prefs.get_many({call.to for call in calls})
        if not prefs:
            return
        compiled = {
            number: (p, EntryList(p.allowlist), EntryList(p.blocklist), EntryList(p.contacts))
            for number, p in prefs.items()
        }
        repeat_keys = {
            f"{call.to}|{caller}"
            for call, caller in zip(calls, callers, strict=True)
            if call.to in prefs and prefs[call.to].mode == "contacts_only"
        }
        repeats = self._repeats.get_many(repeat_keys) if repeat_keys else {}
        touched: dict[str, LastCall] = {}
        for i, (call, caller, now) in enumerate(zip(calls, callers, batch.epochs, strict=True)):
            entry = compiled.get(call.to)
            if entry is None:
                continue
            subscriber, allow, block, contacts = entry
            found = hits[i]
            allowed = allow.match(caller)
            blocked = block.match(caller)
            if blocked is not None and (allowed is None or blocked[0] >= allowed[0]):
                found.append(Hit("CALL_BLOCKLIST", f"{call.to} blocklisted {blocked[1]}"))
            elif allowed is not None:
                found.append(Hit("CALL_ALLOWLIST", f"{call.to} allowlisted {allowed[1]}"))
            elif subscriber.mode == "allowlist_only":
                found.append(
                    Hit("CALL_NOT_ALLOWLISTED", f"{call.to} takes calls only from its allowlist")
                )
            elif subscriber.mode == "contacts_only" and contacts.match(caller) is None:
                key = f"{call.to}|{caller}"
                last = repeats.get(key)
                if last is not None and 0.0 <= now - last.ts <= self.repeat_seconds:
                    found.append(
                        Hit(
                            "CALL_REPEATED",
                            f"{caller} called {call.to} {now - last.ts:.0f} s ago: rings through",
                        )
                    )
                else:
                    found.append(
                        Hit("CALL_NOT_CONTACT", f"{call.to} takes calls only from its contacts")
                    )
                repeats[key] = touched[key] = LastCall(now)
            if not subscriber.default_blocking:
                found.append(
                    Hit("CALL_DEFAULT_BLOCKING_OFF", f"{call.to} opted out of default blocking")
                )
        if touched:
            latest = max(batch.epochs)
            self._repeats.put_many(touched, latest)
            if latest >= self._next_sweep:
                self._repeats.expire(latest - self.repeat_seconds)
                self._next_sweep = latest + max(self.repeat_seconds, 60.0)

    def _corrections(
        self,
        callers: list[str],
        epochs: list[float],
        standing: Mapping[str, SenderStanding],
        hits: list[list[Hit]],
    ) -> None:
        """``CALL_DISPUTE_UPHELD`` on the calls from numbers with a live correction."""
        for i, (caller, now) in enumerate(zip(callers, epochs, strict=True)):
            found = standing.get(CALLER_KEY_PREFIX + caller)
            correction = found.correction if found is not None else None
            # Lifted for `correction_days` after the dispute was upheld, never for good: the
            # number may change hands or start robocalling.
            if correction is None or now - correction.ts > self._correction_ttl:
                continue
            until = _day(correction.ts + self._correction_ttl)
            hits[i].append(
                Hit(
                    "CALL_DISPUTE_UPHELD",
                    f"dispute {correction.dispute_id} about calls from {caller} was upheld on "
                    f"{_day(correction.ts)}: {correction.note} (the correction lasts until "
                    f"{until})",
                )
            )


def _day(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d")
