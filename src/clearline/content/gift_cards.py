"""Gift-card requests: a boss, a pastor or a colleague who cannot talk and needs gift cards.

The business-impersonation scam (the FTC's and the FBI's warnings) texts an employee or a
congregation member as the boss or the pastor: "I'm in a meeting and can't talk. Can you pick
up some Apple gift cards for a client? I'll reimburse you". ``find_gift_card_request(text)``
finds an ask to buy gift cards (Apple, Google Play, iTunes, Steam, Amazon, load cards) beside
the scam's cover: the sender cannot talk or is in a meeting, the cards are for a client, a
member or a staff, the reader will be reimbursed, or it must stay discreet. A friend's "can you
grab an Amazon gift card for Jess's birthday on your way?" gives no such cover.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, phrase_beside

__all__ = ["GIFT_CARD_REACH", "find_gift_card_request", "gift_card_trigger_words"]

# Matched against the lower-cased text.
# An ask made to the reader ("can you", "I need you to", "please"), then the cards.
_ASK: Final = re.compile(
    r"\b(?:(?:can|could|would|will)\s+(?:you|u)|need\s+(?:(?:you|u)\s+)?to|please|pls|kindly|"
    r"help\s+me)\b[^.?!\n]{0,40}?\b(?:buy|get|pick\s+up|purchase|grab|send\s+me)\s+(?:\w+\s+){0,3}?(?:gift\s*cards?|"
    r"google\s+play\s+cards?|itunes\s+cards?|steam\s+cards?|load\s+cards?|apple\s+cards?)\b"
)
_COVER: Final = re.compile(
    r"\b(?:in\s+a\s+meeting|(?:back\s+to\s+back|stuck\s+in)\s+meetings?|can['’]?t\s+(?:talk|"
    r"call|take\s+calls)|reimburse\w*|for\s+(?:a|our|the)\s+(?:client|clients|member|members|"
    r"staff|customer)s?|discreet\w*|keep\s+(?:it|this)\s+(?:between\s+us|quiet))"
)

#: How much of a text the finder reads.
GIFT_CARD_REACH: Final = 600

_TRIGGERS: Final[WordSet] = frozenset({b"card", b"cards", b"giftcard", b"giftcards"})


def find_gift_card_request(text: str, words: WordSet | None = None) -> str | None:
    """The ask for gift cards of a text that gives the scam's cover (see the module's notes),
    as written, or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    return phrase_beside(text, words, _TRIGGERS, GIFT_CARD_REACH, _ASK, _COVER)


def gift_card_trigger_words() -> WordSet:
    """The words without which ``find_gift_card_request`` finds nothing."""
    return _TRIGGERS
