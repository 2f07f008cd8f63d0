"""Cheap word prefilters for expensive regexes.

Python's ``re`` tries every alternative of a big alternation at every position of the text, so a
phrase list of a hundred entries costs 15-100 microseconds a message even when nothing matches,
which is most of the time. Instead, each text is split into its set of words once
(``word_set``, about two microseconds), and a regex runs only when the text holds one of the
words its matches can start with (``trigger_words``, derived from the regex itself so the two
never drift apart).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "EMPTY_WORDS",
    "KINDS",
    "KIND_BANG",
    "KIND_BLANK",
    "KIND_DIGIT",
    "KIND_LOWER",
    "KIND_NON_ASCII",
    "KIND_NUL",
    "KIND_ODD_SPACE",
    "KIND_OTHER",
    "KIND_PHONE_PUNCT",
    "KIND_UPPER",
    "LOWERS_TO_ASCII",
    "NO_OCCURRENCES",
    "JoinedTexts",
    "Occurrences",
    "TriggerIndex",
    "WordSet",
    "as_written",
    "earliest_start",
    "first_match_within",
    "listed_trigger_words",
    "match_at",
    "phrase_beside",
    "run_bounds",
    "trigger_words",
    "triggered_matches",
    "word_set",
]

#: The distinct lower-case words of a text, as UTF-8 bytes.
WordSet = frozenset[bytes]

# ASCII punctuation and whitespace become spaces; letters, digits and non-ASCII bytes stay.
_SEPARATORS: Final = bytes(c for c in range(128) if not chr(c).isalnum())
_TO_SPACE: Final = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))


def word_set(text: str) -> WordSet:
    """The distinct lower-case words of a text (split at every ASCII non-alphanumeric).

    Args:
        text: any text.

    Returns:
        Its words as UTF-8 bytes.
    """
    return frozenset(text.lower().encode("utf-8", "surrogatepass").translate(_TO_SPACE).split())


def match_at(
    pattern: re.Pattern[str],
    lowered: str,
    occurrences: Occurrences,
    triggers: WordSet | None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(lowered)``, trying the regex only where one of its trigger words
    starts.

    Every match of a regex starts at one of its trigger words (``trigger_words``), so trying
    it at those positions, left to right and never inside the previous match, finds exactly
    what ``finditer`` finds, without stepping through the rest of the text.

    Args:
        pattern: a regex whose matches start with a word of ``triggers``.
        lowered: the lower-cased text.
        occurrences: the text's trigger words with their positions, in order.
        triggers: ``trigger_words(pattern.pattern)`` (``None``: every position is searched).

    Yields:
        The matches, in order.
    """
    if triggers is None:
        yield from pattern.finditer(lowered)
        return
    end = 0
    for position, word in occurrences:
        if position < end or word not in triggers:
            continue
        match = pattern.match(lowered, position)
        if match is not None:
            yield match
            end = max(match.end(), position + 1)


def earliest_start(lowered: str, words: WordSet, triggers: WordSet | None) -> int:
    """Where a match of a regex whose matches start with one of ``triggers`` can begin.

    Every match starts at one of its trigger words, so none starts before the first place any
    of the text's trigger words occurs (as a substring: that is never later than as a word).
    Searching from there skips the part of the text where the regex cannot match.

    Args:
        lowered: the lower-cased text.
        words: ``word_set`` of the text (or its trigger words).
        triggers: the regex's ``trigger_words`` (``None``: search from the start).

    Returns:
        A position from which to search (0 when nothing better is known).
    """
    if triggers is None:
        return 0
    best = -1
    for word in words & triggers:
        at = lowered.find(word.decode("utf-8", "surrogatepass"))
        if at >= 0 and (best < 0 or at < best):
            best = at
    return max(best, 0)


