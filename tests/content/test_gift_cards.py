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
        # Told rather than asked, several cards, their codes; Tagalog and Swahili; a network's
        # cards; "are you available to get".
        (
            "Are you at the office? Reply ASAP. I need you to handle something discreetly. Buy "
            "Visa gift cards $300 x 3. I'm busy in meetings",
            "Buy Visa gift cards",
        ),
        (
            "Hey, are you busy? I'm tied up in a meeting. Can you run an errand for me? I need "
            "Amazon gift cards, $100 x 5. Text me the codes",
            "I need Amazon gift cards",
        ),
        (
            "Hello po, si Father Ben ito. Nasa meeting ako. Pabili naman ng Smart load 500 x 4 at "
            "i-text ang pin. God bless",
            "Pabili naman ng Smart load",
        ),
        (
            "Good morning, this is your pastor. I'm currently in a meeting. Send me 20,000 airtime "
            "for a church project, God will bless you",
            "Send me 20,000 airtime",
        ),
        (
            "It's your Oga. I'm in a board meeting, I can't call. Buy me Glo cards of 5k x 4 and "
            "send me the PINs quickly",
            "Buy me Glo cards",
        ),
        (
            "Father Tom here. I need a favor. Are you available to get gift cards for the elderly "
            "at the nursing home? I'm in meetings all day",
            "Are you available to get gift cards",
        ),
        (
            "Hi, ni mimi boss wako. Niko kwa mkutano siwezi kuongea. Nitumie Ksh 3000 kwa namba "
            "hii, nitakurudishia jioni",
            "Nitumie Ksh 3000",
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
        # A colleague's top-up or lunch money in a meeting, a leaving present, the company's
        # expenses, an intern's card repaid, a chama's contribution.
        "In a meeting till 3. Can you buy me airtime? I'll pay you back",
        "In meeting now. Send me 500 for lunch, will pay back",
        "Nasa meeting ako, pakibili naman ng load 100 para sa akin, babayaran kita",
        "Niko kwa mkutano wa chama. Nitumie 1000 ya mchango, urgent",
        "In meetings all day, can you grab a gift card for Linda's leaving present? I'll "
        "reimburse you",
        "Can't chat, in a meeting. Could you buy 2 Costa vouchers for the work experience kids "
        "as a thank you? Put it on expenses",
        "Are you free? Can you pick up a Starbucks gift card for the new intern? I'll reimburse "
        "you",
        "Pick up a couple of Canadian Tire gift cards for the hockey team volunteers, the club "
        "will reimburse",
    ],
)
def test_errands_notices_and_meetings_alone_are_none(body: str) -> None:
    assert find_gift_card_request(body) is None
