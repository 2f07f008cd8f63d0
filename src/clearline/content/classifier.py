"""The shipped spam and smishing classifier: loading it and scoring a batch.

The model has two stages, both linear, so scoring needs numpy only (no scikit-learn, no pickle):

1. a text model: one weight per hashed bucket of characters (by presence), character 2-, 3-
   and 5-grams, words and word pairs (``clearline.content.features``), giving a margin per
   message;
2. a combiner: a linear function of that margin and the structure features of
   ``clearline.content.facts`` (links, call-back numbers, lures, layout), giving the spam
   log-odds (a calibrated probability).

Training (``clearline.content.training``) fits one linear SVM over the n-grams and the structure
features and calibrates it by Platt scaling on out-of-fold margins; the calibration's slope is
the combiner's text weight and scales the structure weights, its intercept is the combiner's
bias. The artefact is one ``.npz`` file of plain arrays plus a JSON header, loaded with
``allow_pickle=False``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from clearline.content.facts import STRUCTURE_FEATURES, TextAnalysis, analyse_batch
from clearline.content.features import (
    CHAR_NGRAMS,
    hash_batch,
    hash_vectorised,
    joined_bytes,
    score_table,
    word_spans,
)
from clearline.content.normalize import normalize_text

__all__ = ["FORMAT_VERSION", "ContentModel", "ModelFormatError", "load_shipped_model"]

#: Bumped whenever the features or the file layout change; older files are refused.
FORMAT_VERSION = 2
_SHIPPED = "content_model.npz"
# Explanations name features of at least this many characters (shorter ones say nothing).
_READABLE = 3


class ModelFormatError(ValueError):
    """The model file is missing, of another format version, or inconsistent."""


class ContentModel:
    """A trained content model.

    Attributes:
        bits: the hashed feature space has ``2**bits`` buckets.
        weights: text-model weight per bucket, multiplied by ``idf``.
        idf: inverse document frequency per bucket.
        text_intercept: the text model's bias.
        combiner: combiner weights: the text margin first, then ``STRUCTURE_FEATURES``.
        combiner_intercept: the combiner's bias.
        meta: how the model was trained (data, seed, hyper-parameters, cross-validation).
    """

    def __init__(
        self,
        bits: int,
        weights: npt.NDArray[np.float32],
        idf: npt.NDArray[np.float32],
        text_intercept: float,
        combiner: npt.NDArray[np.float64],
        combiner_intercept: float,
        meta: dict[str, Any],
    ) -> None:
        if weights.shape != (1 << bits,) or idf.shape != (1 << bits,):
            raise ModelFormatError(f"weights and idf must have 2**{bits} entries")
        if combiner.shape != (1 + len(STRUCTURE_FEATURES),):
            raise ModelFormatError("the combiner does not match the structure features")
        self.bits = bits
        self.weights = weights
        self.idf = idf
        self.text_intercept = text_intercept
        self.combiner = combiner
        self.combiner_intercept = combiner_intercept
        self.meta = meta
        self._table = score_table(weights, idf)

    def text_margins(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """The text model's margin for each raw text (positive leans spam).

        The spam log-odds are ``combiner[0]`` times this plus the structure terms.

        Args:
            texts: message bodies as received.

        Returns:
            One margin per text.
        """
        return self._margins([normalize_text(text) for text in texts])

    def _margins(self, normalized: Sequence[str]) -> npt.NDArray[np.float64]:
        hashed = hash_batch(normalized, self.bits)
        return hashed.scores(self._table) + self.text_intercept

    def explain(self, normalized: Sequence[str], top: int = 3) -> list[list[tuple[str, float]]]:
        """The features of each text that pushed its spam log-odds up the most, from the weights.

        One vectorised hashing pass for all the texts (``features.hash_vectorised``): each
        occurrence adds ``combiner[0] * weight / row length`` to the log-odds, exactly its
        share of the text margin. Named are words, word pairs and character groups of three
        characters or more (single characters and pairs of them say nothing to a person); a
        group at a word's edge is named without its space, and equal names add up.

        Args:
            normalized: the texts as the features see them (``normalize_text``).
            top: how many to name per text.

        Returns:
            Per text, up to ``top`` (feature, log-odds it adds) pairs, largest first, positive
            only.
        """
        size = len(normalized)
        if not size:
            return []
        hashed = hash_vectorised(normalized, self.bits)
        if len(hashed.segments) != len(CHAR_NGRAMS) + 2:
            return [[] for _ in range(size)]  # no words or too short to say anything
        encoded = joined_bytes(normalized)
        word_starts, word_ends = word_spans(encoded)
        word_rows = hashed.segments[len(CHAR_NGRAMS)][0]
        same_text = word_rows[1:] == word_rows[:-1]  # the word pairs, as hashed
        table = self._table
        norms2 = np.zeros(size)
        rows_of: list[npt.NDArray[np.int64]] = []
        weights_of: list[npt.NDArray[np.float64]] = []
        spans: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]] = []
        for k, ((rows, stored), codebook) in enumerate(
            zip(hashed.segments, hashed.codebooks, strict=True)
        ):
            values = table[stored if codebook is None else codebook[stored]]
            norms2 += np.bincount(rows, weights=values.imag, minlength=size)
            if k < len(CHAR_NGRAMS):
                n = CHAR_NGRAMS[k]
                if n < _READABLE:
                    continue
                starts = np.arange(len(rows))  # occurrence j starts at byte j
                spans.append((starts, starts + n))
            elif k == len(CHAR_NGRAMS):
                spans.append((word_starts, word_ends))
            else:
                spans.append((word_starts[:-1][same_text], word_ends[1:][same_text]))
            rows_of.append(rows)
            weights_of.append(values.real)
        all_rows = np.concatenate(rows_of)
        pushes = np.concatenate(weights_of)
        # Only what raises the score can be named: most occurrences lower it or weigh nothing.
        keep = np.flatnonzero(pushes > 0.0)
        all_rows = all_rows[keep]
        pushes = pushes[keep] * float(self.combiner[0])
        pushes /= np.sqrt(np.maximum(norms2, 1e-12))[all_rows]
        all_starts = np.concatenate([s for s, _ in spans])[keep]
        all_ends = np.concatenate([e for _, e in spans])[keep]
        # By row, then largest push first: one sort of a combined key (pushes are below 1e6).
        order = np.argsort(all_rows * 2e6 - pushes, kind="stable")
        bounds = np.searchsorted(all_rows[order], np.arange(size + 1)).tolist()
        found: list[list[tuple[str, float]]] = []
        for row in range(size):
            merged: dict[str, float] = {}
            chosen = order[bounds[row] : min(bounds[row + 1], bounds[row] + 3 * top)]
            for start, end, push in zip(
                all_starts[chosen].tolist(),
                all_ends[chosen].tolist(),
                pushes[chosen].tolist(),
                strict=True,
            ):
                name = " ".join(encoded[start:end].decode("utf-8", "replace").split())
                if len(name) >= _READABLE:
                    merged[name] = merged.get(name, 0.0) + push
            ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
            found.append(ranked[:top])
        return found

    def combine(
        self, margins: npt.NDArray[np.float64], structure: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Spam log-odds from text margins and structure features.

        Args:
            margins: ``text_margins`` of the texts.
            structure: their ``structure_matrix``.

        Returns:
            One log-odds value per text (rank by these: probabilities round to 1.0).
        """
        logits = margins * self.combiner[0] + structure @ self.combiner[1:]
        return np.asarray(logits + self.combiner_intercept, dtype=np.float64)

    def analysis_logits(
        self, analysis: TextAnalysis, rows: Sequence[int] | None = None
    ) -> npt.NDArray[np.float64]:
        """Spam log-odds of the texts of an analysed batch.

        Args:
            analysis: the batch's content analysis (``clearline.content.facts``).
            rows: the texts to score (all when ``None``).

        Returns:
            One log-odds value per scored text.
        """
        if rows is not None and len(rows) != len(analysis):
            analysis = analysis.subset(rows)
        if not len(analysis):
            return np.zeros(0, dtype=np.float64)
        # Structure features (capitals, length, digits) also come from the prepared text, so a
        # candidate's name cannot move the score through its length or its capitals either.
        return self.combine(self._margins(analysis.normalized), analysis.structure())

    def logits(
        self, texts: Sequence[str], regions: Sequence[str] | str = "US"
    ) -> npt.NDArray[np.float64]:
        """Spam log-odds of each text.

        Args:
            texts: message bodies as received.
            regions: each recipient's country (ISO code), or one for all.

        Returns:
            One log-odds value per text.
        """
        if isinstance(regions, str):
            regions = [regions] * len(texts)
        return self.analysis_logits(analyse_batch(texts, regions))

    def probabilities(
        self, texts: Sequence[str], regions: Sequence[str] | str = "US"
    ) -> npt.NDArray[np.float64]:
        """Spam probability of each text.

        Args:
            texts: message bodies as received.
            regions: each recipient's country (ISO code), or one for all.

        Returns:
            One probability in (0, 1) per text.
        """
        return _sigmoid(self.logits(texts, regions))

    def analysis_probabilities(
        self, analysis: TextAnalysis, rows: Sequence[int] | None = None
    ) -> npt.NDArray[np.float64]:
        """Spam probability of the texts of an analysed batch (see ``analysis_logits``)."""
        return _sigmoid(self.analysis_logits(analysis, rows))

    def save(self, path: str | Path) -> None:
        """Write the model as a compressed ``.npz`` of plain arrays (no pickle).

        Args:
            path: the file to write.
        """
        header = {
            "format_version": FORMAT_VERSION,
            "bits": self.bits,
            "text_intercept": self.text_intercept,
            "combiner_intercept": self.combiner_intercept,
            "structure_features": list(STRUCTURE_FEATURES),
            "meta": self.meta,
        }
        np.savez_compressed(
            path,
            header=np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8),
            weights=self.weights.astype(np.float16),
            idf=self.idf.astype(np.float16),
            combiner=self.combiner.astype(np.float64),
        )

    @classmethod
    def load(cls, path: str | Path) -> ContentModel:
        """Read a model written by ``save``.

        Args:
            path: the ``.npz`` file.

        Returns:
            The model.

        Raises:
            ModelFormatError: the file is of another format version or inconsistent.
        """
        try:
            with np.load(path, allow_pickle=False) as arrays:
                header = json.loads(arrays["header"].tobytes())
                if header.get("format_version") != FORMAT_VERSION:
                    raise ModelFormatError(
                        f"content model {path} has format {header.get('format_version')}, "
                        f"this Clearline reads {FORMAT_VERSION}; retrain with `clearline train`"
                    )
                weights = arrays["weights"].astype(np.float32)
                idf = arrays["idf"].astype(np.float32)
                combiner = arrays["combiner"].astype(np.float64)
        except (OSError, KeyError, ValueError) as exc:
            if isinstance(exc, ModelFormatError):
                raise
            raise ModelFormatError(f"cannot read content model {path}: {exc}") from exc
        if tuple(header["structure_features"]) != STRUCTURE_FEATURES:
            raise ModelFormatError(f"content model {path} uses other structure features")
        return cls(
            bits=int(header["bits"]),
            weights=weights,
            idf=idf,
            text_intercept=float(header["text_intercept"]),
            combiner=combiner,
            combiner_intercept=float(header["combiner_intercept"]),
            meta=dict(header["meta"]),
        )

    def roundtrip(self) -> ContentModel:
        """The model as it will be after ``save`` and ``load`` (weights rounded to float16).

        Benchmarks score with this, so their figures are those of the shipped file.
        """
        return ContentModel(
            self.bits,
            self.weights.astype(np.float16).astype(np.float32),
            self.idf.astype(np.float16).astype(np.float32),
            self.text_intercept,
            self.combiner.copy(),
            self.combiner_intercept,
            dict(self.meta),
        )


def _sigmoid(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -500, 500))), dtype=np.float64)


@lru_cache(maxsize=4)
def load_shipped_model(path: str | None = None) -> ContentModel:
    """The model that ships inside the package (or the one at ``path``), loaded once.

    Args:
        path: a model file to use instead of the shipped one.

    Returns:
        The model.
    """
    if path is not None:
        return ContentModel.load(path)
    with resources.as_file(resources.files("clearline.content") / _SHIPPED) as shipped:
        return ContentModel.load(shipped)
