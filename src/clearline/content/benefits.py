"""Benefit claims: government money, grants and rebates the reader is told to claim by a reply,
a call or a form.

Governments pay benefits into accounts they already hold and announce them on their own sites;
they do not text strangers "You qualify for a $6,400 grant, reply YES", "Your student loan
forgiveness application is pending final approval, call 888-...", "CBN has approved N50,000
palliative for you, register with your BVN", "Kwalipikado ka sa P8,000 ayuda, i-claim dito".
Impostors do, in every country (the FTC's, Action Fraud's, the CBN's and the DSWD's warnings),
and so do the lead buyers of the US's Medicare and ACA "subsidy card" texts.

``find_benefit_claim(text)`` finds one: a benefit (``_BENEFIT``: a grant, a stimulus or relief
payment, a subsidy or benefits card, a rebate, loan forgiveness, "ayuda", "palliative", a
"yojana" instalment) told as the reader's (``_READER``, ``_STATUS``: approved, eligible,
qualified, selected, ready, pending approval, owed, unclaimed) with an ask to claim it
(``_ASK``: reply, call, click, apply, register, claim, confirm or verify details, or a link). A
government's own notice links to its own site and is never one here
(``telemarketing.GOVERNMENT_SITE``), nor is a text about an election or a candidate
(``telemarketing.POLITICAL_SPEECH``), nor a text that gives none of the three ("SNAP benefits
of $291 were deposited to your EBT card").
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.telemarketing import GOVERNMENT_SITE, POLITICAL_SPEECH
from clearline.content.triggers import WordSet, as_written, listed_trigger_words, word_set

__all__ = ["BENEFIT_REACH", "benefit_claim_trigger_words", "find_benefit_claim"]

# Matched against the lower-cased text. Each alternative starts with its own word.
_BENEFIT: Final = re.compile(
    r"\b(?:grants?|stimulus|subsid(?:y|ies)|rebates?|palliative|ayuda|yojana|stipend|"
    r"forgiveness|giveback|(?:benefits?|spending|subsidy|otc|flex|allowance)\s+cards?|"
    r"(?:relief|support|assistance|impact|recovery|living|disaster|calamity|hardship|"
    r"compensation)\s+(?:payments?|funds?|grants?|cheques?|checks?)|"
    # "cash assistance" and "bills support" by their rarer word: "cash" and "bill" are in one
    # text in fifty.
    r"(?<=cash\s)assistance|(?:social\s+security|ssi|ssa)\s+(?:checks?|benefits?|payments?)|"
    r"economic\s+impact|(?:(?<=energy\s)|(?<=bill\s)|(?<=bills\s))(?:support|relief)|"
    r"unclaimed\s+(?:benefits?|funds?|payments?))\b"
)
# The benefit told as the reader's.
_STATUS: Final = re.compile(
    r"\b(?:approved|approve\s+(?:hua|ho|ho\s+gaya)|qualif(?:y|ies|ied)|kwalipikado|eligible|"
    r"eligibility|pre-?approved|selected|shortlisted|awarded|entitled|owed|due\s+(?:a|an|to)|"
    r"loaded|ready\s+(?:for|to)|pending\s+(?:final\s+)?(?:approval|release|review)|"
    r"approved\s+pending|unclaimed|still\s+available|awaiting\s+(?:confirmation|release|"
    r"your)|waiting\s+for\s+you|(?:has|have)\s+been\s+(?:granted|released|issued|reserved)|"
    r"nahi\s+aa(?:yi|yegi|egi)|ruk\s+jayega|pending\s+hai)\b"
)
# What the reader is asked to do to get it.
_ASK: Final = re.compile(
    r"\b(?:(?:reply|text|txt|sms)\s+(?:back\s+)?(?!(?:stop|end|cancel|quit|unsubscribe|help|"
    r"arret|alto)\b)[a-z0-9]+|call|dial|ring|whatsapp|click|tap|apply|register|claim|activate|"
    r"redeem|enrol+|enroll|i-?claim|mag-?(?:register|apply|claim)|(?:confirm|verify|update|"
    r"send|submit)\s+(?:your|ur)\s+(?:\w+\s+)?(?:details|info\w*|records?|bvn|nin|"
    r"account|banking|bank|ssn|social|id|aadhaar)|kyc|i-?verify)\b|"
    r"\b[\w-]+\.(?:com|net|org|info|online|site|top|xyz|icu|vip|help|co|us|uk|in|ng|ph|za|ke|"
    r"au|ca|gh|sg|app|live|click|link)\b|https?://|\bwww\."
)
_GOVERNMENT: Final = re.compile(GOVERNMENT_SITE)
# The reader addressed ("my research grant got approved!" is a friend's news).
_READER: Final = re.compile(
    r"\b(?:you|your|yours|u|ur|ka|kayo|ikaw|mo|nyo|ninyo|aap|aapke|aapka|aapko|aapki|tum|"
    r"tumhara|tumhare|tumhe|wako|yako|jou|u\s+is)\b"
)

#: How much of a text the finder reads.
BENEFIT_REACH: Final = 600

_TRIGGERS: Final = listed_trigger_words(_BENEFIT)


def find_benefit_claim(text: str, words: WordSet | None = None) -> str | None:
    """The benefit a text tells the reader to claim (see the module's notes), as written, or
    ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:BENEFIT_REACH]
    lowered = head.lower()
    benefit = _BENEFIT.search(lowered)
    if (
        benefit is None
        or _STATUS.search(lowered) is None
        or _ASK.search(lowered) is None
        or _READER.search(lowered) is None
        or _GOVERNMENT.search(lowered) is not None
        or POLITICAL_SPEECH.search(lowered) is not None
    ):
        return None
    return as_written(head, lowered, benefit)


def benefit_claim_trigger_words() -> WordSet:
    """The words without which ``find_benefit_claim`` finds nothing."""
    return _TRIGGERS
