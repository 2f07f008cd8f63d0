"""Miracle cures and spells: the bulk ads of self-styled healers, spell casters and "love
problem" babas.

Across East and Southern Africa ("Dr Mama Nuru: bring back lost lover in 24hrs, win lotto,
court cases", "Daktari Juma: unarudishiwa mpenzi, bahati ya biashara, kesi, nguvu za kiume"),
Nigeria ("weak erection? quick ejaculation? our herbal power mix works in 3 days") and India
("Love problem solution, vashikaran specialist Baba Ji, 100% guarantee") the same ad is sent
to whole number ranges: it sells what cannot be sold (a lover returned, a lottery won, a court
case settled) and ends with a number to call. Consumer-protection and medical-advertising
laws forbid such claims everywhere, and the sender is paid before anything is "done".

``find_miracle_services(text)`` finds one: a way to reach the seller (``_CONTACT``: call,
WhatsApp, "piga", or a phone number) and either one of the words only these ads use
(``_SPELL``: vashikaran, "lost lover", "nguvu za kiume", "magic ring", "money ritual") or two
different promises (``_PROMISES``: a lover returned, a court case won, a curse removed, a
sexual or incurable ailment cured, a charm for money, "100% guaranteed") or a promise and a
seller's title (``_TITLES``: herbalist, sangoma, mallam, juju, obeah, albularyo, "powerful
spiritual healer", Baba Ji). A person's "if I win the lotto I'll pay for your court case, call
me" is the sender's own hope; "my sangoma cousin graduates Saturday, call me" or "Mganga wa
kienyeji alisema bibi apumzike" names a title and promises nothing; a pharmacy's reminder
promises none of these.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["MIRACLE_REACH", "find_miracle_services", "miracle_trigger_words"]

# Matched against the lower-cased text. Each alternative starts with its own word.
# Words and phrases only these ads use: one of them, with a way to reach the seller, is enough.
# (Not "sangoma", "mganga", "tantrik", "black magic" or "love problems": people talk of their
# sangoma cousin, the mganga who saw their grandmother, a TV serial's tantrik or their love
# problems, and a Swahili text's "wa" or a friend's "call me" is beside them: those count as one
# promise or title among the others below.)
_SPELL_WORDS: Final = (
    r"vashikaran|vashikarn|lost\s+lov(?:er|e)|love\s+spells?|nguvu\s+za\s+kiume|kala\s+jadu|"
    r"jadu\s+tona|spell\s+casters?|(?:penis|manhood)\s+enlargement|money\s+rituals?|"
    r"love\s+(?:portion|potion|charm)s?|magic\s+(?:rings?|wallets?|sticks?|mirrors?|portion)|"
    r"join\s+(?:the\s+)?illuminati|"
    r"(?:love|marriage|vashikaran|love\s+marriage)\s+specialist|(?:pati|patni|pyaa?r|prem|"
    r"love)\s+ko\s+vash|gayuma"
)
_SPELL: Final = re.compile(r"\b(?:" + _SPELL_WORDS + r")\b")
_GUARANTEE_WORDS: Final = (
    r"100\s?%\s*(?:guarantee\w*|results?|working|success)|guaranteed\s+results?|"
    r"results?\s+(?:in|within)\s+\d+\s*(?:hours?|hrs?|days?)|sa\s+loob\s+ng\s+\d+\s+"
    r"(?:araw|oras)|ndani\s+ya\s+(?:saa|siku)\s+\d+"
)
_GUARANTEE: Final = re.compile(r"\b(?:" + _GUARANTEE_WORDS + r")\b")
# What they promise (a lover returned, a lottery won, a court case settled, a curse removed, a
# sexual or incurable ailment cured), and the guarantee that sells it ("100% guaranteed",
# "results in 3 days": a pharmacy or a lawyer guarantees no result), named only when it makes
# the second promise ...
_PROMISES: Final = re.compile(
    r"\b(?:"
    + _SPELL_WORDS
    + r"|(?:bring|get|brings|getting|bringing)\s+back\s+(?:your\s+|a\s+|the\s+)?"
    r"(?:lost\s+|ex[\s-]?)?(?:lover|love|loved\s+ones?|partner|wife|husband|boyfriend|"
    r"girlfriend|ex)|reunite\w*\s+(?:\w+\s+)?lovers?|(?:stop|stops|prevent|prevents)\s+"
    r"(?:a\s+|your\s+)?(?:divorce|cheating|separation)|"
    # A lottery won for the reader, not the sender's own hope ("if I win the lotto", "if we
    # win the jackpot", "when we'll win").
    r"(?<!\bi\s)(?<!\bwe\s)(?<!ll\s)(?:win|winning|wins)\s+(?:the\s+)?"
    r"(?:lotto|lottery|jackpot|bets?|betting)|kushinda\s+(?:\w+\s+)?jackpot|"
    r"court\s+cases?|kesi\s+(?:za\s+)?(?:korti|kortini|mahakamani)|"
    r"(?:breast|hips?|bum|butt)\s+enlargement|weak\s+erections?|(?:quick|premature|early)\s+"
    r"ejaculation|man\s?power|(?:small|short)\s+(?:manhood|penis)|impotence|infertility|"
    r"pain\s+during\s+sex|sex(?:ual)?\s+(?:power|weakness)|fruit\s+of\s+the\s+womb|"
    r"(?:cure|cures|cured)\s+(?:for\s+|of\s+|from\s+)?(?:hiv|aids|herpes|diabetes|cancer|"
    r"infertility|impotence|fibroids?|hepatitis)|"
    r"bahati\s+ya\s+(?:biashara|kazi|mali|pesa)|pete\s+ya\s+bahati|(?:kuondoa\s+)?nuksi|"
    r"(?:narudisha|tunarudisha|kurudisha|unarudishiwa|rudisha|arudishe|pata)\s+(?:\w+\s+)?"
    r"mpenzi|babalik\s+ang\s+(?:iyong\s+)?mahal|kulam|"
    r"(?:remove|removal|removes|cure)\s+(?:of\s+)?(?:bad\s+luck|curses?|witchcraft|evil\s+"
    r"spirits?|spells?)|(?:marriage|shaa?di|pyaa?r|business|family)\s+(?:problems?|"
    r"mein\s+(?:rukawat|dhokha))|prem\s+vivah|manchaha\s+pyaa?r|"
    r"(?:love|money|luck|lotto|marriage|protection|revenge|death)\s+spells?|"
    r"love\s+problems?|black\s+magic|(?:lucky|winning)\s+(?:numbers|charms?)|"
    r"attraction\s+oil|bullet\s?proof|oruka|sakawa|"
    r"protect\s+your\s+(?:business|family|home)\s+from|protection\s+(?:from|against)\s+"
    r"(?:your\s+)?(?:enemies|evil|witchcraft|witches)|spiritual\s+(?:cleansing|"
    r"protection|bath)|(?:charms?|rituals?|juju|muti|rings?|spells?|oils?)\s+for\s+(?:money|"
    r"love|luck|wealth|riches|protection|marriage)|" + _GUARANTEE_WORDS + r")\b"
)
# ... and the sellers' titles, which count beside a promise but never two of them alone: "the
# herbalist next to the traditional healer's, call me when you're there" promises nothing.
_TITLES: Final = re.compile(
    r"\b(?:(?:traditional|spiritual|native|african|powerful|great|strong)\s+(?:\w+\s+)?"
    r"(?:healer|doctor|herbalist|mallam|father|sangoma|priest|spiritualist|marabout|babalawo|"
    r"juju)|herbalist|sangoma|mganga|inyanga|witch\s?doctor|tantrik|psychic|marabout|babalawo|"
    r"juju|obeah|voodoo|vodou|hoodoo|albularyo|mallam|aghori|(?:baba|pandit|guru|molvi|astro\s+"
    r"baba)\s+ji|bengali\s+baba|astrologer|herbal\s+(?:medicine|remedy|remedies|doctor|clinic|"
    r"mix))\b"
)
# A way to reach the seller: a call or a chat asked for, or a phone number. (Not Swahili's
# "wa", "of": "Mganga wa kienyeji alisema bibi apumzike".)
_CONTACT: Final = re.compile(
    r"\b(?:call|calls|piga|tumawag|whatsapp|watsapp|wa\.me|sms|contact|inbox|dm|phone|tel|"
    r"mob|telegram|viber)\b|\+?\d[\d\s-]{7,}\d"
)

#: How much of a text the finder reads.
MIRACLE_REACH: Final = 600

# The finder reads only texts holding one of the words only such ads use (every phrase of
# ``_SPELL`` holds one, and so do most promises and titles: a lover, a lottery, a spell, a
# charm, a healer, a mallam). "get", "win", "love", "family", "problems", "doctor", Tagalog's
# "mahal" and Yoruba's "owo" are in one text in six or in too many people's texts: an ad whose
# promises and titles are all everyday words ("get back your ex, protect your business from
# enemies, Dr Musa", "babalik ang iyong mahal, 100% guaranteed") is missed.
_TRIGGERS: Final[WordSet] = word_set(
    "vashikaran vashikarn vash lover lovers spell spells magic jadu tantrik nguvu mganga "
    "sangoma inyanga witchdoctor witch caster casters enlargement lotto lottery jackpot kesi "
    "erection erections ejaculation manpower manhood impotence infertility womb bahati nuksi "
    "mpenzi kulam gayuma curse curses witchcraft divorce rukawat dhokha vivah ritual rituals "
    "illuminati charm charms portion potion oruka sakawa juju obeah voodoo vodou hoodoo "
    "bulletproof healer herbalist herbal hiv herpes traditional spiritual native powerful "
    "psychic marabout babalawo albularyo mallam aghori baba pandit molvi astrologer specialist"
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
    promises = {match.group(): match for match in _PROMISES.finditer(lowered)}
    if not promises:
        return None
    # The promises and titles in the text's order, then the guarantee only when it is needed:
    # "Weak erection? Quick ejaculation? ... result in 3 days" names the two ailments.
    guarantees = {key: match for key, match in promises.items() if _GUARANTEE.fullmatch(key)}
    found = {key: match for key, match in promises.items() if key not in guarantees}
    found |= {match.group(): match for match in _TITLES.finditer(lowered)}
    named = sorted(found.values(), key=lambda match: match.start())
    if len(named) < 2:
        named += list(guarantees.values())
    if len(named) < 2 and _SPELL.search(lowered) is None:
        return None
    return ", ".join(as_written(head, lowered, match) for match in named[:3])


def miracle_trigger_words() -> WordSet:
    """The words without which ``find_miracle_services`` finds nothing."""
    return _TRIGGERS
