"""Official domains of every listed brand: theirs (and their subdomains) are never lookalikes,
while a host that merely ends in the same letters is.

Driven through the link signal, so what is asserted is the URL_LOOKALIKE_BRAND a sender sees.
"""

from __future__ import annotations

import pytest

from clearline.content.brands import BRANDS, Brand
from clearline.model import Hit
from clearline.signals.base import Batch
from clearline.signals.links import LinkSignal
from clearline.state.memory import MemoryStateStore
from support import make_message

# Official domains that do not spell the brand ("wf.com" is Wells Fargo's, "gov.uk" HMRC's; "chase"
# counts only as a whole part of a host): a bare prefix on them names no brand, so their impostors
# below spell the brand out as well.
DOMAINS_NOT_SPELLING_THE_BRAND = frozenset(
    {"jpmorganchase.com", "wf.com", "cash.app", "amzn.to", "live.com", "fb.com", "maya.ph"}
    | {"gov.uk"}
)

OFFICIAL = [(brand, domain) for brand in BRANDS for domain in brand.official]
SPELLING_THE_BRAND = [case for case in OFFICIAL if case[1] not in DOMAINS_NOT_SPELLING_THE_BRAND]


def _lookalike_details(host: str) -> list[str]:
    """The details of URL_LOOKALIKE_BRAND hits for a text linking to ``host``."""
    message = make_message(body=f"Your account needs attention: https://{host}/account")
    hits: list[list[Hit]] = [[]]
    LinkSignal({}, MemoryStateStore()).check(Batch([message]), hits)
    return [hit.detail for hit in hits[0] if hit.symbol == "URL_LOOKALIKE_BRAND"]


@pytest.mark.parametrize(("brand", "domain"), OFFICIAL, ids=[d for _, d in OFFICIAL])
@pytest.mark.parametrize("prefix", ["", "www.", "login.", "secure.account."])
def test_official_domains_and_their_subdomains_are_not_lookalikes(
    brand: Brand, domain: str, prefix: str
) -> None:
    assert _lookalike_details(prefix + domain) == []


@pytest.mark.parametrize(
    ("brand", "domain"), SPELLING_THE_BRAND, ids=[d for _, d in SPELLING_THE_BRAND]
)
@pytest.mark.parametrize("prefix", ["secure-", "secure"])
def test_a_prefix_glued_to_an_official_domain_is_a_lookalike(
    brand: Brand, domain: str, prefix: str
) -> None:
    # "secure-paypal.com" ends with "paypal.com" but is not PayPal's: only a dot makes a subdomain.
    details = _lookalike_details(prefix + domain)
    assert details, f"{prefix + domain} was not reported as imitating {brand.name}"
    assert brand.name in details[0]


@pytest.mark.parametrize(("brand", "domain"), OFFICIAL, ids=[d for _, d in OFFICIAL])
def test_a_hyphenated_impostor_ending_in_an_official_domain_is_a_lookalike(
    brand: Brand, domain: str
) -> None:
    host = f"secure-{brand.tokens[0]}-{domain}"
    details = _lookalike_details(host)
    assert details, f"{host} was not reported as imitating {brand.name}"
    assert brand.name in details[0]
