"""The content analysis of a batch, computed once and shared by every content signal.

The link, lure, category and classifier signals all need the links, numbers and lure phrases of
each text; ``batch_analysis(batch)`` computes them on first use and keeps them on the ``Batch``,
so each regex runs once per message however many signals read the result. The classifier's
structure features (``structure_matrix``) come from the same facts, which is how link, number and
layout evidence feeds the learned score.

The analysis is batch-first (``analyse_batch``): the texts are joined into one byte array and
numpy answers the cheap questions for all of them at once (which trigger words a text holds and
where, which words may be links, which runs of characters may be phone numbers); the regexes
then run only on the texts, and at the places, where they can match. Each shortcut gives exactly
what the one-text finders give (``tests/signals/test_lures.py`` and ``test_content.py`` check
mixed and adversarial batches against them).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Final, TypeVar

import msgspec
import numpy as np
import numpy.typing as npt
import phonenumbers

from clearline.content.app_installs import app_install_trigger_words, find_app_install
from clearline.content.benefits import benefit_claim_trigger_words, find_benefit_claim
from clearline.content.debt_shaming import debt_shaming_trigger_words, find_debt_shaming
from clearline.content.extortion import demand_words as extortion_demand_words
from clearline.content.extortion import extortion_trigger_words, find_extortion
from clearline.content.gift_cards import find_gift_card_request, gift_card_trigger_words
from clearline.content.harm_threats import find_harm_threat, harm_threat_trigger_words
from clearline.content.impersonation import INVISIBLE, BrandMismatch, find_brand_mismatch
from clearline.content.investment import find_investment_bait, investment_trigger_words
from clearline.content.links import (
    OTHER_HOST_CHARACTERS,
    HostFacts,
    Link,
    analyse_host,
    find_links,
    links_in_words,
)
from clearline.content.links import clear_caches as clear_link_caches
from clearline.content.lures import (
    CALL_WORDS,
    PHONE_REGIONS,
    CallbackNumber,
    Span,
    authority_threat_trigger_words,
    charge_call_trigger_words,
    classify_number,
    code_request_trigger_words,
    family_impostor_trigger_words,
    find_authority_threat,
    find_callback_numbers,
    find_charge_call,
    find_code_request,
    find_credential_request,
    find_family_impostor,
    find_job_offer,
    find_money_lure,
    find_payment_trick,
    find_urgency,
    finder_trigger_words,
    is_reference,
    is_unprefixed_caribbean,
    job_offer_trigger_words,
    lure_trigger_words,
    payment_trick_trigger_words,
    regions_of_numbers,
)
from clearline.content.miracles import find_miracle_services, miracle_trigger_words
from clearline.content.normalize import (
    MODEL_TEXT_CHARS,
    at_ends,
    bounded_for_model,
    fold_confusables,
    opt_out_trigger_words,
    political_trigger_words,
    prepare_text,
    strip_opt_out,
)
from clearline.content.prizes import find_prize_claim, prize_claim_trigger_words
from clearline.content.romance import find_romance_opener, romance_trigger_words
from clearline.content.telemarketing import find_sales_pitch, sales_pitch_trigger_words
from clearline.content.triggers import (
    EMPTY_WORDS,
    KIND_BANG,
    KIND_BLANK,
    KIND_DIGIT,
    KIND_LOWER,
    KIND_NON_ASCII,
    KIND_NUL,
    KIND_ODD_SPACE,
    KIND_UPPER,
    KINDS,
    JoinedTexts,
    Occurrences,
    TriggerIndex,
    WordSet,
    run_bounds,
    word_set,
)
from clearline.signals.base import Batch
from clearline.signals.categories import CategoryMatch, category_trigger_words, find_categories

K = TypeVar("K")

__all__ = [
    "EMPTY_FACTS",
    "FACTS_CACHE",
    "FACTS_COLUMN",
    "STRUCTURE_FEATURES",
    "FactsCache",
    "TextAnalysis",
    "TextFacts",
    "analyse_batch",
    "analyse_text",
    "batch_analysis",
    "batch_facts",
    "clear_caches",
    "first_missing",
    "make_room",
    "structure_matrix",
]


class TextFacts(msgspec.Struct, frozen=True, gc=False):
    """What the content finders saw in one text (shared between repeats of a text: read only)."""

    links: list[tuple[Link, HostFacts]]
    callbacks: list[CallbackNumber]
    money_lure: str | None
    urgency: str | None
    credential: str | None
    categories: list[CategoryMatch]
    impersonation: BrandMismatch | None = None
    job_offer: str | None = None
    impostor: str | None = None
    code_request: str | None = None
    threat: str | None = None
    charge_call: str | None = None
    extortion: str | None = None
    payment_trick: str | None = None
    sales_pitch: str | None = None
    investment_bait: str | None = None
    romance: str | None = None
    prize_claim: str | None = None
    gift_cards: str | None = None
    debt_shaming: str | None = None
    benefit_claim: str | None = None
    miracle: str | None = None
    harm_threat: str | None = None
    app_install: str | None = None


#: The facts of a text in which no finder found anything (most texts): one shared object.
EMPTY_FACTS: Final = TextFacts([], [], None, None, None, [])

_CATEGORY_TRIGGERS: Final = category_trigger_words()
_MONEY_TRIGGERS, _URGENCY_TRIGGERS, _CREDENTIAL_TRIGGERS = finder_trigger_words()
_OFFER_TRIGGERS: Final = job_offer_trigger_words() | family_impostor_trigger_words()
# Sales bait (telemarketing pitches, investment returns) and a stranger's opener or ask
# (romance, a prize to claim, gift cards): each group's finders run only with one of its words.
_SALES_TRIGGERS: Final = sales_pitch_trigger_words() | investment_trigger_words()
_STRANGER_TRIGGERS: Final = (
    romance_trigger_words() | prize_claim_trigger_words() | gift_card_trigger_words()
)
_CODE_TRIGGERS: Final = (
    code_request_trigger_words()
    | authority_threat_trigger_words()
    | extortion_trigger_words()
    | payment_trick_trigger_words()
)
_CHARGE_TRIGGERS: Final = charge_call_trigger_words()
_DEBT_TRIGGERS: Final = debt_shaming_trigger_words()
_BENEFIT_TRIGGERS: Final = benefit_claim_trigger_words()
_MIRACLE_TRIGGERS: Final = miracle_trigger_words()
_HARM_TRIGGERS: Final = harm_threat_trigger_words()
_APP_INSTALL_TRIGGERS: Final = app_install_trigger_words()
# Debt shaming, benefit claims, miracle cures and threats of harm: one check for the four.
_CLAIM_AND_THREAT_TRIGGERS: Final = (
    _DEBT_TRIGGERS | _BENEFIT_TRIGGERS | _MIRACLE_TRIGGERS | _HARM_TRIGGERS
)
_ANY_TRIGGER: Final[WordSet | None] = (
    None
    if _CATEGORY_TRIGGERS is None
    else lure_trigger_words()
    | _CATEGORY_TRIGGERS
    | _OFFER_TRIGGERS
    | _SALES_TRIGGERS
    | _STRANGER_TRIGGERS
    | _CODE_TRIGGERS
    | _CHARGE_TRIGGERS
    | _CLAIM_AND_THREAT_TRIGGERS
    | _APP_INSTALL_TRIGGERS
)
# The same without the call words, for a text without a number a call request could give.
_CREDENTIAL_BUT_CALLS: Final = _CREDENTIAL_TRIGGERS - CALL_WORDS
_ANY_TRIGGER_BUT_CALLS: Final[WordSet | None] = (
    None
    if _CATEGORY_TRIGGERS is None
    else _MONEY_TRIGGERS
    | _URGENCY_TRIGGERS
    | _CREDENTIAL_BUT_CALLS
    | _CATEGORY_TRIGGERS
    | _OFFER_TRIGGERS
    | _SALES_TRIGGERS
    | _STRANGER_TRIGGERS
    | _CODE_TRIGGERS
    | _CLAIM_AND_THREAT_TRIGGERS
)
_POLITICAL_TRIGGERS: Final = political_trigger_words()
_OPT_OUT_TRIGGERS: Final = opt_out_trigger_words()
# The one batch prefilter: the trigger words of every finder and of the text normalisation.
# (With the words the extortion finder reads besides its triggers: its demand's. The
# debt-shaming and harm-threat finders read their other words from the text themselves.)
_INDEX: Final = TriggerIndex(
    (_ANY_TRIGGER or frozenset())
    | (_POLITICAL_TRIGGERS or frozenset())
    | _OPT_OUT_TRIGGERS
    | extortion_demand_words()
)


def _byte_class(predicate: Callable[[int], bool]) -> npt.NDArray[np.bool_]:
    table = np.zeros(256, dtype=bool)
    for byte in range(256):
        table[byte] = predicate(byte)
    return table


_DIGIT_BYTE: Final = _byte_class(lambda b: 48 <= b <= 57)
# A letter of a top-level domain: an ASCII letter, or any non-ASCII byte (which may be part of
# one). ``links.find_links`` needs a dot followed by two of them (``_URL``'s host ends in a TLD
# of 2-24 letters) or by a digit (raw IPv4 hosts); any other text has no link.
_TLD_BYTE: Final = _byte_class(lambda b: b >= 128 or chr(b).isalpha())
# ``lures.find_callback_numbers`` looks for 7-15 digits written with spaces, dots, dashes,
# brackets or a leading "+" between them (``lures._PHONE``): a text without seven digits inside
# one run of such characters has none. Non-ASCII bytes may be spaces or digits: they count as
# both, so the test never skips a text the regex would match (``_maybe_numbers``).
_MIN_CALLBACK_DIGITS: Final = 7


def _link_words(joined: JoinedTexts) -> dict[int, list[str]]:
    """The words of each text that may hold a link, for the texts that have any.

    ``links.find_links`` splits a text at whitespace and runs its URL regex on the words with
    a dot; a link's host ends in a dot and a top-level domain of two letters or more, or is an
    IPv4 address (a dot, one to three digits, a dot). Here those dots are found for the whole
    batch at once and only the words around them are cut out; a text with a non-ASCII
    character (whose byte offsets are not its character offsets) gets ``[]`` and is split by
    ``find_links`` itself.
    """
    texts = joined.texts
    # A text with another dot or an invisible character is split by ``find_links`` itself,
    # which reads them as a browser does ("doordash.com\u3002evil.win").
    other: dict[int, list[str]] = {
        row: [] for row in joined.non_ascii_rows() if OTHER_HOST_CHARACTERS.search(texts[row])
    }
    data = joined.data  # the tests below do not depend on case
    if len(data) < 2:
        return other
    padded = np.concatenate((data, np.zeros(4, np.uint8)))
    dots = np.flatnonzero(data == 46)
    after = padded[dots + 1]
    named = _TLD_BYTE[after] & _TLD_BYTE[padded[dots + 2]]
    numeric = _DIGIT_BYTE[after] & (
        (padded[dots + 2] == 46) | (padded[dots + 3] == 46) | (padded[dots + 4] == 46)
    )
    dots = dots[named | numeric | (after >= 128)]
    if not len(dots):
        return other
    rows = joined.row_of[dots]
    breaks = np.flatnonzero(joined.kind_between(KIND_NUL, KIND_BLANK))  # str.split() spaces
    slot = np.searchsorted(breaks, dots)
    bounded = np.concatenate((np.array([-1]), breaks, np.array([len(data)])))
    starts = bounded[slot] + 1
    ends = bounded[slot + 1]
    keep = np.concatenate(([True], starts[1:] != starts[:-1]))  # one entry per word
    rows = rows[keep]
    # Offsets inside each text: its characters' own for an ASCII text of a clean batch.
    text_starts = joined.row_starts[rows]
    found: dict[int, list[str]] = other
    exact = set(joined.non_ascii_rows()) if joined.clean else set(rows.tolist())
    for row, start, end in zip(  # noqa: B905 - equal lengths by construction
        rows.tolist(), (starts[keep] - text_starts).tolist(), (ends[keep] - text_starts).tolist()
    ):
        if row in exact:
            found[row] = []
        else:
            found.setdefault(row, []).append(texts[row][start:end])
    return found


def _maybe_numbers(joined: JoinedTexts) -> tuple[npt.NDArray[np.bool_], dict[int, list[Span]]]:
    """Which texts may hold a call-back number, and where.

    Returns:
        A flag per text, and for the flagged ASCII texts of a clean batch the runs of phone
        characters with seven digits or more (character offsets): every number
        ``find_callback_numbers`` can report lies inside one of them.
    """
    count = len(joined.texts)
    digits = joined.kinds == KIND_DIGIT
    if np.count_nonzero(digits) < _MIN_CALLBACK_DIGITS:
        return np.zeros(count, dtype=bool), {}
    # Phone characters: spaces, "()+.-", digits and (maybe spaces or digits) non-ASCII bytes.
    starts, ends = run_bounds(joined.kind_between(KIND_ODD_SPACE, KIND_NON_ASCII))
    # A 32-bit running count: numpy widens a cumulative sum of flags to 64 bits very slowly.
    counted = np.zeros(len(digits) + 1, dtype=np.int32)
    np.cumsum(joined.kind_between(KIND_DIGIT, KIND_NON_ASCII), out=counted[1:], dtype=np.int32)
    long = counted[ends] - counted[starts] >= _MIN_CALLBACK_DIGITS
    starts = starts[long]
    ends = ends[long]
    rows = joined.row_of[starts]
    found = np.zeros(count, dtype=bool)
    found[rows] = True
    # ... and the text must hold seven ASCII digits in all (``find_callback_numbers``' own test).
    found &= joined.count(digits) >= _MIN_CALLBACK_DIGITS
    spans: dict[int, list[Span]] = {}
    if joined.clean:
        inexact = set(joined.non_ascii_rows())
        text_starts = joined.row_starts[rows]
        for row, start, end in zip(  # noqa: B905 - equal lengths by construction
            rows.tolist(), (starts - text_starts).tolist(), (ends - text_starts).tolist()
        ):
            if row not in inexact:
                spans.setdefault(row, []).append((start, end))
    return found, spans


#: At most this many of a text's links have their hosts analysed (look-alikes, shorteners,
#: unusual TLDs; about 0.2 ms a new host): a 64 KiB body of links took about 97 ms
#: (``bench/long_bodies.py``).
#: The first and the last half of them are; the links between are kept, with nothing known of
#: their hosts (no symbol of their own), so a rule that asks whether every link of a text is
#: an institution's still reads them all, and a link put last is still analysed.
MAX_LINKS_ANALYSED: Final = 16
_UNANALYSED_HOST: Final = HostFacts(
    shortener=False, ip=False, brand=None, brand_domain="", unusual_tld=""
)


def _analyse(
    text: str,
    region: str,
    words: WordSet,
    at: Occurrences | None,
    link_words: list[str] | None,
    maybe_number: bool,
    number_spans: list[Span] | None = None,
    readable: str | None = None,
) -> TextFacts:
    """One text's facts; ``link_words``: the words that may hold a link (``[]``: split the text
    here; ``None``: it has none); ``readable``: the text the number and word finders read
    (``finder_text``; the text itself when ``None``), while links are found in the text as
    written, where a look-alike letter in a host is itself the finding.

    Nothing found is ``EMPTY_FACTS`` itself, and an empty list is ``EMPTY_FACTS``'s own (facts
    are read only): the many texts that only look like candidates leave no new objects behind.
    """
    links = EMPTY_FACTS.links
    impersonation = None
    if link_words is not None:
        found_links = links_in_words(link_words) if link_words else find_links(text)
        if found_links:
            # The first and the last links' hosts, when there are more than the bound.
            half = MAX_LINKS_ANALYSED // 2
            unanalysed = range(half, len(found_links) - half)
            links = [
                (link, _UNANALYSED_HOST)
                if n in unanalysed
                else (link, analyse_host(link.host, link.domain, link.suffix))
                for n, link in enumerate(found_links)
            ]
            impersonation = find_brand_mismatch(text, links)
    if readable is not None:
        text = readable
    callbacks = EMPTY_FACTS.callbacks
    if maybe_number:
        callbacks = find_callback_numbers(text, region, number_spans) or callbacks
    # A call word starts a request only before a number (seven digits or more).
    any_trigger = _ANY_TRIGGER if maybe_number else _ANY_TRIGGER_BUT_CALLS
    if any_trigger is not None and words.isdisjoint(any_trigger):
        # Most texts hold none of the words any lure or category phrase starts with.
        if not links and not callbacks:
            return EMPTY_FACTS
        return TextFacts(links, callbacks, None, None, None, EMPTY_FACTS.categories, impersonation)
    lowered = text.lower()
    # Each finder is called only when the text holds one of its own trigger words.
    money_lure = urgency = credential = None
    if not words.isdisjoint(_MONEY_TRIGGERS):
        money_lure = find_money_lure(text, words, lowered=lowered, at=at)
    if not words.isdisjoint(_URGENCY_TRIGGERS):
        urgency = find_urgency(text, words, lowered=lowered, at=at)
    if not words.isdisjoint(_CREDENTIAL_TRIGGERS if maybe_number else _CREDENTIAL_BUT_CALLS):
        credential = find_credential_request(
            text, words, lowered=lowered, at=at, numbers=maybe_number
        )
    categories = EMPTY_FACTS.categories
    if _CATEGORY_TRIGGERS is None or not words.isdisjoint(_CATEGORY_TRIGGERS):
        categories = find_categories(text, words, lowered=lowered, at=at) or categories
    job_offer = impostor = None
    if not words.isdisjoint(_OFFER_TRIGGERS):
        job_offer = find_job_offer(text, words, lowered=lowered, at=at)
        impostor = find_family_impostor(text, words)
    sales_pitch = investment_bait = None
    if not words.isdisjoint(_SALES_TRIGGERS):
        sales_pitch = find_sales_pitch(text, words, lowered=lowered, at=at)
        investment_bait = find_investment_bait(text, words)
    romance = prize_claim = gift_cards = None
    if not words.isdisjoint(_STRANGER_TRIGGERS):
        romance = find_romance_opener(text, words)
        prize_claim = find_prize_claim(text, words)
        gift_cards = find_gift_card_request(text, words)
    code_request = threat = extortion = payment_trick = None
    if not words.isdisjoint(_CODE_TRIGGERS):
        code_request = find_code_request(text, words)
        threat = find_authority_threat(text, words)
        extortion = find_extortion(text, words)
        payment_trick = find_payment_trick(text, words)
    charge_call = None
    if maybe_number and not words.isdisjoint(_CHARGE_TRIGGERS):
        charge_call = find_charge_call(text, words)
    debt_shaming = benefit_claim = miracle = harm_threat = None
    if not words.isdisjoint(_CLAIM_AND_THREAT_TRIGGERS):
        if not words.isdisjoint(_DEBT_TRIGGERS):
            debt_shaming = find_debt_shaming(text, words)
        if not words.isdisjoint(_BENEFIT_TRIGGERS):
            benefit_claim = find_benefit_claim(text, words)
        if not words.isdisjoint(_MIRACLE_TRIGGERS):
            miracle = find_miracle_services(text, words)
        if not words.isdisjoint(_HARM_TRIGGERS):
            harm_threat = find_harm_threat(text, words)
    app_install = None
    if not words.isdisjoint(_APP_INSTALL_TRIGGERS):
        app_install = find_app_install(text, words)
    # The findings after ``impersonation``, in ``TextFacts``' own order of fields.
    later = (
        job_offer,
        impostor,
        code_request,
        threat,
        charge_call,
        extortion,
        payment_trick,
        sales_pitch,
        investment_bait,
        romance,
        prize_claim,
        gift_cards,
        debt_shaming,
        benefit_claim,
        miracle,
        harm_threat,
        app_install,
    )
    any_lure = (
        money_lure is not None
        or urgency is not None
        or credential is not None
        or any(finding is not None for finding in later)
    )
    if callbacks and region in _NORTH_AMERICA and not any_lure:
        callbacks = _without_unprefixed_caribbean(callbacks)
    if links or callbacks or categories or any_lure:
        return TextFacts(
            links, callbacks, money_lure, urgency, credential, categories, impersonation, *later
        )
    return EMPTY_FACTS


#: Recipients for whom a Caribbean +1 number is an international call (``lures.classify_number``).
_NORTH_AMERICA: Final = frozenset({"US", "CA"})


def _without_unprefixed_caribbean(callbacks: list[CallbackNumber]) -> list[CallbackNumber]:
    """The call-backs of a text without a lure, less a Caribbean +1 number written without "+".

    Written in review (session 22): hotels, airlines and money-transfer firms in the islands
    give their +1 numbers to North American customers, and such a number cancelled the
    discount their notices got sent cold; a lottery scam's "876-..." comes with its bait.
    """
    kept = [callback for callback in callbacks if not is_unprefixed_caribbean(callback)]
    return kept or EMPTY_FACTS.callbacks


class TextAnalysis:
    """The content analysis of a batch of texts, shared by every content signal.

    Attributes:
        texts: the message bodies.
        facts: each text's ``TextFacts`` (``EMPTY_FACTS`` for most).
        flagged: the indices of the texts whose facts are not empty, ascending.
    """

    __slots__ = (
        "_changed",
        "_joined",
        "_normalized",
        "_prepared",
        "_structure",
        "_where",
        "_worded",
        "_words",
        "facts",
        "flagged",
        "texts",
    )

    def __init__(
        self,
        texts: Sequence[str],
        facts: list[TextFacts],
        words: list[WordSet | None],
        joined: JoinedTexts | None = None,
        flagged: list[int] | None = None,
        where: list[Occurrences | None] | None = None,
    ) -> None:
        self.texts = texts
        self.facts = facts
        if flagged is None:
            flagged = [i for i, fact in enumerate(facts) if fact is not EMPTY_FACTS]
        self.flagged = flagged
        # Trigger words each text holds (``None``: not known, recomputed when needed).
        self._words = words
        # Where each text's trigger words are (``TriggerIndex.present``), when known.
        self._where = where
        self._worded: list[int] | None = None
        self._joined = joined
        self._prepared: list[str] | None = None
        self._changed: list[int] = []
        self._normalized: list[str] | None = None
        self._structure: npt.NDArray[np.float64] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, rows: Sequence[int]) -> TextAnalysis:
        """The analysis of some of the texts (what is already computed for them is kept)."""
        texts = [self.texts[i] for i in rows]
        subset = TextAnalysis(texts, [self.facts[i] for i in rows], [self._words[i] for i in rows])
        if self._prepared is not None:
            subset._prepared = [self._prepared[i] for i in rows]
            subset._changed = [j for j, i in enumerate(rows) if subset._prepared[j] != texts[j]]
        if self._normalized is not None:
            subset._normalized = [self._normalized[i] for i in rows]
        if self._structure is not None:
            subset._structure = self._structure[list(rows)]
        return subset

    @property
    def prepared(self) -> list[str]:
        """Each text with confusables folded and political words masked (``prepare_text``)."""
        if self._prepared is None:
            texts = self.texts
            prepared = list(texts)
            changed: list[int] = []
            where = self._where
            for i in self._rows_to_prepare():
                words = self._words[i]
                prepared[i] = prepare_text(texts[i], words, None if where is None else where[i])
                if prepared[i] != texts[i]:
                    changed.append(i)
            self._changed = changed
            self._prepared = prepared
        return self._prepared

    def structure(self) -> npt.NDArray[np.float64]:
        """``structure_matrix`` of the prepared texts and their facts (computed once: the
        scoring pass and the explanations of its flagged texts both read it; do not change
        the array in place)."""
        if self._structure is None:
            matrix = self._compute_structure()
            matrix.flags.writeable = False
            self._structure = matrix
        return self._structure

    def _compute_structure(self) -> npt.NDArray[np.float64]:
        prepared = self.prepared
        if self._joined is None:
            return structure_matrix(prepared, self.facts)
        # The bytes of the original texts serve for every text that preparing left alone.
        matrix = structure_matrix(self.texts, self.facts, self._joined, self.flagged)
        changed = self._changed
        if changed:
            matrix[changed] = structure_matrix(
                [prepared[i] for i in changed], [self.facts[i] for i in changed]
            )
        return matrix

    @property
    def normalized(self) -> list[str]:
        """The n-gram features' input (``normalize_prepared`` of ``prepared``)."""
        if self._normalized is None:
            prepared = self.prepared
            # Text by text: an ASCII text lower-cases several times faster than a batch that
            # holds a single non-ASCII character (and the result is the same).
            normalized = list(map(str.lower, prepared))
            for i in self._rows_to_tidy():
                text = normalized[i]
                words = self._words[i]
                if words is None or not words.isdisjoint(_OPT_OUT_TRIGGERS):
                    text = strip_opt_out(text, words)
                normalized[i] = " ".join(text.replace("\x00", " ").split())
            self._normalized = [
                text if len(text) <= MODEL_TEXT_CHARS else bounded_for_model(text)
                for text in normalized
            ]
        return self._normalized

    def _rows_holding(self, triggers: WordSet) -> set[int]:
        """The texts that hold one of ``triggers``, or whose words are not known."""
        words = self._words
        if self._worded is None:
            # Computed once for both callers: most texts hold no trigger word at all.
            self._worded = [i for i, found in enumerate(words) if found is not EMPTY_WORDS]
        rows: set[int] = set()
        for i in self._worded:
            found = words[i]
            if found is None or not found.isdisjoint(triggers):
                rows.add(i)
        return rows

    def _rows_to_prepare(self) -> list[int]:
        """The texts ``prepare_text`` may change: non-ASCII ones (confusables) and those with a
        political trigger word (or whose words are not known)."""
        political = _POLITICAL_TRIGGERS
        if political is None or self._joined is None:
            return list(range(len(self.texts)))
        rows = self._rows_holding(political)
        rows.update(self._joined.non_ascii_rows())
        return sorted(rows)

    def _rows_to_tidy(self) -> list[int]:
        """The texts whose lower-cased form is not the n-gram input already: opt-out wording
        to remove, or whitespace to collapse (``" ".join(text.split())`` would change them).
        """
        joined = self._joined
        count = len(self.texts)
        if joined is None or not joined.clean:
            return list(range(count))
        rows = self._rows_holding(_OPT_OUT_TRIGGERS)
        data = joined.data
        if not len(data):
            return sorted(rows)  # empty texts only
        space = joined.kind_between(KIND_ODD_SPACE, KIND_BLANK)  # what str.split() splits at
        untidy = np.zeros(count, dtype=bool)
        # Tabs, newlines and the like; two spaces in a row; a space first or last in a text.
        odd = joined.kinds == KIND_ODD_SPACE
        odd[:-1] |= space[:-1] & space[1:]
        untidy[joined.row_of[odd]] = True
        starts = joined.row_starts
        ends = np.append(starts[1:] - 1, len(data))  # one past each text's last byte
        nonempty = ends > starts
        untidy[nonempty & space[np.minimum(starts, len(data) - 1)]] = True
        untidy[nonempty & space[np.maximum(ends - 1, 0)]] = True
        untidy[joined.non_ascii_rows()] = True
        untidy[self._changed] = True
        rows.update(np.flatnonzero(untidy).tolist())
        return sorted(rows)


