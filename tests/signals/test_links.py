"""Link signals: what a sender or operator sees for risky links, and silence for ordinary ones."""

from __future__ import annotations

import pytest

from clearline.content.links import find_links, lookalike_brand
from clearline.model import Hit
from clearline.policy import load_config
from clearline.signals.base import Batch
from clearline.signals.links import LinkSignal
from clearline.state.memory import MemoryStateStore
from support import make_message, reasons_in_conversation_and_cold


def link_hits(*bodies: str, **settings: object) -> list[list[Hit]]:
    messages = [make_message(f"m{i}", seconds=i, body=body) for i, body in enumerate(bodies)]
    hits: list[list[Hit]] = [[] for _ in messages]
    LinkSignal(settings, MemoryStateStore()).check(Batch(messages), hits)
    return hits


def symbols(hits: list[Hit]) -> set[str]:
    return {hit.symbol for hit in hits}


def test_lookalike_domain_names_the_brand_it_imitates() -> None:
    [hits] = link_hits("Your account is on hold, verify at paypa1-secure.com/login today")
    lookalike = [hit for hit in hits if hit.symbol == "URL_LOOKALIKE_BRAND"]
    assert lookalike
    assert "paypa1-secure.com" in lookalike[0].detail
    assert "PayPal" in lookalike[0].detail


@pytest.mark.parametrize(
    ("body", "brand"),
    [
        ("GCash: verify here gcashaccountfix.online", "GCash"),
        ("USPS: update your address at usps-redelivery.top/track", "USPS"),
        ("Wells Fargo alert: wellsfarqo.com/secure", "Wells Fargo"),
        ("Apple ID locked: https://appleid.apple.com.account-verify.xyz/", "Apple"),
    ],
)
def test_common_lookalike_tricks_are_caught(body: str, brand: str) -> None:
    [hits] = link_hits(body)
    details = [hit.detail for hit in hits if hit.symbol == "URL_LOOKALIKE_BRAND"]
    assert details
    assert brand in details[0]


@pytest.mark.parametrize(
    "host",
    ["paypal.com", "www.chase.com", "groups.google.com", "upstairs.com", "smartsheet.com"],
)
def test_real_and_unrelated_domains_are_not_lookalikes(host: str) -> None:
    [link] = find_links(f"see {host}/x")
    assert lookalike_brand(link.host, link.domain, link.suffix) is None


def test_ordinary_message_gets_no_link_hits() -> None:
    [hits] = link_hits("Dinner at 7? I booked the place on Main St. See you there.")
    assert hits == []


def test_shortener_ip_and_unusual_tld_each_say_what_they_found() -> None:
    [shortener], [ip], [tld] = link_hits(
        "Track it: bit.ly/3xYz", "Login http://8.212.168.81/bank", "Big bonus at spinwin88.icu"
    )
    assert (shortener.symbol, shortener.detail) == (
        "URL_SHORTENER",
        "bit.ly is a public URL shortener",
    )
    assert ip.symbol == "URL_IP_HOST"
    assert "8.212.168.81" in ip.detail
    assert tld.symbol == "URL_UNUSUAL_TLD"
    assert ".icu" in tld.detail


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("go to https://Example.com/a?b=1 now", ["example.com"]),
        ("www.example.org", ["www.example.org"]),
        ("visit shop.example.co.uk/sale!", ["shop.example.co.uk"]),
        ("I might come for 2 days.so you can relax", []),
        ("ok done.Thanks for that", []),
        ("mail me at jo@example.com", []),
        ("price is 1.50 today", []),
        ("Reactivate at https://301.mx/5fe6d425 now", ["301.mx"]),
        ("Deposit 177 and get 354: 6459.de/yvJl", ["6459.de"]),
        ("see 997778.xyz", ["997778.xyz"]),
        ("I paid 250.at the counter, score 112.to 98", []),
        ("my list: 1.childish 2.im", []),
    ],
)
def test_link_extraction_finds_domains_with_and_without_scheme(text: str, hosts: list[str]) -> None:
    assert [link.host for link in find_links(text)] == hosts


def _burst_hits(start: float, **settings: object) -> list[list[Hit]]:
    """One link at time 0 starts the watch; five texts with a fresh domain follow at ``start``."""
    messages = [make_message("w", seconds=0, body="see www.example.org")]
    messages += [
        make_message(f"m{i}", seconds=start + i, body="Claim your parcel at fresh-parcel-0.com now")
        for i in range(5)
    ]
    hits: list[list[Hit]] = [[] for _ in messages]
    LinkSignal(settings, MemoryStateStore()).check(Batch(messages), hits)
    return hits[1:]


