"""Threats of harm for money: "We know where you live. Pay N300,000 or something bad will
happen to your family. Don't tell the police."

The "hitman" and protection-money texts of Nigeria, Kenya, South Africa, Ghana and elsewhere
(police services' warnings) claim to watch the reader, demand money and threaten the reader or
their family, often forbidding them to go to the police. ``find_harm_threat(text)`` finds one:
a claim to watch or know where the reader is (``_WATCHING``), a demand for money (``_DEMAND``)
and a threat of harm (``_HARM``: "you will be sorry", "your family will get hurt", "something
bad will happen", "familia yako itaumia", "jou familie sal seerkry") or a ban on the police
(``_NO_POLICE``). A friend's "I know where you live, bring the $20 you owe me lol" threatens no
harm; a neighbourhood watch's "we know where the break-ins happen" demands nothing.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["HARM_THREAT_REACH", "find_harm_threat", "harm_threat_trigger_words"]

# Matched against the lower-cased text.
_WATCHING: Final = re.compile(
    r"\b(?:we|i)\s+(?:know|knw|have\s+seen)\s+(?:where\s+you\s+(?:live|work|stay|are)|your\s+"
    r"(?:house|home|address|office|workplace|children|kids|family|movements?|wife|husband))\b|"
    r"\b(?:we|i)\s+(?:have\s+been\s+|are\s+|am\s+|['’]ve\s+been\s+)(?:watching|following|"
    r"monitoring|tracking)\s+(?:you|your)\b|\b(?:we|i)\s+(?:have\s+)?been\s+paid\s+to\s+"
    r"(?:kill|eliminate|hurt)|\btumekuwa\s+tukikufuatilia|\btunajua\s+(?:unapoishi|"
    r"unapofanya\s+kazi|nyumba\s+yako)|\b(?:ons|ek)\s+weet\s+waar\s+jy\s+(?:bly|werk)|"
    r"\balam\s+(?:namin|ko)\s+kung\s+saan\s+ka\s+(?:nakatira|nagtatrabaho)"
)
_DEMAND: Final = re.compile(
    r"\b(?:pay|send|transfer|drop|tuma|lipa|betaal|stuur|magpadala|bayad)\b"
)
_HARM: Final = re.compile(
    r"\b(?:you\s+will\s+(?:be\s+sorry|regret|die|be\s+killed|be\s+hurt|pay\s+with)|"
    r"(?:something\s+bad|bad\s+things?)\s+will\s+happen|(?:your|ur)\s+(?:\w+\s+)?(?:family|"
    r"children|kids|wife|husband|life)\s+will\s+(?:be\s+)?(?:get\s+)?(?:hurt|harmed|suffer|"
    r"pay|be\s+in\s+danger|die)|(?:kill|hurt|harm|eliminate)\s+(?:you|your)|"
    r"itaumia|utajuta|utakufa|sal\s+seerkry|jy\s+sal\s+spyt\s+wees|masasaktan|papatayin)\b"
)
_NO_POLICE: Final = re.compile(
    r"\b(?:do\s*n[o']?t|dont|never|if\s+you)\s+(?:try\s+to\s+)?(?:tell|involve|inform|call|"
    r"contact|go\s+to|report\s+to)\s+(?:the\s+|anyone\s+or\s+the\s+)?(?:police|cops)|"
    r"\busiambie\s+polisi|\bmoenie\s+(?:die\s+)?polisie|\bhuwag\s+(?:kang\s+)?(?:magsumbong|"
    r"tumawag)\s+sa\s+pulis"
)

#: How much of a text the finder reads.
HARM_THREAT_REACH: Final = 600

# Every threat of harm or ban on the police holds one of these words: the finder's trigger
# words. (Not the claim's "know", "seen" or "paid", which are in one text in six.)
_TRIGGERS: Final[WordSet] = frozenset(
    word.encode()
    for word in [
        "sorry",
        "regret",
        "die",
        "killed",
        "kill",
        "hurt",
        "harmed",
        "harm",
        "suffer",
        "danger",
        "eliminate",
        "bad",
        "itaumia",
        "utajuta",
        "utakufa",
        "seerkry",
        "spyt",
        "masasaktan",
        "papatayin",
        "police",
        "cops",
        "polisi",
        "polisie",
        "pulis",
    ]
)


def find_harm_threat(text: str, words: WordSet | None = None) -> str | None:
    """The claim to watch the reader of a text that demands money and threatens harm or
    forbids the police (see the module's notes), as written, or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:HARM_THREAT_REACH]
    lowered = head.lower()
    watching = _WATCHING.search(lowered)
    if watching is None or _DEMAND.search(lowered) is None:
        return None
    if _HARM.search(lowered) is None and _NO_POLICE.search(lowered) is None:
        return None
    return as_written(head, lowered, watching)


def harm_threat_trigger_words() -> WordSet:
    """The words without which ``find_harm_threat`` finds nothing."""
    return _TRIGGERS
