"""Miracle cures and spells: the bulk ads of self-styled healers, spell casters and "love
problem" babas.

Across East and Southern Africa ("Dr Mama Nuru: bring back lost lover in 24hrs, win lotto,
court cases", "Daktari Juma: unarudishiwa mpenzi, bahati ya biashara, kesi, nguvu za kiume"),
Nigeria ("weak erection? quick ejaculation? our herbal power mix works in 3 days") and India
("Love problem solution, vashikaran specialist Baba Ji, 100% guarantee") the same ad is sent
to whole number ranges: it sells what cannot be sold (a lover returned, a lottery won, a court
case settled) and ends with a number to call. Consumer-protection and medical-advertising
laws forbid such claims everywhere, and the sender is paid before anything is "done".

``find_miracle_services(text)`` finds one: two different promises of such services in the
text (``_SERVICE``), or one of the words only these ads use (``_SPELL``: vashikaran, "lost
lover", "nguvu za kiume"), and a way to reach the seller (``_CONTACT``: call, WhatsApp,
"piga", or a phone number). A person's "if I win the lotto I'll pay for your court case" asks
for no call; a pharmacy's reminder promises none of these.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["MIRACLE_REACH", "find_miracle_services", "miracle_trigger_words"]

# Matched against the lower-cased text. Each alternative starts with its own word.
# Words only these ads use.
_SPELL_WORDS: Final = (
    r"vashikaran|vashikarn|lost\s+lov(?:er|e)|love\s+spells?|love\s+problems?|"
    r"black\s+magic|kala\s+jadu|jadu\s+tona|tantrik|nguvu\s+za\s+kiume|mganga|sangoma|"
    r"inyanga|witch\s?doctor|spell\s+casters?|penis\s+enlargement|manhood\s+enlargement"
)
_SPELL: Final = re.compile(r"\b(?:" + _SPELL_WORDS + r")\b")
# What they promise (any two that differ).
_SERVICES: Final = re.compile(
    r"\b(?:"
    + _SPELL_WORDS
    + r"|(?:bring|get|brings|getting)\s+back\s+(?:your\s+|a\s+|the\s+)?(?:lost\s+|ex[\s-]?)?"
    r"(?:lover|love|partner|wife|husband|boyfriend|girlfriend|ex)|"
    r"(?:win|winning|wins)\s+(?:the\s+)?(?:lotto|lottery|jackpot|bets?)|"
    r"court\s+cases?|kesi\s+(?:za\s+)?(?:korti|kortini|mahakamani)|"
    r"(?:breast|hips?|bum|butt)\s+enlargement|weak\s+erections?|(?:quick|premature)\s+"
    r"ejaculation|bahati\s+ya\s+(?:biashara|kazi|mali|pesa)|(?:narudisha|tunarudisha|"
    r"kurudisha|unarudishiwa|rudisha|arudishe|pata)\s+(?:\w+\s+)?mpenzi|"
    r"(?:remove|removal|removes|cure)\s+(?:of\s+)?(?:bad\s+luck|curses?|witchcraft|evil\s+"
    r"spirits?|spells?)|(?:marriage|shaadi|pyaar|business|family)\s+(?:problems?|"
    r"mein\s+(?:rukawat|dhokha))|(?:traditional|spiritual|native)\s+(?:healer|doctor)|"
    r"herbalist|baba\s+ji|pandit\s+ji|astrologer|"
    r"(?:lucky|winning)\s+numbers|protect\s+your\s+(?:business|family|home)\s+from)\b"
)
# A way to reach the seller: a call or a chat asked for, or a phone number.
_CONTACT: Final = re.compile(
    r"\b(?:call|calls|piga|whatsapp|wa|sms|contact|inbox|dm|phone)\b|\+?\d[\d\s-]{7,}\d"
)

#: How much of a text the finder reads.
MIRACLE_REACH: Final = 600

# The finder reads only texts holding one of the words only such ads use (every promise of
# ``_SERVICES`` that is in ``_SPELL`` holds one, and most others do: a lover, a lottery, a
# spell). "get", "win", "love" and "family" are in one text in six: an ad whose promises are
# all everyday words ("get back your ex, protect your business from enemies") is missed.
_TRIGGERS: Final[WordSet] = frozenset(
    word.encode()
    for word in [
        "vashikaran",
        "vashikarn",
        "lover",
        "spell",
        "spells",
        "magic",
        "jadu",
        "tantrik",
        "nguvu",
        "mganga",
        "sangoma",
        "inyanga",
        "witchdoctor",
        "witch",
        "caster",
        "casters",
        "enlargement",
        "lotto",
        "lottery",
        "jackpot",
        "kesi",
        "erection",
        "erections",
        "ejaculation",
        "bahati",
        "mpenzi",
        "curse",
        "curses",
        "witchcraft",
        "rukawat",
        "dhokha",
        "healer",
        "herbalist",
        "baba",
        "pandit",
        "astrologer",
    ]
)


def find_miracle_services(text: str, words: WordSet | None = None) -> str | None:
    """The healer's or spell caster's promises of a text (see the module's notes), as written
    and joined by ", ", or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:MIRACLE_REACH]
    lowered = head.lower()
    if _CONTACT.search(lowered) is None:
        return None
    found = {match.group(): match for match in _SERVICES.finditer(lowered)}
    if len(found) < 2 and _SPELL.search(lowered) is None:
        return None
    return ", ".join(as_written(head, lowered, match) for match in list(found.values())[:3])


def miracle_trigger_words() -> WordSet:
    """The words without which ``find_miracle_services`` finds nothing."""
    return _TRIGGERS
