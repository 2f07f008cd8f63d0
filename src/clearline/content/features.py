"""Hashed character and word n-gram features for a whole batch at once, vectorised with numpy.

Python loops over n-grams cost tens of microseconds a message; here the batch is joined into one
byte array and every n-gram hash comes from one polynomial prefix hash, so the cost per message
is a few microseconds and does not depend on Python-level work per n-gram.

For the bytes ``b`` of the joined batch, ``H[i] = sum((b[j] + 1) * P**j for j < i) mod 2**32``;
the hash of bytes ``[s, e)`` is ``(H[e] - H[s]) * P**-s``, the same wherever the span sits.
Spans never cross a message (messages are separated by NUL). Each hash is salted by its kind
(character n-gram length, word, word pair) and mapped to one of ``2**bits`` buckets.

The feature value of bucket ``h`` in a message is ``count * idf[h]``, and each message's
vector is scaled to (about) unit length: TF-IDF, as in the literature on SMS spam. Single
characters count once per message whatever their number (``count`` is 1): raw counts of
spaces and vowels swamp the vector's length, and presence ranked spam better in
cross-validation on the training data (``docs/content.md``). Training
(``clearline.content.training``) and scoring use this one function, so the shipped weights
always match the features they were fitted on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "CHAR_NGRAMS",
    "HashedBatch",
    "hash_batch",
    "score_table",
    "word_features_many",
]

#: Character n-gram lengths (in UTF-8 bytes); single bytes are counted by presence. 4-grams
#: added nothing over 3- and 5-grams in cross-validation on the training split, and neither
#: they nor 2-4 or 3-5 held every cross-corpus figure (docs/content.md, third round).
CHAR_NGRAMS: Final = (1, 2, 3, 5)

# Hashing is done modulo 2**32: numpy multiplies 32-bit integers with SIMD instructions, twice
# as many per step as 64-bit ones, and 2**32 values are plenty for 2**bits buckets.
_MASK32: Final = (1 << 32) - 1
_P: Final = 0x01000193  # the 32-bit FNV prime: odd, so it has an inverse modulo 2**32
_P_INV: Final = pow(_P, -1, 1 << 32)
_MIX: Final = np.uint32(0x9E3779B1)  # Fibonacci hashing multiplier
_SALT_WORD: Final = np.uint32(0x27D4EB2F)
_SALT_PAIR: Final = np.uint32(0x165667B1)
_PAIR_K: Final = np.uint32(0x85EBCA77)

# Bytes that belong to a word: ASCII letters and digits, currency signs, and every non-ASCII
# byte (so words in other scripts stay whole).
_WORD_BYTE: Final = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyz0123456789$\xa3\xe2\x82\xac":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True
# The same as a ``bytes.translate`` table (to 0 or 1), much cheaper over a batch than indexing.
_WORD_TABLE: Final = bytes(_WORD_BYTE.astype(np.uint8))

_powers_cache: dict[int, npt.NDArray[np.uint32]] = {}

#: Up to this many texts, ``HashedBatch.scores`` sums in plain Python (see ``SMALL_BATCH_BYTES``).
_SMALL_SCORE_ROWS: Final = 4


def _powers(base: int, size: int) -> npt.NDArray[np.uint32]:
    """``base**i mod 2**32`` for ``i < size``, grown and cached across calls."""
    cached = _powers_cache.get(base)
    if cached is not None and len(cached) >= size:
        return cached[:size]
    grown = max(size, 1 << 18, 2 * (len(cached) if cached is not None else 0))
    powers = np.full(grown, base, dtype=np.uint32)
    powers[0] = 1
    powers = np.cumprod(powers, dtype=np.uint32)  # wraps modulo 2**32, as intended
    _powers_cache[base] = powers
    return powers[:size]


def _salt(n: int) -> np.uint32:
    return np.uint32((n * 0x9E3779B1) & _MASK32)


class HashedBatch:
    """The hashed features of a batch, as coordinate lists (one entry per occurrence).

    Occurrences come in segments, one per feature kind, each ordered by row: scoring sums each
    segment with ``np.add.reduceat`` over contiguous runs, several times faster than a
    ``bincount`` over scattered rows.

    Character n-grams are hashed at every byte position of the joined batch, the ones that
    would cross from one text into the next included: those get the *null bucket* ``2**bits``,
    whose weight and IDF are zero when scoring and which ``rows``/``buckets`` leave out. That
    keeps every array a plain slice, with no filtering or gathering per n-gram length.

    Two kinds are stored as small *codes* instead of buckets: single bytes (the byte value) and
    character 2-grams (the two bytes as one 16-bit number), whose bucket depends on nothing
    else. Scoring then reads a table of 256 or 65,536 values per code (``table[codebook]``,
    built once per model), which stays in the processor's cache, instead of gathering from the
    whole table of several MiB; and 2-grams need no hashing at all.

    Attributes:
        segments: (rows, buckets or codes) per feature kind, rows ascending within each.
        size: the number of messages.
        null: the null bucket, ``2**bits``.
        runs: per segment, where each row's run of it starts and which row that is, when the
            hashing knows them already (``None``: found from ``rows`` when scoring).
        codebooks: per segment, the bucket of each code (``None``: it holds buckets).
    """

    __slots__ = ("codebooks", "null", "runs", "segments", "size")

    def __init__(
        self,
        segments: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
        size: int,
        null: int,
        runs: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None] | None = None,
        codebooks: list[npt.NDArray[np.int64] | None] | None = None,
    ) -> None:
        self.segments = segments
        self.size = size
        self.null = null
        self.runs = runs if runs is not None else [None] * len(segments)
        self.codebooks = codebooks if codebooks is not None else [None] * len(segments)

    def _real(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        if not self.segments:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        rows = np.concatenate([rows for rows, _ in self.segments])
        buckets = np.concatenate(
            [
                stored if codebook is None else codebook[stored]
                for (_, stored), codebook in zip(self.segments, self.codebooks, strict=True)
            ]
        )
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
        occurrence; on the UCI split it gained nothing measurable and cost 40 us a message,
        and across corpora it traded the UCI split for UCI -> PH (docs/content.md).

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

    def scores(self, table: npt.NDArray[np.complex128]) -> npt.NDArray[np.float64]:
        """The linear score ``weights . x`` of each row (``scores_and_norms``' first part)."""
        return self.scores_and_norms(table)[0]

    def scores_and_norms(
        self, table: npt.NDArray[np.complex128]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The linear score ``weights . x`` of each row, without building ``x``, and each
        row's length (what the raw sums are divided by: explanations need it).

        Args:
            table: per bucket, the model weight (already multiplied by ``idf``) as the real
                part and ``idf**2`` (for the row lengths) as the imaginary part, with a final 0
                for the null bucket (``score_table`` builds it). One gather then fetches both
                numbers of a bucket from the same cache line. Sums are in double precision,
                so a text scores the same to the last digits wherever it sits in a batch.

        Returns:
            (one score per message, 0 for an empty text; one row length per message).
        """
        if self.size <= _SMALL_SCORE_ROWS:
            return self._scores_small(table)
        totals = np.zeros(self.size, dtype=np.complex128)
        for (rows, stored), runs, codebook in zip(
            self.segments, self.runs, self.codebooks, strict=True
        ):
            if not len(rows):
                continue
            if runs is None:
                starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
                runs = (starts, rows[starts])
            starts, run_rows = runs
            values = table if codebook is None else _coded_values(table, codebook)
            # Indexing gathers faster than np.take here (the table is a few MiB: cache misses).
            totals[run_rows] += np.add.reduceat(values[stored], starts)
        norms = np.sqrt(np.maximum(totals.imag, 1e-12))
        return np.asarray(totals.real / norms, dtype=np.float64), norms

    def _scores_small(
        self, table: npt.NDArray[np.complex128]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        # The same sums in the same order as the numpy path (each segment's run of a row summed
        # left to right, then added to the row's total), so the result is bit-for-bit the same.
        totals = [0j] * self.size
        for (rows, stored), codebook in zip(self.segments, self.codebooks, strict=True):
            if not len(rows):
                continue
            buckets = stored if codebook is None else codebook[stored]
            values = np.take(table, buckets).tolist()
            run_row = -1
            run = 0j
            for row, value in zip(rows.tolist(), values, strict=True):
                if row != run_row:
                    if run_row >= 0:
                        totals[run_row] += run
                    run_row, run = row, value
                else:
                    run += value
            totals[run_row] += run
        norms = [math.sqrt(max(total.imag, 1e-12)) for total in totals]
        return (
            np.array([total.real / norm for total, norm in zip(totals, norms, strict=True)]),
            np.array(norms, dtype=np.float64),
        )


def score_table(
    weights: npt.NDArray[np.float32], idf: npt.NDArray[np.float32]
) -> npt.NDArray[np.complex128]:
    """The per-bucket table ``HashedBatch.scores`` reads.

    Args:
        weights: model weight per bucket, already multiplied by ``idf``.
        idf: inverse document frequency per bucket.

    Returns:
        ``weights + 1j * idf**2``, with a 0 appended for the null bucket.
    """
    table = np.zeros(len(weights) + 1, dtype=np.complex128)
    table.real[:-1] = weights
    table.imag[:-1] = idf.astype(np.float64) ** 2
    table.flags.writeable = False  # read only: scoring keeps tables derived from it
    return table


# ``table[codebook]`` for the (read-only) tables scoring has seen, with both keys held so that
# their ids stay theirs.
_coded: dict[
    tuple[int, int],
    tuple[npt.NDArray[np.complex128], npt.NDArray[np.int64], npt.NDArray[np.complex128]],
] = {}


def _coded_values(
    table: npt.NDArray[np.complex128], codebook: npt.NDArray[np.int64]
) -> npt.NDArray[np.complex128]:
    """The value of each code of ``codebook`` in ``table``, computed once per table."""
    if table.flags.writeable:
        return table[codebook]  # it may change: nothing derived from it can be kept
    key = (id(table), id(codebook))
    found = _coded.get(key)
    if found is None or found[0] is not table or found[1] is not codebook:
        if len(_coded) >= 16:
            _coded.clear()
        found = _coded[key] = (table, codebook, table[codebook])
    return found[2]


_codebooks: dict[tuple[int, int], npt.NDArray[np.int64]] = {}


def _byte_buckets(bits: int) -> npt.NDArray[np.int64]:
    """The bucket of each single byte value, as the n-gram hashing below computes it."""
    found = _codebooks.get((1, bits))
    if found is None:
        hashes = np.arange(1, 257, dtype=np.uint32) + _salt(1)
        found = _codebooks[1, bits] = ((hashes * _MIX) >> np.uint32(32 - bits)).astype(np.int64)
    return found


def _pair_buckets(bits: int) -> npt.NDArray[np.int64]:
    """The bucket of each character 2-gram, by its code ``first_byte * 256 + second_byte``.

    The polynomial hash of bytes ``a, b`` is ``(a + 1) + (b + 1) * P`` wherever they sit, so
    this is what ``hash_batch``'s general n-gram hashing gives them; a 2-gram with a NUL (one
    that runs into the next text) gets the null bucket, as there.
    """
    found = _codebooks.get((2, bits))
    if found is None:
        codes = np.arange(1 << 16, dtype=np.uint32)
        first = codes >> np.uint32(8)
        second = codes & np.uint32(255)
        hashes = (first + np.uint32(1)) + (second + np.uint32(1)) * np.uint32(_P) + _salt(2)
        found = ((hashes * _MIX) >> np.uint32(32 - bits)).astype(np.int64)
        found[(first == 0) | (second == 0)] = 1 << bits
        _codebooks[2, bits] = found
    return found


#: Up to this many bytes in all, a batch is hashed in plain Python (``_hash_small``): numpy's
#: fixed cost per call (dozens of calls a batch) outweighs the per-n-gram work of a few texts,
#: which is what the online paths (one SMPP ``submit_sm``, one HTTP check) score.
SMALL_BATCH_BYTES: Final = 600

_WORD_BYTES: Final = frozenset(int(c) for c in np.flatnonzero(_WORD_BYTE))


def hash_batch(texts: Sequence[str], bits: int) -> HashedBatch:
    """Hash the character n-grams, words and word pairs of normalised texts.

    Args:
        texts: normalised texts (``clearline.content.normalize.normalize_text``), no NULs.
        bits: the feature space has ``2**bits`` buckets (at most 31).

    Returns:
        Every feature occurrence of every text.
    """
    size = len(texts)
    if size == 0:
        return HashedBatch([], 0, 1 << bits)
    if sum(map(len, texts)) <= SMALL_BATCH_BYTES // 4:
        # Short enough that even 4-byte characters keep it under the byte bound.
        return _hash_small(texts, bits)
    # Each text is framed by spaces (word edges count as characters) and ended by a NUL.
    # Encoded text by text: one emoji in a joined ``str`` widens the whole batch to four bytes
    # a character, and encoding that is several times slower.
    encoded = b" " + b" \x00 ".join([text.encode("utf-8", "surrogatepass") for text in texts])
    encoded += b" \x00"
    data = np.frombuffer(encoded, np.uint8)
    length = len(data)
    sep_positions = np.flatnonzero(data == 0)
    row_sizes = np.diff(sep_positions, prepend=-1)  # every text's bytes, its NUL included
    row_starts = sep_positions - row_sizes + 1
    row_of = np.repeat(np.arange(size), row_sizes)  # the text each byte belongs to

    # In place where possible: every temporary of a batch's size costs a pass over fresh memory.
    weighted = data.astype(np.uint32)
    weighted += np.uint32(1)
    weighted *= _powers(_P, length)
    prefix = np.empty(length + 1, dtype=np.uint32)
    prefix[0] = 0
    np.cumsum(weighted, out=prefix[1:])
    inverse = _powers(_P_INV, length)
    shift = np.uint32(32 - bits)

    null = 1 << bits
    segments: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    runs: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None] = []
    codebooks: list[npt.NDArray[np.int64] | None] = []
    for n in CHAR_NGRAMS:
        if n == 1:
            # Presence of each byte value per text: a (texts x 256) bitmap instead of a sort.
            seen = np.zeros(size * 256, dtype=bool)
            seen[row_of * 256 + data] = True
            seen[::256] = False  # the separator
            present = np.flatnonzero(seen)
            segments.append((present >> 8, present & 255))
            runs.append(None)
            codebooks.append(_byte_buckets(bits))
            continue
        count = length - n + 1
        if count <= 0:
            continue  # a batch of empty texts is shorter than the n-gram
        if n == 2:
            # Coded, not hashed: the two bytes themselves (see ``_pair_buckets``).
            codes = (data[:-1].astype(np.int64) << 8) | data[1:]
            segments.append((row_of[:count], codes))
            codebooks.append(_pair_buckets(bits))
        else:
            hashes = np.subtract(prefix[n : n + count], prefix[:count])
            hashes *= inverse[:count]
            hashes += _salt(n)
            hashes *= _MIX
            hashes >>= shift
            buckets = hashes.astype(np.int64)
            # The n-grams that would run into the next text: the last n - 1 before each NUL,
            # and the ones starting at the NUL itself.
            crossing = (sep_positions[:, None] - np.arange(n)).ravel()
            buckets[crossing[(crossing >= 0) & (crossing < count)]] = null
            segments.append((row_of[:count], buckets))
            codebooks.append(None)
        # The texts that start before ``count`` have n-grams here, from their first byte on.
        reached = int(np.searchsorted(row_starts, count))
        runs.append((row_starts[:reached], np.arange(reached)))

    # Words: maximal runs of word bytes.
    is_word = np.frombuffer(encoded.translate(_WORD_TABLE), dtype=np.bool_)
    edges = np.diff(is_word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    word_starts = np.flatnonzero(edges == 1)
    word_ends = np.flatnonzero(edges == -1)
    if len(word_starts):
        word_hashes = (prefix[word_ends] - prefix[word_starts]) * inverse[word_starts]
        word_rows = row_of[word_starts]
        salted = word_hashes + _SALT_WORD
        segments.append((word_rows, ((salted * _MIX) >> shift).astype(np.int64)))
        same_text = word_rows[1:] == word_rows[:-1]
        pairs = word_hashes[:-1][same_text] * _PAIR_K + word_hashes[1:][same_text]
        pairs += _SALT_PAIR
        segments.append((word_rows[1:][same_text], ((pairs * _MIX) >> shift).astype(np.int64)))
        runs += [None, None]
        codebooks += [None, None]
    return HashedBatch(segments, size, 1 << bits, runs, codebooks)


_small_tables: dict[int, list[int]] = {}
_POWERS_SMALL: Final = [pow(_P, i, 1 << 32) for i in range(SMALL_BATCH_BYTES + 8)]
_INVERSES_SMALL: Final = [pow(_P_INV, i, 1 << 32) for i in range(SMALL_BATCH_BYTES + 8)]


def _hash_small(texts: Sequence[str], bits: int) -> HashedBatch:
    """``hash_batch`` for a few short texts, in plain Python: the same buckets in the same order
    (so the same scores), without numpy's fixed cost per call."""
    byte_buckets = _small_tables.get(bits)
    if byte_buckets is None:
        byte_buckets = _small_tables[bits] = _byte_buckets(bits).tolist()
    shift = 32 - bits
    mask = _MASK32
    mix = int(_MIX)
    powers = _POWERS_SMALL
    inverses = _INVERSES_SMALL
    salt_word, salt_pair, pair_k = int(_SALT_WORD), int(_SALT_PAIR), int(_PAIR_K)
    kinds: list[tuple[list[int], list[int]]] = [([], []) for _ in range(len(CHAR_NGRAMS) + 2)]
    word_bytes = _WORD_BYTES
    for row, text in enumerate(texts):
        data = (" " + text + " ").encode("utf-8", "surrogatepass")
        length = len(data)
        # prefix[i] = sum((b[j] + 1) * P**j for j < i) mod 2**32, as in the numpy version.
        prefix = [0] * (length + 1)
        total = 0
        for i, byte in enumerate(data):
            total = (total + (byte + 1) * powers[i]) & mask
            prefix[i + 1] = total
        for kind, n in enumerate(CHAR_NGRAMS):
            rows, buckets = kinds[kind]
            if n == 1:
                present = sorted(set(data))
                rows.extend([row] * len(present))
                buckets.extend([byte_buckets[value] for value in present])
                continue
            salt = int(_salt(n))
            count = length - n + 1
            if count <= 0:
                continue
            rows.extend([row] * count)
            buckets.extend(
                [
                    ((((prefix[s + n] - prefix[s]) * inverses[s] + salt) & mask) * mix & mask)
                    >> shift
                    for s in range(count)
                ]
            )
        words: list[int] = []
        start = -1
        for i, byte in enumerate(data):
            if byte in word_bytes:
                if start < 0:
                    start = i
            elif start >= 0:
                words.append(((prefix[i] - prefix[start]) * inverses[start]) & mask)
                start = -1
        if start >= 0:
            words.append(((prefix[length] - prefix[start]) * inverses[start]) & mask)
        rows, buckets = kinds[-2]
        rows.extend([row] * len(words))
        buckets.extend([(((w + salt_word) & mask) * mix & mask) >> shift for w in words])
        rows, buckets = kinds[-1]
        rows.extend([row] * max(0, len(words) - 1))
        buckets.extend(
            [
                ((((a * pair_k + b + salt_pair) & mask) * mix) & mask) >> shift
                for a, b in pairwise(words)
            ]
        )
    segments = [
        (np.array(rows, dtype=np.int64), np.array(buckets, dtype=np.int64))
        for rows, buckets in kinds
        if rows
    ]
    return HashedBatch(segments, len(texts), 1 << bits)


# Words as ``hash_batch`` cuts them: maximal runs of ``_WORD_BYTE`` bytes, i.e. of ASCII
# lower-case letters, digits, "$" and any non-ASCII character (all of whose bytes are >= 0x80).
_WORD_RUN: Final = re.compile("[a-z0-9$\x80-\U0010ffff]+")
# The position-free polynomial hash of recently seen words (names repeat across texts).
_word_hashes: dict[str, int] = {}
_WORD_HASHES_KEPT: Final = 65_536


def _word_hash(word: str) -> int:
    found = 0
    power = 1
    for byte in word.encode("utf-8", "surrogatepass"):
        found = (found + (byte + 1) * power) & _MASK32
        power = (power * _P) & _MASK32
    if len(_word_hashes) >= _WORD_HASHES_KEPT:
        _word_hashes.clear()
    _word_hashes[word] = found
    return found


def word_features_many(
    texts: Sequence[str], bits: int
) -> tuple[list[list[str]], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The words of normalised texts with the buckets of their words and word pairs: the
    same buckets as ``hash_batch`` gives the word and word-pair features (explanations name
    these). A word's hash does not depend on where it stands, so each is computed once and
    kept; the buckets are mixed for the whole batch in numpy.

    Args:
        texts: normalised texts.
        bits: the feature space has ``2**bits`` buckets.

    Returns:
        (each text's words, the buckets of every text's words one text after the other, the
        buckets of every text's neighbouring word pairs likewise: a text of ``n`` words has
        ``n`` of the first and ``max(n - 1, 0)`` of the second).
    """
    words = [_WORD_RUN.findall(text) for text in texts]
    known = _word_hashes.get
    hashes = np.array(
        [known(word) or _word_hash(word) for listed in words for word in listed], dtype=np.uint64
    )
    shift = np.uint64(32 - bits)
    mask = np.uint64(_MASK32)
    mix = np.uint64(_MIX)
    singles = ((((hashes + np.uint64(_SALT_WORD)) & mask) * mix) & mask) >> shift
    # A pair joins neighbours inside one text: every position but each text's last word.
    counts = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    inside = np.ones(len(hashes), dtype=bool)
    inside[np.cumsum(counts)[counts > 0] - 1] = False
    first = hashes[:-1][inside[:-1]]
    second = hashes[1:][inside[:-1]]
    pairs = (
        (((((first * np.uint64(_PAIR_K)) & mask) + second + np.uint64(_SALT_PAIR)) & mask) * mix)
        & mask
    ) >> shift
    return words, singles.astype(np.int64), pairs.astype(np.int64)
