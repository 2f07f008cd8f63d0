"""Lures in the text: risky call-back numbers, money and prize bait, smishing requests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from clearline.content.facts import batch_analysis
from clearline.content.lures import CallbackNumber
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch
from clearline.state import StateStore

_KIND_WORDS = {
    "premium_rate": "premium-rate",
    "shared_cost": "shared-cost",
    "personal_number": "personal-numbering (often premium)",
}


class LureSignal:
    """Call-back numbers, money and prize lures, urgency and credential requests."""

    name: ClassVar[str] = "lures"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CALLBACK_PREMIUM_RATE",
            "The text asks people to call or text a premium-rate or revenue-sharing number.",
            "Give a standard or toll-free number for replies.",
        ),
        SymbolSpec(
            "CALLBACK_INTERNATIONAL",
            "The text gives a call-back number in another country than the recipient's.",
            "Give a local or toll-free number; unexpected international numbers are a "
            "common call-back fraud.",
        ),
        SymbolSpec(
            "LURE_MONEY_PRIZE",
            "The text offers money, a prize or a bonus.",
            "If this is a real promotion, say who you are and register the campaign; avoid "
            "'you have won' wording.",
        ),
        SymbolSpec(
            "URGENCY_PRESSURE",
            "The text presses the reader to act at once (suspension, expiry, final notice).",
            "State deadlines plainly and without threats.",
        ),
        SymbolSpec(
            "SMISHING_CREDENTIAL_REQUEST",
            "The text combines urgency with a request to verify, log in or give credentials.",
            "Never ask for credentials by text; tell customers to open your app or site "
            "themselves.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        pass

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        analysis = batch_analysis(batch)
        for i in analysis.flagged:
            facts = analysis.facts[i]
            found = hits[i]
            if facts.callbacks:
                self._call_backs(facts.callbacks, found)
            if facts.money_lure is not None:
                found.append(
                    Hit("LURE_MONEY_PRIZE", f"offers money or a prize: {facts.money_lure!r}")
                )
            if facts.urgency is not None and facts.credential is not None:
                request = facts.credential
                detail = f"urgency {facts.urgency!r} with a credential request {request!r}"
                found.append(Hit("SMISHING_CREDENTIAL_REQUEST", detail))
            elif facts.urgency is not None:
                found.append(Hit("URGENCY_PRESSURE", f"pressure to act: {facts.urgency!r}"))

    @staticmethod
    def _call_backs(callbacks: list[CallbackNumber], found: list[Hit]) -> None:
        """The call-back hits of one text that gives numbers."""
        premium = [cb for cb in callbacks if cb.kind != "international"]
        if premium:
            number = premium[0]
            found.append(
                Hit(
                    "CALLBACK_PREMIUM_RATE",
                    f"{number.text.strip()} is a {_KIND_WORDS[number.kind]} number"
                    + (f" in {number.region}" if number.region else ""),
                )
            )
        foreign = [cb for cb in callbacks if cb.kind == "international"]
        if foreign:
            number = foreign[0]
            found.append(
                Hit(
                    "CALLBACK_INTERNATIONAL",
                    f"{number.text.strip()} is a number in {number.region or 'another country'}",
                )
            )
