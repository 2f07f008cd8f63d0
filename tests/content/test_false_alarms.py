"""Content symbols stay silent on real institutions and on people's ordinary texts (issue 18).

Each case is something a person or a real bank sends every day that an earlier version flagged:
a real bank's own domain called a lookalike of another bank, a time taken for a domain, a bank
account number taken for a premium-rate call-back number, kisses taken for sexual content, and
"urgent" in a person's message taken for pressure.
"""

from __future__ import annotations

import pytest

from clearline.content.brands import BRANDS
from clearline.model import Hit
from clearline.signals.base import Batch
from clearline.signals.links import LinkSignal
from clearline.signals.lures import LureSignal
from clearline.signals.restricted import RestrictedCategorySignal
from clearline.state.memory import MemoryStateStore
from support import make_message

# Official domains of the largest banks, carriers, parcel services and payment apps per country
# (each institution's own site), whatever their resemblance to a listed brand.
REAL_DOMAINS_BY_COUNTRY = {
    "US": [
        "chase.com", "bankofamerica.com", "wellsfargo.com", "citi.com", "usbank.com", "pnc.com",
        "truist.com", "capitalone.com", "tdbank.com", "schwab.com", "usaa.com", "ally.com",
        "americanexpress.com", "discover.com", "navyfederal.org", "citizensbank.com",
        "verizon.com", "att.com", "t-mobile.com", "uscellular.com", "cricketwireless.com",
        "metrobyt-mobile.com", "boostmobile.com", "usps.com", "ups.com", "fedex.com",
        "ontrac.com", "paypal.com", "venmo.com", "zellepay.com", "cash.app", "irs.gov",
    ],
    "GB": [
        "barclays.co.uk", "hsbc.co.uk", "lloydsbank.com", "natwest.com", "santander.co.uk",
        "halifax.co.uk", "nationwide.co.uk", "rbs.co.uk", "tsb.co.uk", "monzo.com",
        "starlingbank.com", "metrobankonline.co.uk", "virginmoney.com", "firstdirect.com",
        "bankofscotland.co.uk", "ee.co.uk", "o2.co.uk", "vodafone.co.uk", "three.co.uk",
        "giffgaff.com", "bt.com", "royalmail.com", "royalmail.co.uk", "parcelforce.com",
        "evri.com", "myhermes.co.uk", "dpd.co.uk", "yodel.co.uk", "dhl.co.uk",
        "amazon.co.uk", "gov.uk",
    ],
    "IN": [
        "sbi.co.in", "onlinesbi.sbi", "hdfcbank.com", "icicibank.com", "axisbank.com",
        "kotak.com", "canarabank.com", "unionbankofindia.co.in", "indusind.com",
        "idfcfirstbank.com", "federalbank.co.in", "bankofindia.co.in", "ucobank.com",
        "centralbankofindia.co.in", "citibank.co.in", "hsbc.co.in", "paytm.com", "phonepe.com",
        "jio.com", "bsnl.co.in", "indiapost.gov.in", "bluedart.com", "delhivery.com",
        "xpressbees.com", "flipkart.com", "dhl.co.in",
    ],
    "NG": [
        "accessbankplc.com", "gtbank.com", "zenithbank.com", "firstbanknigeria.com",
        "ubagroup.com", "fidelitybank.ng", "stanbicibtcbank.com", "ecobank.com", "fcmb.com",
        "sterling.ng", "unionbankng.com", "wemabank.com", "polarisbanklimited.com",
        "kudabank.com", "opayweb.com", "palmpay.com", "moniepoint.com", "mtn.ng",
        "mtnonline.com", "airtel.com.ng", "gloworld.com", "9mobile.com.ng", "nipost.gov.ng",
        "dhl.com.ng",
    ],
    "PH": [
        "bdo.com.ph", "bpi.com.ph", "metrobank.com.ph", "landbank.com", "pnb.com.ph",
        "securitybank.com", "chinabank.ph", "unionbankph.com", "rcbc.com", "eastwestbanker.com",
        "psbank.com.ph", "aub.com.ph", "maybank.com.ph", "citibank.com.ph", "hsbc.com.ph",
        "gcash.com", "maya.ph", "paymaya.com", "globe.com.ph", "smart.com.ph", "dito.ph",
        "lbcexpress.com", "jtexpress.ph", "phlpost.gov.ph", "ninjavan.co", "dhl.com.ph",
        "sss.gov.ph", "philhealth.gov.ph",
    ],
}  # fmt: skip

RECIPIENT_OF = {
    "US": "+14155550100",
    "GB": "+447700900123",
    "IN": "+919876543210",
    "NG": "+2348031234567",
    "PH": "+639171234567",
}


