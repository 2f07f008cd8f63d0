"""A text that names a brand and links elsewhere: what counts, what does not."""

from __future__ import annotations

import pytest

from clearline.content.brands import BANK_NAMES, BRANDS, NO_CALL_BACK_BRANDS
from clearline.content.facts import analyse_text
from clearline.content.impersonation import (
    BRAND_NAMES,
    OTHER_NAMES,
    REACH,
    named_brand,
    readable,
)
from clearline.engine import Engine
from clearline.model import Action
from support import make_message


def mismatch(text: str, region: str = "US") -> tuple[str, str, str | None] | None:
    found = analyse_text(text, region).impersonation
    return None if found is None else (found.brand, found.host, found.request)


@pytest.mark.parametrize(
    ("text", "brand", "domain", "asked"),
    [
        (
            "GCash Advisory, Please be advised that we are asking everyone to verify their "
            "account to avoid deactivation. Verify here: trim.ac/GCares",
            "GCash",
            "trim.ac",
            "verify",
        ),
        (
            "Banco De Oro  You're having issues with Account Security. Please review them at "
            "pub.vin/BDOSecured",
            "BDO",
            "pub.vin",
            "review them",
        ),
        (
            "FedEx: Your parcel 7741-0093 could not be delivered. Reschedule: "
            "http://fdx-reschedule.live/7741",
            "FedEx",
            "fdx-reschedule.live",
            "reschedule",
        ),
        (
            "Dear customer your SBI account will be blocked today. Update PAN card at "
            "http://sbi-kyc-update.in now",
            "SBI",
            "sbi-kyc-update.in",
            "update pan",
        ),
        (
            "MMDA NO-CONTACT Apprehension: Visit gov-md.tw to pay traffic violation fines or "
            "your vehicle registration will become invalid.",
            "MMDA",
            "gov-md.tw",
            "pay traffic violation",
        ),
        (
            "E-ZPass: we could not process your payment. Pay your unpaid toll at "
            "ezp-tollcenter.xin/pay",
            "E-ZPass",
            "ezp-tollcenter.xin",
            "pay your unpaid toll",
        ),
        ("W19 Games, the official GCash partner! lnnk.in/gPjZ", "GCash", "lnnk.in", None),
        (
            "Your McAfee subscription renewed automatically. If you didn't authorize this, "
            "visit renew-cancel-help.com",
            "McAfee",
            "renew-cancel-help.com",
            "if you didn't authorize",
        ),
        (
            "Geek Squad: your annual plan of $349.99 was charged. If this was not you, cancel "
            "at gs-billing-desk.com",
            "Best Buy",
            "gs-billing-desk.com",
            "if this was not you",
        ),
    ],
)
def test_a_brand_named_beside_a_link_to_another_domain_is_found(
    text: str, brand: str, domain: str, asked: str | None
) -> None:
    assert mismatch(text) == (brand, domain, asked)


@pytest.mark.parametrize(
    "text",
    [
        # The brand's own site, another real institution's, a major site's page, a .gov site.
        "Chase: your statement is ready, log in at chase.com/statements to review it",
        "Smart: Enjoy 2x the data with the new Signature Booster! Check it NOW smrt.ph/GetSmartApp",
        "Pay your Verizon bill with Zelle: verify at zellepay.com/start",
        "My Amazon review of the blender is up https://www.youtube.com/watch?v=abc123",
        "IRS: check your refund status at https://www.irs.gov/refunds",
        # A lookalike has its own, stronger symbol.
        "USPS: update your address at usps-redelivery.top/track",
        # Common words and first names are no brands.
        "smart move! confirm the booking at hotelfun.example.com",
        "chase the dream: update at mysite.example.org",
        "maya says hi, review the photos at myphotos.example.net",
        "ups and downs, see mysite.example.org",
        "Norton Street is closed, take the detour: mysite.example.org",
        "McAfee Family Dentistry: please verify your insurance info at "
        "forms.example-dental.com/intake",
        "Best buy of the season! Log in to your account at www.shopmyoutlet.com",
        # a brand's own short links
        "Google: A new sign-in on Pixel 8. If this wasn't you, check activity at "
        "https://g.co/recover",
        "PayPal: A new device was added to your account. If this wasn't you, visit "
        "https://py.pl/3abcD",
        "Microsoft: unusual sign-in. If this wasn't you, secure your account at https://aka.ms/x",
        "T-Mobile: your PIN changed. If this wasn't you, visit https://t-mo.co/3xYz",
        # No link at all.
        "Your Bank of America card has been restricted. Call 844-231-0199 to reactivate.",
    ],
)
def test_own_sites_real_institutions_lookalikes_and_ordinary_words_are_no_mismatch(
    text: str,
) -> None:
    assert mismatch(text) is None


