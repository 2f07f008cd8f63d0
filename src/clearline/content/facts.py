"""The content analysis of a batch, computed once and shared by every content signal.

The link, lure, category and classifier signals all need the links, numbers and lure phrases of
each text; ``batch_facts(batch)`` computes them on first use and keeps them on the ``Batch``, so
each regex runs once per message however many signals read the result. The classifier's
structure features (``structure_matrix``) come from the same facts, which is how link, number and
layout evidence feeds the learned score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import msgspec
import numpy as np
import numpy.typing as npt

from clearline.content.links import HostFacts, Link, analyse_host, find_links
from clearline.content.lures import (
    CallbackNumber,
    find_callback_numbers,
    find_credential_request,
    find_money_lure,
    find_urgency,
    lure_trigger_words,
    region_of,
)
from clearline.content.triggers import WordSet, word_set
from clearline.signals.base import Batch
from clearline.signals.categories import CategoryMatch, category_trigger_words, find_categories

__all__ = [
    "FACTS_CACHE",
    "FACTS_COLUMN",
    "STRUCTURE_FEATURES",
    "FactsCache",
    "TextFacts",
    "analyse_text",
    "batch_facts",
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
    words: WordSet


def analyse_text(text: str, home_region: str) -> TextFacts:
    """Run every content finder over one text.

    Args:
        text: a message body.
        home_region: the recipient's country (ISO code), for international call-backs.

    Returns:
        The text's facts.
    """
    links = [(link, analyse_host(link.host, link.domain, link.suffix)) for link in find_links(text)]
    callbacks = find_callback_numbers(text, home_region)
    words = word_set(text)
    if _ANY_TRIGGER is not None and words.isdisjoint(_ANY_TRIGGER):
        # Most texts hold none of the words any lure or category phrase starts with: one set
        # test instead of four finder calls (each would have returned nothing).
        return TextFacts(links, callbacks, None, None, None, [], words)
    return TextFacts(
        links=links,
        callbacks=callbacks,
        money_lure=find_money_lure(text, words),
        urgency=find_urgency(text, words),
        credential=find_credential_request(text, words),
        categories=find_categories(text, words),
        words=words,
    )


_CATEGORY_TRIGGERS: Final = category_trigger_words()
_ANY_TRIGGER: Final[WordSet | None] = (
    None if _CATEGORY_TRIGGERS is None else lure_trigger_words() | _CATEGORY_TRIGGERS
)


#: The ``Batch.columns`` entry that holds each message's ``TextFacts``.
FACTS_COLUMN: Final = "content_facts"


class FactsCache:
    """Facts of recently seen (text, region) pairs.

    Bulk A2P repeats one text to thousands of recipients and campaigns resend their templates,
    so the same body comes back again and again; its analysis does not change. Bounded: when
    full it is emptied (a cold cache only costs time).
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._facts: dict[tuple[str, str], TextFacts] = {}

    def facts(self, text: str, region: str) -> TextFacts:
        """The facts of ``text`` for a recipient in ``region``, from the cache when possible."""
        key = (text, region)
        found = self._facts.get(key)
        if found is None:
            found = analyse_text(text, region)
            if self.size:
                if len(self._facts) >= self.size:
                    self._facts.clear()
                self._facts[key] = found
        return found


#: The cache every content signal shares (set ``size`` to 0 to measure uncached speed).
FACTS_CACHE: Final = FactsCache()


def batch_facts(batch: Batch) -> list[TextFacts]:
    """The facts of every message of a batch, computed on the first call and then reused.

    Args:
        batch: the batch the engine is scoring.

    Returns:
        One ``TextFacts`` per message, in batch order (also kept in ``batch.columns``).
    """
    cached: list[TextFacts] | None = batch.columns.get(FACTS_COLUMN)
    if cached is None:
        lookup = FACTS_CACHE.facts
        cached = [lookup(m.body, region_of(m.to)) for m in batch.messages]
        batch.columns[FACTS_COLUMN] = cached
    return cached


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

_SHORT_CODE: Final = re.compile(r"(?<![\d£$.,])\b\d{5,6}\b(?![.,]\d)")
_LONG_DIGITS: Final = re.compile(r"\d{10,}")


def structure_matrix(texts: Sequence[str], facts: Sequence[TextFacts]) -> npt.NDArray[np.float64]:
    """Dense structure features for the classifier, one row per text.

    Args:
        texts: the message bodies.
        facts: their facts (``analyse_text``), in the same order.

    Returns:
        A ``(len(texts), len(STRUCTURE_FEATURES))`` array of values in [0, 1].
    """
    count = len(texts)
    matrix = np.zeros((count, len(STRUCTURE_FEATURES)), dtype=np.float64)
    if not count:
        return matrix
    # Character classes are counted for the whole batch at once: the texts are joined with NUL
    # separators into one byte array and each byte class is tallied per text with bincount.
    joined = "\x00".join(text.replace("\x00", " ") if "\x00" in text else text for text in texts)
    data = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    is_nul = data == 0
    text_of = np.cumsum(is_nul) - is_nul
    sizes = np.bincount(text_of, minlength=count) - np.bincount(text_of[is_nul], minlength=count)
    upper_mask = (data >= 65) & (data <= 90)
    lower_mask = (data >= 97) & (data <= 122)
    digit_mask = (data >= 48) & (data <= 57)
    upper = np.bincount(text_of[upper_mask], minlength=count)
    letters = upper + np.bincount(text_of[lower_mask], minlength=count)
    digits = np.bincount(text_of[digit_mask], minlength=count)
    exclamations = np.bincount(text_of[data == 33], minlength=count)
    matrix[:, 15] = np.divide(upper, letters, out=np.zeros(count), where=letters > 0)
    matrix[:, 16] = np.minimum(exclamations, 5) / 5.0
    matrix[:, 17] = np.minimum([len(text) for text in texts], 320) / 320.0
    matrix[:, 18] = np.divide(digits, sizes, out=np.zeros(count), where=sizes > 0)
    for i in np.flatnonzero(digits >= 5).tolist():
        text = texts[i]
        matrix[i, 13] = float(_SHORT_CODE.search(text) is not None)
        matrix[i, 14] = float(digits[i] >= 10 and _LONG_DIGITS.search(text) is not None)
    for i, fact in enumerate(facts):
        row = matrix[i]
        links = fact.links
        if links:
            hosts = [host for _, host in links]
            row[0:6] = (
                1.0,
                float(any(not link.explicit for link, _ in links)),
                float(any(host.shortener for host in hosts)),
                float(any(host.ip for host in hosts)),
                float(any(host.brand is not None for host in hosts)),
                float(any(host.unusual_tld for host in hosts)),
            )
        if fact.callbacks:
            premium = any(cb.kind == "premium_rate" for cb in fact.callbacks)
            row[6] = float(premium)
            row[7] = float(not premium)
        if fact.money_lure is not None:
            row[8] = 1.0
        if fact.urgency is not None:
            row[9] = 1.0
        if fact.credential is not None:
            row[10] = 1.0
        if fact.categories:
            sex = any(match.category == "sex" for match in fact.categories)
            row[11] = float(sex)
            row[12] = float(not sex)
    return matrix
