"""Forbidden and restricted content categories (CTIA SHAFT and the carriers' extra list).

``find_categories(text)`` names the categories a text touches, with the words that showed it. The
categories need special registration (or are banned) for A2P traffic; they are *not* spam by
themselves, so the compliance signals weigh them against the sender's registered use case and the
content signal gives them only modest scores.

Each category is one precompiled regular expression of whole words (``\\b`` on both sides, plural
and verb endings spelled out), so "sexton", "Essex", "potluck", "hateful comment about rain" or
"gunther" stay clean while "sexy singles" and "buy a gun" match. Hate is matched on explicit calls
to violence or hatred against groups, never on a group's name, a party or an ideology: Clearline
judges behaviour and fraud, not viewpoint.

This API is stable: other modules import ``CATEGORIES``, ``CategoryMatch`` and
``find_categories``.
"""

from __future__ import annotations

import re
from typing import Final

import msgspec

from clearline.content.triggers import (
    Occurrences,
    WordSet,
    trigger_words,
    triggered_matches,
    word_set,
)

__all__ = ["CATEGORIES", "CategoryMatch", "category_trigger_words", "find_categories"]


class CategoryMatch(msgspec.Struct, frozen=True, gc=False):
    """One restricted category found in a text.

    Attributes:
        category: one of ``CATEGORIES``.
        evidence: the words that matched, as written in the text (lower-cased, comma separated).
    """

    category: str
    evidence: str


