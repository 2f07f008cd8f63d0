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
    "NO_OCCURRENCES",
    "JoinedTexts",
    "Occurrences",
    "TriggerIndex",
    "WordSet",
    "earliest_start",
    "match_at",
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


# Batch prefiltering. ``word_set`` costs a few microseconds a text; over a batch, the same
# question ("which of these trigger words does each text hold?") is answered for every text at
# once with numpy: the batch is joined into one byte array, words are the runs of word bytes,
# each word gets a 32-bit polynomial hash, and the hashes are looked up in the sorted hashes of
# the trigger words. Only the few occurrences that hit come back to Python. A word that only
# shares a trigger word's hash (about one word in ten million) merely makes a finder try a
# regex where it cannot match: the findings never change.
_HASH_P: Final = 0x01000193  # odd, so invertible modulo 2**32
_HASH_P_INV: Final = pow(_HASH_P, -1, 1 << 32)
_MASK32: Final = (1 << 32) - 1
_LOWER_ASCII: Final = np.arange(256, dtype=np.uint8)
_LOWER_ASCII[65:91] += 32
# Bytes inside a word, as ``word_set`` splits: ASCII letters and digits and every non-ASCII byte.
_WORD_BYTES: Final = np.zeros(256, dtype=bool)
for _byte in range(256):
    _WORD_BYTES[_byte] = _byte >= 128 or chr(_byte).isalnum()
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
        self._by_hash = by_hash
        lengths = [len(word) for word in words] or [0]
        self._min = min(lengths)
        self._max = max(lengths)

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
        data = batch.lowered
        edges = np.diff(_WORD_BYTES[data].view(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1)
        sizes = ends - starts
        keep = (sizes >= self._min) & (sizes <= self._max)
        starts = starts[keep]
        ends = ends[keep]
        if len(starts):
            size = len(data)
            weighted = (data.astype(np.uint32) + np.uint32(1)) * _power_table(_HASH_P, size)
            prefix = np.zeros(size + 1, dtype=np.uint32)
            np.cumsum(weighted, out=prefix[1:])
            hashes = (prefix[ends] - prefix[starts]) * _power_table(_HASH_P_INV, size)[starts]
            slots = np.searchsorted(self._hashes, hashes)
            slots[slots == len(self._hashes)] = 0
            hit = np.flatnonzero(self._hashes[slots] == hashes)
            if len(hit):
                positions = starts[hit]
                rows = batch.row_of[positions]
                offsets = (positions - batch.row_starts[rows]).tolist()
                by_hash = self._by_hash
                words = [by_hash[value] for value in hashes[hit].tolist()]
                # Occurrences are in batch order, so each text's are one run of the lists.
                firsts = np.flatnonzero(np.diff(rows, prepend=-1)).tolist()
                bounds = [*firsts[1:], len(words)]
                for row, first, last in zip(rows[firsts].tolist(), firsts, bounds, strict=True):
                    found[row] = frozenset(words[first:last])
                    where[row] = list(zip(offsets[first:last], words[first:last], strict=True))
        for row in batch.non_ascii_rows():
            # str.lower() also folds non-ASCII capitals: these texts are done the exact way.
            found[row] = word_set(texts[row]) & self.words or EMPTY_WORDS
            where[row] = None
        return found, where


class JoinedTexts:
    """A batch of texts as one byte array, NUL between texts, for per-text counts in numpy.

    A NUL inside a text becomes a space here (every prefilter treats both as a separator).

    Attributes:
        texts: the texts.
        data: their UTF-8 bytes, joined with NUL.
        lowered: ``data`` with ASCII capitals lower-cased.
        row_of: the text each byte belongs to (NULs count with the text before them).
    """

    __slots__ = ("ascii", "clean", "data", "lowered", "row_of", "row_starts", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        joined = "\x00".join(texts)
        data = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
        is_sep = data == 0
        #: No text held a NUL of its own (so every byte offset is the text's own).
        self.clean = int(is_sep.sum()) == max(len(texts) - 1, 0)
        if not self.clean:
            joined = "\x00".join(text.replace("\x00", " ") for text in texts)
            data = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
            is_sep = data == 0
        self.ascii = joined.isascii()
        self.data = data
        self.lowered = _LOWER_ASCII[data]
        self.row_of = np.cumsum(is_sep) - is_sep
        #: Where each text starts in ``data``.
        self.row_starts = np.concatenate(([0], np.flatnonzero(is_sep) + 1))

    def count(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """How many bytes of each text ``mask`` selects."""
        return np.bincount(self.row_of[mask], minlength=len(self.texts))

    def non_ascii_rows(self) -> list[int]:
        """The texts that hold a non-ASCII character."""
        if self.ascii:
            return []
        # Not np.unique: it imports numpy.ma on first use, a one-off stall (and import garbage)
        # in the middle of live traffic.
        return np.flatnonzero(self.count(self.data >= 128)).tolist()


#: The empty word set (shared).
EMPTY_WORDS: Final[WordSet] = frozenset()
#: A text's trigger words in order, each with the position where it starts in the text.
Occurrences = list[tuple[int, bytes]]
#: No occurrences (shared; never modified).
NO_OCCURRENCES: Final[Occurrences] = []
