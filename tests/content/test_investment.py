"""Investment bait (``content.investment``): returns no real investment promises, in a text
that speaks of investing; never a yearly rate, a shop's discount or a friend's story."""

from __future__ import annotations

import pytest

from clearline.content.investment import find_investment_bait


@pytest.mark.parametrize(
    ("body", "bait"),
    [
        ("Invest N50,000 and get N150,000 in 7 days GUARANTEED. Join our crypto team", "in 7 days"),
        ("Earn 3% daily on USDT. Min investment Rs 1000. Withdraw anytime", "3% daily"),
        ("MMM is back! Earn 30% monthly. Register today", "30% monthly"),
        ("Stock tips: 100% sure shot intraday calls, join our VIP group", "100% sure"),
        ("Our forex experts double your money. WhatsApp 0551 307 446", "double your money"),
    ],
)
def test_promised_returns_beside_investing_are_bait(body: str, bait: str) -> None:
    found = find_investment_bait(body)
    assert found is not None and bait.lower() in found.lower()


@pytest.mark.parametrize(
    "body",
    [
        "SBI: Earn 7.1% p.a. on our 444-day Fixed Deposit. Invest at sbi.co.in",
        "30% off monthly plans this week! Trade in your old phone at any store",
        "I made 20% on bitcoin this year lol, should've invested more",
        "Get 30% more data monthly on the Smart plan",  # no investing at all
        "Our pension fund returned 6.2% last year. Your statement is ready at nestpensions.org.uk",
    ],
)
def test_rates_discounts_and_stories_are_no_bait(body: str) -> None:
    assert find_investment_bait(body) is None
