"""Debt shaming: a lender's threat to expose a borrower who has not paid to everyone they know.

Predatory loan apps in India, Kenya, Nigeria and the Philippines copy a borrower's contacts when
the app is installed, and collect by shame: "Pay today or we will send your photo to all your
contacts as fraud", "Tutatuma ujumbe kwa familia na marafiki wako wote", "ipopost namin kayo sa
FB". They also text the contacts themselves ("Ikaw ay nakalista bilang reference ni Maria ...",
"your contact Bola Adeyemi has defaulted on her loan and listed you as guarantor"). Every one of
those countries forbids it (India's RBI digital lending rules, Kenya's Digital Credit Providers
Regulations 2022, Nigeria's FCCPC guidelines, the Philippine SEC's Memorandum Circular 18 of 2019;
in the US the FDCPA forbids telling third parties of a debt), so the text itself is the abuse,
whoever is the lender.

``find_debt_shaming(text)`` finds one: an exposure (``_EXPOSURE``: a threat to send, post or
tell the borrower's debt to their contacts, family, friends, employer or church, or on Facebook
or "everywhere"; the borrower called a thief or a fraud; the reader named as someone's
reference or guarantor) in a text that speaks of a debt unpaid (``_UNPAID``: overdue, defaulted,
not repaid, "utang", "hujalipa", "pay nahi"). A real lender's reminder ("EMI of Rs 8,745 is due
on 05-Oct", "your loan is overdue, pay to avoid late fees and a report to the credit bureau")
threatens no one the borrower knows; a friend's "can I borrow 500, I'll pay you back Friday"
speaks of no default; a warning about such apps ("they sent my photos to all my contacts") has
no "we".
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["DEBT_SHAMING_REACH", "debt_shaming_trigger_words", "find_debt_shaming"]

# Matched against the lower-cased text.
# Whom the lender threatens to tell: the borrower's circle, or everyone.
_CIRCLE: Final = (
    r"(?:(?:all\s+|every\s+one\s+of\s+|each\s+of\s+)?(?:your|ur|his|her|their)\s+"
    r"(?:\w+\s+)?(?:contacts?|phone\s?book|contact\s+list|family|relatives|friends|employer|"
    r"boss|office|colleagues|co-?workers|church|neighbou?rs|references|referees|guarantors?)|"
    r"everyone\s+(?:in|on)\s+(?:your|ur)\s+(?:phone|contacts?|phone\s?book)|"
    r"(?:on|to|in)\s+(?:facebook|fb|social\s+media|whatsapp\s+status|tiktok)|everywhere)"
)
_EXPOSURE: Final = re.compile(
    # "We will send your photo to all your contacts", "we go post your picture for everywhere",
    # "we shall defame you to everyone in your phonebook", "we will call your relatives".
    r"\b(?:we|we['’]ll)\s+(?:will\s+|shall\s+|go\s+|gonna\s+|are\s+going\s+to\s+|would\s+)?"
    r"(?:\w+\s+){0,5}?(?:send|share|post|forward|message|call|tell|inform|notify|contact|"
    r"expose|defame|publish|broadcast|circulate|text|visit)\b[^.!?\n]{0,80}?" + _CIRCLE + r"|"
    # "Your photo will be sent to all your contacts as fraud".
    r"\b(?:your|ur)\s+(?:\w+\s+)?(?:photos?|pictures?|pics?|details|name|face|information|"
    r"info)\s+will\s+be\s+(?:sent|shared|posted|forwarded|published|circulated)\b"
    r"[^.!?\n]{0,60}?" + _CIRCLE + r"|"
    # The borrower called a thief or a fraud: "tell them you are a thief", "Wewe ni mwizi!",
    # "SCAMMER ka!", "aap chor ho", "is a fraudster who collected loan".
    r"\b(?:you\s+are|you['’]re|u\s+are|ur\s+a|say\s+you\s+be|that\s+you|as)\s+(?:an?\s+)?"
    r"(?:thief|fraudster|fraud|scammer|criminal)\b|"
    r"\b(?:thief|fraudster|scammer)\s+who\s+(?:took|collected|borrowed|refused|collect)\b|"
    r"\b(?:wewe\s+ni|ni)\s+mwizi\b|\b(?:scammer|magnanakaw|manloloko)\s+ka\b|"
    r"\b(?:chor|fraud)\s+(?:ho|hai|bol\s+ke|bolke|bata\w*)\b|"
    # The reader as someone's reference or guarantor.
    r"\b(?:listed|named|gave|put|used)\s+(?:you|your\s+(?:name|number))\s+(?:down\s+)?as\s+"
    r"(?:a\s+|an\s+|his\s+|her\s+|their\s+)?(?:reference|guarantor|referee|emergency\s+contact)\b|"
    r"\b(?:bilang|as\s+(?:his|her|their))\s+(?:contact\s+)?(?:reference|guarantor)\b|"
    r"\bkayo\s+ang\s+(?:contact\s+)?reference\b|"
    # Tagalog: "ipopost namin kayo sa FB", "ipapakalat namin sa lahat ng contacts mo".
    r"\b(?:ipo-?post|ipapost|ipapakalat|ikakalat|ipagkakalat|ipapahiya|ipahiya|ite-?text|itetext|"
    r"tatawagan|ipapaalam)\b[^.!?\n]{0,60}?\b(?:contacts?|fb|facebook|social\s+media|"
    r"pamilya|kamag-?anak|barangay|employer|amo|online)\b|"
    # Swahili: "tutatuma ujumbe kwa familia na marafiki wako", "tutawaambia wote kwenye
    # contacts zako".
    r"\b(?:tutatuma|tutawaambia|tutawatumia|tutawajulisha|tutaweka|tutapost|tutasambaza)\b"
    r"[^.!?\n]{0,60}?\b(?:contacts?|familia|marafiki|ndugu|facebook|mtandao)\b|"
    # Hindi and Hinglish: "aapke sabhi contacts ko call karke bataenge", "tumhari photo sabhi
    # contacts ko FRAUD bol ke bhej denge", "sab contacts ko message jayega".
    r"\b(?:contacts?|family|friends|relatives|rishtedaro|dosto|office)\b[^.!?\n]{0,50}?"
    r"\b(?:karenge|denge|jayega|jaega|bataenge|bhejenge)\b"
)
# A debt unpaid, said to the borrower or of a contact: not a loan offered or applied for.
_UNPAID: Final = re.compile(
    r"\b(?:overdue|defaulted|in\s+default|unpaid|arrears|past\s+due|not\s+(?:yet\s+)?"
    r"(?:re)?paid|(?:have|has|had)n['’]?t\s+(?:yet\s+)?(?:re)?paid|(?:refused|failed|neglected)\s+"
    r"to\s+(?:re)?pay|no\s+wan\s+pay|(?:re)?pay(?:ment)?\s+nahi|utang|nagbabayad|magbayad|"
    r"hujalipa|kulipa|deni|(?:your|ur)\s+(?:outstanding|debt))\b"
)
# One of them is in every text ``_UNPAID`` matches.
_UNPAID_WORDS: Final[WordSet] = frozenset(
    word.encode()
    for word in [
        "overdue",
        "defaulted",
        "default",
        "unpaid",
        "arrears",
        "past",
        "paid",
        "repaid",
        "pay",
        "repay",
        "payment",
        "repayment",
        "utang",
        "nagbabayad",
        "magbayad",
        "hujalipa",
        "kulipa",
        "deni",
        "outstanding",
        "debt",
    ]
)

#: How much of a text the finder reads.
DEBT_SHAMING_REACH: Final = 1_000

# Every exposure names the circle, a label or a reference in one of these words.
_CIRCLE_WORDS: Final[WordSet] = frozenset(
    word.encode()
    for word in [
        "contact",
        "contacts",
        "phonebook",
        "phone",
        "family",
        "relatives",
        "friends",
        "employer",
        "boss",
        "office",
        "colleagues",
        "coworkers",
        "co",
        "workers",
        "church",
        "neighbours",
        "neighbors",
        "references",
        "referees",
        "guarantor",
        "guarantors",
        "everyone",
        "facebook",
        "fb",
        "social",
        "whatsapp",
        "tiktok",
        "everywhere",
        "thief",
        "fraudster",
        "fraud",
        "scammer",
        "criminal",
        "mwizi",
        "magnanakaw",
        "manloloko",
        "chor",
        "reference",
        "referee",
        "emergency",
        "familia",
        "marafiki",
        "ndugu",
        "mtandao",
        "pamilya",
        "kamag",
        "anak",
        "barangay",
        "amo",
        "online",
        "rishtedaro",
        "dosto",
    ]
)


def find_debt_shaming(text: str, words: WordSet | None = None) -> str | None:
    """The exposure a lender threatens a borrower with, as written, in a text that speaks of
    a debt unpaid (see the module's notes), or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_UNPAID_WORDS):
        return None
    head = text[:DEBT_SHAMING_REACH]
    # The circle's words are read here, in the few texts that speak of a debt, rather than
    # kept by a batch's prefilter: "phone", "family" and "online" are in many texts.
    if word_set(head).isdisjoint(_CIRCLE_WORDS):
        return None
    lowered = head.lower()
    if _UNPAID.search(lowered) is None:
        return None
    found = _EXPOSURE.search(lowered)
    return None if found is None else as_written(head, lowered, found)


def debt_shaming_trigger_words() -> WordSet:
    """Words without which ``find_debt_shaming`` finds nothing (those of an unpaid debt)."""
    return _UNPAID_WORDS
