"""Investment bait: returns promised that no real investment can promise.

Ponzi schemes, forex and crypto "account managers" and pig-butchering groups text the same
promise (the SEC's, the FCA's, Nigeria's SEC and the Philippines' SEC warnings): money that
multiplies within days ("Invest N50k and get N150k in 7 days"), a percentage paid every few
days, weeks or months ("30% return every 3 days", "earn 30% monthly"), money doubled, or
returns "guaranteed" and "risk-free". ``find_investment_bait(text)`` finds one, in a text that
also speaks of investing (``_INVESTING``: invest, forex, crypto, bitcoin, a trading platform or
group, stock tips). A bank's deposit rate is a yearly one ("7.1% p.a."), a friend's "I made 20%
on bitcoin this year" promises nothing, and a shop's "30% off monthly plans" speaks of no
investment: none is bait.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, listed_trigger_words, phrase_beside

__all__ = ["INVESTMENT_REACH", "find_investment_bait", "investment_trigger_words"]

# Matched against the lower-cased text.
_INVESTING: Final = re.compile(
    r"\b(?:invest(?:s|ed|ing|ments?|ors?)?|forex|fx\s+trading|crypto(?:currenc(?:y|ies))?|"
    r"bitcoin|btc|usdt|ponzi|mmm|(?:trading|investment|mining)\s+(?:platform|app|account|group|"
    r"signals?|plan|package|club)|(?:stock|share|trading)\s+tips|forex\s+signals?)\b"
)
_AMOUNT: Final = r"(?:[$£€₹₱₦]|\b(?:rs\.?|ksh|kes|ghs|ngn|n|p|php|r|usd|inr)\s?)?\d[\d,.]*k?\b"
_BAIT: Final = re.compile(
    # money that multiplies within days
    r"\b(?:get|earn|receive|make|withdraw|returns?|cash\s+out)\s+(?:\S+\s+){0,2}?"
    + _AMOUNT
    + r"(?:\s+\S+)?\s+(?:in|after|within)\s+(?:just\s+|only\s+)?\d+\s*(?:hours?|hrs?|days?|"
    r"weeks?)\b|"
    # a percentage paid every few days, weeks or months
    r"\b\d+(?:\.\d+)?\s?%\s+(?!off\b)(?:(?:returns?|profits?|roi|interest|gains?|bonus)\s+)?"
    r"(?:daily|weekly|monthly|every\s+(?:\d+\s+)?(?:hours?|days?|weeks?|months?)|"
    r"(?:a|per|each)\s+(?:day|week|month))\b|"
    # money doubled, returns guaranteed
    r"\b(?:double|triple)\s+(?:your|ur)\s+(?:money|investment|capital|funds|cash)\b|"
    r"\bguaranteed\s+(?:daily\s+|weekly\s+|monthly\s+|high\s+)?(?:returns?|profits?|income|"
    r"payouts?|roi|earnings)\b|\b100\s?%\s+(?:guaranteed|sure|risk[- ]free|safe)\b|"
    r"\brisk[- ]free\s+(?:returns?|profits?|investment|trading|income)\b|\bsure\s?shot\b"
)

#: How much of a text the finder reads.
INVESTMENT_REACH: Final = 1000

_TRIGGERS: Final = listed_trigger_words(_INVESTING)


def find_investment_bait(text: str, words: WordSet | None = None) -> str | None:
    """The returns a text promises (``_BAIT``) if it also speaks of investing, as written.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    return phrase_beside(text, words, _TRIGGERS, INVESTMENT_REACH, _BAIT, _INVESTING)


def investment_trigger_words() -> WordSet:
    """The words without which ``find_investment_bait`` finds nothing."""
    return _TRIGGERS