def hits_of(signal: type, body: str, to: str = "+447700900123") -> list[Hit]:
    hits: list[list[Hit]] = [[]]
    signal({}, MemoryStateStore()).check(Batch([make_message(body=body, to=to)]), hits)
    return hits[0]


def symbols(hits: list[Hit]) -> dict[str, str]:
    return {hit.symbol: hit.detail for hit in hits}


@pytest.mark.parametrize(
    ("country", "domain"),
    [
        (country, domain)
        for country, domains in REAL_DOMAINS_BY_COUNTRY.items()
        for domain in domains
    ],
)
def test_real_institutions_own_domains_are_never_lookalikes(country: str, domain: str) -> None:
    body = f"Your statement is ready: log in at https://www.{domain}/account to view it"
    found = symbols(hits_of(LinkSignal, body, RECIPIENT_OF[country]))
    assert "URL_LOOKALIKE_BRAND" not in found, found.get("URL_LOOKALIKE_BRAND")


@pytest.mark.parametrize(
    "domain", [domain for brand in BRANDS for domain in brand.official], ids=str
)
def test_every_listed_brands_official_domains_are_not_lookalikes(domain: str) -> None:
    found = symbols(hits_of(LinkSignal, f"Sign in at https://{domain}/login to continue"))
    assert "URL_LOOKALIKE_BRAND" not in found, found.get("URL_LOOKALIKE_BRAND")


@pytest.mark.parametrize(
    ("body", "brand"),
    [
        ("Citibank alert: verify at citibank-secure.co/login", "Citibank"),
        ("UnionBank: account locked, unlock at unionbank-verify.online", "UnionBank"),
        ("Metrobank: confirm at metrobank-ph.click/confirm", "Metrobank"),
        ("Amazon: your order is held, amazon-redelivery.xyz/pay", "Amazon"),
    ],
)
def test_lookalikes_of_real_brands_are_still_caught(body: str, brand: str) -> None:
    found = symbols(hits_of(LinkSignal, body))
    assert brand in found["URL_LOOKALIKE_BRAND"]


@pytest.mark.parametrize(
    "body",
    [
        "Appointment confirmed for 12:30PM.DATE: Tue 5 May",
        "Reminder: doors open 10AM.LIVE music from 8",
        "See you at 5pm.Love you",
    ],
)
def test_times_run_into_a_word_are_not_links(body: str) -> None:
    assert hits_of(LinkSignal, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Please pay the deposit into account 0901 234 5678, sort code 20-00-00",
        "My account number is 09012345678, thanks for sending it back",
        "Transfer to A/C 0844 123 4567 before Friday",
    ],
)
def test_bank_account_numbers_are_not_call_back_numbers(body: str) -> None:
    assert "CALLBACK_PREMIUM_RATE" not in symbols(hits_of(LureSignal, body))


def test_a_premium_rate_number_to_call_is_still_named() -> None:
    found = symbols(hits_of(LureSignal, "You have won! Call 09012345678 now to claim"))
    assert "09012345678" in found["CALLBACK_PREMIUM_RATE"]


@pytest.mark.parametrize(
    "body", ["love you xxx", "Night babe, see you tomorrow xxx", "Thanks mum! xxx"]
)
def test_kisses_are_not_sexual_content(body: str) -> None:
    assert "CATEGORY_SEX" not in symbols(hits_of(RestrictedCategorySignal, body))


def test_xxx_content_is_still_sexual_content() -> None:
    assert "CATEGORY_SEX" in symbols(
        hits_of(RestrictedCategorySignal, "Hot xxx videos, join free tonight")
    )


@pytest.mark.parametrize(
    "body",
    [
        "I need to talk to you, it's urgent",
        "Can you send me the photos asap? Granny wants them",
        "Come home immediately, dinner is ready",
    ],
)
def test_urgent_in_a_persons_message_is_not_pressure(body: str) -> None:
    assert "URGENCY_PRESSURE" not in symbols(hits_of(LureSignal, body))


@pytest.mark.parametrize(
    "body",
    [
        "URGENT: pay the outstanding amount today at payments-ph.top",
        "Urgent! Call 08712460324 now",
        "Please verify your details immediately",
    ],
)
def test_urgent_with_a_request_is_pressure(body: str) -> None:
    found = symbols(hits_of(LureSignal, body))
    assert "URGENCY_PRESSURE" in found or "SMISHING_CREDENTIAL_REQUEST" in found