#: ``finder_text`` folds this many of a text's characters, half at each end (NFKC can make a
#: character eighteen, and costs about a microsecond a character); the middle of a longer
#: text only loses its invisible characters.
FOLDED_CHARS: Final = 4096


def finder_text(text: str, swaps: bool = True) -> str:
    """The text the finders read: a non-ASCII text without its invisible characters and with
    look-alike letters of other scripts and compatibility forms folded to Latin
    (``fold_confusables``), as a reader sees it; "Your account is sus\u200bpended. Ver\u200bify
    it" and a Cyrillic "Pаyday lоan" hide no word from the lure finders then. An ellipsis is a
    space, as it was to the finders before folding (NFKC makes it three full stops, which end a
    lure's phrase: "Your gift card\u2026 $100"), digits of other scripts are ASCII digits, and
    accents are dropped (``_as_read_table``). Digits written for letters inside a word and
    letters O written for zeros inside a number are read as meant (``read_digit_swaps``;
    ``swaps=False``: the caller knows the text has none). An ASCII text without those is
    itself."""
    if text.isascii():
        return read_digit_swaps(text) if swaps else text
    folded = at_ends(INVISIBLE.sub("", text).translate(_as_read_table()), FOLDED_CHARS, _as_seen)
    return read_digit_swaps(folded) if swaps else folded