def test_the_banks_and_no_call_back_brands_are_names_a_text_can_speak_as() -> None:
    # A name missing from BRANDS and OTHER_NAMES would never be found speaking, and its rule
    # (a bank's call-back, a shop's refund call) would silently never apply.
    names = {brand.name for brand in BRANDS} | set(OTHER_NAMES)
    assert not BANK_NAMES - names, sorted(BANK_NAMES - names)
    assert not NO_CALL_BACK_BRANDS - names, sorted(NO_CALL_BACK_BRANDS - names)


def test_every_listed_brand_has_a_name_pattern_and_is_found_by_it() -> None:
    assert set(BRAND_NAMES) == {brand.name for brand in BRANDS}
    for brand in BRANDS:
        found = mismatch(f"{brand.name} account notice: verify at secure-check.example.com")
        assert found is not None and found[0] == brand.name, brand.name
    for name in OTHER_NAMES:
        found = mismatch(f"{name} account notice: verify at secure-check.example.com")
        assert found is not None and found[0] == name, name


def test_a_cold_brand_phishing_text_is_tagged_and_says_why() -> None:
    body = (
        "Banco De Oro  You're having issues with Account Security. Please review them at "
        "pub.vin/BDOSecured"
    )
    [verdict] = Engine().score_batch([make_message(body=body)])
    assert verdict.action.rank >= Action.TAG.rank
    [reason] = [r for r in verdict.reasons if r.symbol == "SMISHING_BRAND_LINK"]
    assert (
        "BDO" in reason.detail and "pub.vin" in reason.detail and "'review them'" in reason.detail
    )


@pytest.mark.parametrize(
    ("text", "pretext"),
    [
        (
            "PH Postal: Your package has been returned to the local post office and cannot be "
            "re-delivered. View mdph.tw/track",
            "package has been returned",
        ),
        (
            "We cannot deliver your item due to the incomplete address, please fill in the "
            "address: https://failpost.top/a",
            "cannot deliver",
        ),
        (
            "You have unpaid traffic penalties, check your violation at madac.tw now",
            "unpaid traffic",
        ),
        # Malay and Spanish (session 27, blind sets 22 and 25)
        (
            "Bungkusan anda tidak dapat dihantar kerana alamat tidak lengkap. Sila kemas kini di "
            "https://pos-my.parcel-update.cc",
            "tidak dapat dihantar",
        ),
        (
            "Su paquete no pudo ser entregado por falta de franqueo. Actualice aquí: "
            "https://entregas-ayuda.cc/us",
            "no pudo ser entregado",
        ),
    ],
)
def test_a_delivery_or_fine_pretext_beside_a_link_that_is_no_institutions_is_found(
    text: str, pretext: str
) -> None:
    found = analyse_text(text, "PH").impersonation
    assert found is not None and found.pretext == pretext and found.brand is None


@pytest.mark.parametrize(
    "text",
    [
        "Your parcel could not be delivered, reschedule at https://www.ups.com/reschedule",
        "Sorry the cake could not be delivered today, here's the bakery: sweetcakes.example.com",
        "Your order is on its way! Track it: https://drd.sh/abc123",
    ],
)
def test_no_pretext_mismatch_for_an_institutions_link_or_without_a_linked_pretext(
    text: str,
) -> None:
    found = analyse_text(text, "US").impersonation
    assert found is None or found.pretext is None


@pytest.mark.parametrize(
    ("text", "pretext"),
    [
        (
            "Your electricity will be disconnected tonight due to an unpaid bill. Pay at "
            "power-bill-pay.com",
            "disconnected tonight due to an unpaid bill",
        ),
        (
            "Dear customer, your previous month bill was not updated. Your power will be cut "
            "off at 9:30 pm. Pay now: elec-help.in/p",
            "previous month bill was not updated. Your power will be cut off",
        ),
        ("Payday loan approved, get it at quickloan-now.com", "Payday loan approved"),
        (
            "Instant loan approved! Get up to $5,000 today: loanoffer-direct.com",
            "Instant loan approved",
        ),
        (
            "Student loan forgiveness: you may qualify. See sl-relief.com",
            "Student loan forgiveness",
        ),
        (
            "Your car's extended warranty is about to end. Review your options at "
            "autoprotect-plan.com",
            "car's extended warranty is about to end",
        ),
        (
            "Hi, I'm Emma from the recruitment team. We have a flexible remote position, 1-2 "
            "hours a day. Learn more: talentjobs-hr.com/apply",
            "1-2 hours a day",
        ),
        (
            "We are looking for people to rate hotels online, paid daily. Info at "
            "hotelrate-tasks.com",
            "rate hotels",
        ),
    ],
)
def test_other_scam_pretexts_beside_a_link_that_is_no_institutions_are_found(
    text: str, pretext: str
) -> None:
    found = analyse_text(text, "US").impersonation
    assert found is not None and found.pretext == pretext and found.brand is None


