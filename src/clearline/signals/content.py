"""The content classifier signal: how much a text reads like spam or smishing.

Scores every message of a batch with the shipped model (``clearline.content.classifier``) in one
vectorised pass. Only the text is looked at, and the model never sees party, candidate or
ideology words (``clearline.content.normalize`` masks them before any feature is computed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from clearline.content.classifier import ContentModel, ModelFormatError, load_shipped_model
from clearline.content.facts import (
    TextAnalysis,
    batch_analysis,
    first_missing,
    make_room,
    regions_of,
)
from clearline.content.normalize import normalize_text
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, SignalConfigError, setting
from clearline.state import StateStore


def spam_weight(probability: float, low: float, high: float) -> float:
    """Map a spam probability to the hit's weight.

    ``low`` gives one third of the symbol's score (the shipped score 15 then reaches the tag
    threshold of 5) and ``high`` or more gives the full score (the block threshold of 15);
    in between the weight grows linearly.

    Args:
        probability: the model's spam probability.
        low: the smallest probability that gets a hit at all.
        high: the probability from which the hit weighs 1.

    Returns:
        A weight in [1/3, 1].
    """
    if probability >= high:
        return 1.0
    return 1 / 3 + (2 / 3) * (probability - low) / (high - low)


class ContentClassifierSignal:
    """Spam and smishing probability from the shipped text model."""

    name: ClassVar[str] = "content"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CONTENT_SPAM",
            "The text reads like spam or smishing to Clearline's content model.",
            "Say who you are, drop prize and urgency wording, link to your own domain, and "
            "register the campaign; the detail gives the model's probability and the words or "
            "character groups that raised it most.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.min_probability: float = setting(settings, "min_probability", float, 0.8)
        self.full_probability: float = setting(settings, "full_probability", float, 0.99)
        model_path: str = setting(settings, "model_path", str, "")
        self.cache_size: int = setting(settings, "cache_size", int, 20_000)
        self._cache: dict[tuple[str, str], float] = {}
        # Why each recently flagged text scored high (computed for hits only).
        self._reasons: dict[str, str] = {}
        if not 0.0 < self.min_probability < self.full_probability <= 1.0:
            raise SignalConfigError(
                "settings `min_probability` and `full_probability` must satisfy "
                "0 < min_probability < full_probability <= 1"
            )
        try:
            self.model: ContentModel = load_shipped_model(model_path or None)
        except ModelFormatError as exc:
            raise SignalConfigError(f"setting `model_path`: {exc}") from None

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        analysis = batch_analysis(batch)
        # Repeated texts (bulk A2P, campaign templates) are scored once: the probability depends
        # only on the text and the recipient's country (through the call-back numbers).
        cache = self._cache
        if not self.cache_size:
            self._hit(self.model.analysis_probabilities(analysis).tolist(), analysis, hits)
            return
        keys = list(zip(analysis.texts, regions_of(batch), strict=True))
        known = [cache.get(key) for key in keys]
        # Each new text is scored once, however often it recurs in the batch.
        first = first_missing(keys, known)
        if first:
            scored = self.model.analysis_probabilities(analysis, list(first.values())).tolist()
            make_room(cache, len(first), self.cache_size)
            for key, probability in zip(first, scored, strict=True):
                cache[key] = probability
            for i, value in enumerate(known):
                if value is None:
                    known[i] = cache[keys[i]]
        self._hit(known, analysis, hits)

    def _hit(
        self,
        probabilities: Sequence[float | None],
        analysis: TextAnalysis,
        hits: list[list[Hit]],
    ) -> None:
        """A hit for each text whose spam probability reaches ``min_probability``."""
        low = self.min_probability
        high = self.full_probability
        for i, probability in enumerate(probabilities):
            if probability is None or probability < low:
                continue
            hits[i].append(
                Hit(
                    "CONTENT_SPAM",
                    f"spam probability {probability:.3f} (content model){self._why(analysis, i)}",
                    spam_weight(probability, low, high),
                )
            )

    def _why(self, analysis: TextAnalysis, row: int) -> str:
        """What pushed a flagged text's score most ("; most: 'claim' +1.3, ..."), cached."""
        text = analysis.texts[row]
        why = self._reasons.get(text)
        if why is None:
            # Text by text (the batch's normalised column would prepare every text of it).
            pushes = self.model.explain(normalize_text(text))
            why = "; most: " + ", ".join(f"{name!r} +{push:.2f}" for name, push in pushes)
            if not pushes:
                why = ""
            make_room(self._reasons, 1, max(self.cache_size, 1))
            self._reasons[text] = why
        return why