@pytest.mark.parametrize(
    ("body", "phone"),
    [
        ("Not you? Call 1-888-231-0143 or see chase.com", True),
        ("call us on +44 20 7946 0321", True),
        ("ICICI Bank: debited from A/c no. 004501234567 on 05-Dec", False),
        ("Your code is 482913", False),
        # parcels', orders' and bills' numbers after their labels
        ("FedEx: Your package 779812345678 was delivered at 10:42 AM", False),
        ("LBC: Your shipment 1234567890 is out for delivery today", False),
        ("Tata Power-DDL bill of Rs 2,340 for CA No. 60004412873 is due on 25-05-2025", False),
        ("IKEDC: Token for meter 45071234567: 1234-5678-9012-3456-7890", False),
        # a compact date after its label, with or without the time (session 24)
        ("Token 1234 Date:20250514 Units:34.5", False),
        ("Date:20240312 14:05 Units:32.5", False),
        ("Call 20250514 for details", True),
        # a label does not hide a number to call, nor a toll-free one
        ("Your package 4155550101 call us now", True),
        ("Your parcel 08001234567 is held", True),
    ],
)
def test_any_phone_number_is_noticed_but_not_account_numbers(body: str, phone: bool) -> None:
    from clearline.content.lures import mentions_phone_number

    assert mentions_phone_number(body) is phone


# One-time codes are the commonest texts businesses send; UCI's people's texts hold no 5- or
# 6-digit number at all, so a model shown any such number as a "short code" learnt spam from it.
ONE_TIME_CODES = (
    "HDFC Bank: OTP for txn of INR 2,499.00 at AMAZON is 839201. Valid for 5 mins. Do not share.",
    "Your Google verification code is 583920",
    "Use 583920 to verify your Microsoft account.",
    "PayPal: Your security code is 583920. Your code expires in 10 minutes. Don't share your code.",
    "Dear Customer, 583920 is your OTP for login to SBI YONO. Valid for 3 mins. Do not share.",
)


@pytest.mark.parametrize("body", ONE_TIME_CODES)
def test_a_one_time_code_is_no_short_code_and_is_delivered_cold(body: str) -> None:
    from clearline.engine import Engine
    from clearline.model import Action

    assert _feature_values(body, "short_code") == {0.0}
    # From a number the recipient never texted: no conversation vouches for it.
    [verdict] = Engine().score_batch([make_message(sender="+14155550111", body=body)])
    assert verdict.action is Action.DELIVER


@pytest.mark.parametrize(
    ("body", "short_code"),
    [
        ("FREE entry into our weekly competition just text the word WIN to 80086 NOW", True),
        ("Txt the word: CLAIM to No: 81010 T&C", True),
        ("To stop send STOP to 62468", True),
        ("Your code is 583920", False),
        ("Order 583920 has shipped", False),
        # a reference's number after its label and "no." (issue 18, Indian notices)
        ("Your LPG refill booking no. 123456 is confirmed", False),
        ("Policy No: 654321 renewed", False),
        # unless a call word follows it
        ("Booking no. 123456 call to confirm", True),
    ],
)
def test_a_short_code_is_a_number_to_text_or_call(body: str, short_code: bool) -> None:
    assert _feature_values(body, "short_code") == {float(short_code)}


def _feature_values(body: str, feature: str) -> set[float]:
    """A structure feature's values for a text, alone and in a batch (both paths)."""
    from clearline.content import facts

    column = facts.STRUCTURE_FEATURES.index(feature)
    alone = facts.analyse_batch([body], ["US"]).structure()[:, column]
    batch = facts.analyse_batch([body] * 8, ["US"] * 8).structure()[:, column]
    return set(alone.tolist()) | set(batch.tolist())


@pytest.mark.parametrize(
    ("body", "phone"),
    [
        ("Call 09061701461 to claim your prize", True),  # a UK premium-rate number
        ("Text me on 09171234567 for the details", True),  # a Philippine mobile
        ("whatsapp +639171234567", True),  # international form
        ("Your tracking number is 9400111202555842761234", False),
        ("Booking confirmed. Ref 2025120412345", False),
        ("HDFC Bank: A/c 50100234567891 credited with INR 5,000", False),
        ("IMEI 356938035643809", False),
        # a reference that happens to be a valid number somewhere, after its label
        ("IRCTC: PNR 4512345678, Train 12951, Coach B3 Berth 21 confirmed.", False),
        ("Your order #4051234567 has shipped", False),
        ("Bill for Consumer No: 2123456789 is due on 10-12", False),
        ("Policy no. 9123456789 renewed", False),
        ("Your Ola ride CRN 1234567890 with Ramesh is arriving in 3 mins.", False),
        ("Recharge of Rs 350 successful for Subscriber ID 1234567890.", False),
        # the same digits to call
        ("Call 4512345678 today", True),
        ("Order now, call 4512345678", True),
        # a premium-rate line counts after any label
        ("Reference 09099726395 to claim", True),
        ("Email that customer 08719899229", True),
        # a call-back scam's line behind a label (review, session 16)
        ("Not you? Ref 8885551234 call to cancel", True),  # US toll-free
        ("If you did not place it, customer number: 8885551234", True),
        ("Ref 9876543210 call now to speak to an agent", True),  # a call word follows
        ("Order no. 9876543210 whatsapp us", True),
    ],
)
def test_a_long_number_counts_only_when_it_is_a_phone_number(body: str, phone: bool) -> None:
    assert _feature_values(body, "long_digits") == {float(phone)}