def _words(*alternatives: str) -> re.Pattern[str]:
    """Compile whole-word alternatives (each itself a regex) into one case-insensitive pattern."""
    # Matched against lower-cased text: IGNORECASE makes Python's re about five times slower.
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# Order is the order of the result list; keys are the stable category names.
_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    "sex": _words(
        r"sex(?:y|ting)?",
        r"porn(?:o|ography|hub)?",
        # "xxx" alone signs off with kisses; it is sexual content only naming such content.
        r"xxx (?:videos?|movies?|films?|pics?|photos?|chat|sites?|content|cams?|girls?)",
        r"nudes?",
        r"naked",
        r"horny",
        r"escorts?",
        r"hook-?ups",
        r"camgirls?",
        r"erotic",
        r"onlyfans",
        r"adult (?:dating|chat|content|videos?|pics?)",
        r"(?:hot|lonely|local) (?:singles|girls|milfs?|babes)",
        r"milfs?",
        r"fetish(?:es)?",
        r"viagra",
        r"cialis",
    ),
    "hate": _words(
        # Explicit calls to hatred or violence against people, not opinions or group names.
        r"(?:kill|exterminate|deport|lynch|gas|wipe out) (?:all|every|the) (?:\w+ ){0,2}"
        r"(?:immigrants|foreigners|jews|muslims|christians|blacks|whites|gays|"
        r"asians|mexicans|arabs|refugees)",
        r"white (?:power|supremacy|pride)",
        r"race war",
        r"heil hitler",
        r"sieg heil",
        r"ethnic cleansing",
        r"master race",
        r"gas the \w+",
    ),
    "alcohol": _words(
        r"beers?",
        r"wines?",
        r"vodka",
        r"whiske?y",
        r"bourbon",
        r"tequila",
        r"rum",
        r"gin and tonic",
        r"liquor",
        r"booze",
        r"brewery",
        r"breweries",
        r"winery",
        r"wineries",
        r"champagne",
        r"cocktails?",
        r"happy hour",
        r"(?<=open )bar",
        r"alcohol(?:ic)?",
        r"spirits (?:shop|store|sale)",
        r"(?:craft|draft|draught) beers?",
        r"six[- ]pack",
        r"wine tasting",
    ),
    "firearms": _words(
        r"guns?",
        r"firearms?",
        r"rifles?",
        r"pistols?",
        r"handguns?",
        r"shotguns?",
        r"ammo",
        r"ammunition",
        r"ar-?15s?",
        r"ak-?47s?",
        r"glocks?",
        r"gun (?:show|shop|store|range)",
        r"concealed carry",
        r"magazines? for (?:your )?(?:rifle|pistol|gun)",
        r"hollow[- ]points?",
        r"suppressors?",
    ),
    "tobacco": _words(
        r"tobacco",
        r"cigarettes?",
        r"cigars?",
        r"cigs",
        r"vapes?",
        r"vaping",
        # "e-cig" splits into the words "e" and "cig": look behind for the "e-" so the common
        # word "e" does not trigger this category's regex.
        r"(?<=e-)(?:cigs?|cigarettes?|liquids?)",
        r"e(?:cigs?|cigarettes?|liquids?)",
        r"nicotine",
        r"juul",
        r"hookah",
        r"shisha",
        r"snus",
        r"chewing tobacco",
        r"smokeless",
    ),
    "high_risk_lending": _words(
        r"payday (?:loans?|advances?|lenders?)",
        r"(?<=cash )advances?",
        r"title loans?",
        r"car title",
        r"same[- ]day (?:loans?|cash|funding)",
        r"instant (?:loans?|cash|approval|funding)",
        r"(?<=no credit )checks?",
        r"(?<=bad credit )(?:ok|okay|loans?|welcome)",
        r"guaranteed (?:approval|loans?)",
        r"pre-?approved (?:for )?(?:a )?(?:loans?|cash)",
        r"quick loans?",
        r"fast cash",
        r"loan (?:approved|offer)",
        r"installment loans?",
        r"personal loans? (?:up to|of) \$?[0-9]",
        r"borrow (?:up to )?\$[0-9]",
    ),
    "debt_relief": _words(
        r"debt (?:relief|consolidation|settlement|forgiveness|reduction|free|help)",
        r"consolidate (?:your )?(?:debts?|loans?|credit cards?)",
        r"(?<=credit )(?:repair|restoration)",
        r"(?<=credit card )relief",
        r"(?:reduce|eliminate|erase|wipe out) (?:your )?(?:debts?|credit card debt)",
        r"student loan (?:forgiveness|relief|discharge)",
        r"tax (?:debt|relief|resolution)",
        r"irs debt",
        r"lower your (?:payments|interest rate)",
    ),
    "lead_generation": _words(
        # Phrases that start with everyday words ("you", "get", "free") look behind for them,
        # so that the distinctive word is the one that triggers the regex.
        r"(?<=free )(?:quotes?|estimates?|consultation)",
        r"compare (?:quotes|rates|offers)",
        r"(?<=if you )qualify",
        r"(?:(?<=you )|(?<=you may ))qualify for",
        r"(?<=you are )eligible for",
        r"(?:(?<=claim your )|(?<=claim a )|(?<=claim your free )|(?<=claim a free ))"
        r"(?:quote|consultation|assessment)",
        r"(?:(?<=home )|(?<=auto )|(?<=life )|(?<=health ))insurance quotes?",
        r"fill (?:out|in) (?:our|this|the) (?:short )?(?:form|survey)",
        r"(?<=short |quick )survey",
        r"work from home (?:and )?(?:earn|opportunit(?:y|ies)|jobs?|positions?)",
        r"earn \$?[0-9,]+ (?:a|per) (?:day|week|hour)",
    ),
    "gambling": _words(
        r"casinos?",
        r"(?:place|placed|placing) (?:a |your |their )?bets?",
        r"bets",
        r"betting",
        r"bettors?",
        r"gambl(?:e|es|ed|ing|er|ers)",
        r"poker",
        r"blackjack",
        r"roulette",
        r"slots?(?= (?:machines?|games?|bonus|spins?|online|jackpot))",
        r"slot machines?",
        r"jackpots?",
        r"(?<=free )spins",
        r"sportsbook",
        r"sports betting",
        r"wagers?",
        r"wagering",
        r"bookies?",
        r"odds boosts?",
        r"parlays?",
        r"lotto",
        r"lottery",
        r"sabong",
        r"bingo (?:night|hall|games?|cards?|bonus)",
        r"deposit bonus",
    ),
    "cannabis": _words(
        r"cannabis",
        r"marijuana",
        r"weed(?! (?:the|out|killer|whacker|control|my|your|our|his|her))",
        r"thc",
        r"cbd",
        r"delta[- ]?[89]",
        r"dispensary",
        r"dispensaries",
        r"edibles",
        r"kush",
        r"(?<=pre-)rolls?",
        r"prerolls?",
        r"blunts?",
        r"hemp (?:oil|gummies|flower)",
        r"ganja",
    ),
}

#: The stable category names, in result order.
CATEGORIES: Final[tuple[str, ...]] = tuple(_PATTERNS)

