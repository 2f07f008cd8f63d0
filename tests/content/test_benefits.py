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


@pytest.mark.parametrize(
    ("body", "benefit"),
    [
        # A government's name as the sender's label beside a site of the sender's own.
        (
            "GOV.UK: You are eligible for the £650 Cost of Living Payment. Apply at "
            "gov-costofliving-uk.com",
            "Living Payment",
        ),
        # A host that only ends like a government's ("-gov.uk") is no government site.
        (
            "You have an unclaimed Winter Fuel Payment of £300. Apply before 30 Nov at "
            "winterfuel-gov.uk",
            "Winter Fuel Payment",
        ),
        # Offered to an audience the reader is one of.
        (
            "Energy grant alert: UK households can claim up to £7,500 for a new boiler. Check now "
            "at boiler-grant-check.co.uk",
            "grant",
        ),
        (
            "Seniors on Medicare can now claim a $3,600 grocery card. Check eligibility in 60 "
            "seconds: seniorsavings-now.info",
            "grocery card",
        ),
        # A fee to release the money, with no other word of status.
        (
            "FG Youth Grant: Your N200,000 grant has been processed. Pay N5,000 activation fee to "
            "receive it.",
            "Grant",
        ),
        # A bursary of a sum; a named programme; a payment held back until the reader acts.
        (
            "HELB: You have been awarded a Ksh 40,000 bursary. Pay Ksh 500 processing fee via "
            "M-Pesa to 0798765432.",
            "bursary",
        ),
        (
            "Hongera! Umechaguliwa kupokea Ksh 30,000 kutoka Uwezo Fund. Piga 0712000111 kupokea "
            "pesa yako.",
            "Uwezo Fund",
        ),
        ("DSWD: Napili ka para sa P7,000 ayuda. I-click para ma-claim: ayuda-claim.site", "ayuda"),
        (
            "SASSA: Your SRD payment has been reversed. Call 0612345678 to confirm your details.",
            "SRD",
        ),
        (
            "FEMA: You are approved for $750 disaster relief. Click to receive your funds: "
            "fema-relief-aid.net",
            "disaster relief",
        ),
        (
            "Centrelink: Your Cost of Living payment of $750 is pending. Confirm your details to "
            "receive it: centrelink-payment.info",
            "Living payment",
        ),
        (
            "Berojgari Bhatta Yojana: Aapko Rs 3500/month milega. Abhi register karein: "
            "berojgari-bhatta.co.in",
            "Yojana",
        ),
        (
            "Your Conditional Cash Transfer of N25,000 is on hold. Verify your NIN to receive "
            "payment: nassp-cct.org",
            "Conditional Cash",
        ),
    ],
)
def test_lookalike_sites_audiences_fees_and_held_payments_are_found(
    body: str, benefit: str
) -> None:
    assert find_benefit_claim(body) == benefit


@pytest.mark.parametrize(
    "body",
    [
        # An insurer's card: the number to call is the one the reader already holds.
        "Humana: Your Healthy Options Allowance card has been loaded for this quarter. Use it at "
        "participating stores. Questions? Call the number on your card.",
        # A school's stipend, claimed in person.
        "UP Diliman OSA: Your scholarship stipend for 1st sem has been released. Claim at the "
        "Cashier's office.",
        # A news alert linking to its own site.
        "NBC News: What to know about the $1,400 stimulus checks - who qualifies and when you'll "
        "get yours. nbcnews.com/xyz",
        # Utilities' rebates on their own sites (named as the sender, or a known utility's).
        "SMUD: You may qualify for up to $3,000 in rebates for a heat pump. Apply at "
        "smud.org/rebates",
        "Xcel Energy: You may qualify for a $1,500 heat pump rebate. Apply at "
        "xcelenergy.com/rebates",
        # Nothing to do; a real notice's safety line.
        "DWP: Your £299 Cost of Living Payment is approved and will be paid automatically. You do "
        "not need to apply.",
        "SSS: Your calamity assistance payment is approved. SSS will never ask for your OTP. Call "
        "1455 for concerns.",
        # A relative's news.
        "Hi Aunty, did they call you for the empowerment grant? Mine got approved, call me",
        # A helpline for questions; a claim that is a noun.
        "Rebate Center: Your Visa prepaid rebate card has been approved and will be mailed in 4-6 "
        "weeks. Questions? Call 1-877-555-0199",
        "Tata Power: Your solar subsidy claim has been approved and will be credited to your bill.",
        # Aid handed out in person; a government's own site.
        "Red Cross: Families affected by the flood can claim $450 emergency assistance. Apply at "
        "the Civic Center, 9am-5pm. Bring your ID.",
        "Gov.sg: You will receive $600 Cost-of-Living Special Payment on 30 Aug. Check your "
        "eligibility at go.gov.sg/col.",
    ],
)
def test_own_sites_helplines_news_safety_lines_and_in_person_aid_are_none(body: str) -> None:
    assert find_benefit_claim(body) is None