def triggered_matches(
    pattern: re.Pattern[str],
    lowered: str,
    words: WordSet,
    at: Occurrences | None,
    triggers: WordSet | None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(lowered)``, the cheapest exact way the caller's knowledge allows: only
    at the trigger words' positions when they are known (``at``), else from the earliest place
    one of them occurs.

    Args:
        pattern: a regex whose matches start with a word of ``triggers``.
        lowered: the lower-cased text.
        words: ``word_set`` of the text (or its trigger words).
        at: the text's trigger words with their positions, or ``None``.
        triggers: ``trigger_words(pattern.pattern)`` (``None``: every position is searched).
    """
    if at is not None:
        return match_at(pattern, lowered, at, triggers)
    return pattern.finditer(lowered, earliest_start(lowered, words, triggers))


# ``re._parser`` is the standard library's own regex parser (``sre_parse`` before 3.11); it is
# private, so it is loaded by name and used only at import time to derive trigger words.
_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

_MAX_VARIANTS: Final = 4096
_SPACE: Final = " "


class _UnboundedError(Exception):
    """The regex can start with a word that cannot be listed (``\\w+``, a digit class...)."""


def _chars(items: Iterable[tuple[Any, Any]]) -> list[str]:
    chars: list[str] = []
    for op, value in items:
        if op is _constants.LITERAL:
            chars.append(chr(value))
        elif op is _constants.RANGE:
            if value[1] - value[0] > 40:
                raise _UnboundedError
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        elif op is _constants.CATEGORY and value is _constants.CATEGORY_SPACE:
            chars.append(_SPACE)
        else:
            raise _UnboundedError
    return chars


def _extend(states: set[tuple[str, bool]], chars: Iterable[str]) -> set[tuple[str, bool]]:
    result: set[tuple[str, bool]] = set()
    for prefix, done in states:
        if done:
            result.add((prefix, done))
            continue
        for char in chars:
            lowered = char.lower()
            if lowered.isascii() and not lowered.isalnum():
                # A separator ends the first word (or is skipped before it starts).
                result.add((prefix, bool(prefix)))
            else:
                result.add((prefix + lowered, False))
    if len(result) > _MAX_VARIANTS:
        raise _UnboundedError
    return result


def _walk(items: Iterable[tuple[Any, Any]], states: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    for op, value in items:
        if all(done for _, done in states):
            return states
        if op is _constants.LITERAL:
            states = _extend(states, [chr(value)])
        elif op is _constants.IN:
            states = _extend(states, _chars(value))
        elif op is _constants.SUBPATTERN:
            states = _walk(value[-1], states)
        elif op is _constants.BRANCH:
            merged: set[tuple[str, bool]] = set()
            for branch in value[1]:
                merged |= _walk(branch, states)
            states = merged
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
            low, high, body = value
            if high > 3:
                # Only bounded if one repetition already ends every first word ("\\s+").
                if low >= 1:
                    states = _walk(body, states)
                    if all(done for _, done in states):
                        continue
                raise _UnboundedError
            merged = set()
            current = states
            for count in range(high + 1):
                if count >= low:
                    merged |= current
                current = _walk(body, current)
            states = merged
        elif op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue  # anchors and lookarounds consume nothing
        else:
            raise _UnboundedError
        if len(states) > _MAX_VARIANTS:
            raise _UnboundedError
    return states


def trigger_words(pattern: str) -> WordSet | None:
    """Every word a match of ``pattern`` can start with, for prefiltering.

    Args:
        pattern: a regex source, matched case-insensitively against text.

    Returns:
        The lower-case first words of every possible match, as ``word_set`` splits them; or
        ``None`` when they cannot be listed (the regex must then always run).
    """
    try:
        states = _walk(_parser.parse(pattern, 0), {("", False)})
    except _UnboundedError:
        return None
    words = {prefix for prefix, _ in states}
    if "" in words:
        return None  # a match can start without any word: no prefilter is safe
    return frozenset(word.encode("utf-8") for word in words)


def first_match_within(
    pattern: re.Pattern[str],
    lowered: str,
    reach: int,
    words: WordSet,
    at: Occurrences | None,
    triggers: WordSet | None,
) -> re.Match[str] | None:
    """The first match of ``pattern`` in the first ``reach`` characters of ``lowered``
    (``triggered_matches``: only at the trigger words' positions ``at``, which are known for
    the whole text and so used only when the text is no longer than ``reach``)."""
    return next(
        triggered_matches(
            pattern, lowered[:reach], words, at if len(lowered) <= reach else None, triggers
        ),
        None,
    )


def phrase_beside(
    text: str,
    words: WordSet | None,
    triggers: WordSet,
    reach: int,
    phrase: re.Pattern[str],
    beside: re.Pattern[str],
) -> str | None:
    """``phrase`` as written, if the text holds one of ``triggers`` and, in its first ``reach``
    characters lower-cased, a match of ``phrase`` and one of ``beside``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        triggers: words without which neither pattern can match together.
        reach: how much of the text is read.
        phrase: the pattern whose match is returned (against lower-cased text).
        beside: the pattern that must match too.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(triggers):
        return None
    head = text[:reach]
    lowered = head.lower()
    found = phrase.search(lowered)
    if found is None or beside.search(lowered) is None:
        return None
    return as_written(head, lowered, found)


def as_written(text: str, lowered: str, match: re.Match[str]) -> str:
    """``match`` (found in ``lowered``, the lower-cased ``text``) as written in ``text``,
    stripped; lower-casing rarely changes a text's length, and then the match as found."""
    if len(lowered) == len(text):
        return text[match.start() : match.end()].strip()
    return match.group().strip()


def listed_trigger_words(pattern: re.Pattern[str]) -> WordSet:
    """``trigger_words`` of a regex written to be prefiltered: its first words must be listable.

    Raises:
        ValueError: they are not (a pattern edit that would make every text searched).
    """
    words = trigger_words(pattern.pattern)
    if words is None:  # pragma: no cover - a pattern edit that breaks prefiltering
        raise ValueError(f"no trigger words for {pattern.pattern[:40]!r}")
    return words


# Batch prefiltering. ``word_set`` costs a few microseconds a text; over a batch, the same
# question ("which of these trigger words does each text hold?") is answered for every text at
# once with numpy: the batch is joined into one byte array, words are the runs of word bytes,
# each word gets a 32-bit polynomial hash, and the hashes are looked up in the hashes of the
# trigger words. Only the few occurrences that hit come back to Python. A word that only shares
# a trigger word's hash (about one word in ten million) merely makes a finder or a normaliser
# try a regex where it cannot match: the findings never change.
_HASH_P: Final = 0x01000193  # odd, so invertible modulo 2**32
_HASH_P_INV: Final = pow(_HASH_P, -1, 1 << 32)
_MASK32: Final = (1 << 32) - 1
# The hash bits that pick a slot of the bitmap that rules most words out before the exact
# lookup: 2**16 slots (64 KiB, in cache) leave about one word in 150 for the binary search.
_FILTER_SHIFT: Final = np.uint32(16)
# Non-ASCII characters whose lower case holds an ASCII letter (KELVIN SIGN is "k", "İ" is
# "i" and a combining dot): ``str.lower()`` can turn them into part of an ASCII word, which the
# byte-wise lower-casing of the batch does not, so texts holding one are split the exact way.
# (``tests/content/test_triggers.py`` checks the whole of Unicode for others.)
LOWERS_TO_ASCII: Final = ("\u0130", "\u212a")

# What each byte of a batch is (``JoinedTexts.kinds``), one small code per byte, ordered so
# that every byte class a prefilter or a layout count asks for is one range of codes: a class
# is then one or two comparisons of a byte array, several times cheaper than a 256-entry
# lookup table indexed by the bytes (numpy first widens such indices to 64 bits).
KIND_OTHER: Final = 0
KIND_BANG: Final = 1  # "!"
KIND_NUL: Final = 2  # the separator between texts
KIND_ODD_SPACE: Final = 3  # ASCII whitespace other than " " (tab, newline, \x1c-\x1f...)
KIND_BLANK: Final = 4  # " "
KIND_PHONE_PUNCT: Final = 5  # one of "()+.-", written inside phone numbers
KIND_DIGIT: Final = 6  # an ASCII digit
KIND_NON_ASCII: Final = 7  # any byte of a non-ASCII character
KIND_UPPER: Final = 8  # an ASCII capital
KIND_LOWER: Final = 9  # an ASCII small letter
_KIND_TABLE: Final = bytes(
    KIND_NON_ASCII
    if b >= 128
    else KIND_UPPER
    if 65 <= b <= 90
    else KIND_LOWER
    if 97 <= b <= 122
    else KIND_DIGIT
    if 48 <= b <= 57
    else KIND_BLANK
    if b == 32
    else KIND_ODD_SPACE
    if chr(b).isspace()
    else KIND_NUL
    if b == 0
    else KIND_BANG
    if b == 33
    else KIND_PHONE_PUNCT
    if chr(b) in "()+.-"
    else KIND_OTHER
    for b in range(256)
)
#: How many kind codes there are (``KIND_*`` are 0 to ``KINDS - 1``).
KINDS: Final = 10

_powers: dict[int, npt.NDArray[np.uint32]] = {}


def _power_table(base: int, size: int) -> npt.NDArray[np.uint32]:
    cached = _powers.get(base)
    if cached is None or len(cached) < size:
        grown = max(size, 1 << 16, 2 * (len(cached) if cached is not None else 0))
        table = np.full(grown, base, dtype=np.uint32)
        table[0] = 1
        cached = _powers[base] = np.cumprod(table, dtype=np.uint32)  # wraps mod 2**32
    return cached[:size]


def _word_hash(word: bytes) -> int:
    value = 0
    power = 1
    for byte in word:
        value = (value + (byte + 1) * power) & _MASK32
        power = (power * _HASH_P) & _MASK32
    return value


def run_bounds(
    mask: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Where each maximal run of true values of ``mask`` starts, and where it ends (one past).

    Args:
        mask: a flag per byte.

    Returns:
        (starts, ends), ascending.
    """
    edges = np.diff(mask.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


class TriggerIndex:
    """Which of a fixed set of trigger words each text of a batch holds, in one numpy pass.

    ``index.present(texts)[i]`` is ``word_set(texts[i]) & words`` (plus, very rarely, a word
    whose hash collides, see above): the prefilters only ever ask whether a text's words meet
    some subset of the trigger words, so this reduced set answers them as ``word_set`` would,
    for a fraction of the cost.

    Attributes:
        words: the trigger words.
    """

    def __init__(self, words: WordSet) -> None:
        self.words = words
        # Two trigger words with one 32-bit hash would make one of them unfindable.
        by_hash = {_word_hash(word): word for word in words}
        if len(by_hash) != len(words):  # pragma: no cover - a 1 in 10**4 chance per new word
            raise ValueError("two trigger words share a hash; change _HASH_P")
        self._hashes = np.array(sorted(by_hash), dtype=np.uint32)
        self._filter = np.zeros(1 << (32 - int(_FILTER_SHIFT)), dtype=bool)
        self._filter[self._hashes >> _FILTER_SHIFT] = True
        self._by_hash = by_hash
        # One shared set per trigger word, for the many texts that hold a single one: fewer
        # new objects that outlive the batch, so fewer garbage collector passes.
        self._alone = {word: frozenset((word,)) for word in words}
        lengths = [len(word) for word in words] or [0]
        self._min = min(lengths)
        self._max = max(lengths)
        # With ASCII trigger words only, a non-ASCII text's trigger words are found in its bytes
        # like any other text's (a word holding a non-ASCII byte is no trigger word either way).
        self._ascii = all(word.isascii() for word in words)

    def present(self, batch: JoinedTexts) -> tuple[list[WordSet], list[Occurrences | None]]:
        """The trigger words each text of a batch holds, and where.

        Args:
            batch: the texts, joined (``JoinedTexts``).

        Returns:
            One set per text (one shared empty set for the texts that hold none), and for each
            text its trigger words in order with their character positions in the text (``None``
            for a text with a non-ASCII character, whose byte offsets are not its positions).
        """
        texts = batch.texts
        found: list[WordSet] = [EMPTY_WORDS] * len(texts)
        where: list[Occurrences | None] = [NO_OCCURRENCES] * len(texts)
        if not texts or not self.words:
            return found, where
        starts, ends = run_bounds(batch.kinds >= KIND_DIGIT)  # digits, letters, non-ASCII
        sizes = ends - starts
        keep = (sizes >= self._min) & (sizes <= self._max)
        starts = starts[keep]
        ends = ends[keep]
        if len(starts):
            data = batch.lowered
            size = len(data)
            weighted = data.astype(np.uint32)
            weighted += np.uint32(1)
            weighted *= _power_table(_HASH_P, size)
            prefix = np.zeros(size + 1, dtype=np.uint32)
            np.cumsum(weighted, out=prefix[1:])
            hashes = (prefix[ends] - prefix[starts]) * _power_table(_HASH_P_INV, size)[starts]
            maybe = np.flatnonzero(self._filter[hashes >> _FILTER_SHIFT])
            slots = np.searchsorted(self._hashes, hashes[maybe])
            slots[slots == len(self._hashes)] = 0
            hit = maybe[self._hashes[slots] == hashes[maybe]]
            if len(hit):
                self._collect(batch, starts[hit], hashes[hit], found, where)
        exact = batch.non_ascii_rows()
        if self._ascii:
            exact = [row for row in exact if any(c in texts[row] for c in LOWERS_TO_ASCII)]
        for row in exact:
            # str.lower() folds these texts otherwise than byte by byte: the exact way.
            found[row] = word_set(texts[row]) & self.words or EMPTY_WORDS
        for row in batch.non_ascii_rows():
            where[row] = None
        return found, where

    def _collect(
        self,
        batch: JoinedTexts,
        positions: npt.NDArray[np.intp],
        hashes: npt.NDArray[np.uint32],
        found: list[WordSet],
        where: list[Occurrences | None],
    ) -> None:
        """Fill ``found`` and ``where`` from the trigger words hit at ``positions``."""
        rows = batch.row_of[positions]
        offsets = (positions - batch.row_starts[rows]).tolist()
        by_hash = self._by_hash
        words = [by_hash[value] for value in hashes.tolist()]
        occurrences = list(zip(offsets, words))  # noqa: B905 - equal lengths by construction
        # Occurrences are in batch order, so each text's are one run of the lists.
        firsts = np.flatnonzero(np.diff(rows, prepend=-1)).tolist()
        bounds = [*firsts[1:], len(words)]
        alone = self._alone
        for row, first, last in zip(rows[firsts].tolist(), firsts, bounds):  # noqa: B905
            found[row] = alone[words[first]] if last - first == 1 else frozenset(words[first:last])
            where[row] = occurrences[first:last]


def _encode_joined(texts: Sequence[str]) -> bytes:
    """The texts in UTF-8, NUL between them.

    Text by text: one non-ASCII character (an emoji) in a joined ``str`` widens the whole batch
    to four bytes a character, and encoding that costs four times as much as encoding each text.
    """
    return b"\x00".join([text.encode("utf-8", "surrogatepass") for text in texts])


class JoinedTexts:
    """A batch of texts as one byte array, NUL between texts, for per-text counts in numpy.

    A NUL inside a text becomes a space here (every prefilter treats both as a separator).

    Attributes:
        texts: the texts.
        data: their UTF-8 bytes, joined with NUL.
        lowered: ``data`` with ASCII capitals lower-cased.
        kinds: what each byte of ``data`` is (a ``KIND_*`` code).
        row_of: the text each byte belongs to (NULs count with the text before them).
        row_starts: where each text starts in ``data``.
        clean: no text held a NUL of its own (so every byte offset is the text's own).
        ascii: every text is ASCII.
    """

    __slots__ = (
        "_non_ascii",
        "ascii",
        "clean",
        "data",
        "kinds",
        "lowered",
        "row_of",
        "row_starts",
        "texts",
    )

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        encoded = _encode_joined(texts)
        data = np.frombuffer(encoded, dtype=np.uint8)
        separators = np.flatnonzero(data == 0)
        self.clean = len(separators) == max(len(texts) - 1, 0)
        if not self.clean:
            encoded = _encode_joined([text.replace("\x00", " ") for text in texts])
            data = np.frombuffer(encoded, dtype=np.uint8)
            separators = np.flatnonzero(data == 0)
        # Every character takes one byte or more, one each only if all are ASCII.
        self.ascii = len(encoded) == sum(map(len, texts)) + len(separators)
        self.data = data
        self.lowered = np.frombuffer(encoded.lower(), dtype=np.uint8)  # ASCII letters only
        self.kinds = np.frombuffer(encoded.translate(_KIND_TABLE), dtype=np.uint8)
        self.row_starts = np.concatenate((np.zeros(1, np.intp), separators + 1))
        if texts:
            sizes = np.diff(self.row_starts, append=len(data))
            self.row_of = np.repeat(np.arange(len(texts)), sizes)
        else:
            self.row_of = np.zeros(0, dtype=np.intp)
        self._non_ascii: list[int] | None = None

    def count(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """How many bytes of each text ``mask`` selects."""
        return np.bincount(self.row_of[mask], minlength=len(self.texts))

    def kind_between(self, low: int, high: int) -> npt.NDArray[np.bool_]:
        """Which bytes are of a kind from ``low`` to ``high`` (``KIND_*`` codes, inclusive)."""
        # One subtraction that wraps below ``low`` and one comparison.
        return np.asarray((self.kinds - np.uint8(low)) <= np.uint8(high - low))

    def non_ascii_rows(self) -> list[int]:
        """The texts that hold a non-ASCII character (computed once)."""
        if self._non_ascii is None:
            if self.ascii:
                self._non_ascii = []
            else:
                # Not np.unique: it imports numpy.ma on first use, a one-off stall (and import
                # garbage) in the middle of live traffic.
                counts = self.count(self.kinds == KIND_NON_ASCII)
                self._non_ascii = np.flatnonzero(counts).tolist()
        return self._non_ascii


#: The empty word set (shared).
EMPTY_WORDS: Final[WordSet] = frozenset()
#: A text's trigger words in order, each with the position where it starts in the text.
Occurrences = list[tuple[int, bytes]]
#: No occurrences (shared; never modified).
NO_OCCURRENCES: Final[Occurrences] = []
