"""Gift-card requests (``content.gift_cards``): gift cards asked of the reader beside the
scam's cover (a meeting, a client, a reimbursement); never a friend's errand or a notice."""

from __future__ import annotations

import pytest

from clearline.content.gift_cards import find_gift_card_request


@pytest.mark.parametrize(
    ("body", "ask"),
    [
        (
            "Hi, this is David Chen. I'm in a meeting and can't talk. I need you to pick up 4 "
            "Apple gift cards for client gifts this afternoon.",
            "need you to pick up 4 Apple gift cards",
        ),
        (
            "Hi this is Ma'am Rivera. Are you busy? I need you to buy load cards for a client, "
            "I'll reimburse you later",
            "need you to buy load cards",
        ),
    ],
)
def test_gift_cards_asked_for_with_the_scams_cover_are_found(body: str, ask: str) -> None:
    assert find_gift_card_request(body) == ask


@pytest.mark.parametrize(
    "body",
    [
        "Can you grab an Amazon gift card for Jess's birthday on your way? I'll pay you back",
        "Reminder: staff party Friday! We'll get gift cards for the raffle, keep it quiet",
        "Sorry can't talk, in a meeting. Text me",
        "Starbucks: your $10 gift card is loaded in the app. Enjoy!",
    ],
)
def test_errands_notices_and_meetings_alone_are_none(body: str) -> None:
    assert find_gift_card_request(body) is None