# Indian notices whose reference the model took for a phone number or a short code (a ride's
# CRN, a DTH subscriber ID, a gas booking number) and tagged cold, sent between Indian numbers.
INDIAN_REFERENCE_NOTICES = (
    "Your Ola ride CRN 1234567890 with Ramesh (KA01AB1234, White Swift Dzire) is arriving in 3 "
    "mins. Share OTP 4821 with the driver.",
    "Tata Play: Recharge of Rs 350 successful for Subscriber ID 1234567890. Balance Rs 412. Next "
    "recharge date 05-Jan-26.",
    "Your Indane LPG refill booking no. 123456 for consumer no. 7654321 is confirmed on "
    "05-12-2025. Delivery Authentication Code: 4821. -Indane",
)


@pytest.mark.parametrize("body", INDIAN_REFERENCE_NOTICES)
def test_a_notice_with_its_reference_number_is_delivered_cold(body: str) -> None:
    from clearline.engine import Engine
    from clearline.model import Action

    [verdict] = Engine().score_batch(
        [make_message(sender="+919845000001", to="+919986000001", body=body)]
    )
    assert verdict.action is Action.DELIVER


@pytest.mark.parametrize(
    "body",
    [
        "swhrt how u dey,hope ur ok, tot about u 2day.love n miss.take care.",
        "c u 2nite.love u",
        "home.love u",
        "2 days.so you can come",
    ],
)
def test_words_run_into_a_wordlike_tld_are_not_links(body: str) -> None:
    from clearline.content.links import find_links

    assert find_links(body) == []


def test_a_machine_made_name_on_a_wordlike_tld_is_still_a_link() -> None:
    from clearline.content.links import find_links

    [link] = find_links("Play now at 88ph.so and win")
    assert link.domain == "88ph.so"


def test_a_body_full_of_long_numbers_is_checked_in_bounded_time() -> None:
    from clearline.content import facts

    # Only the first few runs are checked; a text with more long numbers than that counts as
    # holding a phone number, so junk numbers written first cannot hide one behind them.
    junk = [f"0000{i:07d}" for i in range(5000)]
    assert not facts.has_phone_number_run(" ".join(junk[: facts.MAX_RUNS_CHECKED]))
    assert facts.has_phone_number_run(" ".join(junk) + " call 09061701461")
    # A run longer than any phone number is none, and is not kept in the cache.
    assert not facts.has_phone_number_run("ref " + "7" * 60_000)


def test_text_speak_on_an_abused_tld_is_still_a_link() -> None:
    from clearline.content.links import find_links

    [link] = find_links("get ur prize at gr8.win now")
    assert link.domain == "gr8.win"


@pytest.mark.parametrize(
    ("body", "lure"),
    [
        ("You have won 1,000,000 pounds!", True),
        ("claim your prize of $1,250.00 now", True),
        ("£1234567890123456789012345678901234567890 prize", True),  # a run longer than any amount
        ("win a prize worth 1.500.000,00 euros", True),
        ("the 2.5 km walk is free", False),
        ("win a prize " + "1." * 32_000, False),  # read once from its first digit, not from each
        ("win a prize " + "1," * 32_000 + "5 pounds", True),
        # amounts written the other ways scams write them (review, session 18)
        ("Make 500$ a day, win big", True),
        ("win 500 $ today", True),
        ("claim your $  500 bonus", True),
        ("win \u20b95000 daily", True),
        ("Earn 500 USDT bonus a week", True),
        ("a 50\u20ac bonus for you", True),
        ("make 500 bucks a day, free", True),
        ("win 4 \u00a3100 gift voucher", True),  # read from the sign, not "4 \u00a3"
        # a code glued to the amount, amounts after the number, more signs (second review)
        ("Win US1,000 dollars now", True),
        ("win COP50.000 pesos bonus", True),
        ("Win 2x1,000 pounds", True),
        ("win 500 AED cash", True),
        ("Win \u20a650,000 cash now", True),
        ("Claim \u20a4500 prize", True),
        ("win a prize x" + "1." * 32_000, False),
    ],
)
def test_money_lures_read_each_run_of_digits_once(body: str, lure: bool) -> None:
    from clearline.content.lures import find_money_lure

    assert (find_money_lure(body) is not None) is lure