# Scams write a digit for a letter inside a word ("dep0sit b0nus", "w1thdraw", "Jackp0t") and a
# letter O for a zero inside a number ("1OO% bonus", "P216o", "5O0 dollars"), so that a filter
# reading words misses them. A word is read with its digits as letters only when that makes it
# a word the finders read (a trigger word or one of ``_PHRASE_WORDS``): codes, postcodes and
# ids ("W1J", "1b6a5e") and people's text-speak ("gr8", "2nite") stay as written.
_SWAP_WORD: Final = re.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z0135]*?[A-Za-z][0135][A-Za-z])[A-Za-z0135]++(?![A-Za-z0-9])"
)
_O_IN_NUMBER: Final = re.compile(r"(?<=\d)[Oo]++(?![A-Za-z])")
_SWAP_CANDIDATE: Final = re.compile(r"[A-Za-z][0135][A-Za-z]|\d[Oo]")
_DIGITS_AS_LETTERS: Final = str.maketrans("0135", "oies")
_DIGITS_AS_CAPITALS: Final = str.maketrans("0135", "OIES")
#: Words inside the finders' phrases that are not the words they start with.
_PHRASE_WORDS: Final = frozenset(
    """you your have has been account accounts details information info identity password pin
    card number address payment billing login credentials profile wallet sim otp code link here
    now today hours days notice warning attempt reminder chance suspension deactivation
    termination closure activity transaction charge access transfer order prize bonus cash
    reward gift voucher winner jackpot deposit casino slots spins betting iphone loan loans
    debt credit free""".split()  # noqa: SIM905
)


