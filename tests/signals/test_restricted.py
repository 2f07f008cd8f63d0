"""Each restricted-category symbol fires on a text of its category and stays silent on a near miss
(the same everyday words, no category)."""

from __future__ import annotations

import pytest

from clearline.model import Hit
from clearline.signals.base import Batch
from clearline.signals.restricted import RestrictedCategorySignal
from clearline.state.memory import MemoryStateStore
from support import make_message

# symbol, a text of the category, a near miss that is not.
CASES = [
    ("CATEGORY_SEX", "Lonely tonight? Hot singles near you", "Tonight we sing near the station"),
    (
        "CATEGORY_HATE",
        "Join the race war, white power forever",
        "The race was won by the white team",
    ),
    ("CATEGORY_ALCOHOL", "Happy hour: two craft beers for $5", "Happy birthday, see you at five"),
    ("CATEGORY_FIREARMS", "Gun show this weekend, ammo 20% off", "Show this weekend, 20% off"),
    ("CATEGORY_TOBACCO", "New vape flavours and nicotine pouches", "New flavours in store"),
    (
        "CATEGORY_HIGH_RISK_LENDING",
        "Payday loans with instant approval, no credit check",
        "Your library loan is due back on Friday",
    ),
    (
        "CATEGORY_DEBT_RELIEF",
        "Debt relief now: consolidate your credit cards today",
        "Your credit card statement is ready",
    ),
    (
        "CATEGORY_LEAD_GENERATION",
        "See if you qualify for a free quote, fill out this short form",
        "Thanks for the quote you sent",
    ),
    ("CATEGORY_GAMBLING", "100 free spins at our online casino", "Our online shop is open"),
    ("CATEGORY_CANNABIS", "Dispensary sale: THC edibles and CBD gummies", "Bakery sale: gummies"),
]


def _symbols(body: str) -> list[str]:
    hits: list[list[Hit]] = [[]]
    RestrictedCategorySignal({}, MemoryStateStore()).check(Batch([make_message(body=body)]), hits)
    return [hit.symbol for hit in hits[0]]


def test_every_declared_category_symbol_has_a_case() -> None:
    declared = {spec.name for spec in RestrictedCategorySignal.symbols}
    assert declared == {symbol for symbol, _, _ in CASES}


@pytest.mark.parametrize(("symbol", "text", "near_miss"), CASES, ids=[c[0] for c in CASES])
def test_a_category_text_fires_its_symbol_and_a_near_miss_fires_none(
    symbol: str, text: str, near_miss: str
) -> None:
    assert _symbols(text) == [symbol]
    assert _symbols(near_miss) == []
