"""Consent records: who agreed to receive what, from whom, when, and how.

CTIA asks senders to keep evidence of every opt-in (the disclosure shown, the method, the number,
the time) and allows one opt-in per campaign: a list gathered for one campaign cannot be shared
with or sold to another. So a consent names one campaign (registered traffic) or one sender number
(unregistered traffic); it never covers a brand's other campaigns.

Three levels, weakest first: ``conversational`` (the subscriber texted first), ``informational``
(express consent, for alerts and political texts) and ``promotional`` (express written consent,
for marketing).
"""

from __future__ import annotations

from typing import Final

import msgspec

from clearline.compliance.registry import CONSENT_RANK, PROMOTIONAL_USE_CASES

#: How a scope is spelled in a consent key: a campaign id or a sender address.
CAMPAIGN_SCOPE: Final = "c:"
SENDER_SCOPE: Final = "n:"


class ConsentEntry(msgspec.Struct, frozen=True, gc=False):
    """The strongest consent a subscriber gave one campaign or sender.

    Attributes:
        type: conversational, informational or promotional.
        ts: when it was given (seconds since the epoch).
        method: how (web form, keyword, paper, "texted first").
        disclosure: the text the subscriber agreed to.
    """

    type: str
    ts: float
    method: str = ""
    disclosure: str = ""


def consent_key(subscriber: str, scope: str) -> str:
    """The ledger key for a subscriber and a scope (``c:<campaign>`` or ``n:<number>``)."""
    return f"{subscriber}\x1f{scope}"


def required_consent(use_case: str) -> str:
    """The weakest consent a campaign's use case needs.

    Marketing-like use cases need express written consent (``promotional``); every other
    registered program, political ones included, needs express consent (``informational``).
    """
    return "promotional" if use_case in PROMOTIONAL_USE_CASES else "informational"


def stronger(old: ConsentEntry | None, new: ConsentEntry) -> ConsentEntry:
    """Of two consents for one key, the one to keep: the stronger level, then the later."""
    if old is None:
        return new
    if (CONSENT_RANK[new.type], new.ts) >= (CONSENT_RANK[old.type], old.ts):
        return new
    return old


def satisfies(entry: ConsentEntry | None, needed: str) -> bool:
    """True when ``entry`` is at least as strong as the ``needed`` level."""
    return entry is not None and CONSENT_RANK[entry.type] >= CONSENT_RANK[needed]
