"""Operator number lists: senders on the do-not-originate or unallocated list are blocked.

Beside ``signals.numbers`` (which judges a sender against the numbering plan), this judges it
against the lists an operator imports with ``clearline lists import``: the industry's
do-not-originate list and unallocated numbers. The FCC (2023) requires blocking texts from both.
A listing older than the number's reassignment (the reassigned list) belonged to the previous
owner and is ignored, so the new owner is not punished for it.

It also flags texts from the ``campaign_senders`` list: unregistered numbers that
``clearline reanalyze`` found sending an unregistered A2P campaign, for ``campaign_listing_days``
after the campaign's last text (so a campaign the real-time signals missed is caught the next
day, and a number wrongly listed recovers on its own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from clearline.compliance.number_lists import NumberListEntry, prefix_keys
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.signals.behaviour import is_unregistered_long_code
from clearline.state import StateStore

_SYMBOL = {"do_not_originate": "SENDER_DO_NOT_ORIGINATE", "unallocated": "SENDER_UNALLOCATED"}
_WORDS = {"do_not_originate": "do-not-originate", "unallocated": "unallocated-number"}


class NumberListSignal:
    """Senders on the operator's do-not-originate and unallocated lists."""

    name: ClassVar[str] = "number_lists"
    # A failure must not deliver what this signal exists to stop (see ``fails_closed``).
    fails_closed: ClassVar[bool] = True
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "SENDER_DO_NOT_ORIGINATE",
            "The sender is on the do-not-originate list: it never sends, so this text is spoofed.",
            "If this is your number and you do send from it, ask the operator to remove it from "
            "the do-not-originate list (file a dispute with proof of ownership).",
        ),
        SymbolSpec(
            "SENDER_CAMPAIGN_LISTED",
            "Re-analysis of earlier traffic found this unregistered number sending an unregistered "
            "A2P campaign (the same text from many numbers, mostly to strangers).",
            "Stop sending campaign traffic from unregistered numbers; register the brand, the "
            "campaign and its numbers (10DLC). A registered campaign's texts are not flagged.",
        ),
        SymbolSpec(
            "SENDER_UNALLOCATED",
            "The sender is an unallocated number: no provider holds it, so it cannot originate.",
            "Send only from numbers your provider assigned to you; if the number is yours, ask "
            "the operator to correct its list.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self._lists = state.table("number_list", NumberListEntry)
        self.campaign_listing: float = (
            setting(settings, "campaign_listing_days", float, 7.0) * 86400
        )
        self._empty_checked = False

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        if not self._empty_checked:
            # Nothing to look up until a list is imported (then it stays).
            if len(self._lists) == 0:
                return
            self._empty_checked = True
        # Each sender's own listing and the prefixes (area code, exchange, thousands-block)
        # that can cover it: one lookup for the whole batch.
        wanted: set[str] = set()
        for sender in {m.sender for m in messages}:
            wanted.add(sender)
            if sender.startswith("+"):
                wanted.update(prefix_keys(sender))
        listed = self._lists.get_many(wanted)
        if not listed:
            return
        for i, message in enumerate(messages):
            sender = message.sender
            own = listed.get(sender)
            reassigned = own.reassigned_at if own is not None else None
            candidates = [(sender, own)] if own is not None else []
            if sender.startswith("+"):
                candidates += [(k, e) for k in prefix_keys(sender) if (e := listed.get(k))]
            if own is not None and own.campaign_since is not None:
                hit = self._campaign_hit(message.sender, message.campaign, own, batch.epochs[i])
                if hit is not None:
                    hits[i].append(hit)
            for key, entry in candidates:
                blocking = entry.blocking_list(reassigned)
                if blocking is None:
                    continue
                list_name, since = blocking
                when = (
                    f" since {dt.datetime.fromtimestamp(since, dt.UTC):%Y-%m-%d}" if since else ""
                )
                note = f" ({entry.note})" if entry.note else ""
                where = "" if key == sender else f" (listed as the range {key})"
                hits[i].append(
                    Hit(
                        _SYMBOL[list_name],
                        f"{sender} is on the {_WORDS[list_name]} list{where}{when}{note}",
                    )
                )
                break

    def _campaign_hit(
        self, sender: str, campaign: str | None, entry: NumberListEntry, now: float
    ) -> Hit | None:
        """A hit for a listed campaign sender still sending unregistered, within the window."""
        since = entry.campaign_since
        if since is None or not is_unregistered_long_code(sender, campaign):
            return None
        # A listing older than the number's reassignment was about its previous holder.
        if entry.reassigned_at is not None and since < entry.reassigned_at:
            return None
        if now - since > self.campaign_listing:
            return None
        when = dt.datetime.fromtimestamp(since, dt.UTC)
        note = f": {entry.campaign_note}" if entry.campaign_note else ""
        return Hit(
            "SENDER_CAMPAIGN_LISTED",
            f"{sender} is on the campaign-senders list since {when:%Y-%m-%d %H:%M} UTC{note}",
        )
