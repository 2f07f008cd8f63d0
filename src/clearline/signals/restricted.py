"""Restricted content categories as named symbols (SHAFT and the carriers' extra list).

The categories (``clearline.signals.categories``) need special registration or are banned for A2P
traffic, but none of them is spam by itself: these symbols carry small scores and exist so that
compliance rules, dashboards and senders see which category a text touched, and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from clearline.content.facts import batch_analysis
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch
from clearline.signals.categories import CATEGORIES
from clearline.state import StateStore

_LABELS = {
    "sex": "sexual content",
    "hate": "hate speech",
    "alcohol": "alcohol",
    "firearms": "firearms",
    "tobacco": "tobacco or vaping",
    "high_risk_lending": "high-risk lending",
    "debt_relief": "debt relief",
    "lead_generation": "lead generation",
    "gambling": "gambling",
    "cannabis": "cannabis",
}


def category_symbol(category: str) -> str:
    """The symbol of a category: ``CATEGORY_`` and its name in capitals."""
    return "CATEGORY_" + category.upper()


class RestrictedCategorySignal:
    """One symbol per restricted content category found in the text."""

    name: ClassVar[str] = "categories"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = tuple(
        SymbolSpec(
            category_symbol(category),
            f"The text touches a restricted content category: {_LABELS[category]}.",
            f"Content about {_LABELS[category]} needs a campaign registered (and approved) for "
            "it; register the category or remove the content.",
        )
        for category in CATEGORIES
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        pass

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        analysis = batch_analysis(batch)
        for i in analysis.flagged:
            for match in analysis.facts[i].categories:
                hits[i].append(
                    Hit(
                        category_symbol(match.category),
                        f"{_LABELS[match.category]}: {match.evidence}",
                    )
                )