@pytest.mark.parametrize(
    "text",
    [
        # A utility's own notice: days ahead, or its own site; maintenance is no unpaid bill.
        "Your account is past due. To avoid disconnection on 12/18, pay at mycoopelectric.com",
        "Your power will be disconnected tonight for an unpaid bill. Pay at duke-energy.com",
        "Water will be shut off today 9am-noon for repairs. Details: myresidentportal.com",
        # A lender's notice of an application; a friend's news.
        "Your loan application has been approved! Sign your documents at loancenter.example.com",
        "my loan got approved!! the house: https://www.zillow.com/homedetails/123",
        # A job named without bait, bait without a job, a real recruiter's job board.
        "We're hiring part-time baristas! Apply at bluebottlecoffee.example.com/careers",
        "made 2 hours a day of progress lol, notes here docs.google.com/document/d/abc",
        "Hi Sam, Priya from Robert Half. A remote accounting role matches your resume, pay "
        "$38 an hour: roberthalf.com/job/123",
        # Student aid's own site.
        "Student loan forgiveness: check your status at https://studentaid.gov/manage",
        # A dealer's or a lender's offer to a customer; a gym's suspended membership; a bill's
        # cut-off days ahead, whatever else happens "today".
        "Great news from Smith Toyota! You're pre-approved for an auto loan. Visit "
        "smithtoyota.com/finance",
        "Planet Fitness: Your membership is suspended due to a past due balance. Pay at "
        "pfmembers.example.com",
        "Riverside Water: a past due balance on your account may be disconnected on Dec 12. Our "
        "office is open today 8-5, or pay at riversidewater.example.com",
    ],
)
def test_no_scam_pretext_for_notices_friends_and_real_sites(text: str) -> None:
    found = analyse_text(text, "US").impersonation
    assert found is None or found.pretext is None


def test_a_job_offer_with_its_bait_and_a_link_is_tagged_cold_and_says_why() -> None:
    body = (
        "Hi! We're hiring for remote positions, flexible hours, daily salary. Apply now at "
        "hirehub-careers.com/apply"
    )
    [verdict] = Engine().score_batch([make_message(body=body)])
    assert verdict.action.rank >= Action.TAG.rank
    [reason] = [r for r in verdict.reasons if r.symbol == "SMISHING_PRETEXT_LINK"]
    assert "'daily salary'" in reason.detail and "hirehub-careers.com" in reason.detail


_SMISHING = {"SMISHING_BRAND_LINK", "SMISHING_PRETEXT_LINK"}


@pytest.mark.parametrize(
    "body",
    [
        # A payment method, an opt-out footer, a stadium, a weather outlook, a person's review.
        "Acme: 20% off winter coats at acmeshop.com/coats, pay with Apple Pay or PayPal. "
        "Reply STOP to cancel.",
        "Mets at Citi Field tonight! Confirm your seats at mlb.com/mets/tickets",
        "Hair by Jess: confirm your appointment Sat 2pm at jesshair.example.com. Deposit via "
        "Venmo or Zelle",
        "Outlook for Saturday: heavy rain. Review the forecast at accuweather.com",
        "I wrote up a review of my new Amazon blender: https://jo.substack.com/p/blender",
        # A number run into a word is no link; a council's site is a government's.
        "I paid 250.at the counter, please confirm in your BDO app",
        "Camden Council: you have an unpaid parking fine. Pay at https://www.camden.gov.uk/parking",
        # Brands' own sites, open platforms among them.
        "Paytm: complete your KYC to keep your wallet active, log in at paytm.com/kyc",
        "Amazon: sign in to review your order at amazon.com/orders",
    ],
)
def test_wanted_texts_naming_brands_beside_links_are_not_called_smishing(body: str) -> None:
    [verdict] = Engine().score_batch([make_message(body=body)])
    assert not {r.symbol for r in verdict.reasons} & _SMISHING
    mismatch = [r for r in verdict.reasons if r.symbol == "URL_BRAND_MISMATCH"]
    assert all(r.score <= 1.0 for r in mismatch)