# Python's re tries every alternative at every position (and ten times slower under
# IGNORECASE), so each category's regex runs only when the text holds one of the words its
# matches start with: most texts touch no category and cost one set intersection each.
_TRIGGERS: Final[dict[str, WordSet | None]] = {
    category: trigger_words(pattern.pattern) for category, pattern in _PATTERNS.items()
}
_ALL_TRIGGERS: Final[WordSet] = frozenset().union(*(t for t in _TRIGGERS.values() if t))
_ALWAYS: Final = any(t is None for t in _TRIGGERS.values())


def category_trigger_words() -> WordSet | None:
    """Every word a category phrase can start with (a text with none matches no category).

    Returns:
        The words, or ``None`` if some pattern's first words cannot be listed (then every text
        must be searched).
    """
    return None if _ALWAYS else _ALL_TRIGGERS


def find_categories(
    text: str,
    words: WordSet | None = None,
    *,
    lowered: str | None = None,
    at: Occurrences | None = None,
) -> list[CategoryMatch]:
    """Name the restricted content categories a text touches.

    Args:
        text: a message body.
        words: ``clearline.content.triggers.word_set(text)`` when the caller has it already.
        lowered: ``text.lower()`` when the caller has it already.
        at: the text's trigger words with their positions
            (``clearline.content.triggers.TriggerIndex.present``).

    Returns:
        One ``CategoryMatch`` per category found, in ``CATEGORIES`` order; the evidence lists the
        distinct matched words (lower-cased) in the order they first occur. Empty for most texts.
    """
    words = word_set(text) if words is None else words
    if not _ALWAYS and words.isdisjoint(_ALL_TRIGGERS):
        return []
    lowered = text.lower() if lowered is None else lowered
    if at is not None and not _ALWAYS:
        return _categories_at(lowered, at)
    found: list[CategoryMatch] = []
    for category, pattern in _PATTERNS.items():
        trigger = _TRIGGERS[category]
        if trigger is not None and words.isdisjoint(trigger):
            continue
        matches = triggered_matches(pattern, lowered, words, at, trigger)
        matched = [_with_context(lowered, match) for match in matches]
        if matched:
            found.append(CategoryMatch(category, ", ".join(dict.fromkeys(matched))))
    return found


# For each trigger word, the categories (their indices in ``CATEGORIES``) it can start a match
# of, and the categories' patterns by index.
_CATEGORIES_OF: Final[dict[bytes, tuple[int, ...]]] = {
    word: tuple(i for i, words in enumerate(_TRIGGERS.values()) if words and word in words)
    for word in _ALL_TRIGGERS
}
_PATTERN_LIST: Final = tuple(_PATTERNS.values())


def _categories_at(lowered: str, at: Occurrences) -> list[CategoryMatch]:
    """``find_categories`` when the text's trigger words and their positions are known.

    One pass over the occurrences tries, at each, the patterns of the categories its word
    triggers, keeping per category what ``triggers.match_at`` keeps (where its last match
    ended): each category finds the matches it would find alone, without a pass of its own.
    """
    matched: dict[int, list[str]] = {}
    ends: dict[int, int] = {}
    for position, word in at:
        for index in _CATEGORIES_OF.get(word, ()):
            if position < ends.get(index, 0):
                continue
            match = _PATTERN_LIST[index].match(lowered, position)
            if match is not None:
                matched.setdefault(index, []).append(_with_context(lowered, match))
                ends[index] = max(match.end(), position + 1)
    return [
        CategoryMatch(CATEGORIES[index], ", ".join(dict.fromkeys(matched[index])))
        for index in sorted(matched)
    ]


# The words some alternatives only look behind for ("free " in "free spins"), longest first:
# evidence reads better with them ("free spins", not "spins").
_CONTEXTS: Final[tuple[str, ...]] = tuple(
    sorted(
        {
            context
            for pattern in _PATTERNS.values()
            for group in re.findall(r"\(\?<=([^()]*)\)", pattern.pattern)
            for context in group.split("|")
        },
        key=len,
        reverse=True,
    )
)


def _with_context(lowered: str, match: re.Match[str]) -> str:
    start = match.start()
    text = lowered[start : match.end()]
    # One call asks all the contexts at once; most matches have none before them.
    if not lowered.endswith(_CONTEXTS, 0, start):
        return text
    for context in _CONTEXTS:
        if lowered.endswith(context, 0, start):
            return context + text
    return text  # pragma: no cover - one of them ends there
