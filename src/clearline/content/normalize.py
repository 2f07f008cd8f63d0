"""Text normalisation shared by training and scoring, so both see exactly the same text.

Three jobs:

* fold case and whitespace, and fold the look-alike letters fraudsters use to dodge filters
  (Cyrillic "о", digit-for-letter spellings stay: they are themselves a spam marker);
* opt-out instructions are removed (complying with CTIA must never look like spam);
* **neutrality**: party, ideology and candidate words are replaced by one placeholder before any
  feature is computed, so no learned weight can key on them. Swapping "Democrat" for
  "Republican", or one candidate's name for another's, leaves the features unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

from clearline.content.triggers import Occurrences, WordSet, match_at, trigger_words, word_set

__all__ = [
    "MODEL_TEXT_CHARS",
    "POLITICAL_PLACEHOLDER",
    "at_ends",
    "bounded_for_model",
    "fold_confusables",
    "fold_confusables_at_ends",
    "mask_political",
    "normalize_prepared",
    "normalize_text",
    "opt_out_trigger_words",
    "political_trigger_words",
    "prepare_text",
    "strip_opt_out",
]

#: What political words become; a word no corpus uses, so it carries no weight of its own.
POLITICAL_PLACEHOLDER: Final = "polparty"

# Parties, movements and ideologies (US and a few other English-speaking democracies).
_POLITICAL_WORDS: Final = (
    r"democrat(?:s|ic)?",
    r"republican(?:s)?",
    r"gop",
    r"dnc",
    r"rnc",
    r"dccc",
    r"nrcc",
    r"maga",
    r"libertarian(?:s)?",
    r"green party",
    r"independent(?:s)? party",
    r"conservative(?:s)?",
    r"liberal(?:s)?",
    r"progressive(?:s)?",
    r"socialist(?:s)?",
    r"communist(?:s)?",
    r"populist(?:s)?",
    r"leftist(?:s)?",
    r"right[- ]wing(?:er|ers)?",
    r"left[- ]wing(?:er|ers)?",
    r"tories",
    r"tory",
    r"labour",
    r"lib dems?",
    r"dems",
    r"repubs?",
    r"pro[- ]life",
    r"pro[- ]choice",
    r"tea party",
    r"blue wave",
    r"red wave",
)
# Party names that are also ordinary words count only next to a party word ("Green campaign",
# "the Reform Party", "Labour candidates").
_PARTY_CONTEXT: Final = (
    r"(?:green|labour|labor|reform|liberal|conservative|independent|constitution|justice|"
    r"working families|freedom|forward|unity|people's|peoples?|national|democratic|"
    r"republican)(?=\s+(?:party|parties|campaign|candidates?|ticket|voters|nominees?|"
    r"platform|caucus|primary|members?|leaders?|values|agenda|majority|wave)\b)"
)
_POLITICAL: Final = re.compile(
    r"\b(?:" + "|".join((*_POLITICAL_WORDS, _PARTY_CONTEXT)) + r")\b", re.IGNORECASE
)

# A candidate is whoever a campaign names: capitalised words after an office or a call to vote,
# or before "for <office>". Names are open-ended, so cues find them rather than a list.
_OFFICE: Final = (
    r"(?:sen(?:ator)?|rep(?:resentative)?|gov(?:ernor)?|pres(?:ident)?|vice president|"
    r"mayor|congress(?:wo)?man|congressmember|councilmember|council(?:wo)?man|commissioner|"
    r"sheriff|judge|attorney general|secretary|candidate|nominee|assemblymember|"
    r"assembly(?:wo)?man|delegate|trustee|alderman|alderwoman)\.?"
)
# Title-case words only: "FREE" or "WIN" in capitals are spam cues, never names to hide.
_NAME: Final = (
    r"(?:[A-Z][a-z'’\-]+|[A-Z]\.)(?:\s+(?:of\s+|for\s+)?(?:[A-Z][a-z'’\-]+|[A-Z]\.)){0,3}"
)
_CUES: Final = (
    r"(?:vote|voting|elect|support|endorse|(?<=re-)elect|reelect|stand with|chip in for|"
    r"donate to|friends of|paid for by|authori[sz]ed by|(?<=on )behalf of|committee to elect|"
    r"team)"
)
_CANDIDATE_AFTER: Final = re.compile(
    r"(?:(?i:\b" + _OFFICE + r")|(?i:\b" + _CUES + r")(?:\s+(?i:for|to))?)\s+(" + _NAME + r")"
)
# Where a ``_CANDIDATE_AFTER`` match can start, found in the lower-cased text without
# IGNORECASE (several times faster); the full regex then runs only at those places.
_CUE_START: Final = re.compile(r"\b(?:" + _OFFICE + r"|" + _CUES + r")")
_POLITICAL_LOWER: Final = re.compile(_POLITICAL.pattern)
_CANDIDATE_BEFORE: Final = re.compile(
    r"\b(" + _NAME + r")(?=(?:'s|’s)?\s+(?i:for|4)\s+(?i:president|senate|congress|governor|"
    r"mayor|council|sheriff|judge|district|ward)\b)"
)


def _triggers(pattern: re.Pattern[str]) -> WordSet | None:
    return trigger_words(pattern.pattern)


# Each regex runs only when the text holds a word one of its matches can start with (about 2 us
# instead of 10-30 us for these case-insensitive alternations on every text).
_BEFORE_WORDS: Final = frozenset(
    b"president senate congress governor mayor council sheriff judge district ward".split()
)
_AFTER_WORDS: Final = _triggers(_CANDIDATE_AFTER)
_POLITICAL_TRIGGERS: Final = _triggers(_POLITICAL)


def political_trigger_words() -> WordSet | None:
    """Every word that decides whether ``mask_political`` must run its regexes on a text.

    Returns:
        The words, or ``None`` when some regex cannot be prefiltered (then it always runs).
    """
    if _AFTER_WORDS is None or _POLITICAL_TRIGGERS is None:
        return None
    return _BEFORE_WORDS | _AFTER_WORDS | _POLITICAL_TRIGGERS


def opt_out_trigger_words() -> WordSet:
    """Every word that decides whether ``strip_opt_out`` must run its regex on a text."""
    return _OPT_OUT_WORDS


def mask_political(text: str, words: WordSet | None = None, at: Occurrences | None = None) -> str:
    """Replace party, ideology and candidate words with ``POLITICAL_PLACEHOLDER``.

    Args:
        text: a message body, in its original case (capitals locate candidate names).
        words: ``word_set(text)`` when the caller has it already.
        at: the text's trigger words with their positions, when the caller has them (an ASCII
            text's, from ``TriggerIndex.present``): each regex is then tried only there.

    Returns:
        The text with every political word or candidate name replaced.
    """
    words = word_set(text) if words is None else words
    original = text
    if not words.isdisjoint(_BEFORE_WORDS):
        text = _CANDIDATE_BEFORE.sub(POLITICAL_PLACEHOLDER, text)
    # The positions in ``at`` hold only as long as no step has changed the text.
    if _AFTER_WORDS is None or not words.isdisjoint(_AFTER_WORDS):
        if text.isascii():
            text = _mask_candidates_after(text, at if text is original else None)
        else:
            text = _CANDIDATE_AFTER.sub(_keep_cue, text)
    if _POLITICAL_TRIGGERS is None or not words.isdisjoint(_POLITICAL_TRIGGERS):
        if text.isascii():
            # Lower-casing keeps an ASCII text's length, so the spans found in the lower-cased
            # text are the spans IGNORECASE finds in the text itself.
            lowered = text.lower()
            parts: list[str] = []
            last = 0
            if at is not None and text is original:
                found = match_at(_POLITICAL_LOWER, lowered, at, _POLITICAL_TRIGGERS)
            else:
                found = _POLITICAL_LOWER.finditer(lowered)
            for match in found:
                parts += (text[last : match.start()], POLITICAL_PLACEHOLDER)
                last = match.end()
            if parts:
                text = "".join(parts) + text[last:]
        else:
            text = _POLITICAL.sub(POLITICAL_PLACEHOLDER, text)
    return text


def _mask_candidates_after(text: str, at: Occurrences | None = None) -> str:
    """``_CANDIDATE_AFTER.sub(_keep_cue, text)`` for an ASCII text, the fast way.

    Every match starts where a cue does; cues are found in the lower-cased text without
    IGNORECASE (or, when the text's trigger words and their positions are known, are those of
    them that start a cue), and the full regex is tried only there, in order, as ``sub`` would.
    """
    parts: list[str] = []
    last = 0
    if at is not None:
        for found in match_at(_CANDIDATE_AFTER, text, at, _AFTER_WORDS):
            parts += (text[last : found.start()], _keep_cue(found))
            last = found.end()
        return "".join(parts) + text[last:] if parts else text
    lowered = text.lower()
    cue = _CUE_START.search(lowered)
    while cue is not None:
        start = cue.start()
        match = _CANDIDATE_AFTER.match(text, start)
        if match is None:
            cue = _CUE_START.search(lowered, start + 1)
            continue
        parts += (text[last:start], _keep_cue(match))
        last = match.end()
        cue = _CUE_START.search(lowered, last)
    if not parts:
        return text
    return "".join(parts) + text[last:]


def _keep_cue(match: re.Match[str]) -> str:
    start = match.start(1) - match.start(0)
    return match.group(0)[:start] + POLITICAL_PLACEHOLDER


# Letters from other scripts that render like Latin ones (Unicode confusables, the common ones),
# and Latin small capitals, which NFKC leaves as they are ("ʏᴏᴜ ᴡᴏɴ ᴀ ᴘʀɪᴢᴇ" reads "you won a
# prize"). Small letters, not capitals: "ᴄʜᴀꜱᴇ ʏᴏᴜʀ ᴅʀᴇᴀᴍꜱ" must not name Chase, whose name
# counts only capitalised.
_CONFUSABLES: Final = str.maketrans(
    "аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧⅰⅼⅽⅾⅿ"
    "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d"
    "\u0274\u1d0f\u1d18\ua7af\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22",
    "aeopcyxijsdlABEKMHOPCTXIJSaeiKvoptuxABEZHIKMNOPTYXilcdmabcdefghijklmnopqrstuvwyz",
)


# Any of the letters ``_CONFUSABLES`` replaces. ``str.translate`` looks every character up in
# the table (about 15 us for a text); one search for them is ten times cheaper, and most
# non-ASCII texts (accents, emoji, other scripts) hold none.
_CONFUSABLE_LETTER: Final = re.compile(
    "[" + "".join(sorted(re.escape(chr(code)) for code in _CONFUSABLES)) + "]"
)


def fold_confusables(text: str) -> str:
    """Map look-alike letters of other scripts, and compatibility forms, to plain Latin.

    Args:
        text: any text.

    Returns:
        The text with confusable letters replaced (NFKC first, then a confusables table); the
        text itself when that changes nothing in it, so callers can tell by identity.
    """
    if text.isascii():
        return text
    normalized = unicodedata.normalize("NFKC", text)  # the text itself if already in NFKC
    if _CONFUSABLE_LETTER.search(normalized) is None:
        return normalized
    return normalized.translate(_CONFUSABLES)


def at_ends(text: str, limit: int, change: Callable[[str], str]) -> str:
    """``change`` of a text of at most ``limit`` characters; of a longer one, ``change`` of its
    first and last ``limit // 2`` characters only, the middle as it is. The text itself when
    that changes nothing in it."""
    if len(text) <= limit:
        return change(text)
    half = limit // 2
    head, tail = text[:half], text[-half:]
    changed_head, changed_tail = change(head), change(tail)
    if changed_head == head and changed_tail == tail:
        return text
    return changed_head + text[half:-half] + changed_tail


def fold_confusables_at_ends(text: str, limit: int) -> str:
    """``fold_confusables`` of a text's ends (``at_ends``): NFKC can make one character
    eighteen (64 KiB of U+FDFA become 1.18 million characters, and everything read after would
    read those). The text itself when that changes nothing in it."""
    if text.isascii():
        return text
    return at_ends(text, limit, fold_confusables)


#: ``prepare_text`` folds texts up to this long whole, longer ones at their ends: the model reads
#: the first and last ``MODEL_TEXT_CHARS // 2`` normalised characters.
PREPARED_FOLD_CHARS: Final = 8192


# Opt-out instructions ("Reply STOP to opt out") are required in compliant A2P traffic (CTIA);
# old spam corpora are full of them, so a model that saw them would punish senders for
# complying. They are removed before any feature is computed.
_OPT_OUT: Final = re.compile(
    r"\b(?:(?:to )?(?:opt[ -]?out|unsubscribe|stop (?:receiving|messages|msgs|texts))[,:]?\s+)?"
    r"(?:reply|text|txt|send|sms|msg|respond)(?: with)?\s+(?:the word\s+)?[\"'“]?(?:stop|end|"
    r"cancel|quit|unsubscribe|stopall|optout|opt out)[\"'”]?(?:\s+(?:to|2)\s+(?:opt[ -]?out|"
    r"unsubscribe|end|stop|cancel|quit|be removed|remove|cancel)(?: of (?:these|future) "
    r"(?:messages|msgs|texts))?)?[.!]?"
)
_OPT_OUT_WORDS: Final = frozenset(b"stop end cancel quit unsubscribe stopall optout opt".split())


def strip_opt_out(lowered: str, words: WordSet | None = None) -> str:
    """Remove opt-out instructions from lower-cased text.

    Args:
        lowered: lower-cased text.
        words: ``word_set(lowered)`` when the caller has it already.

    Returns:
        The text without "reply stop to opt out" and its variants.
    """
    words = word_set(lowered) if words is None else words
    if words.isdisjoint(_OPT_OUT_WORDS):
        return lowered
    return _OPT_OUT.sub(" ", lowered)


def prepare_text(text: str, words: WordSet | None = None, at: Occurrences | None = None) -> str:
    """A text with confusable letters folded and political words masked, case kept.

    Every feature, the structure features included, is computed from this form.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        at: the text's trigger words with their positions, when the caller has them.

    Returns:
        The prepared text.
    """
    folded = fold_confusables_at_ends(text, PREPARED_FOLD_CHARS)
    if folded is not text:
        return mask_political(folded)
    return mask_political(text, words, at)


def normalize_prepared(prepared: str, words: WordSet | None = None) -> str:
    """Finish ``prepare_text``'s output for the n-gram features: lower-cased, opt-out language
    removed, whitespace collapsed, NULs (the featuriser's separator) removed.

    Args:
        prepared: the output of ``prepare_text``.
        words: ``word_set`` of the original text, when the caller has it (masking only ever
            adds the placeholder, so it holds every opt-out word the prepared text does).

    Returns:
        The normalised text.
    """
    lowered = strip_opt_out(prepared.lower(), words)
    return bounded_for_model(" ".join(lowered.replace("\x00", " ").split()))


#: The n-gram features read at most this many characters of a normalised text: its first and
#: its last half when it is longer. The model's cost grows with the text (before this and the
#: other bounds a 64 KiB body took up to 154 ms through the engine: ``bench/long_bodies.py``).
#: The longest text of either corpus has 911 characters, a ten-part SMS about 1,530, so no real
#: text is cut. Both ends are read, so padding before or after a spam text does not move it out
#: of reach; the links, numbers and lures are still read in the whole text.
MODEL_TEXT_CHARS: Final = 4096


def bounded_for_model(normalized: str) -> str:
    """A normalised text as the n-gram features read it: whole up to ``MODEL_TEXT_CHARS``,
    else its first and last halves joined by a space."""
    if len(normalized) <= MODEL_TEXT_CHARS:
        return normalized
    half = MODEL_TEXT_CHARS // 2
    return normalized[:half] + " " + normalized[-half:]


def normalize_text(text: str) -> str:
    """The form the n-gram features are computed from: prepared, then normalised.

    Args:
        text: a message body.

    Returns:
        Normalised text without NUL characters (the featuriser uses NUL as a separator).
    """
    return normalize_prepared(prepare_text(text))
