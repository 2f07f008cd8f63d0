"""The shipped spam and smishing classifier: loading it and scoring a batch.

The model has two stages, both linear, so scoring needs numpy only (no scikit-learn, no pickle):

1. a text model: one weight per hashed bucket of characters (by presence), character 2-, 3-
   and 5-grams, words and word pairs (``clearline.content.features``), giving a margin per
   message;
2. a combiner: logistic regression over that margin and the structure features of
   ``clearline.content.facts`` (links, call-back numbers, lures, layout), giving a probability.

Training (``clearline.content.training``) fits three linear SVMs over those features (plain,
naive-Bayes-scaled, naive-Bayes-scaled on word buckets) and a combiner over their out-of-fold
margins, so it learns how far to trust each on texts it has not seen; being linear in the same
features, the members are then summed with the combiner's weights into the one text model
here, whose combiner weight is 1. The artefact is one ``.npz`` file of plain arrays plus a JSON
header, loaded with ``allow_pickle=False``.
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
from clearline.content.features import hash_batch, named_features, score_table
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
        combiner: combiner weights: the text margin first, then ``STRUCTURE_FEATURES``
            (the text weight is 1 when the member weights are folded into ``weights``).
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

        For models trained since the three-member text model (``meta["member_weights"]``),
        this is the combiner-weighted sum of the members' margins, i.e. the text part of the
        spam log-odds (``combiner[0]`` is 1); older files hold one SVM's margin.

        Args:
            texts: message bodies as received.

        Returns:
            One margin per text.
        """
        return self._margins([normalize_text(text) for text in texts])

    def _margins(self, normalized: Sequence[str]) -> npt.NDArray[np.float64]:
        hashed = hash_batch(normalized, self.bits)
        return hashed.scores(self._table) + self.text_intercept

    def explain(self, normalized: str, top: int = 3) -> list[tuple[str, float]]:
        """The features of a text that pushed its spam log-odds up the most, from the weights.

        Args:
            normalized: the text as the features see it (``TextAnalysis.normalized``).
            top: how many to name.

        Returns:
            Up to ``top`` (feature, log-odds it adds) pairs, largest first, positive only:
            words, word pairs and character groups of three or more characters (single
            characters and pairs of them say nothing to a person).
        """
        named = named_features(normalized, self.bits)
        idf = self.idf
        norm = float(np.sqrt(sum(float(idf[bucket]) ** 2 for _, bucket in named)))
        if norm <= 0.0:
            return []
        scale = float(self.combiner[0]) / norm
        pushes: dict[str, float] = {}
        for name, bucket in named:
            key = name.strip()  # a group at a word's edge is named without the space
            if len(key) >= _READABLE:
                pushes[key] = pushes.get(key, 0.0) + float(self.weights[bucket]) * scale
        ranked = sorted(pushes.items(), key=lambda item: (-item[1], item[0]))
        return [(name, push) for name, push in ranked[:top] if push > 0.0]

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
