"""Lure signals: call-back numbers, money bait and smishing requests, with their details."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import msgspec
import pytest

from clearline.compliance.registry import RegistryFile
from clearline.compliance.store import ComplianceStore
from clearline.content import extortion, lures
from clearline.content.facts import FACTS_CACHE, analyse_batch
from clearline.content.lures import find_credential_request, find_money_lure, find_urgency
from clearline.content.triggers import word_set
from clearline.engine import Engine
from clearline.model import Action, Hit, Message
from clearline.signals.base import Batch, SignalConfigError
from clearline.signals.categories import find_categories
from clearline.signals.lures import LureSignal
from clearline.signals.restricted import RestrictedCategorySignal
from clearline.state.memory import MemoryStateStore
from compliance_fixtures import REGISTRY, SHOP
from support import make_message, reasons_in_conversation_and_cold

_BLIND_SETS = Path(__file__).parents[2] / "bench" / "blind_texts"


def lure_hits(body: str, to: str = "+447700900123") -> list[Hit]:
    hits: list[list[Hit]] = [[]]
    LureSignal({}, MemoryStateStore()).check(Batch([make_message(body=body, to=to)]), hits)
    return hits[0]


def by_symbol(hits: list[Hit]) -> dict[str, str]:
    return {hit.symbol: hit.detail for hit in hits}


def test_premium_rate_call_back_number_is_named() -> None:
    found = by_symbol(lure_hits("You have won! To claim call 09061701461 now"))
    assert "09061701461" in found["CALLBACK_PREMIUM_RATE"]
    assert "premium-rate" in found["CALLBACK_PREMIUM_RATE"]
    assert "LURE_MONEY_PRIZE" in found


def test_international_call_back_number_names_the_country() -> None:
    found = by_symbol(lure_hits("Call us back on +234 803 123 4567", to="+12125550123"))
    assert "NG" in found["CALLBACK_INTERNATIONAL"]


def test_urgency_with_credential_request_is_smishing() -> None:
    found = by_symbol(
        lure_hits("Your account has been suspended. Verify your account at the link below.")
    )
    detail = found["SMISHING_CREDENTIAL_REQUEST"]
    assert "suspended" in detail
    assert "Verify your account" in detail


@pytest.mark.parametrize(
    ("body", "asked"),
    [
        (
            "Your Bank of America debit card has been temporarily restricted. Call "
            "844-231-0199 to reactivate.",
            "Call 844-231-0199 to reactivate",
        ),
        (
            "Amazon: Your order #112-4432 for iPhone 15 Pro ($1,299.00) was placed. If this "
            "wasn't you call 1-888-231-0143 immediately.",
            "If this wasn't you call 1-888-231-0143",
        ),
        (
            "Unusual activity on your card. If you did not make this purchase, please call "
            "+1 (888) 555 0143.",
            "If you did not make this purchase, please call +1 (888) 555 0143",
        ),
        (
            "Suspicious activity on your card. To dispute this charge, call our fraud "
            "department at 1-888-231-0143 now.",
            "To dispute this charge, call our fraud department at 1-888-231-0143",
        ),
        (
            "URGENT: If this transaction was not made by you, call 1-888-231-0143",
            "If this transaction was not made by you, call 1-888-231-0143",
        ),
        (
            "Unusual sign-in on your account. Not you? Call 1-888-231-0143 immediately.",
            "Not you? Call 1-888-231-0143",
        ),
        (
            "Your Apple ID is locked. Call Apple Support at 1-888-231-0143 immediately to unlock.",
            "Call Apple Support at 1-888-231-0143 immediately to unlock",
        ),
        # Session 26: the pressure between the call and the number, "if unauthorised", a
        # missing apostrophe, "If NO," after a question.
        (
            "Your card was charged $2,310.00 at NEWEGG. If you did not make this purchase call "
            "our fraud desk urgently on 1-888-231-0143",
            "If you did not make this purchase call our fraud desk urgently on 1-888-231-0143",
        ),
        (
            "A transfer of $2,900.00 is pending on your account. If unauthorised, call "
            "1-888-231-0143 immediately.",
            "If unauthorised, call 1-888-231-0143",
        ),
        (
            "Sign-in from a new device in Dallas TX. If this wasnt you call our fraud dept "
            "immediately at 1-888-231-0143",
            "If this wasnt you call our fraud dept immediately at 1-888-231-0143",
        ),
        (
            "Did you attempt a transfer of $1,900.00 to K. Reyes? If NO, call our fraud team "
            "right away at 1-888-231-0143.",
            "If NO, call our fraud team right away at 1-888-231-0143",
        ),
    ],
)
def test_urgency_with_a_request_to_call_a_number_is_smishing(body: str, asked: str) -> None:
    detail = by_symbol(lure_hits(body, to="+12125550123"))["SMISHING_CREDENTIAL_REQUEST"]
    assert asked in detail


@pytest.mark.parametrize(
    "body",
    [
        # a person's number to call, for a person's reasons
        "Running late! Call me at 646-555-0123 to confirm where we meet, it's urgent",
        "I'll call you at 646-555-0123 to confirm dinner, urgent",
        # a bank's published number reaches the bank, whoever sent the text, also when its
        # hours follow it
        "Wells Fargo: unusual activity on your card. If this wasn't you call 1-800-869-3557.",
        "Chase: Suspicious activity on card ending 1234. If this wasn't you, call "
        "1-800-935-9935 24/7, urgent.",
        # appointments, pharmacies, utilities, a new card
        "Reminder: Your dental cleaning is TODAY at 3pm. Please call 212-555-0199 to confirm, "
        "urgent.",
        "Walgreens: Your prescription could not be filled. Call 718-555-0167 to resolve, urgent.",
        "Con Edison: Final notice - to avoid shutoff, call 1-800-752-6633 now.",
        "Urgent: call 1-800-555-0100 to activate your new card",
        # people's and offices' texts: a person or an office to call, a door or a hold
        "Locked out again lol. Call the super at 917-555-0101 asap to unlock the door",
        "Hey, the gate code changed. Call Mike at 917-555-0101 right away to unlock the gate",
        "Urgent: call building security at 212-555-0188 to unlock the conference room before 9",
        "Action required: a hold has been placed on your registration. To remove the hold, "
        "call the Bursar's Office at 212-854-4400.",
        "Dr. Lee's office: action required - please call our front desk at 212-555-0100 to "
        "verify your insurance before tomorrow's visit.",
        "Emergency dismissal today. Parents call the main office at 718-555-0130 immediately "
        "to verify pickup.",
        "If this is not done by 5pm, call the office at 212-555-0100 urgently.",
        "Lost & found: a blue wallet in the lobby. If this isn't yours, call the front desk at "
        "212-555-0101 asap.",
        # advice against calling
        "Unusual activity? Never call 888-555-0143 to verify your account, it is a scam.",
        # an opt-out instruction, and a text that says to call if it was you
        "URGENT! Your entry is confirmed. To stop texts call 08712460324 now",
        "Unusual sign-in noticed. If this is you, call 646-555-0123 urgently",
        # a code's text that says to call if it was not asked for
        "Your code is 123456 and expires in 10 minutes. If you didn't request it, call "
        "1-877-555-0100.",
    ],
)
def test_a_number_to_call_is_no_credential_request_without_an_account_purpose(body: str) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" not in by_symbol(lure_hits(body, to="+12125550123"))


@pytest.mark.parametrize(
    ("body", "bait"),
    [
        # the job and task scams of the Philippine data, and their US forms
        (
            "Make money while watching YouTube, earn 500P per day, contact the tutor",
            "earn 500P per day",
        ),
        ("It is easier to get a daily salary of 300P. Just contact the instructor", "daily salary"),
        ("You can get a commission of ₱77,777 per day.", "commission of ₱77,777 per day"),
        ("Hi, we are hiring remote workers, earn $300-$800 per day.", "earn $300-$800 per day"),
        ("Hey! Earn up to $5000 weekly working from home.", "Earn up to $5000 weekly"),
        ("Like and rate hotels online, 30-60 minutes a day, paid daily.", "paid daily"),
    ],
)
def test_pay_for_easy_work_is_a_money_lure(body: str, bait: str) -> None:
    assert bait in by_symbol(lure_hits(body))["LURE_MONEY_PRIZE"]


@pytest.mark.parametrize(
    "body",
    [
        "Amazon Flex: earn $18-$25 per hour delivering with your own car. Sign up at "
        "https://flex.amazon.com",
        "Uber: Drivers earn $1,200 weekly in your city. Start at https://www.uber.com/drive",
    ],
)
def test_a_major_sites_own_recruiting_is_no_money_lure_and_not_tagged(body: str) -> None:
    [verdict] = Engine().score_batch([make_message(body=body, to="+12125550123")])
    assert "LURE_MONEY_PRIZE" not in {reason.symbol for reason in verdict.reasons}
    assert verdict.action is Action.DELIVER


@pytest.mark.parametrize(
    "body",
    [
        # a price by the day, and pay that is a price
        "Cost 150p/day, 6days, 16+ TsandCs apply",
        "Parking at the station: you pay $10 a day, cheaper than downtown",
        "I get paid $15 an hour at the cafe now, not bad",
        "I make $22 an hour at Target now lol",
        "Make sure you bring $20 a day for lunch, the field trip is Mon-Fri",
        # no amount by a period
        "Still looking for a job. How much do TAs earn there?",
    ],
)
def test_prices_by_the_day_and_talk_of_pay_are_no_money_lure(body: str) -> None:
    assert "LURE_MONEY_PRIZE" not in by_symbol(lure_hits(body))


@pytest.mark.parametrize(
    ("body", "asked"),
    [
        # A refund scam's calm voice: a charge the reader did not make and a number to call, in
        # the name of a brand whose own texts never give one.
        (
            "Your Norton subscription has been renewed for $399.99. If you did not authorize "
            "this charge call 1-888-604-3117",
            "If you did not authorize this charge call 1-888-604-3117",
        ),
        (
            "Amazon: An order of iPhone 15 Pro Max $1,149.00 has been placed on your account. "
            "If not you, call 1-888-312-5519",
            "If not you, call 1-888-312-5519",
        ),
    ],
)
def test_a_calm_request_to_call_about_a_charge_in_a_shops_name_is_smishing(
    body: str, asked: str
) -> None:
    found = by_symbol(lure_hits(body, to="+12125550123"))
    assert "urgency" not in found["SMISHING_CREDENTIAL_REQUEST"]
    assert asked in found["SMISHING_CREDENTIAL_REQUEST"]
    [verdict] = Engine().score_batch([make_message(sender="+16462310000", body=body)])
    assert verdict.action.rank >= Action.TAG.rank


@pytest.mark.parametrize(
    "body",
    [
        # Banks' and card issuers' real fraud alerts give a number to call, calmly.
        "Discover: A purchase of $52.10 at TARGET was approved on card ending 0093. Not you? "
        "Call 1-800-347-2683",
        "Capital One: a charge of $1,249.99 at BEST BUY is pending on your card. Not you? "
        "call +1-877-383-4802",
        "BPI: You have successfully paid PHP 2,450.00 to MERALCO. If you did not make this "
        "transaction, call (02) 889-10000",
        "Costco Pharmacy: Your prescription is ready. If you did not place this order call "
        "1-800-955-2292",
        "Apple: a purchase of $999.00 was made with your Apple ID. If you did not make it, call "
        "1-800-275-2273",
    ],
)
def test_a_banks_calm_alert_or_a_shops_own_line_is_no_credential_request(body: str) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" not in by_symbol(lure_hits(body, to="+12125550123"))


@pytest.mark.parametrize(
    ("body", "to", "sender_id"),
    [
        (
            "Barclays: a new payee was set up on your account at 01:52. If this wasn't you, "
            "call our fraud team on 0207 946 1182",
            "+447911200001",
            "BARCLAYS",
        ),
        (
            "CommBank: a payment of $1,640.00 to QUICKPAY PTY is pending. If you did not "
            "authorise this call us on 02 9374 2201",
            "+61412110001",
            "CommBank",
        ),
        (
            "Zenith Bank: your account has been debited N120,000. If you did not authorize "
            "this call 0903 118 2291",
            "+2348051230001",
            "ZENITHBANK",
        ),
        # session 27 (blind set 21): what someone "tried to" do is no request of its own, the
        # call is; Maybank's online bank speaks as Maybank
        (
            "Capitec: Someone tried to log in to your app from a new device. If this wasn't you, "
            "call 087 555 0123 to block your account",
            "+27831230001",
            "Capitec",
        ),
        (
            "Maybank2u: Your TAC request for a transfer of RM2,000 has been received. If not you, "
            "call 03-5555 0123",
            "+60133120001",
            "Maybank",
        ),
    ],
)
def test_a_banks_call_request_to_a_number_it_does_not_publish_is_smishing(
    body: str, to: str, sender_id: str
) -> None:
    # Calm, with no urgency: a bank's real alert gives its own published number, and comes
    # from a short code or a sender ID.
    found = by_symbol(lure_hits(body, to=to))
    assert "urgency" not in found["SMISHING_CREDENTIAL_REQUEST"]
    [mobile, vetted] = Engine().score_batch(
        [
            make_message("a", sender="+447911300002", to=to, body=body),
            make_message("b", sender=sender_id, to=to, body=body),
        ]
    )
    assert mobile.action.rank >= Action.TAG.rank
    [half] = [r for r in vetted.reasons if r.symbol == "SMISHING_CREDENTIAL_REQUEST"]
    assert half.score == 2.5 and vetted.action is Action.DELIVER


@pytest.mark.parametrize(
    ("body", "to"),
    [
        (
            "Barclays: a new payee was set up on your account at 01:52. If this wasn't you, "
            "call us on 0345 734 5345",
            "+447911200001",
        ),
        (
            "CommBank: a payment of $1,640.00 to QUICKPAY PTY is pending. If you did not "
            "authorise this call us on 13 22 21",
            "+61412110001",
        ),
        (
            "BDO: Transaction of PHP 3,180.00 at ROBINSONS on your card ending 7710. If "
            "unauthorized, call (02) 8631-8000.",
            "+639171230001",
        ),
        (
            "DBS: You made a PayNow transfer of SGD 32.00 to TAN K on 3 Apr 09:12 (SGT). If "
            "unauthorised, call 1800 339 6963.",
            "+6591230001",
        ),
        # the bank's own code notice (blind set 20), whatever number it gives
        (
            "Santander: A passcode was requested to add a new payee. Your code is 730184. If this "
            "wasn't you, call us on 0330 555 7781.",
            "+447911200001",
        ),
        # a national toll-free line the list lacks (blind set 19: Nedbank's fraud line)
        (
            "Nedbank: Transaction of R318.20 at WOOLWORTHS ROSEBANK on card ..5521. Not you? "
            "Call 0800 110 929.",
            "+27831230001",
        ),
    ],
)
def test_a_banks_call_request_to_its_published_number_is_no_credential_request(
    body: str, to: str
) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" not in by_symbol(lure_hits(body, to=to))


def test_a_calm_call_request_in_a_shops_name_weighs_half_from_a_short_code() -> None:
    body = "Amazon: your order of $899.00 was placed. If this wasn't you, call 1-888-231-0143"
    [short_code] = Engine().score_batch([make_message(sender="72166", body=body)])
    [reason] = [r for r in short_code.reasons if r.symbol == "SMISHING_CREDENTIAL_REQUEST"]
    assert reason.score == 2.5 and short_code.action is Action.DELIVER


@pytest.mark.parametrize("sender", ["72166", "TDBANK", "+18887519000"])
def test_a_banks_call_request_from_a_short_code_sender_id_or_toll_free_number_weighs_half(
    sender: str,
) -> None:
    body = (
        "TD Bank: Urgent: Your debit card has been temporarily blocked. Call 1-888-751-9000 "
        "to reactivate."
    )
    [vetted, long_code] = Engine().score_batch(
        [
            make_message("a", sender=sender, to="+12125550123", body=body),
            make_message("b", sender="+16462310000", to="+12125550124", body=body),
        ]
    )
    [half] = [r for r in vetted.reasons if r.symbol == "SMISHING_CREDENTIAL_REQUEST"]
    [full] = [r for r in long_code.reasons if r.symbol == "SMISHING_CREDENTIAL_REQUEST"]
    assert half.score == full.score / 2 == 2.5
    assert vetted.action is Action.DELIVER and long_code.action is Action.TAG


def test_a_link_request_from_a_sender_id_keeps_its_weight() -> None:
    body = "URGENT: your bank account has been suspended. Verify your account at secure-acct.top/v"
    [verdict] = Engine().score_batch([make_message(sender="MYBANK", body=body)])
    [reason] = [r for r in verdict.reasons if r.symbol == "SMISHING_CREDENTIAL_REQUEST"]
    assert reason.score == 5.0


def test_a_credential_request_weighs_half_from_a_registered_campaigns_number_only() -> None:
    body = "Urgent: your card is locked. Call 1-888-231-0143 to unlock your card."
    # in a conversation (a scammer's "is this Linda?" answered "wrong number" makes one): all
    in_conversation, cold = reasons_in_conversation_and_cold(body, "SMISHING_CREDENTIAL_REQUEST")
    assert in_conversation.score == cold.score == 5.0
    # from a registered campaign's number (a bank's registered alert): half
    state = MemoryStateStore()
    ComplianceStore(state).apply_registry(msgspec.convert(REGISTRY, RegistryFile))
    [verdict] = Engine(state=state).score_batch([make_message(sender=SHOP, body=body)])
    [registered] = [r for r in verdict.reasons if r.symbol == "SMISHING_CREDENTIAL_REQUEST"]
    assert registered.score == 2.5
    assert "(registered A2P)" in registered.detail


def test_advice_against_sharing_credentials_is_not_a_request() -> None:
    found = by_symbol(lure_hits("Your bank will never ask you to confirm your PIN by text."))
    assert "SMISHING_CREDENTIAL_REQUEST" not in found


@pytest.mark.parametrize(
    "body",
    [
        "Running 10 min late, call me on 020 7946 0018 if you need me",
        "Happy birthday! Hope you have a lovely day",
        "Your order #12345 has shipped and arrives Tuesday",
        # a bank's credit alert: money paid in is no prize (in both corpora "credited" beside
        # an amount is a bank's or a shop's notice, never only spam's)
        "Rs 10,000.00 credited to your Kotak Bank a/c XX1234 on 05-12-25 by UPI. Avl bal "
        "Rs 45,210.50",
    ],
)
def test_ordinary_messages_get_no_lure_hits(body: str) -> None:
    assert lure_hits(body) == []


def test_restricted_category_is_a_named_symbol_with_its_words() -> None:
    hits: list[list[Hit]] = [[]]
    message = make_message(body="100 free spins at our online casino tonight")
    RestrictedCategorySignal({}, MemoryStateStore()).check(Batch([message]), hits)
    [hit] = hits[0]
    assert hit.symbol == "CATEGORY_GAMBLING"
    assert "casino" in hit.detail


MIXED_BATCH = (
    "You have won! To claim call 09061701461 now",
    "Call us back on +234 803 123 4567",
    "Your account has been suspended. Verify your account at the link below.",
    "running late, see you at 7",
    "ÜRGENT: your parcel is held. Confirm your address at dhl-redelivery.top/track",
    "Free spins at the casino tonight! Claim your £500 bonus",
    "a NUL\x00inside, claim £20 cash at bit.ly/x1",
    "Vote for Maria Lopez on Tuesday. Reply STOP to opt out",
    "",
    "meet at 10.30 by the 12345 stop, price £1.50",
)


def test_each_text_gets_the_same_findings_in_a_batch_as_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(FACTS_CACHE, "size", 0)  # analyse every batch afresh

    def check(messages: list[Message]) -> list[list[Hit]]:
        batch = Batch(messages)
        hits: list[list[Hit]] = [[] for _ in messages]
        LureSignal({}, MemoryStateStore()).check(batch, hits)
        RestrictedCategorySignal({}, MemoryStateStore()).check(batch, hits)
        return hits

    messages = [make_message(f"m{i}", body=body) for i, body in enumerate(MIXED_BATCH)]
    together = check(messages)
    alone = [check([message])[0] for message in messages]
    assert together == alone
    found = [{hit.symbol for hit in hits} for hits in together]
    assert found[:3] == [
        {"LURE_MONEY_PRIZE", "LURE_PRIZE_CLAIM"},
        {"CALLBACK_INTERNATIONAL"},
        {"SMISHING_CREDENTIAL_REQUEST"},
    ]
    assert found[5] == {"LURE_MONEY_PRIZE", "CATEGORY_GAMBLING"}
    assert found[6] == {"LURE_MONEY_PRIZE"}
    assert found[3] == found[7] == found[8] == found[9] == set()


def test_batch_finders_agree_with_the_one_text_finders_on_lure_heavy_texts() -> None:
    # The batch path tries each regex only where its trigger words start; the one-text finders
    # search the whole text. On texts made of lure words, amounts and punctuation in every
    # order they must find the same phrase.
    tokens = ("won", "win", "prize", "free", "claim", "cash", "bonus", "gift card", "£500",
              "$1,000", "500 pounds", "20p", "5k", "php 300", "p500", "rs. 40", "you", "the",
              "call", "now", ".", "!", "\n", "urgent", "within 24 hours", "verify your account",
              "log in to", "never", "has been suspended", "casino", "free spins", "payday loan",
              "re-", "Claim Your", "WIN")  # fmt: skip
    rng = random.Random(5)
    texts = [" ".join(rng.choice(tokens) for _ in range(rng.randint(2, 20))) for _ in range(2000)]
    found = analyse_batch(texts, ["US"] * len(texts)).facts
    for text, facts in zip(texts, found, strict=True):
        assert facts.money_lure == find_money_lure(text), text
        assert facts.urgency == find_urgency(text), text
        assert facts.credential == find_credential_request(text), text
        assert facts.categories == find_categories(text), text
    assert sum(facts.money_lure is not None for facts in found) > 500


@pytest.mark.parametrize(
    "body",
    [
        "FINAL NOTICE: your toll balance is overdue",
        "Pay within 24 hours to avoid suspension of your service",
        "Unusual activity was detected on your card",
    ],
)
def test_urgency_without_a_credential_request_is_urgency_pressure(body: str) -> None:
    found = by_symbol(lure_hits(body))
    assert "URGENCY_PRESSURE" in found
    assert "SMISHING_CREDENTIAL_REQUEST" not in found


@pytest.mark.parametrize(
    "body",
    [
        "Your invoice for November is attached, due on the 30th",
        "No rush, reply whenever you can",
        # Urgency together with a credential request is the stronger symbol alone.
        "Your account has been suspended. Verify your account at the link below.",
    ],
)
def test_plain_deadlines_and_smishing_are_not_urgency_pressure(body: str) -> None:
    assert "URGENCY_PRESSURE" not in by_symbol(lure_hits(body))


def test_a_banks_published_number_is_no_risky_call_back() -> None:
    # Kotak's customer-care line is an Indian shared-cost (1860) number; a call to it reaches
    # the bank whoever sent the text. Another 1860 number still counts.
    to = "+919986000001"
    alert = "Rs.899.00 spent on Kotak Credit Card xx2345 at SWIGGY on 24/09/2026. Not you? Call {}"
    [verdict] = Engine().score_batch(
        [make_message(sender="+919845000001", to=to, body=alert.format("18602662666"))]
    )
    assert "CALLBACK_PREMIUM_RATE" not in {r.symbol for r in verdict.reasons}
    assert "CALLBACK_PREMIUM_RATE" in by_symbol(lure_hits(alert.format("18602660000"), to=to))


@pytest.mark.parametrize(
    ("number", "risky"),
    [
        ("0345 734 5345", False),  # a UK bank's 03 line: charged as an 01/02 call (Ofcom)
        ("0300 200 3300", False),  # HMRC
        ("055 1234 5678", True),  # a UK corporate number: costs more
        ("0845 740 4404", True),  # a service-charge number
        ("09061701461", True),  # premium rate
    ],
)
def test_a_uk_03_number_is_an_ordinary_call_back(number: str, risky: bool) -> None:
    found = by_symbol(lure_hits(f"Your card has been used abroad. Not you? Call us on {number}"))
    assert ("CALLBACK_PREMIUM_RATE" in found) is risky


@pytest.mark.parametrize(
    ("number", "risky"),
    [
        ("0860 10 20 43", False),  # Capitec's Sharecall line: a local call's price
        ("0861 111 011", False),  # a Maxicall line: a fixed national price
        ("0900 123 456", True),  # premium rate
    ],
)
def test_a_south_african_sharecall_number_is_an_ordinary_call_back(
    number: str, risky: bool
) -> None:
    body = f"Capitec: Purchase R1,250.00 at CHECKERS from acc ***4410. Not you? Call {number}"
    found = by_symbol(lure_hits(body, to="+27831230001"))
    assert ("CALLBACK_PREMIUM_RATE" in found) is risky


@pytest.mark.parametrize(
    ("body", "to", "asked"),
    [
        # Caribbean +1 numbers are international calls from the US and Canada (the FTC's "809"
        # warning; lottery scams' Jamaican 876 numbers); US territories' are not
        ("You won $2.5M! Call agent Mr. Brown at 876-432-7719 to claim", "+14155550122", "JM"),
        ("You won $2.5M! Call agent Mr. Brown at 809-555-0142 to claim", "+14165550123", "DO"),
        # beside a lure of session 23's finders only (a prize claim without an amount)
        ("Your number has won a new iPhone! Call 876-432-7719 to claim it", "+14155550122", "JM"),
    ],
)
def test_a_caribbean_number_is_an_international_call_back_from_north_america(
    body: str, to: str, asked: str
) -> None:
    assert asked in by_symbol(lure_hits(body, to=to))["CALLBACK_INTERNATIONAL"]


def test_an_international_number_dialled_with_011_stays_a_call_back_without_a_lure() -> None:
    # Only a Caribbean +1 number written without "+" waits for a lure; a number dialled with
    # the US's international prefix is international whatever the text says.
    body = "Please call our office on 011 44 20 7946 0018 about the delivery"
    assert "GB" in by_symbol(lure_hits(body, to="+14155550122"))["CALLBACK_INTERNATIONAL"]


@pytest.mark.parametrize(
    "body",
    [
        "Call me at 787-555-0142",
        "Call me at 416-555-0142",
        # found by the review: a Caribbean business's or friend's number with no lure beside it
        "Sandals Negril: Your reservation JQ2841 is confirmed for Dec 20-27. Questions? Call "
        "876-957-5070.",
        "Hey it's Marcia, I'm home in Kingston for Christmas. Call me on 876-555-2231",
    ],
)
def test_a_us_territorys_canadas_or_a_caribbean_number_alone_is_no_international_call_back(
    body: str,
) -> None:
    assert "CALLBACK_INTERNATIONAL" not in by_symbol(lure_hits(body, to="+14155550122"))


def test_a_texts_first_and_last_numbers_are_read_for_call_backs() -> None:
    # A bound on a hostile body's cost: of a text giving more than MAX_NUMBERS_CHECKED phone
    # numbers, the first and the last half are read; a premium line put last is still found.
    from clearline.content.lures import MAX_NUMBERS_CHECKED

    ordinary = ", ".join(f"020 7946 {n:04d}" for n in range(MAX_NUMBERS_CHECKED + 4))
    last = by_symbol(lure_hits(f"Call {ordinary} or 09061701461"))
    assert "09061701461" in last["CALLBACK_PREMIUM_RATE"]
    first = by_symbol(lure_hits(f"Call 09061701461 or {ordinary}"))
    assert "09061701461" in first["CALLBACK_PREMIUM_RATE"]
    half = MAX_NUMBERS_CHECKED // 2
    middle = ordinary.split(", ")
    middle.insert(half + 2, "09061701461")
    unread = by_symbol(lure_hits("Call " + ", ".join(middle)))
    assert "CALLBACK_PREMIUM_RATE" not in unread
    # The batch path (which searches only the runs of digits) reads the same numbers.
    from clearline.content.lures import find_callback_numbers

    for text in (f"Call {ordinary} or 09061701461", "Call " + ", ".join(middle)):
        long_text = text + " call back now" * 300 + " or 09061701461"
        for body in (text, long_text):
            batch = analyse_batch([body], ["GB"]).facts[0].callbacks
            assert list(batch) == find_callback_numbers(body, "GB")


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_registered_share_outside_zero_to_one_is_refused(share: float) -> None:
    with pytest.raises(SignalConfigError, match="registered_share"):
        LureSignal({"registered_share": share}, MemoryStateStore())


@pytest.mark.parametrize(
    ("body", "bait"),
    [
        (
            "Hi! Hiring kami ng part-time online job, P500-P3000/day, kahit cellphone lang. "
            "Interested? Message mo ako sa Telegram",
            "P500-P3000/day",
        ),
        (
            "Hello, I'm Angel from Shopee Recruitment. Daily task payment P300-P5000. Reply OK",
            "Daily task",
        ),
        (
            "Hi, this is Emily with TalentBridge Staffing. We have a flexible remote position, "
            "1-2 hrs a day from your phone. Reply YES for details",
            "1-2 hrs a day",
        ),
        ("Remote job, earn 500 a day! Reply YES to start", "earn 500 a day"),
        ("We are looking for people to rate hotels online, paid daily. Reply YES", "rate hotels"),
        (
            "We're hiring! Work from home 1-2 hours a day and earn $300 daily. Text me on WhatsApp",
            "1-2 hours a day",
        ),
        (
            "We are hiring online staff, daily pay $100-$500. No experience needed",
            "daily pay $100-$500",
        ),
        ("Part time job: get paid daily, earn 300-1000 per day", "earn 300-1000 per day"),
        ("Part-time job, earn $500 daily, volunteers welcome too", "earn $500 daily"),
        # the offer in other words, a fee for the job, liking pages (session 23)
        (
            "Hello! We are Amazon's remote team hiring product reviewers. Earn $300/day by "
            "liking and rating products",
            "product reviewers",
        ),
        (
            "Woolworths is hiring! General workers, cashiers, drivers. No experience. Pay R350 "
            "for registration. SMS your name",
            "Pay R350 for registration",
        ),
        (
            "Congrats! You have been shortlisted for NNPC recruitment 2024. Pay N5,000 "
            "processing fee to this account to continue",
            "processing fee",
        ),
        (
            "Hello, this is Anna. I'm the HR of TikTok. You only need to like videos to earn "
            "300$ a day. Reply Y",
            "like videos",
        ),
        (
            "Dear Sir/Ma, we need 10 persons for online data entry work. Pay: N8k daily. Reg fee "
            "N2,000 only. Reply YES",
            "Reg fee",
        ),
        (
            "Jobs in Qatar & Dubai: drivers, cleaners, security. Salary Ksh 80K+. Visa processing "
            "fee Ksh 15,000",
            "Visa processing fee",
        ),
        ("Earn GHS 300 daily working from home. WhatsApp +233 55 812 4477", "Earn GHS 300 daily"),
        # the offer and the bait in yet other words (session 27, blind sets 1-20)
        (
            "Hi, Grace from a staffing agency. Part-time, 30 min/day, earn $200-$600 daily",
            "30 min/day",
        ),
        ("We pay people to rate products online from home. Text YES for details", "rate products"),
        (
            "JobStreet partner here. Part-time job, S$80-S$400/day, just need a phone",
            "S$80-S$400/day",
        ),
        (
            "Hello, I'm Nisha from Naukri. Hotel review job: ₹120 per review. Reply YES",
            "per review",
        ),
        (
            "Job openings at Pick n Pay: packers. Send R300 for uniform to 072 118 4410",
            "Send R300 for uniform",
        ),
        (
            "KQ is recruiting ground staff. Pay Ksh 1,200 registration via M-PESA",
            "Pay Ksh 1,200 registration",
        ),
        (
            "Nafasi za kazi Dubai: madereva na walinzi. Lipia medical Ksh 7,500 kwa 0722 000 111",
            "Lipia medical",
        ),
        (
            "Jawatan kosong kerani, kerja dari rumah. Bayar yuran pendaftaran RM120 sahaja",
            "yuran pendaftaran",
        ),
        (
            "Your commission $92.10 is ready. To unlock level 3 please recharge 150 USDT",
            "To unlock level 3 please recharge",
        ),
        (
            "Earn KSh 1,500 daily by liking TikTok videos. WhatsApp 0712 000 111",
            "Earn KSh 1,500 daily",
        ),
        (
            "Police recruitment 2026: secure your slot with GHS 2,000. Call 0244 000 111",
            "secure your slot with GHS 2,000",
        ),
        ("Hello ji, part time job hai. Roz ₹1500-₹4000 kamao ghar baithe", "Roz ₹1500"),
        (
            "Drivers and cleaners needed in Qatar. Pay medical & visa fee Ksh 9,000",
            "medical & visa fee",
        ),
        # Spanish, for the US's Spanish speakers (blind set 21)
        (
            "Hola, le escribe Ana de reclutamiento. Trabajo desde casa, 30-60 min al día, $200 a "
            "$600 diarios. Responda SI",
            "30-60 min al dia",
        ),
        # session 27 (blind set 22): Swahili's "tunaajiri ... kila siku", Tagalog's "kumita ng",
        # tasks "/day"
        (
            "Habari! Tunaajiri watu wa kazi online, Ksh 1,000-4,000 kila siku. WhatsApp 0790 555 "
            "012",
            "Ksh 1,000-4,000 kila siku",
        ),
        ("Kumita ng P15,000 kada linggo! Mag-like lang ng videos. Msg sa Telegram", "Mag-like"),
        (
            "Hi, Uber Eats recruitment team here. Complete 40 tasks/day, earn commissions. Reply Y",
            "40 tasks/day",
        ),
        (
            "Hello po! Hiring kami ng online encoder, P1,500/day. Kailangan lang ng P300 para sa "
            "training kit.",
            "P300 para sa training",
        ),
        (
            "Tunatafuta wafanyakazi Qatar & Dubai, mshahara Ksh 100,000. Lipa Ksh 7,000 ya "
            "usajili. Piga 0711 555 015",
            "Lipa Ksh 7,000 ya usajili",
        ),
        (
            "Hello, Jessica from Indeed. Your resume was recommended. Remote, 2 hrs/day, R1,500-"
            "R4,000 daily. Add me on WhatsApp.",
            "2 hrs/day",
        ),
        # blind set 26: a day range whose second sum has no sign, "a mobile phone", "sehari"
        (
            "We are hiring in Dubai for an online part-time job. Salary AED 500-1,500 daily, you "
            "only need a mobile phone.",
            "AED 500-1,500 daily",
        ),
        (
            "Ada kerja sambilan dari rumah. Gaji RM150-RM500 sehari. Berminat? WhatsApp "
            "016-555 0161",
            "RM150-RM500 sehari",
        ),
    ],
)
def test_a_job_offer_with_its_bait_is_a_lure_that_tags_cold(body: str, bait: str) -> None:
    detail = by_symbol(lure_hits(body, to="+12125550123"))["LURE_JOB_OFFER"]
    assert repr(bait) in detail
    [verdict] = Engine().score_batch([make_message(sender="+16462310000", body=body)])
    assert verdict.action.rank >= Action.TAG.rank


@pytest.mark.parametrize(
    "body",
    [
        # an offer without bait, bait without an offer
        "We're hiring part-time baristas! Apply at the counter or reply YES",
        "Hi Sam, Priya from Robert Half. A remote accounting role matches your resume, $38 an "
        "hour. Free to chat?",
        "Hi, Aya Healthcare recruiter here: ICU travel position in Denver, $2,900/wk, 13 weeks",
        "I work part time now, like 3 hours a day lol",
        "Parking at the station: 150p/day, cheaper than downtown",
        "made 2 hours a day of progress on the thesis this week",
        # a motel's vacancy, volunteers, a wage paid weekly
        "Sunset Motel: good news, we have a vacancy for Dec 12-14, $89 per day. Reply to book",
        "Lincoln Elementary PTA: volunteers needed! Recruiting parents for the book fair, 2 "
        "hours a day next week",
        "We are hiring part-time staff for our store, paid weekly. Apply in person",
        "Recruitment day Saturday: reply from your phone to book a slot, 2 hour sessions",
        # a real recruiter's "no fee", the hiring manager, an exam body's application fee
        "We're hiring warehouse staff in Leeds, £12.60/hr, weekly pay. No registration fee, "
        "apply at indeed.com",
        "Hi Tom, the hiring manager liked your interview! They'll call about the offer by Friday",
        "RRB recruitment 2024: the last date to pay the application fee is 20 Dec. Apply at "
        "rrbcdg.gov.in",
        # a recruiter's "no fee", a fee the employer pays, the sender's own page, a carrier's
        # top-up, a delivery app's wallet, one person hiring another (review of session 23)
        "Hi Rohit, Quess Corp recruiter here. Hiring Delivery Associates in Pune. Please note "
        "Quess never charges a registration fee.",
        "Kenya Police Service: recruitment of constables on 12/09. Do not pay any bribe or "
        "registration fee.",
        "Hi Ravi, HR team here. The medical fee will be reimbursed with your first salary.",
        "Hi Kevin, Staffmark here. We're hiring assemblers, $18/hr. We pay for the training week.",
        "We're hiring at the salon! Please share and like our page so more people see it",
        "Jio: Work From Home add-on expires today. Recharge now to continue uninterrupted data.",
        "Lalamove: Congrats, you are selected as a Partner Driver! Please top up your wallet to "
        "receive orders.",
        "Hi, I'm hiring a nanny for my 2 year old, 2 hours a day after daycare, $20/hr.",
        "RSSB: Recruitment notice for following vacant posts of Patwari. Apply online by 20 Aug.",
        # the offer's session-27 words without bait, the bait's words without an offer, a
        # person's own earnings
        "I earn a little extra by reviewing products on Amazon Vine, it's fun",
        "Hi, Mercy from Kenya Power HR. We have openings at the Nairobi depot for drivers, Ksh "
        "45,000 a month. Apply on our careers page",
        "Part-time, 20 hours a week, $18/hr. Interested? - Sunrise Bakery",
        "School trip: please pay R350 registration by Friday for the netball tour",
        "We have vacancies at the lodge for Christmas week, R1,200 per night",
        "Our company offers visa sponsorship for nurses. No fees are charged at any stage.",
        "Earn points for rating your ride! Open the app to rate your driver",
        "Mi hermana consiguió trabajo desde casa, gana $20 la hora. Qué bueno, verdad?",
        # Tagalog's "para sa" for what a person pays for
        "Bayad ko na yung P500 para sa training ng anak mo, salamat!",
        # Swahili and Tagalog words of the offer without bait
        "Tunaajiri madereva, mshahara Ksh 30,000 kwa mwezi. Tuma CV yako kwa barua pepe",
        "Kumita ng malaki si Ate sa bagong trabaho niya sa Makati!",
    ],
)
def test_real_jobs_and_talk_of_work_are_no_job_offer_lure(body: str) -> None:
    assert "LURE_JOB_OFFER" not in by_symbol(lure_hits(body, to="+12125550123"))


def test_a_job_offer_weighs_half_in_a_conversation_and_once_beside_a_link() -> None:
    body = "Hiring part-time staff, 1-2 hours a day, paid daily. Reply YES"
    in_conversation, cold = reasons_in_conversation_and_cold(body, "LURE_JOB_OFFER")
    assert cold.score == 5.0 and in_conversation.score == 2.5
    # With a link elsewhere the links signal names the same bait: it is not counted twice.
    linked = body.replace("Reply YES", "Apply at hirehub-careers.com/apply")
    [verdict] = Engine().score_batch([make_message(body=linked)])
    symbols = {r.symbol for r in verdict.reasons}
    assert "SMISHING_PRETEXT_LINK" in symbols and "LURE_JOB_OFFER" not in symbols


@pytest.mark.parametrize(
    "body",
    [
        "Final notice: the factory warranty on your vehicle is about to expire. Reply 1 to speak "
        "with a specialist",
        "Hi, this is Brianna with Sun Power Solutions. Homeowners in your zip code qualify for "
        "$0 down solar. Want a free quote? Reply YES",
        "Hey Robert, would you consider selling your property on W 38th St? We pay cash and "
        "cover closing costs. Text me back",
    ],
)
def test_a_telemarketing_pitch_tags_cold_and_weighs_half_in_a_conversation(body: str) -> None:
    assert "LURE_SALES_PITCH" in by_symbol(lure_hits(body, to="+12125550123"))
    in_conversation, cold = reasons_in_conversation_and_cold(body, "LURE_SALES_PITCH")
    assert cold.score == 5.0 and in_conversation.score == 2.5
    [verdict] = Engine().score_batch([make_message(sender="+16462310000", body=body)])
    assert verdict.action.rank >= Action.TAG.rank


def test_a_pitch_that_asks_for_no_answer_tags_only_with_another_finding() -> None:
    # A neighbour's first text reads like this too: no reply, call, link or number asked for.
    body = "Hey neighbor, our solar guys said your roof faces south too so you'd save $100+ a month"
    [hit] = [h for h in lure_hits(body, to="+12125550123") if h.symbol == "LURE_SALES_PITCH"]
    assert hit.weight == pytest.approx(0.6) and "no call, reply" in hit.detail
    [verdict] = Engine().score_batch([make_message(sender="+16462310000", body=body)])
    assert verdict.action is Action.DELIVER


@pytest.mark.parametrize(
    "body",
    [
        "We got solar last spring and the power bill is like $40 now, so worth it",
        "Congresswoman Diaz will protect Medicare and Social Security. You may qualify to vote "
        "early: reply YES for your polling place",
    ],
)
def test_talk_of_the_topics_and_political_texts_are_no_sales_pitch(body: str) -> None:
    assert "LURE_SALES_PITCH" not in by_symbol(lure_hits(body, to="+12125550123"))
    [verdict] = Engine().score_batch([make_message(sender="+16462310000", body=body)])
    assert verdict.action is Action.DELIVER


@pytest.mark.parametrize(
    "body",
    [
        "Invest N50k and get N150k in 7 days 💰 Forex/crypto, 100% guaranteed. DM now",
        "Join our crypto trading platform and earn 30% weekly ROI. Sign up today",
        "Gusto mo bang kumita? Invest ka lang ng P1,000 and get 30% return every 3 days!",
    ],
)
def test_investment_bait_tags_cold_and_weighs_half_in_a_conversation(body: str) -> None:
    in_conversation, cold = reasons_in_conversation_and_cold(body, "LURE_INVESTMENT_RETURNS")
    assert cold.score == 5.0 and in_conversation.score == 2.5


@pytest.mark.parametrize(
    ("symbol", "body"),
    [
        (
            "LURE_PRIZE_CLAIM",
            "Glo: Your number won N1,000,000 in Glo Awoof promo. Send your account details to "
            "claim.",
        ),
        (
            "LURE_GIFT_CARD_REQUEST",
            "Hi, it's Mike. I'm in a meeting and can't talk. Can you pick up some Apple gift "
            "cards?",
        ),
        (
            "LURE_MIRACLE_CURE",
            "Prof Baba: bring back lost lover in 24hrs, win lotto, court cases. Call 0718824410",
        ),
        (
            "LURE_BENEFIT_CLAIM",
            "You qualify for a $6,400 grant from the Department of Treasury. Reply YES to claim.",
        ),
        (
            "LURE_DEBT_SHAMING",
            "Your loan is overdue. Pay today or we will send your photo to all your contacts.",
        ),
        (
            "LURE_HARM_THREAT",
            "We know where you live. Send Ksh 20,000 today or your family will get hurt.",
        ),
        (
            "LURE_ROMANCE_OPENER",
            "Hi dear, I'm Sandra from Abuja. I got your number from a friend's group. Can we chat?",
        ),
        # session 27 (blind set 25): an app to install from a file
        (
            "LURE_APP_INSTALL",
            "Your HDFC reward points expire today. Install the HDFC Rewards app to redeem: "
            "hdfc-points.example/HDFC_Reward.apk",
        ),
    ],
)
def test_a_strangers_lure_tags_cold_and_weighs_half_in_a_conversation(
    symbol: str, body: str
) -> None:
    in_conversation, cold = reasons_in_conversation_and_cold(body, symbol)
    assert cold.score == 5.0 and in_conversation.score == 2.5


@pytest.mark.parametrize(
    ("body", "claim"),
    [
        (
            "Hi Mum, it's me, I've dropped my phone in the loo. This is my new number. Can you "
            "message me on WhatsApp when you get this x",
            "dropped my phone",
        ),
        (
            "Hey dad its me, lost my phone. using a friend's. I need to pay a bill today can u "
            "help? will explain later",
            "lost my phone",
        ),
        (
            "Papa, mera phone kharab ho gaya, yeh mera naya number hai. Urgent 15000 bhejo please",
            "naya number",
        ),
        (
            "Nanay, bagong number ko 'to. Nasira phone ko. Pa-send naman P2,000 sa GCash ko",
            "bagong number",
        ),
        (
            "Mum? Its me, phone's smashed, this is a temp number. Could u lend me £850 till "
            "Monday?",
            "phone's smashed",
        ),
        # session 22 (blind set 11): a mate's phone, and Swahili
        (
            "Hey Dad it's me, messaging from a mate's phone as mine's cactus. Bank app's locked, "
            "can you help with a bill I need to pay today?",
            "mate's phone",
        ),
        (
            "Mum hii ni namba yangu mpya, simu yangu imeibiwa. Nitumie 2k tafadhali ni dharura",
            "namba yangu mpya",
        ),
        # session 23: a friend's or a relative's impostor, "Ma," in Tagalog, a locked bank app,
        # the grandparent scam
        (
            "Bros how far, na me Tunde, I dey use my sister phone. Abeg send 5k to this acct "
            "2091467730 First Bank",
            "dey use my sister phone",
        ),
        (
            "Bhai ye mera new number hai, purana phone kharab ho gaya. Thoda urgent paisa chahiye, "
            "GPay kar sakte ho?",
            "new number",
        ),
        (
            "Ma, si Jun ito, bago kong number. Nasira yung phone ko. Pwede paload muna ng 500?",
            "bago kong number",
        ),
        (
            "Mum I need a favour, I've got a bill to pay today and my banking app is locked on the "
            "new phone. Can you pay it?",
            "banking app is locked",
        ),
        (
            "Grandma it's me, I'm in trouble. I got arrested and need bail money, please don't "
            "tell mom. My lawyer will call you",
            "in trouble",
        ),
        # session 25: other countries' greetings and words for a broken phone; "Ma" or "Mammy"
        # announcing "it's me"; an amount with a thousands comma
        (
            "Wah gwaan mummy, a mi dis, mi phone drop inna water. Yuh can send $6000 pon mi "
            "account? Pay back Monday",
            "phone drop inna water",
        ),
        (
            "Hey ma it's me, phone got stolen at the taxi rank, new number this. Send R650 via "
            "eWallet pls, will explain",
            "phone got stolen",
        ),
        ("Hey mum, phone's munted so I'm using my mate's. Can u flick me $280 for power?", None),
        (
            "Hey dad, phone's cactus, using a mate's. Text me on WhatsApp on this number, need a "
            "hand",
            "phone's cactus",
        ),
        (
            "Mama nitumie 2,300 kwa hii number, simu yangu imeharibika. Nitakueleza jioni",
            "simu yangu imeharibika",
        ),
        (
            "Assalam o Alaikum beta, main aapka mamu hun, ye naya number hai. 12,000 JazzCash kar "
            "do, kal wapis",
            "naya number",
        ),
        # session 27 (blind set 23): "my banking app's locked"
        (
            "Hey Dad it's me. Can you do me a favour, I need to pay a bill today but my banking "
            "app's locked",
            "banking app's locked",
        ),
        # session 27 (blind set 21): "drop me a WhatsApp"; Ireland's "Hi Mam" with the phone
        # broken
        ("Hi Mum, new number, old one's cracked. Save it and drop me a WhatsApp x", "new number"),
        ("Hi Mam, lost my phone so this is my new one. Text me on WhatsApp when you can", None),
        # blind set 26: Sheng, Patois, Afrikaans after "Ma,"
        (
            "Niaje bro, ni mimi, nimebadilisha line. Nitumie 1k fasta kwa hii namba nitakurudishia "
            "kesho",
            "nimebadilisha line",
        ),
        (
            "Wah gwaan, a mi dis, mi phone drop inna wata so mi get new numba. Beg yuh send J$5000 "
            "fi mi",
            "phone drop inna wata",
        ),
        (
            "Hallo Ma, dis my nuwe nommer. My foon het gebreek. Kan jy my asseblief R1,500 stuur?",
            "nuwe nommer",
        ),
    ],
)
def test_a_hi_mum_text_is_a_lure_that_tags_cold(body: str, claim: str | None) -> None:
    detail = by_symbol(lure_hits(body, to="+447911200001"))["LURE_FAMILY_IMPOSTOR"]
    assert claim is None or repr(claim) in detail
    [verdict] = Engine().score_batch([make_message(sender="+447911200002", body=body)])
    assert verdict.action.rank >= Action.TAG.rank


@pytest.mark.parametrize(
    "body",
    [
        # a real new number that asks for nothing; a parent not addressed; talk of phones
        "Hey it's Jess, new number! Save this one, old phone finally died",
        "Hi Mum, this is my new number, can you save it. x",
        "Tell dad I lost my phone again lol, send him this number",
        "Mum's phone broke so use dad's number, and can you send me the recipe",
        "Dad can you send me $40 for gas? I'll pay you back Friday",
        # a new phone, a charger, the family's bills, staff addressing a customer as "mam"
        "Hi Mum, got my new phone today! Will send you the pics from the trip later",
        "Hi mum, lost my phone charger at yours, can you send it back with dad?",
        "Hi Dad! New phone number, save it. Also did you pay the water bill yet?",
        "Mom, my phone broke so I'm on Emma's phone for a bit. Don't need to send anything",
        "Good morning mam, this is Sunita, new number. Please send this month salary on GPay",
        "Hi Dad, I'm on my sister's phone, mine died. See you at dinner!",
        # session 23: a shop's "Ma,", a friend's new number without an ask, a grandchild's secret
        "Ma, your gown is ready. Balance is 5k, send to Opay 8123456789 when you can",
        "Bro new number, save it. Match is at 6 tomorrow",
        "Grandma don't tell mom but I got a tattoo lol. Can you send me the cookie recipe?",
        # review of session 23: a WhatsApp group, a call back, a favour spelled out, money owed or
        # shared, a sum the reader knows of, a maid's salary, a grandchild's everyday trouble
        "Hey bro it's Marcus, new number. Add me back to the fantasy league WhatsApp group "
        "when you get a sec",
        "Hi Mum, my phone died so I'm on Chloe's phone, can you ring me on this number when you're "
        "back from work?",
        "Mum my phone is smashed, this is Ellie's number. Train's delayed, I'll be back at 10. Can "
        "you do me a favour and feed the cat?",
        "Hey sis, new number. Rent's due Friday, your half is $725, Zelle me when you get paid",
        "Hey mum, new number, my old phone carked it. Let Nan know? I'll transfer you the $120 for "
        "the rego tonight",
        "Hi Mum, new number. Need the 2019 P60 you kept for me, can you take a photo of it?",
        "Good morning Aunty, na me Blessing. I don change number, this one is my new line. Abeg "
        "you fit send my salary 35k to this Opay 8031234567",
        "Ate, bagong number ko to. Yung share mo sa kuryente P850, gcash mo na lang pag may "
        "time ka",
        "Grandma it's Maya. Don't tell mom but I'm in trouble with my coach for skipping practice "
        "lol. Can you do me a favor and bring cookies Saturday so he likes me again",
        "Hi Mum, doing work experience at a solicitor's this week, the barrister let me sit in "
        "on a bail hearing! Don't tell Dad, I want to tell him myself. Can you ring me on this "
        "number later?",
        # session 25: staff's "Ma"/"Mam" without "it's me"; a real son's broken phone with
        # nothing asked
        "Mam, new number for the salon, please send 2,500 for the braids deposit to this Opay",
        "Hey ma, it's me. Phone's munted, using my mate's till Friday. Love you x",
        # session 27: staff whose phone broke, with nothing asked
        "Hi mam, broke my phone screen so I'll be late for cleaning today, sorry",
        # blind set 26: Sheng's "nimebadilisha line" and Patois's "wata" are claims (below); a
        # son's new number, money expressly not needed
        "Mum it's Jack, I've got a new number, the old one was work's. No I don't need money haha",
    ],
)
def test_new_numbers_without_an_ask_or_a_parent_addressed_are_no_impostor(body: str) -> None:
    assert "LURE_FAMILY_IMPOSTOR" not in by_symbol(lure_hits(body, to="+447911200001"))


# Session 27 (blind set 22): details listed before the credential, Urdu's "apna ... PIN bhej
# kar" with "24 ghante me band ho jayega", a utility cut off today in French, Malay and Taglish,
# a work pass flagged with an officer to contact.
@pytest.mark.parametrize(
    ("body", "to"),
    [
        (
            "Your Access Bank account has been restricted. Kindly reply with your Account No, BVN "
            "and ATM PIN to avoid permanent blocking.",
            "+2348051230001",
        ),
        (
            "Easypaisa: Apka account block hone wala hai. Apna CNIC aur PIN bhej kar verify karein "
            "warna 24 ghante me band ho jayega.",
            "+923211230001",
        ),
        (
            "Hydro-Québec : Votre service sera interrompu aujourd'hui pour facture impayée. "
            "Appelez le 1-855-555-0142.",
            "+16474310001",
        ),
        (
            "TNB: Bekalan elektrik anda akan dipotong hari ini kerana bil tertunggak. Sila "
            "hubungi 019-555 0143 segera.",
            "+60133120001",
        ),
        (
            "Meralco: Magkakaroon ng disconnection sa inyong account ngayong araw dahil sa unpaid "
            "bill. Tumawag agad sa 0998 555 0144.",
            "+639181230001",
        ),
        (
            "MOM: Your work pass has been flagged for irregularities. Please contact our officer "
            "at +65 9555 0145 within 24 hours.",
            "+6581230001",
        ),
        # Session 27 (blind set 23): a bank's call request whose purpose follows the number
        # ("... if this was not you"), in Malay, Tagalog or Spanish, to dispute, or about a card
        # "paused".
        (
            "ANZ: We have blocked a payment of $1,490 to an overseas account. Call our fraud team "
            "on 09 555 0146 if this was not you.",
            "+6422123001",
        ),
        (
            "CIMB: Transaksi RM2,100 telah dibuat dari akaun anda. Jika bukan anda, hubungi "
            "03-5555 0147 segera.",
            "+60133120001",
        ),
        (
            "BDO: May transaction na P9,500 sa card mo. Kung hindi ikaw ito, tumawag agad sa 0917 "
            "555 0148.",
            "+639181230001",
        ),
        (
            "Chase: Su cuenta ha sido bloqueada por actividad sospechosa. Llame al 1-866-555-0149 "
            "para desbloquearla.",
            "+17184310001",
        ),
        (
            "BPI Fraud Department: Your card was used in a P32,000 transaction. Call us at "
            "0917 555 0150 to dispute.",
            "+639181230001",
        ),
        (
            "NAB: We've paused your card due to a suspicious transaction. Please call us back "
            "on 02 5555 0151.",
            "+61413110001",
        ),
        # blind set 24: "If NO call ..." without a comma; a prepaid meter blocked
        (
            "Wells Fargo: Did you attempt a Zelle payment of $900.00 to Marcus T? Reply YES or NO. "
            "If NO call our fraud dept at 856-555-0156",
            "+17184310001",
        ),
        (
            "Your ECG prepaid meter will be blocked today for non-compliance. Call 0209 555 0157 "
            "to avoid disconnection",
            "+233201230001",
        ),
        # blind set 25: the police impersonator's "Do not contact your bank", Urdu's MPIN
        (
            "Metropolitan Police: Your bank card has been cloned. Do not contact your bank. Call "
            "our fraud team on 0203 555 0199 urgently.",
            "+447911200001",
        ),
        (
            "JazzCash: Aap ka account band hone wala hai. Verification ke liye apna 4-digit MPIN "
            "aur CNIC number reply karein.",
            "+923211230001",
        ),
        # blind set 26: a UAE bank's call to a number it does not publish; a cut-off in Tagalog
        (
            "Emirates NBD: Your card ending 4417 was used for AED 4,320.00 at SHARAF DG. If this "
            "was not you, call our fraud team at 04 555 0158.",
            "+971551230001",
        ),
        (
            "Meralco: Ang inyong kuryente ay puputulin ngayong araw dahil sa hindi bayad na bill. "
            "Tumawag sa 0917 555 0159.",
            "+639181230001",
        ),
    ],
)
def test_credential_and_cut_off_calls_in_other_words_are_smishing(body: str, to: str) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" in by_symbol(lure_hits(body, to=to))
    [verdict] = Engine().score_batch([make_message(sender="+14155550111", to=to, body=body)])
    assert verdict.action.rank >= Action.TAG.rank


# One-time code theft: the reader is asked to send back, read out or forward a code their phone
# received.
CODE_REQUESTS: tuple[tuple[str, str], ...] = (
    # blind set 26: Urdu's "aap ke number par ek code chala gaya"
    (
        "Main Easypaisa head office se bol raha hoon. Ghalti se aap ke number par ek code chala "
        "gaya hai, please woh code hamein bata dein.",
        "woh code hamein bata de",
    ),
    # session 27 (blind set 23): "Kindly provide it", Swahili's "tuma hiyo code", Urdu's "aap ko
    # mila hai"
    (
        "This is Opay customer service. Your upgrade requires the OTP we just sent you. Kindly "
        "provide it to complete.",
        "provide it",
    ),
    (
        "Hii ni Safaricom. Umepokea message ya reversal code, tafadhali tuma hiyo code kwa hii "
        "number.",
        "tuma hiyo code",
    ),
    (
        "JazzCash: Dobara active karne ke liye jo 4-digit code aap ko mila hai is number par "
        "bhejein.",
        "code aap ko mila hai is number par bhejein",
    ),
    # session 27 (blind set 21): Urdu's "bhejein"
    (
        "JazzCash: Aap ka account band ho jayega. Verify karne ke liye apna PIN aur OTP is number "
        "pe bhejein.",
        "OTP is number pe bhejein",
    ),
    (
        "Hey sorry I accidentally sent a 6 digit code to your number, can you please "
        "forward it to me? It was meant for my account",
        "forward it to me",
    ),
    (
        "Hello is the couch still available? Before I come I want to verify you're real, "
        "I'm sending you a Google Voice code, please tell me the 6 digit number.",
        "tell me the 6 digit number",
    ),
    (
        "Hi this is Coinbase support. We've received a request to change the phone number "
        "on your account. If this wasn't you, reply with the 6 digit code we just sent you.",
        "reply with the 6 digit code",
    ),
    (
        "Sorry bhaiya galti se aapke number pe OTP chala gaya, please woh 6 digit code bata do",
        "bata do",
    ),
    (
        "Hi po sorry, napadala ko po yung code sa number nyo by mistake. Paki-send na lang po "
        "sa akin. Salamat po!",
        "Paki-send",
    ),
    (
        "Bros abeg I mistakenly send one code to your line, pls forward it to me sharp",
        "forward it to me",
    ),
    # found by the review: questions, other verbs, a third person to give it to
    (
        "Sorry to disturb, I accidentally put your number. Pls what is the code they sent you?",
        "what is the code",
    ),
    (
        "Hi, I think I found your dog. I'm sending you a verification code, just text it back",
        "text it back",
    ),
    (
        "Microsoft Support: unusual activity. An agent will call you, please give him the code "
        "you receive.",
        "give him the code",
    ),
    (
        "Hello, nagpadala ako ng code sa number mo by mistake, pwede mo bang i-send sa akin?",
        "i-send",
    ),
    # session 25 (blind set 17): a code Google "is going to text you"; one sent "to us" or to
    # "our agent"; a Tagalog "nag-send po ng code"; a Malay TAC
    (
        "Hi, still selling the bike? Google is going to text you a code to confirm you're real, "
        "read it back to me please",
        "read it back to me",
    ),
    (
        "GCash Support: a code was sent to your number during verification, kindly send it to us "
        "to secure your wallet",
        "send it to us",
    ),
    (
        "This is the Capitec fraud team. You will receive an OTP shortly, please share it with our "
        "agent to stop the debit order",
        "share it with our agent",
    ),
    (
        "Ma'am, Lazada rider po. Nag-send po ng code para sa delivery, pakisend po sa akin",
        "pakisend",
    ),
    ("Sorry bro, tersalah hantar kod TAC ke nombor you. Boleh forward kat I?", "forward kat I"),
    # session 26: the vishing caller's own ask, a code shared with "our executive" or "to
    # activate" a card; Hindi's "batayiye"
    (
        "Dear customer, your card upgrade is approved. To activate, share the OTP received with "
        "our executive on call.",
        "share the OTP received with our executive",
    ),
    (
        "Your limit is increased to 3 lakh. Please share OTP for activation.",
        "share OTP for activation",
    ),
    (
        "Bank se bol raha hoon. Jo OTP aaya hai wo batayiye, card chalu ho jayega",
        "OTP aaya hai wo batayiye",
    ),
)


NOT_CODE_REQUESTS: tuple[str, ...] = (
    # session 26: the issuer's own notice of its code's value, a warning naming the executive
    "Your order is out for delivery. Share OTP 4829 with the delivery agent only after you get it.",
    "Never share your OTP with anyone, not even our executive. -HDFC Bank",
    # banks' and apps' own codes, with their warnings; codes shared with the driver or agent
    "Your OTP is 482913. It expires in 5 mins. Do not share it with anyone.",
    "HDFC Bank never asks for your OTP. Do not share this code with anyone.",
    "No bank staff will ever ask you to share your OTP or PIN.",
    "If someone asks you to share this code, it's a scam. Your code: 194623",
    "Your Ola ride is arriving in 4 mins. Share OTP 4821 with driver to start ride.",
    "Please share the OTP 5821 with the delivery agent only after receiving the package.",
    "Please give the OTP to the delivery partner",
    # people's codes that no phone received
    "can u send me the gate code? I'm outside",
    "The address is 1420 Maple Ave, gate code 4471#. Park on the street",
    "What's the wifi password again? Send it to me when you can",
    "Guys the owambe na Saturday, dress code na blue and gold",
    # found by the review: the code's own value, staff of every kind, everyday "you get",
    # codes of other kinds, an Indian "pin code", warnings in other words
    "Share the OTP 3312 with the bike taxi captain to start your ride",
    "Your technician is on the way. Share the verification code 448120 with our engineer",
    "Text me the gate code when you get a chance, I'm coming over at 7",
    "Can you send me the promo code you used? I want 20% off too",
    "Can you send me the confirmation code for our flight?",
    "Sir apna address aur pin code bhej dijiye, aapko parcel kal tak mil jayega",
    "Reply with your ZIP code to get local offers. You will get 4 msgs/month",
    "No worries, nobody from the bank will ever ask you to send the OTP you receive.",
)


def test_a_code_request_in_a_conversation_weighs_its_share_and_does_not_tag_alone() -> None:
    body = "hey can you send me the netflix code that came to your phone? it logged me out"
    in_conversation, cold = reasons_in_conversation_and_cold(body, "LURE_CODE_REQUEST")
    assert cold.score >= 5.0
    assert in_conversation.score == pytest.approx(cold.score * 0.5)
    assert "conversation" in in_conversation.detail


# Government impersonation: arrest, a warrant, legal action or a suspended identity number.
AUTHORITY_THREATS: tuple[tuple[str, str], ...] = (
    (
        "Jury Duty: You missed your jury service on 03/04. A warrant may be issued. Call the "
        "clerk at 415-555-0184 to resolve.",
        "A warrant may",
    ),
    (
        "HMRC notice: unpaid self assessment tax. legal action will commence, call 0203 808 1192",
        "legal action will",
    ),
    (
        "Hello, I am from the Social Security Administration. Your SSN has been suspended due "
        "to suspicious activity. Call 1-866-310-7219",
        "SSN has been suspended",
    ),
    (
        "Mumbai Cyber Crime: a case registered against your Aadhaar. Contact officer on "
        "WhatsApp 8455032917 else arrest warrant will be issued",
        "against your Aadhaar",
    ),
    # found by the review: the wordings of IRS, sheriff and NBI scripts
    (
        "IRS Final Notice: You owe $4,212 in back taxes. A warrant for your arrest will be "
        "issued by the local sheriff unless you call 1-888-555-0147 today.",
        "warrant for your arrest",
    ),
    (
        "Sheriff's Office: you have an outstanding warrant. Call Deputy Cole at 404-555-0177.",
        "you have an outstanding warrant",
    ),
    # session 22 (blind set 9): a warrant for a failure told as done, and a tax office's
    # "legal action" to avoid
    (
        "This is Deputy Miller with the Harris County Sheriff's Office. There is a warrant for "
        "your failure to appear for jury duty. Call me back at 713-387-2260 today.",
        "warrant for your failure to appear",
    ),
    (
        "ATO: Your tax return has been flagged for audit due to discrepancies. Call 02 8103 4471 "
        "today to avoid legal action.",
        "avoid legal action",
    ),
    (
        "This is Deputy Harris with the County Sheriff's Office. There is an active warrant for "
        "failure to appear in court. Call 555-201-3344 today.",
        "There is an active warrant for",
    ),
    # session 26, "digital arrest" openers: a parcel seized with contraband, the number cut
    # off for illegal activity, a money-laundering investigation; "Press 9" to answer
    (
        "DHL: A parcel in your name containing 4 passports and 200g MDMA has been seized by "
        "Delhi Customs. Press 9 to speak to the officer.",
        "parcel in your name containing 4 passports and 200g MDMA has been seized",
    ),
    (
        "Your mobile number will be blocked in 2 hours due to illegal activities linked to "
        "your Aadhaar. Press 1 to talk to TRAI officer.",
        "number will be blocked in 2 hours due to illegal activit",
    ),
    (
        "Police notice: you are required to assist in a money laundering investigation. Call "
        "Inspector Rao on 98450 11223 today.",
        "assist in a money laundering investigation",
    ),
    # session 27 (blind set 23): a warrant for missed jury duty, French's "mandat d'arrêt", the
    # reader "involved in" a case, a PPS number linked to an investigation, Hindi's parcel
    # "pakda gaya" with "1 dabayein", broadband cut off for illegal activity
    (
        "Sheriff's Office: There is an active warrant for missed jury duty. Call Sgt. Miller at "
        "832-555-0152 today to resolve before arrest.",
        "There is an active warrant for missed jury duty",
    ),
    (
        "Ceci est un message de la GRC. Un mandat d'arrêt a été émis à votre nom. Appelez le "
        "1-819-555-0153.",
        "mandat d'arret",
    ),
    (
        "This is the Police Force. You are involved in a money laundering case. Please call 6555 "
        "0154.",
        "You are involved in a money laundering case",
    ),
    (
        "An Garda Síochána: Your PPS number is linked to an ongoing investigation. Press 1 to "
        "speak to an officer.",
        "PPS number is linked to an ongoing investigation",
    ),
    (
        "FedEx: Aapke naam se ek parcel customs mein pakda gaya hai jismein drugs mile hain. "
        "Officer se baat karne ke liye 1 dabayein.",
        "parcel customs mein pakda gaya",
    ),
    (
        "Your broadband will be disconnected today due to illegal activity on your IP address. "
        "Press 1 to speak to the technical team.",
        "broadband will be disconnected today due to illegal activit",
    ),
    # blind set 25: a case registered against the reader's Emirates ID, a parcel "with your
    # Aadhaar" that contains contraband
    (
        "Dubai Police: A case has been registered against your Emirates ID. Call 04 555 0141 "
        "within 2 hours to avoid travel ban.",
        "case has been registered against your Emirates ID",
    ),
    (
        "Sir, this is FedEx Mumbai. A parcel with your Aadhaar contains illegal passports and "
        "drugs. Press 1 to speak with the officer.",
        "parcel with your Aadhaar contains illegal",
    ),
    # blind set 26: the Social Insurance Number
    (
        "Service Canada: Your Social Insurance Number has been linked to criminal activity. Call "
        "back 613-555-0160 to speak with an officer.",
        "Social Insurance Number has been linked to criminal",
    ),
    # session 27 (blind set 21): the reader's bank account linked to a money-laundering case,
    # Malay's "disyaki terlibat", a video call on Skype to answer on
    (
        "This is Inspector Lee, Singapore Police Force. Your bank account is linked to a money "
        "laundering case. Call 6555 0123 now.",
        "bank account is linked to a money laundering case",
    ),
    (
        "PDRM: Anda disyaki terlibat dalam kes dadah. Sila hubungi Inspektor Wong di 03-5555 0123.",
        "disyaki terlibat",
    ),
    (
        "Mumbai Police: an FIR is registered against your Aadhaar. Join the video call on Skype "
        "within 1 hour or face arrest.",
        "FIR is registered against your Aadhaar",
    ),
)


NOT_AUTHORITY_THREATS: tuple[str, ...] = (
    # news about someone else; a threat with nothing to answer on; a real court reminder
    "Breaking: arrest warrant issued for former mayor. Details: nbcnews.com/news/123",
    "lol my cousin said he will be arrested if he skips court again",
    "Reminder: you are scheduled for jury service on 3/4 at 8am. Questions: 415-555-0100",
    "Your PAN card has been delivered to your address. Track: incometax.gov.in",
    # found by the review: warnings about the scam, courts' conditions, confirmations
    "Scammers say your SSN has been suspended. SSA will never text you. Report at oig.ssa.gov",
    "Reminder: court 12/9 9am. If you fail to appear, a bench warrant may be issued. "
    "Call 555-201-3344",
    "Your PAN is linked to your Aadhaar successfully. Details: incometax.gov.in",
    "The lawsuit against your landlord has been filed. Call me: 555-201-3344",
    # no agency named: a landlord's or a person's "legal action"
    "Hi, your rent is 2 months late. Please pay to avoid legal action, call me 555-201-3344",
    # found by the review: a warrant for someone else, a housing officer, a tax office's own site
    "hey there is an active warrant for Mike from that DUI, tell him to call his lawyer at "
    "555-201-8843 asap",
    "Housing Officer, Leeds City Council: your rent arrears are 6 weeks. Call 0113 222 4412 to "
    "agree a plan and avoid legal action.",
    "ATO: Your 2023 tax debt is overdue. Pay by 30 June to avoid legal action: ato.gov.au/pay "
    "or call 13 11 42.",
    # session 26: a parcel held for its duty, a line cut off for an unpaid bill
    "DHL: Your parcel is held at customs. Pay the import duty of Rs 412 at dhl.co.in to "
    "release it. Questions? Call 1800 111 345",
    "Your mobile number will be disconnected due to non-payment. Pay at airtel.in or call 121",
    # session 27: an account linked to something lawful, a video call with no threat
    "Your bank account is linked to your Aadhaar. Call 1800 1234 for details",
    "Hi, joining the video call on Skype now, the case study is in the drive",
)


# Refund and renewal scams: a charge and a number to call, in the name of a company whose own
# texts never ask for a call.
@pytest.mark.parametrize(
    "body",
    [
        "Your Amazon Prime membership auto-renewed for $139.99. To cancel call 1-866-555-0181",
        "Geek Squad: Your annual subscription of $399.99 has been renewed. Call 1-800-555-0163 "
        "for refund",
        "Amazon: A Prime renewal of £95 is scheduled. To cancel call 0203 880 4471",
        # a crypto exchange's name and an amount of a crypto currency (session 22)
        "Coinbase: A withdrawal of 0.84 ETH was requested from your account. If you did not "
        "request this, call Coinbase support at (855) 602-7730.",
        "Binance: withdrawal of 1,200 USDT requested. Not you? Call +1 415 555 0199",
        # no charge at all, but an exchange never asks for a call
        "Kraken: A login from a new device in Lagos, NG was detected. If this wasn't you, call "
        "support on +44 20 3318 0774",
        # session 27 (blind set 21): a money request is a charge too
        "PayPal: You've received a money request of $612.00 from Binance Billing. If you did not "
        "request this, contact us at +1 808-555-0199",
    ],
)
def test_a_charge_with_a_number_to_call_in_a_shops_name_is_a_credential_request(
    body: str,
) -> None:
    detail = by_symbol(lure_hits(body, to="+14155550122"))["SMISHING_CREDENTIAL_REQUEST"]
    assert "call" in detail.lower()


@pytest.mark.parametrize(
    "body",
    [
        # the company's own published line; a pharmacy's order with no charge; no such brand
        "Costco: your membership renewal of $65 is due. Renew at costco.com or call 1-800-774-2678",
        "Walmart Pharmacy: Your prescription order is ready for pickup. Questions? Call "
        "555-201-3344",
        "Planet Fitness: your membership renewed for $49.99. Questions? Call 555-201-3344",
        # the Seattle Kraken is a hockey team, and "0.5 ETH" a person's trade
        "Watching the Kraken game tonight, call me at 206 555 0142 if you want to come",
        "Sold my 0.5 ETH at last, call me on 206 555 0142 and I'll explain",
        # a money request with no number to call
        "PayPal: Dana sent you a money request of $20.00. Open the app to pay or decline.",
    ],
)
def test_a_charge_with_the_companys_own_line_or_no_such_brand_is_no_request(body: str) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" not in by_symbol(lure_hits(body, to="+14155550122"))


# Extortion: exposing the reader to the people they know unless they pay.
EXTORTIONS: tuple[tuple[str, str], ...] = (
    # found by the review: an emoji or a curly apostrophe glued to the audience hid it from the
    # prefilters, which split words at ASCII punctuation (``facts.finder_text`` reads them as a
    # space and an ASCII quote)
    (
        "I have your pics and videos. Pay $500 in bitcoin or I send them to all your contacts😈",
        "send them to all your contacts",
    ),
    ("Pay up or I send your nudes to your wife’s number", "send your nudes to your wife"),
    (
        "I have your pics and videos from your phone. Pay $500 in bitcoin or I send them to "
        "all your contacts. You have 24 hrs.",
        "send them to all your contacts",
    ),
    (
        "Your loan of Rs 3,500 is overdue 2 days. Pay today otherwise we will send your photo "
        "to all your contacts as fraud.",
        "send your photo to all your contacts",
    ),
    (
        "Hello, this is EasyCredit. Your N15,000 loan is overdue. Pay now or we shall defame "
        "you to everyone in your phonebook.",
        "defame you",
    ),
    ("Nasa akin ang video mo. Magpadala ka ng P10,000 kung ayaw mong ikalat ko.", "ikalat"),
    # session 25 (blind set 16): everyone alone sees material that shames the reader
    (
        "I recorded you through your webcam. Send $900 in bitcoin within 24 hours or everyone "
        "will see the clips.",
        "everyone will see the clips",
    ),
    # session 26: Hinglish's demand ("25,000 bhejo"), and a UPI ID's dot before "warna" ends
    # no sentence
    (
        "Tumhari video call ki recording mere paas hai. 25,000 bhejo warna tumhare sab dosto ko "
        "bhej dunga.",
        "dosto ko bhej dunga",
    ),
    (
        "Video mere paas hai. ₹15,000 bhejo is UPI pe rohit.k77@ybl warna tumhari family ko bhej "
        "dunga",
        "family ko bhej dunga",
    ),
)


NOT_EXTORTIONS: tuple[str, ...] = (
    # sharing as a shop or a friend asks it; a lender checking an application
    "Share with your friends and get $10 off your next order!",
    "Tell your friends about our sale, pay at checkout",
    "Your loan application is approved; we will contact your employer for verification",
    # everyone seeing photos that shame no one (session 25)
    "Pay the $200 for the album by Friday or everyone sees the photos late lol",
    "Send me $500 or everybody will see your pictures before you do",
    # a friend collecting for a trip: the money "bhejo", the photos to the group
    "Trip ke 2,000 bhejo yaar, photos sabko bhej dunga kal",
)


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (lures._AUTHORITY_THREAT, lures._AUTHORITY_THREAT_WORDS),
        (extortion._EXPOSE, extortion._EXPOSE_WORDS),
    ],
    ids=["authority threat", "extortion"],
)
def test_every_threat_holds_one_of_the_words_that_let_its_finder_run(
    pattern: re.Pattern[str], words: frozenset[bytes]
) -> None:
    # The trigger words are listed by hand (the words a match can start with include "will",
    # "we" and "or"): a text the finder skips for lack of them must hold no match (the patterns
    # read the text lower-cased, as the finders do). Read over
    # the blind sets' texts and threats of every form the patterns know.
    texts = [
        item["text"]
        for path in sorted(_BLIND_SETS.glob("set*.json"))
        for side in json.loads(path.read_text()).values()
        for item in side
    ]
    texts += [
        "a warrant for your arrest", "you may be arrested today", "a case filed against you",
        "a police complaint registered against you", "your SSN was used for money laundering",
        "you will be sued", "your PAN card was blocked", "aapki giraftari hogi",
        "or I'll send them to your phonebook", "or we will message your co-workers",
        "the video will go to your followers", "your relatives will know about it",
        "unless you pay, we call your boss", "or I post it on social media",
        "Kapag hindi ka nagbayad, i-send namin ang video mo sa pamilya mo.",
        "pay or your video goes viral", "or ur pics go to ur whole contact list",
    ]  # fmt: skip
    matched = [text for text in texts if pattern.search(text.lower())]
    assert len(matched) >= 14
    for text in matched:
        assert not word_set(text).isdisjoint(words), text


def test_every_job_bait_holds_one_of_the_parts_that_let_the_pattern_run() -> None:
    # ``find_job_offer`` skips the bait's pattern in an ASCII text holding none of
    # ``_JOB_BAIT_PARTS`` (session 26: the pattern costs about 100 us a short text). Every bait
    # the pattern finds in the blind sets' texts, and baits of each of its forms, holds one.
    texts = [
        item["text"]
        for path in sorted(_BLIND_SETS.glob("set*.json"))
        for side in json.loads(path.read_text()).values()
        for item in side
    ]
    texts += [
        "2hrs a day", "15 mins daily", "daily salary", "pay N5,000 processing fee",
        "registration fee: N2,000", "send 500 for uniform", "recharge 100 USDT to unlock",
        "like YouTube videos", "mag-like ng posts", "earn extra money", "spare time",
        "P150 per task", "simple online tasks", "work from your phone", "kahit cellphone",
        "rate hotels", "earn $300/day", "daily pay $100-$300", "$80-$600/day", "₹500-₹2000 daily",
        "30 min/day", "1hr/day", "just need a phone", "40 tasks a day", "daily 5 tasks",
        "₹150 per review", "P150 kada task", "product reviewers", "pay ksh 1,000 registration",
        "lipia medical", "yuran pendaftaran", "secure your slot with ghs 3,000",
        "register with 3,000/=", "to unlock level 2 please recharge", "youtube like karke",
        "bring r350 for uniform", "medical & visa fee", "$120-$350 paid daily", "S$80-S$400/day",
    ]  # fmt: skip
    matched = [
        text.lower()
        for text in texts
        if text.isascii() and lures._JOB_BAIT.search(text.lower()) is not None
    ]
    assert len(matched) >= 30
    for text in matched:
        assert any(part in text for part in lures._JOB_BAIT_PARTS), text


# Payment tricks: money "sent by mistake" to return, a payment held for a business upgrade.
PAYMENT_TRICKS: tuple[tuple[str, str], ...] = (
    # session 27 (blind set 22): Afrikaans, Urdu's "ghalti ... wapis bhej dein", a fake credit
    # alert's "You have received ..." before "I sent it by mistake"
    (
        "Hallo, ek het per ongeluk R900 na jou rekening oorgedra. Kan jy dit asseblief "
        "terugstuur? Dis vir my ma se medisyne.",
        "per ongeluk",
    ),
    (
        "Bhai ghalti se apke JazzCash me 2500 chalay gaye hain, please wapis bhej dein, ammi "
        "beemar hain",
        "ghalti",
    ),
    (
        "MoMo: You have received GHS 600.00 from KOFI ASANTE. Pls I sent it by mistake, kindly "
        "reverse to 0244 555 012",
        "by mistake",
    ),
    (
        "Mpendwa mteja, umetumiwa KSh 2,500 kimakosa na nambari hii. Tafadhali rudisha kwa 0712 "
        "555 013. Mungu akubariki.",
        "kimakosa",
    ),
    (
        "Nagad: Tk 4,000 bhul kore apnar number e chole geche. Doya kore ferot din 01823 555 014 "
        "e. Allah apnar bhalo korun",
        "bhul kore",
    ),
    # session 23: the fake buyer who pays from afar and sends someone to collect
    (
        "Hi is your couch still available? I'll take it for the listed price + $50 for holding "
        "it. I'll pay with Zelle and my mover will pick it up.",
        "my mover will pick",
    ),
    (
        "Dear Sir, I am army officer posted in Pune, want to buy your sofa on OLX. I will send "
        "advance on Google Pay, please accept the request",
        "army officer",
    ),
    (
        "Hi I already sent the payment via Zelle but it says your account needs to be "
        "upgraded to a business account to receive it. Check your email from Zelle.",
        "needs to be upgraded to a business",
    ),
    (
        "Zelle: Your account is pending a $600.00 payment from the buyer. A business account "
        "upgrade is required to release these funds. Please ask the buyer for instructions.",
        "business account upgrade is required",
    ),
    # the UPI collect request: a PIN "to receive" (session 22)
    (
        "You have received ₹5,000 cashback from PhonePe. To receive, enter your UPI PIN on the "
        "request sent to you. Offer valid today only.",
        "enter your UPI PIN",
    ),
    (
        "Hello sir, I am army man posted at Jaipur cantt. I want to buy your sofa from OLX. I "
        "will send money through QR code, you just scan and enter UPI pin to receive.",
        "enter UPI pin",
    ),
    # the advance-fee loan: a fee to pay for a loan said to be approved (session 26)
    (
        "Congratulations! Your loan of $3,000 has been approved. To receive the funds, pay the "
        "$95 processing fee via gift card.",
        "pay the $95 processing fee",
    ),
    ("Umepata mkopo wa Ksh 20,000! Tuma ada ya usajili Ksh 300 kwa Till 884120 leo.", "Tuma ada"),
    # the rental scam: the landlord away or the keys posted, the deposit to send (session 26);
    # "still available" and Zelle do not make it a buyer's trick
    (
        "Hi, the 2-bed on Elm St is still available at $1,400/mo. I'm abroad for work so I can't "
        "show it, but send the deposit by Zelle and I'll post you the keys.",
        "abroad",
    ),
    (
        "Room in Westlands Ksh 14,000 pm. Send viewing fee Ksh 1,000 to 0714 000 111 and I courier "
        "the keys to you.",
        "courier the keys",
    ),
)


# Money "sent by mistake" to send back, with the scam's plea or hard-luck story (session 26):
# the tag threshold cold.
PLEADING_MISTAKEN_TRANSFERS: tuple[tuple[str, str], ...] = (
    (
        "Hello, I mistakenly transferred N15,000 to your account. Pls kindly refund it, na my "
        "school fees 🙏",
        "mistakenly",
    ),
    (
        "Hello sir, aap Rahul bol rahe ho? Maine galti se aapko ₹5000 Paytm kar diye, please "
        "wapas kar do 🙏",
        "galti",
    ),
    (
        "Samahani, nimekutumia Ksh 3,500 kimakosa badala ya mama yangu. Tafadhali nirudishie kwa "
        "namba hii",
        "kimakosa",
    ),
    (
        "Hello sir, I sent Rs 5000 to your Paytm by mistake, please return sir it's my "
        "mother's hospital money",
        "by mistake",
    ),
    (
        "Good evening, I sent $300 to your Zelle by mistake, it was for my son's tuition. Could "
        "you please return it? God bless",
        "by mistake",
    ),
)


def _payment_trick_hit(body: str) -> Hit:
    """The one ``LURE_PAYMENT_TRICK`` hit of a text sent to a US number."""
    [hit] = [
        hit for hit in lure_hits(body, to="+14155550122") if hit.symbol == "LURE_PAYMENT_TRICK"
    ]
    return hit


@pytest.mark.parametrize(("body", "found"), PLEADING_MISTAKEN_TRANSFERS)
def test_money_sent_by_mistake_with_a_plea_reaches_the_tag_threshold_cold(
    body: str, found: str
) -> None:
    hit = _payment_trick_hit(body)
    assert found in hit.detail
    assert hit.weight == 1.0
    [verdict] = Engine().score_batch([make_message(sender="+14155550111", body=body)])
    assert verdict.action.rank >= Action.TAG.rank


# A friend's casual mix-up, "please" at most: found, but 3.5 cold, so it tags only with the
# model or another finding beside it.
CASUAL_MISTAKEN_TRANSFERS: tuple[tuple[str, str], ...] = (
    # written blind (set 7): a friend's real mix-up, sent cold
    (
        "lol I Venmo'd you the $40 by mistake, it was supposed to be for Jess's bday gift. Can "
        "you send it back?",
        "by mistake",
    ),
    ("Hey sorry I sent Rs 2000 to you by mistake on GPay, it was for Rahul. Pls return", "mistake"),
    (
        "Bros abeg I mistakenly sent N10k to your account, it was for Tunde. Abeg send am back",
        "mis",
    ),
    # blind set 20: a friend's 🙏 with no rush ("when you can") is no plea
    (
        "Sorry bro, I sent you $20 by mistake, it was for Thabo. Can you send it back when you "
        "can 🙏",
        "mistake",
    ),
)


@pytest.mark.parametrize(("body", "found"), CASUAL_MISTAKEN_TRANSFERS)
def test_money_sent_by_mistake_casually_weighs_less_than_the_tag_threshold_alone(
    body: str, found: str
) -> None:
    hit = _payment_trick_hit(body)
    assert found in hit.detail
    assert hit.weight == pytest.approx(0.7)
    [verdict] = Engine().score_batch([make_message(sender="+14155550111", body=body)])
    [reason] = [r for r in verdict.reasons if r.symbol == "LURE_PAYMENT_TRICK"]
    assert reason.score == pytest.approx(3.5)


NOT_PAYMENT_TRICKS: tuple[str, ...] = (
    # session 26: a real lender's approval takes its fee out of the loan, or charges none
    "Your loan of Rs 50,000 is approved. A processing fee of Rs 1,180 will be deducted from the "
    "disbursal amount.",
    "Your personal loan is approved! No processing fee, no hidden charges. Sign your agreement "
    "in the app.",
    # a real landlord away for a while, or handing the keys over himself
    "Hi, I'm overseas until the 20th, my brother will show you the flat on Saturday. No deposit "
    "until you've seen it.",
    "The room is yours! Bring the deposit on Saturday and I'll give you the keys then.",
    # session 23: real buyers and sellers, who come themselves
    "Hi, is the dresser still available? I can pick it up tonight and pay with Zelle or cash",
    "Yes still available! You can Zelle me at this number when you pick up, $80 firm",
    "Is your bike still for sale? My husband will come see it Saturday, we'd pay cash",
    # a parcel on the wrong porch; a bank's own reversal; PayPal's own offer
    "Hey neighbor, your package got left on our porch by mistake, I'll drop it by tonight",
    "We refunded $45 sent in error to your account. No action needed. -Chase",
    "PayPal: upgrade to a PayPal Business account to accept card payments. paypal.com/business",
    # a bank's warning, a postal PIN code, a card's PIN at an ATM
    "Never enter your UPI PIN to receive money. UPI PIN is only for payments. -HDFC Bank",
    "Enter your PIN code to check delivery and get cashback offers on Paytm",
    "To withdraw, enter your PIN at the ATM and collect your cash",
    # found by the review: a warning, a friend's collect request (the reader pays), a
    # platform's own business upgrade
    "NPCI alert: UPI PIN is needed only to send money. If anyone asks you to enter your UPI PIN "
    "to receive cashback, it is fraud. Report on 1930.",
    "bro I sent the collect request for 500 on gpay for the movie tickets, just accept it and "
    "enter your upi pin when free",
    "Square: A business account upgrade is required to accept payments over $10,000 per month. "
    "Complete verification in your Dashboard.",
    # found by the review: merchants' and banks' own refunds, a tax office's warning, a
    # payment app's help, GCash's own business upgrade
    "Amazon: You were charged twice by mistake for order 112-7741. We've issued a refund of "
    "$23.99 to your card.",
    "HMRC: a tax refund was paid to you by mistake. Please do not return money by text, we "
    "will write to you.",
    "PayPal: Sent a payment by mistake? Open the app to request a refund from the seller.",
    "GCash: Your account must be upgraded to GCash for Business to accept payments from "
    "customers. Apply in the app.",
    # a code sent by mistake is a code request, not a payment trick
    "Hey sorry I accidentally sent a 6 digit code to your number, can you please forward it "
    "to me? It was meant for my account",
)


_WEIGHED_LURES = [
    pytest.param(symbol, body, found, id=f"{symbol}-{n}")
    for symbol, texts in (
        ("LURE_CODE_REQUEST", CODE_REQUESTS),
        ("LURE_AUTHORITY_THREAT", AUTHORITY_THREATS),
        ("LURE_EXTORTION", EXTORTIONS),
        ("LURE_PAYMENT_TRICK", PAYMENT_TRICKS),
    )
    for n, (body, found) in enumerate(texts)
]


@pytest.mark.parametrize(("symbol", "body", "found"), _WEIGHED_LURES)
def test_a_lure_weighed_by_the_conversation_is_found_and_tags_cold(
    symbol: str, body: str, found: str
) -> None:
    detail = by_symbol(lure_hits(body, to="+14155550122"))[symbol]
    assert found in detail
    [verdict] = Engine().score_batch([make_message(sender="+14155550111", body=body)])
    assert verdict.action.rank >= Action.TAG.rank


_LOOKALIKES = [
    pytest.param(symbol, body, id=f"{symbol}-{n}")
    for symbol, texts in (
        ("LURE_CODE_REQUEST", NOT_CODE_REQUESTS),
        ("LURE_AUTHORITY_THREAT", NOT_AUTHORITY_THREATS),
        ("LURE_EXTORTION", NOT_EXTORTIONS),
        ("LURE_PAYMENT_TRICK", NOT_PAYMENT_TRICKS),
    )
    for n, body in enumerate(texts)
]


@pytest.mark.parametrize(("symbol", "body"), _LOOKALIKES)
def test_real_texts_that_look_like_a_lure_are_not_it(symbol: str, body: str) -> None:
    assert symbol not in by_symbol(lure_hits(body, to="+14155550122"))


# Account-lock vishing (session 22): the reader's account, card or service said to be locked,
# frozen, suspended or cut off within hours for a bill, and a number to call: the lock is the
# call's purpose, whatever words follow the number.
LOCK_CALLS: tuple[tuple[str, str], ...] = (
    (
        "Wells Fargo: Your card ending 4419 has been locked due to suspicious activity. Call our "
        "fraud dept at 1-877-290-1184 immediately.",
        "+14155550122",
    ),
    (
        "BofA: We've suspended your debit card ending 4471. Call our fraud dept at 1-833-555-0192 "
        "immediately.",
        "+14155550122",
    ),
    (
        "Monzo: Your card has been frozen due to suspicious transactions at Argos. Call our fraud "
        "team on 0330 808 6621 to unfreeze.",
        "+447700900123",
    ),
    # an amount's decimal point inside the sentence; a state of two words
    (
        "Zelle: your payment of $1,500.00 is on hold. Call us at 844-203-7715 to release it.",
        "+14155550122",
    ),
    (
        "Service Canada: Your SIN has been compromised and suspended. Call 1-877-204-3318 "
        "immediately to avoid legal consequences.",
        "+14165550123",
    ),
    # a cut-off within hours for a bill not paid is pressure in itself
    (
        "Duke Energy: Your power will be disconnected in 30 minutes due to a missed payment. Call "
        "1-844-217-0938 to avoid disconnection.",
        "+14155550122",
    ),
    (
        "ConEd FINAL NOTICE: Your electric service will be disconnected today at 4PM due to a "
        "past-due balance of $287.40. Call 1-888-671-0593 to make a payment.",
        "+14155550122",
    ),
    # a tech-support scam's compromised computer
    (
        "Microsoft Security Alert: Your computer has been compromised and your personal data is "
        "at risk. Call 1-844-555-0100 immediately.",
        "+14155550122",
    ),
    # "If not," before the call, in the name of a shop that never asks for one
    (
        "Amazon: Did you authorize a purchase of Apple iPhone 15 Pro Max 256GB for $1,249.99? If "
        "NOT, call our fraud department immediately at 1-888-402-7719.",
        "+14155550122",
    ),
)


@pytest.mark.parametrize(("body", "to"), LOCK_CALLS)
def test_a_locked_account_or_a_cut_off_with_a_number_to_call_is_vishing(body: str, to: str) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" in by_symbol(lure_hits(body, to=to))
    [verdict] = Engine().score_batch([make_message(sender="+16462310000", to=to, body=body)])
    assert verdict.action.rank >= Action.TAG.rank


@pytest.mark.parametrize(
    "body",
    [
        # found by the review: a lock the reader asked for or caused, or a routine one
        "Discover: Your card ending 4410 has been frozen as you requested. To unfreeze it call "
        "1-800-555-0100",
        "USAA: Your card is blocked after 3 incorrect PIN attempts. Call 210-555-0100",
        "Mission Fed: Your card is blocked for international use. Call 858-555-0100 to travel",
        # another way to act offered; a help line; a country's toll-free line
        "Alliant: Your card has been locked. Unlock it in the Alliant app or call 1-800-555-0100",
        "Your account is on hold. Questions? Call 303-555-0100",
        "Barclays: Your card has been blocked. Call 0800 400 100",
        # a planned outage, whatever the text says about bills
        "EKEDC: Power supply will be cut off today 9am-4pm for maintenance. Customers with "
        "outstanding bills should pay promptly. Call 0700 225 5332",
        # a lock told in passing, long before a call about something else
        "Your card was blocked last week but it is fine now, thanks for asking. The party is on "
        "Saturday at ours, bring the kids and something to grill if you like. For directions "
        "call us at 415 555 0199",
        # a person, and a utility's date days ahead
        "My card got blocked lol, call me on 0803 123 4567",
        # a condition, not a claim (found by the review)
        "Security tip: if your device has been compromised, call the bank's hotline on "
        "1-800-555-0100 and change your passwords.",
        "Your service is scheduled for disconnection on 12/15 unless payment is received. Call "
        "1-800-555-0100",
    ],
)
def test_a_lock_the_reader_asked_for_another_channel_or_a_planned_cut_off_is_no_vishing(
    body: str,
) -> None:
    assert "SMISHING_CREDENTIAL_REQUEST" not in by_symbol(lure_hits(body, to="+14155550122"))
