"""Prize claims: the reader told they have won, and asked to call, reply or pay to claim.

The prize scam's shape is the same in every country (the FTC's, Action Fraud's, the
Philippines' PCSO and Kenya's Safaricom warnings): the reader's number "has won" a sum or a
phone in a promotion, and is asked to call a number, reply with a name, an account or an ID, or
pay a "processing", "delivery" or "registration" fee to claim it ("Umeshinda Ksh 250,000 ...
Piga 0790...", "Nanalo ka ng P50,000 ... I-claim sa 0917...", "Glo: Your number won N1,000,000.
Send your account details to claim"). A real promoter credits the prize or names the shop to
collect it in, and a promotion's "enter to win" has not been won. ``LURE_MONEY_PRIZE`` weighs
any prize and amount a little; a won prize with such a claim is a scam's.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, phrase_beside

__all__ = ["PRIZE_REACH", "find_prize_claim", "prize_claim_trigger_words"]

# Matched against the lower-cased text.
_WON: Final = re.compile(
    r"\b(?:you(?:'ve|’ve|\s+have)?\s+(?:just\s+)?won|you\s+are\s+(?:a|the|our)\s+(?:lucky\s+)?"
    r"winner|you\s+are\s+(?:a|the|our)\s+(?:\w+\s+){1,2}winner|"
    r"(?:your|ur)\s+(?:mobile\s+|phone\s+|sim\s+|cell\s+)?(?:number|sim|line)\s+(?:has\s+)?"
    r"(?:just\s+)?won|has\s+won|nanalo\s+(?:po\s+)?kayo|(?:wish|want)\s+to\s+donate\s+"
    r"\S*\d\S*\s+(?:\w+\s+){0,2}(?:to|through|via)\s+you|have\s+been\s+selected\s+(?:as|for)\s+"
    r"(?:a|the|our)\s+(?:\w+\s+){0,3}"
    r"(?:winner|prize|reward)|umeshinda|nanalo\s+ka|napili\s+(?:ka\s+)?bilang\s+(?:winner|nanalo)|"
    r"(?:het|has)\s+[^.]{0,30}\bgewen|jeet\w*\s+(?:gaye|liya|hai)|"
    # Session 26: the reader's number drawn or picked ("Your number was selected as today's
    # winner", "Your number has been drawn"), a winner "has been selected", Swahili's
    # "imeshinda", Malay's "memenangi", Tagalog's "ay nanalo".
    r"(?:your|ur)\s+(?:mobile\s+|phone\s+|sim\s+|cell\s+)?(?:number|sim|line)\s+(?:has\s+been|"
    r"was|is)\s+(?:randomly\s+)?(?:selected|drawn|picked|chosen)|(?:has|have)\s+been\s+selected"
    r"\s+as\s+(?:the\s+|a\s+|our\s+)?(?:\w+\s+){0,2}winner|imeshinda|memenangi|ay\s+nanalo|"
    # Session 27 (blind set 21): selected "for the Telecel Cash Promo" or a draw, Urdu's
    # "muntakhib hua hai" (has been selected)
    r"(?:has|have)\s+been\s+selected\s+(?:for|in)\s+(?:a|the|our)\s+(?:\w+\s+){0,3}(?:promo|"
    r"promotion|draw|raffle|giveaway|jackpot|bonanza)|muntakhib\s+(?:hua|ho\s+gaya|kiya\s+gaya)|"
    r"number\b[^.!?\n]{0,60}?\bselect\s+(?:hua|ho\s+gaya|kiya\s+gaya)|"
    # session 27 (blind set 23): a prize "ready for collection from the ... draw", Banglish's
    # "jitse", Patois's "yuh win"
    r"ready\s+for\s+collection\b[^.!?\n]{0,40}?\b(?:draw|promo|promotion|"
    r"raffle|giveaway)|(?:lucky\s+draw|lottery|number|nombor)\b[^.!?\n]{0,40}?\bjit(?:se|che|"
    r"eche|echen|lo)|"
    r"yuh\s+(?:win|won)|inaam\s+nikla|naam\b[^.!?\n]{0,60}?\bshamil\s+kar\s+liya\s+gaya|"
    # the advance-fee letter's "Your payment of $850,000 has been approved" (compensation, an
    # inheritance, a fund or a grant released to the reader)
    r"(?:compensation|inheritance|(?:payment|fund|grant|award|compensation)\s+of\s+\S+)\s+"
    r"(?:has\s+been|have\s+been|is|was)\s+(?:approved|released))\b"
)
_CLAIM: Final = re.compile(
    r"\b(?:(?:to\s+)?claim|kudai|i-?claim|redeem|collect|receive|tuntut|kupokea|upokee|pokea)\b"
    r"[^.!?\n]{0,60}?(?:\b(?:"
    r"call|dial|ring|piga|skakel|tumawag|text|sms|reply|send|whatsapp|contact|pay|tuma|recharge|"
    r"hubungi)\b|(?:\+|\b0)\d[\d\s-]{6,})|\b(?:call|dial|ring|piga|skakel|tumawag|contact|"
    r"whatsapp|hubungi|tuma)\b[^.!?\n]{0,60}?\b(?:claims?|kudai|i-?claim|collect|redeem|zawadi|"
    r"prize|winnings|tuntut(?:an)?|hadiah)\b|"
    # Urdu: "inaam hasil karne ke liye 0300-... par call karein", "rabta karein 0341-..."
    r"\b(?:inaam|hasil\s+karne|tasdeeq)\b[^.!?\n]{0,40}?(?:\+|\b0)\d[\d\s-]{6,}|"
    r"\b(?:rabta\s+kar\w*\s*|raabta\s+kar\w*\s*:?\s*)(?:\+|\b0)\d[\d\s-]{6,}|"
    r"\b(?:contact|call)\b[^!?\n]{0,40}?(?:\+|\b0)\d[\d\s-]{6,}[^.!?\n]{0,20}?"
    r"\bfor\s+(?:the\s+|its\s+|your\s+)?(?:release|payment|collection|claim)\b|"
    r"\b(?:fi|to)\s+collect\b[^.!?\n]{0,20}?\bsend\b|"
    r"\bsend\s+(?:your|ur|us\s+your)\s+(?:account|bank|bvn|name|details|full\s+name|id)|"
    r"\breply\s+with\s+(?:your\s+)?(?:full\s+)?(?:name|details|address|account)|"
    r"\b(?:processing|delivery|clearance|registration|activation|shipping)\s+fee|\brecharge\s+\S+\s+to\s+(?:this|activate)|"
    r"\bpay\s+(?:\S+\s+)?(?:port\s+fees|shipping|delivery|fee)"
)

#: How much of a text the finder reads.
PRIZE_REACH: Final = 600

# Every "you have won" holds one of these words ("you", "your", "has" are everyday ones).
_TRIGGERS: Final[WordSet] = frozenset(
    b"won winner umeshinda nanalo napili gewen selected jeet jeeta jeete jeeti jeetne drawn "
    b"picked chosen imeshinda memenangi muntakhib approved released hua gaya collection jitse "
    b"jiteche jitechen jitlo jitche yuh nanalo donate nikla shamil".split()
)


def find_prize_claim(text: str, words: WordSet | None = None) -> str | None:
    """The won prize of a text that asks for a call, a reply with details or a fee to claim
    it, as written, or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    return phrase_beside(text, words, _TRIGGERS, PRIZE_REACH, _WON, _CLAIM)


def prize_claim_trigger_words() -> WordSet:
    """The words without which ``find_prize_claim`` finds nothing."""
    return _TRIGGERS
