"""Hashed character and word n-gram features for a whole batch at once, vectorised with numpy.

Python loops over n-grams cost tens of microseconds a message; here the batch is joined into one
byte array and every n-gram hash comes from one polynomial prefix hash, so the cost per message
is a few microseconds and does not depend on Python-level work per n-gram.

For the bytes ``b`` of the joined batch, ``H[i] = sum((b[j] + 1) * P**j for j < i) mod 2**64``;
the hash of bytes ``[s, e)`` is ``(H[e] - H[s]) * P**-s``, the same wherever the span sits.
Spans never cross a message (messages are separated by NUL). Each hash is salted by its kind
(character n-gram length, word, word pair) and mapped to one of ``2**bits`` buckets.

The feature value of bucket ``h`` in a message is ``count * idf[h]``, and each message's
vector is scaled to (about) unit length: TF-IDF, as in the literature on SMS spam. Training
(``clearline.content.training``) and scoring use this one function, so the shipped weights
always match the features they were fitted on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = ["CHAR_NGRAMS", "HashedBatch", "hash_batch", "score_table"]

#: Character n-gram lengths (in UTF-8 bytes).
CHAR_NGRAMS: Final = (1, 2, 3, 4, 5)

_MASK64: Final = (1 << 64) - 1
_P: Final = 0x100000001B3  # FNV prime: odd, so it has an inverse modulo 2**64
_P_INV: Final = pow(_P, -1, 1 << 64)
_MIX: Final = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier
_SALT_WORD: Final = 0xC2B2AE3D27D4EB4F
_SALT_PAIR: Final = 0x165667B19E3779F9
_PAIR_K: Final = np.uint64(0x27D4EB2F165667C5)

# Bytes that belong to a word: ASCII letters and digits, currency signs, and every non-ASCII
# byte (so words in other scripts stay whole).
_WORD_BYTE: Final = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyz0123456789$\xa3\xe2\x82\xac":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True

_powers_cache: dict[str, npt.NDArray[np.uint64]] = {}


def _powers(base: int, size: int, key: str) -> npt.NDArray[np.uint64]:
    """``base**i mod 2**64`` for ``i < size``, grown and cached across calls."""
    cached = _powers_cache.get(key)
    if cached is not None and len(cached) >= size:
        return cached[:size]
    grown = max(size, 1 << 16, 2 * (len(cached) if cached is not None else 0))
    powers = np.full(grown, base, dtype=np.uint64)
    powers[0] = 1
    powers = np.cumprod(powers, dtype=np.uint64)  # wraps modulo 2**64, as intended
    _powers_cache[key] = powers
    return powers[:size]


class HashedBatch:
    """The hashed features of a batch, as coordinate lists (one entry per occurrence).

    Occurrences come in segments, one per feature kind, each ordered by row: scoring sums each
    segment with ``np.add.reduceat`` over contiguous runs, several times faster than a
    ``bincount`` over scattered rows.

    Character n-grams are hashed at every byte position of the joined batch, the ones that
    would cross from one text into the next included: those get the *null bucket* ``2**bits``,
    whose weight and IDF are zero when scoring and which ``rows``/``buckets`` leave out. That
    keeps every array a plain slice, with no filtering or gathering per n-gram length.

    Attributes:
        segments: (rows, buckets) per feature kind, rows ascending within each.
        size: the number of messages.
        null: the null bucket, ``2**bits``.
    """

    __slots__ = ("null", "segments", "size")

    def __init__(
        self,
        segments: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
        size: int,
        null: int,
    ) -> None:
        self.segments = segments
        self.size = size
        self.null = null

    def _real(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        if not self.segments:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        rows = np.concatenate([rows for rows, _ in self.segments])
        buckets = np.concatenate([buckets for _, buckets in self.segments])
        real = buckets != self.null
        return rows[real], buckets[real]

    @property
    def rows(self) -> npt.NDArray[np.int64]:
        """The message index of every real occurrence (all segments)."""
        return self._real()[0]

    @property
    def buckets(self) -> npt.NDArray[np.int64]:
        """The feature bucket of every real occurrence (all segments)."""
        return self._real()[1]

    def tfidf(
        self, idf: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Feature values per occurrence: ``idf[bucket]`` over the row's length.

        A bucket that occurs ``k`` times in a message adds up to ``k * idf`` (raw term
        frequency); the row length is ``sqrt(sum(idf**2))`` over occurrences, which equals the
        Euclidean norm when no bucket repeats. Exact sublinear TF-IDF needs a sort of every
        occurrence; on the UCI split it gained nothing measurable and cost 40 us a message.

        Args:
            idf: inverse document frequency per bucket (length ``2**bits``).

        Returns:
            (rows, buckets, values), one entry per occurrence; duplicates add up.
        """
        rows, buckets = self._real()
        raw = idf[buckets]
        norms = np.bincount(rows, weights=raw * raw, minlength=self.size)
        values = raw / np.sqrt(np.maximum(norms, 1e-12))[rows]
        return rows, buckets, values.astype(np.float32)

    def scores(
        self, weights: npt.NDArray[np.float64], idf_squared: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """The linear score ``weights . x`` of each row, without building ``x``.

        Args:
            weights: model weight per bucket, already multiplied by ``idf``, with a final 0
                for the null bucket (``score_table`` builds it).
            idf_squared: ``idf**2`` per bucket (for the row lengths), likewise.

        Returns:
            One score per message (0 for an empty text).
        """
        sums = np.zeros(self.size, dtype=np.float64)
        norms = np.zeros(self.size, dtype=np.float64)
        for rows, buckets in self.segments:
            if not len(rows):
                continue
            starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
            present = rows[starts]
            sums[present] += np.add.reduceat(np.take(weights, buckets), starts)
            norms[present] += np.add.reduceat(np.take(idf_squared, buckets), starts)
        return np.asarray(sums / np.sqrt(np.maximum(norms, 1e-12)), dtype=np.float64)


def score_table(
    weights: npt.NDArray[np.float32], idf: npt.NDArray[np.float32]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The per-bucket arrays ``HashedBatch.scores`` reads: weight times idf, and idf squared.

    Args:
        weights: model weight per bucket, already multiplied by ``idf``.
        idf: inverse document frequency per bucket.

    Returns:
        (weights, idf squared) as float64, each with a 0 appended for the null bucket.
    """
    idf64 = idf.astype(np.float64)
    zero = np.zeros(1)
    return np.concatenate([weights.astype(np.float64), zero]), np.concatenate([idf64**2, zero])


def hash_batch(texts: Sequence[str], bits: int) -> HashedBatch:
    """Hash the character n-grams, words and word pairs of normalised texts.

    Args:
        texts: normalised texts (``clearline.content.normalize.normalize_text``), no NULs.
        bits: the feature space has ``2**bits`` buckets.

    Returns:
        Every feature occurrence of every text.
    """
    size = len(texts)
    if size == 0:
        return HashedBatch([], 0, 1 << bits)
    # Each text is framed by spaces (word edges count as characters) and ended by a NUL.
    joined = " \x00 ".join(texts)
    data = np.frombuffer((" " + joined + " \x00").encode("utf-8", "surrogatepass"), np.uint8)
    length = len(data)
    is_sep = data == 0
    row_of = np.cumsum(is_sep, dtype=np.int64) - is_sep  # the text each byte belongs to
    sep_positions = np.flatnonzero(is_sep)
    segment_end = sep_positions[row_of]  # position of the NUL ending this byte's text

    weighted = (data.astype(np.uint64) + np.uint64(1)) * _powers(_P, length, "p")
    prefix = np.empty(length + 1, dtype=np.uint64)
    prefix[0] = 0
    np.cumsum(weighted, out=prefix[1:])
    inverse = _powers(_P_INV, length, "p_inv")
    shift = np.uint64(64 - bits)

    null = np.int64(1 << bits)
    ends_after = np.arange(length) - segment_end  # n-gram at i fits if i + n <= segment end
    segments: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    for n in CHAR_NGRAMS:
        count = length - n + 1
        if count <= 0:
            continue  # a batch of empty texts is shorter than the n-gram
        hashes = (prefix[n : n + count] - prefix[:count]) * inverse[:count]
        hashes += np.uint64((n * 0x9E3779B1) & _MASK64)
        buckets = ((hashes * _MIX) >> shift).astype(np.int64)
        buckets[ends_after[:count] > -n] = null
        segments.append((row_of[:count], buckets))

    # Words: maximal runs of word bytes.
    is_word = _WORD_BYTE[data]
    edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    word_starts = np.flatnonzero(edges == 1)
    word_ends = np.flatnonzero(edges == -1)
    if len(word_starts):
        word_hashes = (prefix[word_ends] - prefix[word_starts]) * inverse[word_starts]
        word_rows = row_of[word_starts]
        salted = word_hashes + np.uint64(_SALT_WORD)
        segments.append((word_rows, ((salted * _MIX) >> shift).astype(np.int64)))
        same_text = word_rows[1:] == word_rows[:-1]
        pairs = word_hashes[:-1][same_text] * _PAIR_K + word_hashes[1:][same_text]
        pairs += np.uint64(_SALT_PAIR)
        segments.append((word_rows[1:][same_text], ((pairs * _MIX) >> shift).astype(np.int64)))
    return HashedBatch(segments, size, 1 << bits)