def read_digit_swaps(text: str) -> str:
    """``text`` with a word's digits read as letters (0 o, 1 i, 3 e, 5 s) where that makes it
    a word the finders read, and letters O after a digit, not before a letter, read as zeros;
    the text itself when it has neither. Lengths do not change, so positions stay the text's
    own."""
    if _SWAP_CANDIDATE.search(text) is None:
        return text

    def word(match: re.Match[str]) -> str:
        written = match.group()
        # A word in capitals ("B0NUS") reads in capitals.
        read = written.translate(_DIGITS_AS_CAPITALS if written.isupper() else _DIGITS_AS_LETTERS)
        lowered = read.lower()
        if lowered in _PHRASE_WORDS or lowered.encode() in _INDEX.words:
            return read
        return written

    text = _SWAP_WORD.sub(word, text)
    return _O_IN_NUMBER.sub(lambda m: "0" * len(m.group()), text)


def _as_seen(text: str) -> str:
    """Look-alike letters folded (``fold_confusables``), then accents and enclosing marks
    dropped ("ac\u0107ount", "s\u00faspended", a keycap "0\u20e3"): the finders' phrases are
    written without them."""
    folded = fold_confusables(text)
    if folded.isascii():
        return folded
    return _MARK.sub("", unicodedata.normalize("NFKD", folded))


