"""Prize claims (``content.prizes``): a prize the reader has won, to claim by a call, a reply
with details or a fee; never a promotion's "enter to win" or a prize already credited."""

from __future__ import annotations

import pytest

from clearline.content.prizes import find_prize_claim


@pytest.mark.parametrize(
    ("body", "won"),
    [
        (
            "Glo: Your number won N1,000,000 in Glo Awoof promo. Send your account details to "
            "claim.",
            "Your number won",
        ),
        (
            "Hongera! Umeshinda Ksh 150,000 kwa Safaricom Shangwe promotion. Piga 0745 338 902 "
            "kudai zawadi yako.",
            "Umeshinda",
        ),
        (
            "Congrats! Nanalo ka ng P50,000 sa PCSO raffle. I-claim sa 0917 832 4410 bago mag 5PM.",
            "Nanalo ka",
        ),
        (
            "You've won a 2-person Bahamas cruise! Just pay port fees. Reply Y to claim",
            "You've won",
        ),
    ],
)
def test_a_won_prize_to_claim_by_call_reply_or_fee_is_found(body: str, won: str) -> None:
    assert find_prize_claim(body) == won


@pytest.mark.parametrize(
    "body",
    [
        "Enter to win $500 in groceries! Text WIN to 55555. Msg&data rates apply",
        "Safaricom: Congratulations! You have won Ksh 1,000 airtime in the Shangwe promo. It has "
        "been credited to your line.",
        "We won the match 3-1!! Call me after, we're at the pub",
        "You won the office pool lol, come collect your $40 from me tomorrow",
    ],
)
def test_promotions_credited_prizes_and_peoples_wins_are_none(body: str) -> None:
    assert find_prize_claim(body) is None
