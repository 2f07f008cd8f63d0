"""Gift-card requests: a boss, a pastor or a colleague who cannot talk and needs gift cards.

The business-impersonation scam (the FTC's and the FBI's warnings) texts an employee or a
congregation member as the boss or the pastor: "I'm in a meeting and can't talk. Can you pick
up some Apple gift cards for a client? I'll reimburse you". ``find_gift_card_request(text)``
finds an ask to buy gift cards (Apple, Google Play, iTunes, Steam, Amazon, store vouchers, load
and recharge cards, airtime), or since session 24 to send money to the sender's number ("I'm in
a crusade meeting and can't talk. Please send Ksh 5,000 for the church fuel"), beside the
scam's cover: the sender cannot talk or is in a meeting, the cards are for a client, a member
or a staff, the reader will be reimbursed, or it must stay discreet. A friend's "can you grab
an Amazon gift card for Jess's birthday on your way?" gives no such cover, nor does a partner's
"can you grab Olly from school? I'm stuck in a meeting" ask for cards or money.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, phrase_beside

__all__ = ["GIFT_CARD_REACH", "find_gift_card_request", "gift_card_trigger_words"]

# Matched against the lower-cased text.
# An ask made to the reader ("can you", "I need you to", "please", "urgently"), then the cards:
# gift cards, store vouchers, Google Play or iTunes, airtime and recharge cards (session 24:
# "Urgently buy 3 MTN recharge cards of N10,000 and send the pins", "grab 4 x $250 JB Hi-Fi
# gift cards", "pick up 4 x £100 Amazon vouchers").
_CARDS: Final = (
    r"(?:gift\s*cards?|vouchers?|google\s+play(?:\s+cards?)?|itunes(?:\s+cards?)?|steam\s+cards?|"
    r"load\s+cards?|apple\s+cards?|recharge\s+cards?|airtime|e-?pins?|scratch\s+cards?)"
)
_ASK_WORD: Final = (
    r"(?:(?:can|could|would|will)\s+(?:you|u)|need\s+(?:(?:you|u)\s+)?to|please|pls|kindly|"
    r"help\s+me|urgently|quickly)"
)
_ASK: Final = re.compile(
    r"\b" + _ASK_WORD + r"\b[^.?!\n]{0,40}?\b(?:buy|get|pick\s+up|purchase|grab|send\s+me)\s+"
    r"(?:[^\s.?!]+\s+){0,5}?" + _CARDS + r"\b|"
    # Or money sent to the sender's number (session 24: a pastor's "Please send Ksh 5,000 for
    # the church fuel to this number", "Please send GHS 500 MoMo").
    r"\b" + _ASK_WORD + r"\s+(?:\w+\s+){0,2}?(?:send|transfer|momo|gcash|m-?pesa)\s+(?:me\s+)?"
    r"(?:[a-z]{1,3}\.?\s?)?[$£€₹₦₱]?\s?\d[\d,.]*k?\b"
)
_COVER: Final = re.compile(
    r"\b(?:in\s+(?:a|the)\s+(?:\w+\s+)?meeting|(?:back\s+to\s+back|stuck\s+in)\s+meetings?|"
    r"can['’]?t\s+(?:talk|call|take\s+calls)|reimburse\w*|for\s+(?:a|our|the)\s+(?:client|"
    r"clients|member|members|staff|customer)s?|discreet\w*|keep\s+(?:it|this)\s+(?:between\s+"
    r"us|quiet))"
)

#: How much of a text the finder reads.
GIFT_CARD_REACH: Final = 600

# Every ask names the cards or, asking for money, comes with a meeting (the cover): one of
# these words is in every text the finder finds.
_TRIGGERS: Final[WordSet] = frozenset(
    word.encode()
    for word in [
        "card",
        "cards",
        "giftcard",
        "giftcards",
        "voucher",
        "vouchers",
        "play",
        "itunes",
        "airtime",
        "pin",
        "pins",
        "epin",
        "epins",
        "meeting",
        "meetings",
    ]
)


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