@lru_cache(maxsize=1)
def _as_read_table() -> dict[int, str]:
    """What ``finder_text`` reads some characters as: an ellipsis as a space (NFKC makes it
    three full stops, which end a lure's phrase: "Your gift card\u2026 $100"), dashes as "-"
    (phone numbers written "+1\u2013876\u2013555"), the dotless "\u0131" as "i", and every
    decimal digit of another script as its ASCII digit (an Arabic-Indic or Devanagari number
    to call). Built at the first non-ASCII text, not at import (a scan of 0x80-0x1FFFF)."""
    table = {0x2026: " ", 0x0131: "i"}
    table.update(dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212), "-"))
    table.update(dict.fromkeys((0x2018, 0x2019, 0x201A, 0x201B, 0x2032), "'"))
    table.update(
        dict.fromkeys((0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2039, 0x203A), '"')
    )
    for code in range(0x80, 0x20000):
        if code in table:
            continue
        character = chr(code)
        value = unicodedata.decimal(character, None)
        if value is not None:
            table[code] = str(value)
        elif unicodedata.category(character) in _READ_AS_SPACE:
            table[code] = " "
    return table


# Characters a finder reads as a space: other scripts' punctuation, symbols other than
# currency signs and separators (an emoji or a Devanagari full stop glued to a word, "all your
# contacts😈", "FREE🎁", would hide the word from the prefilters, which split words at ASCII
# punctuation only). Curly quotes read as ASCII quotes ("wife’s" is "wife's").
_READ_AS_SPACE: Final = frozenset(
    {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sk", "So", "Zs", "Zl", "Zp"}
)


# Combining marks: accents (Mn) and enclosing marks such as the keycap's (Me).
_MARK: Final = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def analyse_batch(texts: Sequence[str], regions: Sequence[str]) -> TextAnalysis:
    """Run every content finder over a batch of texts.

    The cheap questions (does a text hold a trigger word of some finder, a dot before a letter,
    seven digits?) are answered for the whole batch at once in numpy; the finders' regexes then
    run only on the texts that may match, which is a small share of real traffic.

    Args:
        texts: message bodies.
        regions: each recipient's country (ISO code), for international call-backs.

    Returns:
        The batch's analysis.
    """
    if len(texts) <= FEW_TEXTS:
        return _analyse_few(texts, regions)
    joined = JoinedTexts(texts)
    present, where = _INDEX.present(joined)
    words: list[WordSet | None] = list(present)
    link_words = _link_words(joined)
    maybe_number, number_spans = _maybe_numbers(joined)
    candidates = maybe_number.copy()
    candidates[list(link_words)] = True
    candidates[[i for i, found in enumerate(present) if found is not EMPTY_WORDS]] = True
    # Texts whose hidden characters or look-alike letters the finders must not be fooled by:
    # read as ``finder_text`` makes them, one by one.
    folded: dict[int, str] = {}
    swaps = _swap_candidate_rows(joined)
    for i in sorted({*joined.non_ascii_rows(), *swaps}):
        # A non-ASCII text's digits and letters are read for swaps only if its bytes show one
        # (folding makes a swap of look-alike characters too rarely to read every text again).
        readable = finder_text(texts[i], i in swaps)
        if readable != texts[i]:
            folded[i] = readable
    candidates[list(folded)] = True
    facts = [EMPTY_FACTS] * len(texts)
    flagged: list[int] = []
    number_list = maybe_number.tolist()
    for i in np.flatnonzero(candidates).tolist():
        if i in folded:
            found = _analyse_alone(texts[i], regions[i], folded[i])
        else:
            found = _analyse(
                texts[i],
                regions[i],
                present[i],
                where[i],
                link_words.get(i),
                number_list[i],
                number_spans.get(i),
            )
        if found is not EMPTY_FACTS:
            facts[i] = found
            flagged.append(i)
    return TextAnalysis(texts, facts, words, joined, flagged, where)


_SWAP_DIGIT_BYTE: Final = np.isin(np.arange(256), np.frombuffer(b"0135", np.uint8))
_O_BYTE: Final = np.isin(np.arange(256), np.frombuffer(b"Oo", np.uint8))


def _swap_candidate_rows(joined: JoinedTexts) -> set[int]:
    """The texts that may hold a digit written for a letter or an O for a zero
    (``read_digit_swaps``): a letter, one of 0, 1, 3, 5, a letter; or a digit, then O."""
    kinds = joined.kinds
    if len(kinds) < 3:
        return set()
    letter = kinds >= KIND_UPPER  # the two letter kinds are the last
    data = joined.data
    in_word = letter[:-2] & _SWAP_DIGIT_BYTE[data[1:-1]] & letter[2:]
    o_in_number = (kinds[:-1] == KIND_DIGIT) & _O_BYTE[data[1:]]
    rows = joined.row_of
    found = set(rows[1:-1][in_word].tolist())
    found.update(rows[:-1][o_in_number].tolist())
    return found


#: Up to this many texts, ``analyse_batch`` works text by text in plain Python: numpy's fixed
#: cost per call (a few dozen calls a batch) is most of the time of the online paths, which
#: score one message at a time (an SMPP ``submit_sm``, an HTTP check of one message).
FEW_TEXTS: Final = 3
_ASCII_DIGITS: Final = "0123456789"


def _analyse_few(texts: Sequence[str], regions: Sequence[str]) -> TextAnalysis:
    """``analyse_batch`` for a few texts: each prefilter asked the exact way (``word_set``, a
    dot for links, seven ASCII digits for call-backs), the finders then as in the batch path."""
    facts: list[TextFacts] = []
    found: list[WordSet | None] = []
    trigger_words = _INDEX.words
    for text, region in zip(texts, regions, strict=True):
        words = word_set(text) & trigger_words or EMPTY_WORDS
        found.append(words)
        readable = finder_text(text)
        facts.append(_analyse_alone(text, region, readable, words if readable is text else None))
    return TextAnalysis(texts, facts, found)


def _analyse_alone(
    text: str, region: str, readable: str, words: WordSet | None = None
) -> TextFacts:
    """One text's facts, each prefilter asked the exact way (``word_set``, a dot for links,
    seven ASCII digits for call-backs); ``readable`` is its ``finder_text``, ``words`` the
    trigger words of ``readable`` when the caller has them."""
    if words is None:
        words = word_set(readable) & _INDEX.words or EMPTY_WORDS
    # []: find_links splits the text (it reads the other dots of non-ASCII texts too)
    other_dots = not text.isascii() and OTHER_HOST_CHARACTERS.search(text) is not None
    links: list[str] | None = [] if "." in text or other_dots else None
    digits = sum(map(readable.count, _ASCII_DIGITS)) >= _MIN_CALLBACK_DIGITS
    if words is EMPTY_WORDS and links is None and not digits:
        return EMPTY_FACTS
    return _analyse(text, region, words, None, links, digits, readable=readable)


def analyse_text(text: str, home_region: str) -> TextFacts:
    """Run every content finder over one text.

    Args:
        text: a message body.
        home_region: the recipient's country (ISO code), for international call-backs.

    Returns:
        The text's facts.
    """
    return analyse_batch([text], [home_region]).facts[0]


#: The ``Batch.columns`` entry that holds the batch's ``TextAnalysis``.
FACTS_COLUMN: Final = "content_analysis"


def first_missing(keys: Sequence[K], known: Sequence[object | None]) -> dict[K, int]:
    """Each key whose ``known`` value is ``None``, with the first row it is at (in row order):
    the rows to compute once for a batch in which texts recur."""
    first: dict[K, int] = {}
    for i, found in enumerate(known):
        if found is None:
            first.setdefault(keys[i], i)
    return first


def make_room(cache: dict[Any, Any], incoming: int, size: int) -> None:
    """Evict so that ``incoming`` new entries fit in ``size``: the oldest first (dicts keep
    insertion order), and half the cache at least, so eviction runs rarely."""
    overflow = len(cache) + incoming - size
    if overflow > 0:
        for key in list(itertools.islice(cache, max(overflow, len(cache) // 2))):
            del cache[key]


class FactsCache:
    """Facts of recently seen (text, region) pairs, least recently used dropped first.

    Bulk A2P repeats one text to thousands of recipients and campaigns resend their templates,
    so the same body comes back again and again; its analysis does not change. Bounded: when
    full, the least recently used half is dropped (a cold cache only costs time).
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._facts: dict[tuple[str, str], TextFacts] = {}

    def analyse(self, texts: Sequence[str], regions: Sequence[str]) -> TextAnalysis:
        """The analysis of a batch, taking the facts of texts seen recently from the cache."""
        if not self.size:
            return analyse_batch(texts, regions)
        cache = self._facts
        keys = list(zip(texts, regions, strict=True))
        # A hit moves to the end (dicts keep insertion order): the front is least recent. Taken
        # out once per distinct text, so every copy of a cached text in the batch is a hit.
        held: dict[tuple[str, str], TextFacts] = {}
        for key in dict.fromkeys(keys):
            found = cache.pop(key, None)
            if found is not None:
                held[key] = found
        known = [held.get(key) for key in keys]
        # Each text not cached is analysed once, however often it recurs in the batch: bulk
        # A2P and campaign waves repeat one text hundreds of times within a batch.
        first = first_missing(keys, known)
        if len(first) == len(texts):
            analysis = analyse_batch(texts, regions)
            facts = analysis.facts
        else:
            words: list[WordSet | None] = [None] * len(texts)
            if first:
                rows = list(first.values())
                new = analyse_batch([texts[i] for i in rows], [regions[i] for i in rows])
                position = {key: j for j, key in enumerate(first)}
                new_facts, new_words = new.facts, new._words
                for i, found in enumerate(known):
                    if found is None:
                        j = position[keys[i]]
                        known[i] = new_facts[j]
                        words[i] = new_words[j]
            facts = known  # type: ignore[assignment]
            analysis = TextAnalysis(texts, facts, words)
        make_room(cache, len(keys), self.size)
        for key, found in zip(keys, facts, strict=True):
            cache[key] = found
        return analysis

    def remember(self, keys: Sequence[tuple[str, str]], facts: Sequence[TextFacts]) -> None:
        """Take the facts of (text, region) pairs analysed elsewhere (``analyse_batch`` in a
        ``clearline scan --workers`` process): ``analyse`` then finds them as it would have
        found its own."""
        if not self.size:
            return
        cache = self._facts
        make_room(cache, len(keys), self.size)
        cache.update(zip(keys, facts, strict=True))

    def clear(self) -> None:
        """Forget every text."""
        self._facts.clear()

    def __len__(self) -> int:
        return len(self._facts)


#: The cache every content signal shares (set ``size`` to 0 to measure uncached speed).
FACTS_CACHE: Final = FactsCache()


def clear_caches() -> None:
    """Empty the process-wide content caches (texts, links, hosts, call-back numbers), so that a
    measurement starts as cold as a new process does."""
    FACTS_CACHE.clear()
    clear_link_caches()
    classify_number.cache_clear()
    _is_phone_number.cache_clear()


def batch_analysis(batch: Batch) -> TextAnalysis:
    """The content analysis of a batch, computed on the first call and then reused.

    Args:
        batch: the batch the engine is scoring.

    Returns:
        The analysis (also kept in ``batch.columns``).
    """
    cached: TextAnalysis | None = batch.columns.get(FACTS_COLUMN)  # type: ignore[assignment]
    if cached is None:
        messages = batch.messages
        cached = FACTS_CACHE.analyse([m.body for m in messages], regions_of(batch))
        batch.columns[FACTS_COLUMN] = cached  # type: ignore[assignment]
    return cached


def batch_facts(batch: Batch) -> list[TextFacts]:
    """The facts of every message of a batch, in batch order (see ``batch_analysis``)."""
    return batch_analysis(batch).facts


#: The ``Batch.columns`` entry that holds each recipient's country.
REGIONS_COLUMN: Final = "recipient_region"


def regions_of(batch: Batch) -> list[str]:
    """Each recipient's country (ISO code), computed once per batch."""
    regions: list[str] | None = batch.columns.get(REGIONS_COLUMN)
    if regions is None:
        regions = regions_of_numbers([m.to for m in batch.messages])
        batch.columns[REGIONS_COLUMN] = regions
    return regions


#: Names of the structure features, in column order (stored with the model and checked on load).
STRUCTURE_FEATURES: Final = (
    "link",
    "link_bare",
    "link_shortener",
    "link_ip",
    "link_lookalike",
    "link_unusual_tld",
    "callback_premium",
    "callback_other",
    "money_lure",
    "urgency",
    "credential",
    "category_sex",
    "category_other",
    "short_code",
    "long_digits",
    "capitals",
    "exclamations",
    "length",
    "digit_share",
)

#: A short code: a number of 5 or 6 digits the text tells the reader to text, send, reply to or
#: call ("txt WIN to 80086", "Txt the word: CLAIM to No: 81010", "call 83600"), not part of an
#: amount or a decimal. A code to type in ("your code is 583920", an OTP) or an order
#: number is not one: UCI's people's texts hold no 5- or 6-digit number at all and its spam 210,
#: so a model shown any such number learnt "spam" from it, and one-time codes are the commonest
#: text businesses send. Counted only after such a word, recall at 0.1 % blocked ham rose from
#: 0.008 to 0.021 (UCI -> PH) and from 0.227 to 0.269 (PH -> UCI), ROC AUC from 0.689 to 0.729
#: and from 0.836 to 0.865, the UCI split within a text (docs/content.md, fifth round).
_SHORT_RUN: Final = re.compile(r"(?<![\d£$.,])\b\d{5,6}\b(?![.,]\d)")
# What stands before a short code: one of the words, then up to 8 spaces or ".:#-" (a window of
# 16 characters holds the longest, and the character before it for the word boundary).
_SHORT_CODE_ASK: Final = re.compile(
    r"\b(?i:to|txt|text|send|sms|call|dial|reply|no|number|on)\b[\s.:#\-]{0,8}\Z"
)
_SHORT_CODE_WINDOW: Final = 16


def has_short_code(text: str) -> bool:
    """Whether a text gives a short code to text or call (``short_code``, see above), among
    its first ``MAX_RUNS_CHECKED`` runs of 5 or 6 digits (a bound on a 64 KiB body's cost). A
    run after a reference's label ("booking no. 123456", ``_REFERENCE_BEFORE``) is none unless
    a call word follows it.

    Args:
        text: a prepared message body.
    """
    for match in itertools.islice(_SHORT_RUN.finditer(text), MAX_RUNS_CHECKED):
        start = match.start()
        if _SHORT_CODE_ASK.search(text, max(0, start - _SHORT_CODE_WINDOW), start) is None:
            continue
        # (No run of 5 or 6 digits is a callable number: the reference rule is label and call.)
        if not is_reference(text, start, match.end(), match.group(0)):
            return True
    return False


_LONG_DIGITS: Final = re.compile(r"\d{10,}")
# ``long_digits`` is a run of 10 to 15 digits that is a phone number: valid in one of
# ``lures.PHONE_REGIONS`` (those of the shipped brand lists), or in international form after a
# "+". A reference number (a PNR, an account, an order or a tracking number:
# ``lures.is_reference``) is not one. Counted for any run of 10 or more digits, the feature
# learnt "spam" from UCI's premium-rate numbers and fired on every booking reference; counted
# so, recall at 0.1 % blocked ham rose on the UCI split (0.891 -> 0.917) and from the
# Philippine model to UCI (0.269 -> 0.419), the other figures held (docs/content.md, fifth
# round).

_WORD_ASCII: Final = _byte_class(lambda b: b < 128 and (chr(b).isalnum() or b == 95))
# What may not stand before a short code: a word character or one of "$.,".
_SHORT_CODE_BEFORE: Final = _byte_class(
    lambda b: b < 128 and (chr(b).isalnum() or chr(b) in "_$.,")
)


#: At most this many digit runs of a text are checked for a short code or a phone number.
MAX_RUNS_CHECKED: Final = 8


@lru_cache(maxsize=65_536)
def _is_phone_number(run: str, international: bool) -> bool:
    """Whether a run of at most 15 digits is a valid phone number (see ``PHONE_REGIONS``)."""
    try:
        if international:
            return phonenumbers.is_valid_number(phonenumbers.parse("+" + run, None))
        return any(
            phonenumbers.is_valid_number(phonenumbers.parse(run, region))
            for region in PHONE_REGIONS
        )
    except phonenumbers.NumberParseException:
        return False


def has_phone_number_run(text: str) -> bool:
    """Whether a text holds a run of 10 or more digits that is a phone number (``long_digits``).

    At most ``MAX_RUNS_CHECKED`` runs are checked (each may take five parses: a 64 KiB body of
    numbers no country takes would cost half a second); a text with more long runs counts as
    holding one, so that junk numbers written first cannot hide a phone number behind them.

    Args:
        text: a prepared message body.
    """
    for checked, match in enumerate(_LONG_DIGITS.finditer(text)):
        if checked == MAX_RUNS_CHECKED:
            return True
        run = match.group(0)
        if len(run) > 15:  # E.164 numbers have at most 15 digits (and the cache keeps no more)
            continue
        start = match.start()
        if is_reference(text, start, match.end(), run):
            continue
        if _is_phone_number(run, start > 0 and text[start - 1] == "+"):
            return True
    return False


#: ``digit_share`` is the share of a text's bytes that are digits, in proportion to its length
#: up to this many characters: a reply of "645" or "2" is all digits and says nothing. Counted
#: in full, it put a person's bare "645" at the top of the spam scores seen from the
#: Philippine model; weighed so, recall at no blocked ham from that model to UCI went from
#: 0.030 to 0.111, and every other cross-corpus figure held or rose (docs/content.md).
DIGIT_SHARE_FULL_AT: Final = 20


def structure_matrix(
    texts: Sequence[str],
    facts: Sequence[TextFacts],
    joined: JoinedTexts | None = None,
    flagged: Sequence[int] | None = None,
) -> npt.NDArray[np.float64]:
    """Dense structure features for the classifier, one row per text.

    Args:
        texts: the prepared message bodies (``TextAnalysis.prepared``).
        facts: their facts (``analyse_text``), in the same order.
        joined: ``JoinedTexts(texts)`` when the caller has it already.
        flagged: the indices of the facts that are not ``EMPTY_FACTS``, when known.

    Returns:
        A ``(len(texts), len(STRUCTURE_FEATURES))`` array of values in [0, 1].
    """
    count = len(texts)
    matrix = np.zeros((count, len(STRUCTURE_FEATURES)), dtype=np.float64)
    if not count:
        return matrix
    if count <= FEW_TEXTS:
        for i, text in enumerate(texts):
            _layout_of_one(text, matrix[i])
        _fill_fact_features(matrix, facts, flagged)
        return matrix
    # Everything is counted for the whole batch at once: the texts are joined into one byte
    # array and each byte class is tallied per text with bincount.
    joined = JoinedTexts(texts) if joined is None else joined
    data = joined.data
    # One bincount over (text, byte kind) pairs counts every kind of byte of every text at once.
    kinds = joined.kinds
    classes = np.bincount(joined.row_of * KINDS + kinds, minlength=count * KINDS).reshape(
        count, KINDS
    )
    upper = classes[:, KIND_UPPER]
    letters = upper + classes[:, KIND_LOWER]
    digits = classes[:, KIND_DIGIT]
    exclamations = classes[:, KIND_BANG]
    # Every byte of a text, less the NUL that ends each text but the last.
    sizes = classes.sum(axis=1) - (np.arange(count) < count - 1)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    matrix[:, 15] = np.divide(upper, letters, out=np.zeros(count), where=letters > 0)
    matrix[:, 16] = np.minimum(exclamations, 5) / 5.0
    matrix[:, 17] = np.minimum(lengths, 320) / 320.0
    matrix[:, 18] = np.divide(digits, sizes, out=np.zeros(count), where=sizes > 0) * (
        np.minimum(lengths, DIGIT_SHARE_FULL_AT) / DIGIT_SHARE_FULL_AT
    )
    if int(digits.max()) >= 5:
        # Runs of ASCII digits: a short code is a run of 5-6 digits between non-word
        # characters, not part of an amount or a decimal, after a word that asks the reader to
        # text or call it (``has_short_code``: only the texts with such a run are searched); a long
        # number is a run of 10 or more that is a phone number (``has_phone_number_run``).
        starts, ends = run_bounds(kinds == KIND_DIGIT)
        runs = ends - starts
        # (The non-ASCII texts' columns are set after these two loops, whatever these find.)
        non_ascii = set(joined.non_ascii_rows())
        for i in np.unique(joined.row_of[starts[runs >= 10]]).tolist():
            if i not in non_ascii:
                matrix[i, 14] = float(has_phone_number_run(texts[i]))
        padded = np.concatenate((np.zeros(1, np.uint8), data, np.zeros(2, np.uint8)))
        before = padded[starts]  # the byte before each run (0 at the start)
        after = padded[ends + 1]
        short = (
            ((runs == 5) | (runs == 6))
            & ~_SHORT_CODE_BEFORE[before]
            & ~_WORD_ASCII[after]
            & ~(((after == 46) | (after == 44)) & _DIGIT_BYTE[padded[ends + 2]])
        )
        for i in np.unique(joined.row_of[starts[short]]).tolist():
            if i not in non_ascii:
                matrix[i, 13] = float(has_short_code(texts[i]))
        for i in joined.non_ascii_rows():
            # Non-ASCII neighbours and digits: the regexes decide, as the definition says.
            text = texts[i]
            if digits[i] >= 5:
                matrix[i, 13] = float(has_short_code(text))
                matrix[i, 14] = float(has_phone_number_run(text))
            else:
                matrix[i, 13:15] = 0.0
    _fill_fact_features(matrix, facts, flagged)
    return matrix


def _layout_of_one(text: str, row: npt.NDArray[np.float64]) -> None:
    """Columns 13-18 of one text's row, counted in plain Python (the few-texts path): the
    byte classes as the batch path counts them, short codes and long numbers by their regexes
    (their definition)."""
    data = text.encode("utf-8", "surrogatepass").replace(b"\x00", b" ")
    upper = sum(map(data.count, _UPPER_BYTES))
    letters = upper + sum(map(data.count, _LOWER_BYTES))
    digits = sum(map(data.count, _DIGIT_BYTES))
    row[15] = upper / letters if letters else 0.0
    row[16] = min(data.count(b"!"), 5) / 5.0
    row[17] = min(len(text), 320) / 320.0
    row[18] = (digits / len(data) if data else 0.0) * (
        min(len(text), DIGIT_SHARE_FULL_AT) / DIGIT_SHARE_FULL_AT
    )
    if digits >= 5:
        row[13] = float(has_short_code(text))
        row[14] = float(has_phone_number_run(text))


_UPPER_BYTES: Final = [bytes([b]) for b in range(65, 91)]
_LOWER_BYTES: Final = [bytes([b]) for b in range(97, 123)]
_DIGIT_BYTES: Final = [bytes([b]) for b in range(48, 58)]


def _fill_fact_features(
    matrix: npt.NDArray[np.float64],
    facts: Sequence[TextFacts],
    flagged: Sequence[int] | None,
) -> None:
    """Columns 0-12 (zero on entry): what the finders found (links, call-backs, lures,
    categories). The rows of each column are gathered in Python and set in one numpy call."""
    if flagged is None:
        flagged = [i for i, fact in enumerate(facts) if fact is not EMPTY_FACTS]
    rows_of: list[list[int]] = [[] for _ in range(_FACT_COLUMNS)]
    for i in flagged:
        fact = facts[i]
        if fact.links:
            rows_of[0].append(i)
            bare = shortener = ip = brand = tld = False
            for link, host in fact.links:
                bare = bare or not link.explicit
                shortener = shortener or host.shortener
                ip = ip or host.ip
                brand = brand or host.brand is not None
                tld = tld or bool(host.unusual_tld)
            for column, found in ((1, bare), (2, shortener), (3, ip), (4, brand), (5, tld)):
                if found:
                    rows_of[column].append(i)
        if fact.callbacks:
            premium = any(cb.kind == "premium_rate" for cb in fact.callbacks)
            rows_of[6 if premium else 7].append(i)
        if fact.money_lure is not None:
            rows_of[8].append(i)
        if fact.urgency is not None:
            rows_of[9].append(i)
        if fact.credential is not None:
            rows_of[10].append(i)
        if fact.categories:
            sex = any(match.category == "sex" for match in fact.categories)
            rows_of[11 if sex else 12].append(i)
    for column, rows in enumerate(rows_of):
        if rows:
            matrix[rows, column] = 1.0


#: The structure features that ``_fill_fact_features`` sets (the first ones).
_FACT_COLUMNS: Final = 13