@pytest.mark.parametrize(
    "body",
    [
        "\u26a0\ufe0fBDO ALERT: your account is on hold. Please verify at pub.vin/x",  # emoji
        "BD\u039f ALERT: your account is on hold. Please verify at pub.vin/x",  # Greek O
        "\u0420ayPal: your account is limited, verify at pp-help.example.net",  # Cyrillic P
        "\uff22\uff24\uff2f: verify your account at pub.vin/x",  # full-width letters
        "G\u200bCash: verify your account at llink.ee/x",  # a zero-width space
        # A named brand with a pretext, a page on an open platform, a redirect through Google.
        "USPS: Your package could not be delivered due to an incomplete address. Details: "
        "parcelhelp.top/x",
        "BDO: verify your account at https://sites.google.com/view/bdo-verify",
        "[BDO] Your account has been locked. Visit https://www.google.com/url?q=pub.vin/x",
        "Smart: verify your SIM registration at smart-sim.example.com",
        # session 27 (blind set 21): "If not you" asks for the page as "If this wasn't you" does
        "Bank of Ireland: New payee 'J Byrne' added. If not you, visit boi-payee-cancel.com to "
        "cancel",
        # Spanish, for the US's Spanish speakers (session 27, blind set 22)
        "USPS: Su paquete no pudo ser entregado. Actualice su dirección aquí: paq-entregas.cc/us",
        # "Pay now" beside a lookalike (blind set 24)
        "Globe: Your account has an overdue balance. Pay now via: billpay-ph.com",
        # points about to expire, to redeem on a lookalike
        "Globe: Your 3,100 Rewards points expire today! Redeem now: rewardspoint-ph.com",
    ],
)
def test_disguised_names_pretexts_and_open_platform_pages_are_still_smishing(body: str) -> None:
    [verdict] = Engine().score_batch([make_message(body=body)])
    [reason] = [r for r in verdict.reasons if r.symbol == "SMISHING_BRAND_LINK"]
    assert reason.score >= 5.0
    assert verdict.action.rank >= Action.TAG.rank


def test_names_are_looked_for_only_at_the_start_of_a_long_body() -> None:
    filler = "ok " * (REACH // 3 + 1)
    assert named_brand(readable("BDO ALERT " + filler)) is not None
    assert named_brand(readable(filler + "BDO ALERT")) is None


PADDING = (
    "Hi there, hope you are having a wonderful week and enjoying the holidays with your "
    "family and friends. "
)


def test_a_brand_addressed_as_the_readers_account_speaks_after_padding() -> None:
    body = PADDING + "Your PayPal account has been limited, please verify at secure-check.top/x"
    assert mismatch(body) == ("PayPal", "secure-check.top", "verify")


@pytest.mark.parametrize(
    "body",
    [
        PADDING + "We take PayPal and cards, book at myclinic-booking.com/x to verify a slot",
        PADDING + "Pay with your PayPal account at checkout: myshop-example.com/verify",
    ],
)
def test_a_brand_named_late_but_not_as_the_readers_own_does_not_speak(body: str) -> None:
    assert mismatch(body) is None


@pytest.mark.parametrize(
    "body",
    [
        "Hi, it's Dr. Lee's office. Confirm your appointment details here: drlee.janeapp.com. "
        "We take Amex and Visa.",
        "The lease is ready, sign in at docusign.net to review it. My cell is on Verizon",
        "Riverside Library: you have outstanding fines. Renew at riverside.bibliocommons.com",
    ],
)
def test_a_brand_named_as_a_way_to_pay_or_a_library_fine_is_no_smishing(body: str) -> None:
    [verdict] = Engine().score_batch([make_message(body=body)])
    assert not {r.symbol for r in verdict.reasons} & _SMISHING


@pytest.mark.parametrize(
    "body",
    [
        "\u200b" * 1000 + "BDO: verify your account at secure-login.cc/x",  # invisible padding
        " " * 1000 + "BDO: verify your account at secure-login.cc/x",  # blank padding
        "Co\u0131nbase: verify your account at cb-help.example.com/x",  # a dotless i
        "BDO: verify at http://bdo.com.ph@evil.example/x",  # the real host after the "@"
        "BDO: verify at https://lgu-sample.gov.ph/out?url=https://evil.example/ph",  # a redirect
    ],
)
def test_padding_dotless_letters_user_names_and_redirects_do_not_hide_a_brand(body: str) -> None:
    [verdict] = Engine().score_batch([make_message(body=body)])
    assert "SMISHING_BRAND_LINK" in {r.symbol for r in verdict.reasons}