def test_new_domain_in_a_burst_is_flagged_on_event_time() -> None:
    settings = {"burst_count": 5, "burst_window_seconds": 3600.0, "new_domain_seconds": 600.0}
    hits = _burst_hits(700.0, **settings)
    assert all("URL_NEW_DOMAIN_BURST" not in symbols(h) for h in hits[:4])
    [burst] = [hit for hit in hits[4] if hit.symbol == "URL_NEW_DOMAIN_BURST"]
    assert "fresh-parcel-0.com" in burst.detail
    assert "5 messages" in burst.detail


def test_no_domain_is_new_before_a_whole_window_of_links_was_watched() -> None:
    # A fresh deployment has seen no domain: youtube.com is not "new" on its first day.
    settings = {"burst_count": 5, "burst_window_seconds": 3600.0, "new_domain_seconds": 600.0}
    hits = _burst_hits(100.0, **settings)
    assert all("URL_NEW_DOMAIN_BURST" not in symbols(h) for h in hits)


@pytest.mark.parametrize("body", ["Login: раypal.com/secure", "Login: xn--pypal-4ve.com/secure"])
def test_homoglyph_domains_are_lookalikes_in_unicode_and_punycode(body: str) -> None:
    [hits] = link_hits(body)
    details = [hit.detail for hit in hits if hit.symbol == "URL_LOOKALIKE_BRAND"]
    assert details
    assert "PayPal" in details[0]


def test_new_domain_burst_with_the_shipped_settings_fires_at_the_50th_text_not_the_49th() -> None:
    # Watching for a day first: before that no domain can be called new.
    start = 86_400.0 + 100
    messages = [make_message("w", seconds=0, body="see www.example.org")]
    messages += [
        make_message(
            f"m{i}",
            seconds=start + 10 * i,
            to=f"+1415{i:07d}",
            body="Claim your parcel at fresh-parcel-9.com now",
        )
        for i in range(50)
    ]
    hits: list[list[Hit]] = [[] for _ in messages]
    shipped = load_config().signals["links"]
    LinkSignal(shipped, MemoryStateStore()).check(Batch(messages), hits)
    assert "URL_NEW_DOMAIN_BURST" not in symbols(hits[49])
    assert "URL_NEW_DOMAIN_BURST" in symbols(hits[50])


def test_a_brand_named_beside_another_domain_is_mismatch_and_with_a_request_smishing() -> None:
    phishing, mention, own = link_hits(
        "GCash Advisory, please verify your account to avoid deactivation: llink.ee/GCares",
        "GCash card came today! The shop is at kainan-manila.example.com",
        "GCash: verify your account in the app or at gcash.com/verify",
    )
    [smishing] = [hit for hit in phishing if hit.symbol == "SMISHING_BRAND_LINK"]
    assert "GCash" in smishing.detail and "llink.ee" in smishing.detail
    assert "'verify'" in smishing.detail
    assert "URL_BRAND_MISMATCH" not in symbols(phishing)
    [plain] = [hit for hit in mention if hit.symbol == "URL_BRAND_MISMATCH"]
    assert "kainan-manila.example.com" in plain.detail
    assert "SMISHING_BRAND_LINK" not in symbols(mention)
    assert not symbols(own) & {"URL_BRAND_MISMATCH", "SMISHING_BRAND_LINK"}


def test_a_brand_named_beside_another_domain_with_pressure_is_smishing() -> None:
    [hits] = link_hits(
        "#Account-Warning UnionBank access has been temporarily suspended: shorten.so/UB-access"
    )
    [smishing] = [hit for hit in hits if hit.symbol == "SMISHING_BRAND_LINK"]
    assert "UnionBank" in smishing.detail and "presses" in smishing.detail


def test_a_parcel_pretext_with_a_link_elsewhere_is_smishing_and_names_the_pretext() -> None:
    [hits] = link_hits(
        "PH Postal: Your Domestic MAIL has been returned to the local post office. "
        "Please request a re-delivery at https://301.mx/5fe6d425"
    )
    [smishing] = [hit for hit in hits if hit.symbol == "SMISHING_PRETEXT_LINK"]
    assert "MAIL has been returned" in smishing.detail and "301.mx" in smishing.detail


def test_inside_a_conversation_a_brand_beside_another_link_weighs_half_and_says_so() -> None:
    body = "BDO said to verify the payment here, weird: pub.vin/x"
    weighed, full = reasons_in_conversation_and_cold(body, "SMISHING_BRAND_LINK")
    assert weighed.score == full.score / 2 < 5.0
    assert "(conversation)" in weighed.detail
