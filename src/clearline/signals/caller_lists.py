"""What the operator's number lists say about a caller: complaints, do-not-originate, unallocated,
and numbers outside the numbering plan.

The calling number (the P-Asserted-Identity when the call has one, else From, as E.164) is
looked up, with the prefixes that can cover it (area code, exchange, thousands-block), in the
``number_list`` table that ``clearline lists import`` fills, once per batch:

* ``CALLER_DO_NOT_ORIGINATE`` / ``CALLER_UNALLOCATED``: the number is on the do-not-originate or
  the unallocated list: forced block (the FCC lets carriers block calls from both, 2017 Call
  Blocking Order FCC 17-151, and requires it for do-not-originate numbers since 2022);
* ``CALLER_INVALID_NUMBER``: an E.164 caller outside the numbering plan (same order): forced
  block;
* ``CALLER_COMPLAINTS``: consumers complained about calls from the number (the FTC's Do Not Call
  reported-calls files, imported as the ``complaints`` list): scored per complaint (the hit's
  weight is the count), in a capped group, so complaints tag but never block on their own.

A listing or complaint older than the number's reassignment belonged to its previous holder and
is ignored. Callers that are not numbers (``anonymous``) are not judged here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from clearline.compliance.number_lists import NumberListEntry, prefix_keys
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import SignalConfigError, setting
from clearline.signals.call_base import CallBatch, VoiceContext
from clearline.signals.numbers import classify_sender
from clearline.state import StateStore
from clearline.voice.numbers import e164_digits

__all__ = ["CallerListSignal"]

_SYMBOL = {"do_not_originate": "CALLER_DO_NOT_ORIGINATE", "unallocated": "CALLER_UNALLOCATED"}
_WORDS = {"do_not_originate": "do-not-originate", "unallocated": "unallocated-number"}


def _caller(pai: str | None, caller: str) -> str | None:
    digits = e164_digits(pai or caller)
    return "+" + digits if digits.isdigit() and 7 <= len(digits) <= 15 else None


class CallerListSignal:
    """Callers on the operator's lists, with complaints, or outside the numbering plan."""

    name: ClassVar[str] = "caller_lists"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CALLER_DO_NOT_ORIGINATE",
            "The caller is on the do-not-originate list: the number never calls out, so this "
            "call is spoofed.",
            "If this is your number and you do call from it, ask the operator to remove it "
            "from the do-not-originate list (file a dispute with proof of ownership).",
        ),
        SymbolSpec(
            "CALLER_UNALLOCATED",
            "The caller is an unallocated number: no provider holds it, so it cannot call.",
            "Check the number your system presents as caller ID.",
        ),
        SymbolSpec(
            "CALLER_INVALID_NUMBER",
            "The caller is not a valid number in its country's numbering plan: no call can come "
            "from it.",
            "Check the number your system presents as caller ID.",
        ),
        SymbolSpec(
            "CALLER_COMPLAINTS",
            "Consumers complained about calls from this number (FTC Do Not Call reports); "
            "scored per complaint.",
            "Call only people who consented, and honour the Do Not Call registry.",
        ),
    )

    def __init__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> None:
        """Read ``max_complaints_counted`` and ``invalid_numbers`` from TOML."""
        self.max_complaints: int = setting(settings, "max_complaints_counted", int, 10)
        if self.max_complaints < 1:
            raise SignalConfigError("setting `max_complaints_counted` must be at least 1")
        self.invalid_numbers: bool = setting(settings, "invalid_numbers", bool, True)
        self._lists = state.table("number_list", NumberListEntry)
        self._checked_lists = False
        self._validity: dict[str, str | None] = {}

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Look each caller up in the lists and the numbering plan."""
        callers = [_caller(call.pai, call.caller) for call in batch.calls]
        if self.invalid_numbers:
            self._check_validity(callers, hits)
        if not self._checked_lists:
            # Nothing to look up until a list is imported (then it stays).
            if len(self._lists) == 0:
                return
            self._checked_lists = True
        wanted: set[str] = set()
        for number in {c for c in callers if c is not None}:
            wanted.add(number)
            wanted.update(prefix_keys(number))
        listed = self._lists.get_many(wanted) if wanted else {}
        if not listed:
            return
        for i, caller in enumerate(callers):
            if caller is None:
                continue
            own = listed.get(caller)
            reassigned = own.reassigned_at if own is not None else None
            candidates = [(caller, own)] if own is not None else []
            candidates += [(k, e) for k in prefix_keys(caller) if (e := listed.get(k))]
            for key, entry in candidates:
                blocking = entry.blocking_list(reassigned)
                if blocking is None:
                    continue
                list_name, since = blocking
                when = (
                    f" since {dt.datetime.fromtimestamp(since, dt.UTC):%Y-%m-%d}" if since else ""
                )
                where = "" if key == caller else f" (listed as the range {key})"
                hits[i].append(
                    Hit(
                        _SYMBOL[list_name],
                        f"{caller} is on the {_WORDS[list_name]} list{where}{when}",
                    )
                )
                break
            count = own.complaints_counted() if own is not None else 0
            if own is not None and count:
                plural = "s" if count != 1 else ""
                latest = f", the latest: {own.complaint_note}" if own.complaint_note else ""
                detail = f"{count:,} consumer complaint{plural} about calls from {caller}{latest}"
                # The weight is the count, up to max_complaints_counted.
                hits[i].append(
                    Hit("CALLER_COMPLAINTS", detail, float(min(count, self.max_complaints)))
                )

    def _check_validity(self, callers: list[str | None], hits: list[list[Hit]]) -> None:
        cache = self._validity
        for i, caller in enumerate(callers):
            if caller is None:
                continue
            if caller not in cache:
                if len(cache) >= 100_000:
                    cache.clear()
                finding = classify_sender(caller)
                cache[caller] = finding[1] if finding is not None else None
            problem = cache[caller]
            if problem is not None:
                hits[i].append(Hit("CALLER_INVALID_NUMBER", problem))
