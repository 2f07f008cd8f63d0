"""Restricted content categories: what ``find_categories`` names, and what it leaves alone."""

from __future__ import annotations

import pytest

from clearline.signals.categories import CATEGORIES, CategoryMatch, find_categories


def test_category_names_are_the_ctia_list() -> None:
    assert set(CATEGORIES) == {
        "sex",
        "hate",
        "alcohol",
        "firearms",
        "tobacco",
        "high_risk_lending",
        "debt_relief",
        "lead_generation",
        "gambling",
        "cannabis",
    }


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("Hot singles near you want to chat, see sexy pics", "sex", "sexy"),
        ("White power rally this weekend", "hate", "white power"),
        ("Happy hour! $3 craft beers until 7pm", "alcohol", "happy hour"),
        ("Gun show Saturday: rifles, pistols and ammo at low prices", "firearms", "ammo"),
        ("Vape sale: e-liquids and nicotine pouches 40% off", "tobacco", "nicotine"),
        (
            "Need cash? Payday loans approved in minutes, no credit check",
            "high_risk_lending",
            "no credit check",
        ),
        (
            "Debt relief program: consolidate your debt into one payment",
            "debt_relief",
            "debt relief",
        ),
        (
            "Get a free quote on home insurance, see if you qualify",
            "lead_generation",
            "qualify",
        ),
        ("Claim 100 free spins at our online casino", "gambling", "casino"),
        ("Delta 8 gummies and CBD oil at our dispensary", "cannabis", "dispensary"),
    ],
)
def test_each_category_is_found_with_its_evidence(text: str, category: str, word: str) -> None:
    found = {match.category: match.evidence for match in find_categories(text)}
    assert category in found
    assert word in found[category]


@pytest.mark.parametrize(
    "text",
    [
        "The sexton of Essex is bringing a dish to the potluck",
        "I bet you're tired after that flight",
        "Gunther says the weather is great, see you at the game",
        "I'll work from home tomorrow, call me",
        "Can you weed the garden before mum comes?",
        "Your appointment is confirmed for Tuesday at 3pm",
        "Vote for our candidate on Tuesday, polls open at 7am",
    ],
)
def test_ordinary_texts_touch_no_category(text: str) -> None:
    assert find_categories(text) == []


def test_result_is_a_frozen_struct_in_category_order() -> None:
    found = find_categories("Free spins at the casino with a cold beer")
    assert [match.category for match in found] == ["alcohol", "gambling"]
    assert isinstance(found[0], CategoryMatch)
    with pytest.raises(AttributeError):
        found[0].category = "sex"  # type: ignore[misc]
