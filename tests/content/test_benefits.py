"""Benefit claims (``content.benefits``): a grant, relief payment, subsidy card or rebate told
as the reader's, with an ask to claim it; never a government's own notice, a deposit reported,
a campaign's promise or a friend's news."""

from __future__ import annotations

import pytest

from clearline.content.benefits import find_benefit_claim


@pytest.mark.parametrize(
    ("body", "benefit"),
    [
        (
            "You have been approved for a $9,500 federal grant you never have to pay back. "
            "Reply GRANT for details.",
            "grant",
        ),
        (
            "Dept of Ed: Your student loan forgiveness application is pending final approval. "
            "Call 888-427-9102 before Friday to avoid losing eligibility",
            "forgiveness",
        ),
        (
            "Your 2024 OTC benefits card has $1,200 loaded. Activate today at 1-888-491-0067",
            "benefits card",
        ),
        (
            "Hi, this is to inform you that the sum of N50,000 has been approved for you by CBN "
            "palliative. Kindly send your BVN and account number to claim.",
            "palliative",
        ),
        (
            "DSWD: Ikaw ay kwalipikado sa AICS ayuda na P5,000. Mag-register dito: dswd-ayuda.net",
            "ayuda",
        ),
        (
            "PM Kisan Yojana ki 17vi kist ₹2000 aapke khate me nahi aayi hai. eKYC turant update "
            "kare: pmkisan-ekyc.co.in",
            "Yojana",
        ),
    ],
)
def test_a_benefit_told_as_the_readers_with_an_ask_to_claim_it_is_found(
    body: str, benefit: str
) -> None:
    assert find_benefit_claim(body) == benefit


@pytest.mark.parametrize(
    "body",
    [
        # A government's own notice, on its own site.
        "SASSA: Your SRD R370 grant for April has been approved. Check your payment date at "
        "srd.sassa.gov.za",
        # A deposit reported, with nothing asked.
        "Your SNAP benefits of $291.00 were deposited to your EBT card on 03/05.",
        # A campaign's promise: political speech is not judged by its words.
        "Senator Diaz voted for the $1,400 stimulus checks you are owed. Reply YES to stand "
        "with her this November.",
        # A friend's news.
        "Guess what, my research grant got approved!! Call me tonight",
    ],
)
def test_government_notices_deposits_campaigns_and_friends_news_are_none(body: str) -> None:
    assert find_benefit_claim(body) is None
