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
        (
            "This is the MD. I am in a meeting with the commissioner, can't call. Urgently buy 3 "
            "MTN recharge cards of N10,000 and send the pins to this number.",
            "Urgently buy 3 MTN recharge cards",
        ),
        (
            "Hey it's Steve, in back to back meetings. Can you grab 4 x $250 JB Hi-Fi gift cards "
            "for a client thank-you?",
            "Can you grab 4 x $250 JB Hi-Fi gift cards",
        ),
        (
            "Hello, it's Pastor Kamau. I'm in a crusade meeting and can't talk. Please send Ksh "
            "5,000 for the church fuel to this number.",
            "Please send Ksh 5,000",
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
        "Can you grab Olly from school? I'm stuck in a meeting",
        "Chama meeting Saturday 2pm at Mama Wanjiku's. Please send 1,000 contribution by Friday",
        "Sorry, in a meeting. Can you top up my airtime later, I'll pay you back",
        "Starbucks: your $10 gift card is loaded in the app. Enjoy!",
    ],
)
def test_errands_notices_and_meetings_alone_are_none(body: str) -> None:
    assert find_gift_card_request(body) is None
