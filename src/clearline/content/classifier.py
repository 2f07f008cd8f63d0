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
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from clearline.content.facts import STRUCTURE_FEATURES, TextAnalysis, analyse_batch
from clearline.content.features import hash_batch, score_table, word_features_many
from clearline.content.normalize import normalize_text

__all__ = ["FORMAT_VERSION", "ContentModel", "ModelFormatError", "load_shipped_model"]

#: Bumped whenever the features or the file layout change; older files are refused.
FORMAT_VERSION = 2

#: How an explanation names each structure feature (``clearline.content.facts``) that raised a
#: text's score: the words a sender can act on.
STRUCTURE_NAMES: dict[str, str] = {
    "link": "a link",
    "link_bare": "a bare web address",
    "link_shortener": "a URL shortener",
    "link_ip": "a raw IP link",
    "link_lookalike": "a lookalike link",
    "link_unusual_tld": "an abused top-level domain",
    "callback_premium": "a premium-rate number",
    "callback_other": "an international number",
    "money_lure": "money or prize bait",
    "urgency": "urgency",
    "credential": "a credential request",
    "category_sex": "sexual content",
    "category_other": "a restricted category",
    "short_code": "a short code to text",
    "long_digits": "a phone number",
    "capitals": "capitals",
    "exclamations": "exclamation marks",
    "length": "length",
    "digit_share": "many digits",
}
_STRUCTURE_LABELS = [STRUCTURE_NAMES[feature] for feature in STRUCTURE_FEATURES]
_SHIPPED = "content_model.npz"


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
        return self._margins_and_norms(normalized)[0]

    def _margins_and_norms(
        self, normalized: Sequence[str]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        margins, norms = hash_batch(normalized, self.bits).scores_and_norms(self._table)
        return margins + self.text_intercept, norms

    def explain(self, normalized: str, norm: float, top: int = 3) -> list[tuple[str, float]]:
        """The words and word pairs of a text that pushed its spam log-odds up the most.

        Each occurrence adds ``combiner[0] * weight / norm`` to the log-odds: exactly its share
        of the text margin, read from the linear weights. Equal names add up.

        Args:
            normalized: the text as the features see it (``normalize_text``).
            norm: its row length (``analysis_details``).
            top: how many to name.

        Returns:
            Up to ``top`` (word or word pair, log-odds it adds) pairs, largest first, positive
            only.
        """
        return self.explain_many([normalized], [norm], top)[0]

    def explain_many(
        self, normalized: Sequence[str], norms: Sequence[float], top: int = 3
    ) -> list[list[tuple[str, float]]]:
        """``explain`` for several texts, their features hashed and weighed in one numpy pass.

        Args:
            normalized: the texts as the features see them.
            norms: their row lengths.
            top: how many to name per text.

        Returns:
            For each text, what ``explain`` gives it.
        """
        words, singles, pairs = word_features_many(normalized, self.bits)
        counts = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        scales = float(self.combiner[0]) / np.maximum(np.asarray(norms, dtype=np.float64), 1e-12)
        pair_counts = np.maximum(counts - 1, 0)
        single_values = self.weights[singles].astype(np.float64) * np.repeat(scales, counts)
        pair_values = self.weights[pairs].astype(np.float64) * np.repeat(scales, pair_counts)
        # Most features lower the score or weigh nothing: only the positive ones are named.
        # Each text's occurrences add up in its own order, words first, then pairs.
        pushes: list[dict[str, float]] = [{} for _ in words]
        texts = np.arange(len(words))
        for values, per_text, width in ((single_values, counts, 1), (pair_values, pair_counts, 2)):
            positive = np.flatnonzero(values > 0.0)
            text_of = np.repeat(texts, per_text)[positive]
            start = (np.cumsum(per_text) - per_text)[text_of]
            for text, k, value in zip(
                text_of.tolist(),
                (positive - start).tolist(),
                values[positive].tolist(),
                strict=True,
            ):
                listed = words[text]
                name = listed[k] if width == 1 else f"{listed[k]} {listed[k + 1]}"
                found = pushes[text]
                found[name] = found.get(name, 0.0) + value
        # Largest first; equal pushes keep the text's order (a stable sort; what
        # heapq.nlargest documents itself as, slower on a few dozen items).
        by_push = itemgetter(1)
        keep = max(top, 0)
        return [sorted(found.items(), key=by_push, reverse=True)[:keep] for found in pushes]

    def structure_pushes(self, structure: npt.NDArray[np.float64]) -> list[list[tuple[str, float]]]:
        """The structure features that raised each text's spam log-odds, by how much.

        Each feature adds its value times its weight (``combine``): a link, a premium-rate
        number or many digits often weigh more than any word.

        Args:
            structure: the texts' ``structure_matrix`` rows.

        Returns:
            For each text, (``STRUCTURE_NAMES`` name, log-odds it adds) pairs, largest first,
            positive only.
        """
        pushes = np.asarray(structure, dtype=np.float64) * self.combiner[1:]
        found: list[list[tuple[str, float]]] = [[] for _ in range(len(pushes))]
        # Only the few positive pushes of each row go through Python, in column order.
        rows, columns = np.nonzero(pushes > 0.0)
        for row, column, value in zip(
            rows.tolist(), columns.tolist(), pushes[rows, columns].tolist(), strict=True
        ):
            found[row].append((_STRUCTURE_LABELS[column], value))
        by_push = itemgetter(1)
        for listed in found:
            listed.sort(key=by_push, reverse=True)
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

    def analysis_details(
        self, analysis: TextAnalysis, rows: Sequence[int] | None = None
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], list[str]]:
        """Spam probabilities of the texts of an analysed batch, with what ``explain`` needs.

        Args:
            analysis: the batch's content analysis (``clearline.content.facts``).
            rows: the texts to score (all when ``None``).

        Returns:
            (one probability per scored text, its feature row's length, its normalised
            text).
        """
        logits, norms, normalized = self._analysis_parts(analysis, rows)
        return _sigmoid(logits), norms, normalized

    def _analysis_parts(
        self, analysis: TextAnalysis, rows: Sequence[int] | None = None
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], list[str]]:
        if rows is not None and len(rows) != len(analysis):
            analysis = analysis.subset(rows)
        if not len(analysis):
            empty = np.zeros(0, dtype=np.float64)
            return empty, empty, []
        normalized = analysis.normalized
        margins, norms = self._margins_and_norms(normalized)
        # Structure features (capitals, length, digits) also come from the prepared text, so a
        # candidate's name cannot move the score through its length or its capitals either.
        return self.combine(margins, analysis.structure()), norms, normalized

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
        return self._analysis_parts(analysis, rows)[0]

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
