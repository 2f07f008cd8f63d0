"""A text that speaks as a brand but links elsewhere: the commonest smishing shape.

A bank, carrier, parcel service, payment app or agency that texts its customers links to its
own site; a smishing text names the brand ("BDO ALERT: ...", "GCash Advisory ...", "USPS: your
package ...") and links to the scammer's page: a throwaway domain, a public shortener, a free
host. ``find_brand_mismatch`` finds a text that names a listed brand (``BRAND_NAMES``, how
people write each ``brands.BRANDS`` entry) and whose links include one that is no real
institution's domain (not any listed brand's own, not ``REAL_DOMAINS``, not a major site's
page, not a US government site), and says whether the text asks the reader to do something to
an account or a delivery there (verify, update, confirm, secure, unlock, restore, log in,
review or cancel a payment, reschedule a delivery): the request that turns a mention into a
phishing page.

Names that are also common words or first names count only in the forms brands use: "Chase"
and "Apple" capitalised, "UPS", "IRS", "SSS" and "EE" in capitals, "Smart" and "Globe" in
capitals or before a product word ("Smart Postpaid"), "Maya" as "PayMaya" or before an app
word. Texts without links never reach here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import msgspec

from clearline.content.brands import BRANDS, REAL_DOMAINS
from clearline.content.links import HostFacts, Link, is_institution_site, is_major_site
from clearline.content.triggers import trigger_words, word_set

__all__ = ["BRAND_NAMES", "OTHER_NAMES", "BrandMismatch", "find_brand_mismatch", "named_brand"]

#: How texts name each brand of ``brands.BRANDS`` (regular expressions, matched case-blind
#: unless a part says ``(?-i:...)``; a name is a whole word).
BRAND_NAMES: Final[dict[str, str]] = {
    "Bank of America": r"bank\s+of\s+america|bofa",
    "Chase": r"(?-i:Chase|CHASE)",
    "Wells Fargo": r"wells\s?fargo",
    "Citibank": r"citi\s?bank|(?-i:Citi|CITI)",
    "Capital One": r"capital\s?one",
    "US Bank": r"u\.?s\.?\s+bank",
    "American Express": r"american\s+express|amex",
    "Navy Federal": r"navy\s+federal",
    "HSBC": r"hsbc",
    "Barclays": r"barclays",
    "Lloyds Bank": r"lloyds",
    "NatWest": r"natwest",
    "Santander": r"santander",
    "Halifax": r"halifax",
    "BDO": r"bdo|banco\s?de\s?oro",
    "BPI": r"bpi",
    "Metrobank": r"metrobank",
    "UnionBank": r"union\s?bank",
    "PayPal": r"paypal",
    "Venmo": r"venmo",
    "Zelle": r"zelle",
    "Cash App": r"cash\s?app",
    "Apple": r"apple\s?id|icloud|(?-i:Apple|APPLE)",
    "Amazon": r"amazon",
    "Netflix": r"netflix",
    "Microsoft": r"microsoft|office\s?365|(?-i:Outlook|OUTLOOK)",
    "Google": r"google|gmail",
    "Facebook": r"facebook",
    "WhatsApp": r"whatsapp",
    "Coinbase": r"coinbase",
    "GCash": r"g\s?-?cash|(?-i:G C A S H)",
    "Maya": r"paymaya|(?-i:MAYA|Maya)(?=\s+(?:app|account|wallet|bank|credits?|voucher|cash))",
    "Verizon": r"verizon",
    "AT&T": r"at&t",
    "T-Mobile": r"t-?mobile",
    "Vodafone": r"vodafone",
    "EE": r"(?-i:EE)",
    "Globe": r"(?-i:GLOBE|Globe(?=\s+(?:Postpaid|Prepaid|Telecom|At\s+Home|Rewards|subscriber|"
    r"customer|app|account|One)))",
    "Smart": r"(?-i:SMART|Smart(?=\s+(?:Postpaid|Prepaid|Signature|App|subscriber|customer|"
    r"Communications|Rewards|account)))",
    "USPS": r"usps",
    "UPS": r"(?-i:UPS)",
    "FedEx": r"fedex",
    "DHL": r"dhl",
    "Royal Mail": r"royal\s?mail",
    "Evri": r"evri|(?-i:Hermes|HERMES)",
    "Canada Post": r"canada\s+post",
    "Australia Post": r"australia\s+post|auspost",
    "LBC Express": r"(?-i:LBC)",
    "J&T Express": r"j&t",
    "IRS": r"(?-i:IRS)",
    "HMRC": r"hmrc",
    "SSS": r"(?-i:SSS)|my\.?sss",
    "E-ZPass": r"e-?z\s?pass",
}

#: Other real institutions that smishing imitates (their domains are in ``REAL_DOMAINS``):
#: the largest banks, carriers, postal services and agencies of India, the UK, Nigeria and the
#: Philippines, and the US toll services of today's unpaid-toll texts.
OTHER_NAMES: Final[dict[str, str]] = {
    "SBI": r"(?-i:SBI)|state\s+bank\s+of\s+india",
    "HDFC Bank": r"hdfc",
    "ICICI Bank": r"icici",
    "Axis Bank": r"axis\s?bank",
    "Kotak": r"kotak",
    "Punjab National Bank": r"(?-i:PNB)|punjab\s+national\s+bank",
    "Paytm": r"paytm",
    "PhonePe": r"phonepe",
    "Airtel": r"airtel",
    "Jio": r"(?-i:Jio|JIO)",
    "India Post": r"india\s?post",
    "Nationwide": r"(?-i:Nationwide|NATIONWIDE)(?=\s+(?:Building|account|card|bank))",
    "Monzo": r"monzo",
    "TSB": r"(?-i:TSB)",
    "DPD": r"(?-i:DPD)",
    "Parcelforce": r"parcelforce",
    "DVLA": r"dvla",
    "GTBank": r"gtbank|guaranty\s+trust",
    "Access Bank": r"access\s?bank",
    "Zenith Bank": r"zenith\s?bank",
    "First Bank": r"(?-i:First\s?Bank|FIRST\s?BANK)(?:\s+of\s+Nigeria)?",
    "UBA": r"(?-i:UBA)",
    "MTN": r"(?-i:MTN)",
    "Opay": r"opay",
    "Landbank": r"land\s?bank",
    "Security Bank": r"security\s?bank",
    "PhilHealth": r"philhealth",
    "Pag-IBIG": r"pag-?ibig",
    "PHLPost": r"phl\s?post|philpost",
    "LTO": r"(?-i:LTO)",
    "MMDA": r"(?-i:MMDA)",
    "SunPass": r"sunpass",
    "FasTrak": r"fastrak",
    "TxTag": r"txtag",
    "NTTA": r"(?-i:NTTA)",
    "The Toll Roads": r"the\s+toll\s+roads",
}

_ALL_NAMES: Final = [(brand.name, BRAND_NAMES[brand.name]) for brand in BRANDS] + list(
    OTHER_NAMES.items()
)
# One small pattern per name, tried only when the text holds one of the words its matches can
# start with (one alternation of every name costs about 45 us a text; the few patterns a text's
# words call for, a microsecond or two).
_PATTERNS: Final = [
    (name, re.compile(r"(?i)(?<![\w.])(?:" + pattern + r")(?![\w])"))
    for name, pattern in _ALL_NAMES
]


def _patterns_by_word() -> dict[bytes, tuple[int, ...]]:
    found: dict[bytes, list[int]] = {}
    for index, (name, pattern) in enumerate(_PATTERNS):
        words = trigger_words(pattern.pattern)
        if words is None:  # pragma: no cover - a name pattern edit that breaks prefiltering
            raise ValueError(f"no trigger words for the name pattern of {name}")
        for word in words:
            found.setdefault(word, []).append(index)
    return {word: tuple(indices) for word, indices in found.items()}


_BY_WORD: Final = _patterns_by_word()
_NAME_WORDS: Final = frozenset(_BY_WORD)


def named_brand(text: str) -> str | None:
    """The brand or institution a text names first (``BRAND_NAMES``, ``OTHER_NAMES``), if any."""
    words = word_set(text) & _NAME_WORDS
    if not words:
        return None
    first: tuple[int, str] | None = None
    for index in sorted({index for word in words for index in _BY_WORD[word]}):
        name, pattern = _PATTERNS[index]
        match = pattern.search(text)
        if match is not None and (first is None or match.start() < first[0]):
            first = (match.start(), name)
    return None if first is None else first[1]


# What a phishing page asks for: an action on an account, a card, a payment or a delivery.
_REQUEST: Final = re.compile(
    r"(?i)\b(?:verify|verification|update|updating|confirm|secure|unlock|restore|reactivate|"
    r"re-activate|validate|authenticate|log\s?in|login|sign\s?in|review|cancel|reschedule|"
    r"redeliver|re-deliver|redelivery|re-delivery|proceed\s+to|enrol|enroll|enrollment|"
    r"enrolment|failure\s+to\s+pay|pay\s+(?:the\s+|your\s+|traffic\s+|toll\s+)*"
    r"(?:outstanding\s+|unpaid\s+|overdue\s+)?(?:fines?|tolls?|penalt(?:y|ies)|fees?|balance|"
    r"dues?|violations?))\b"
)
# Every listed brand's own domains and other real institutions': a link there is no mismatch.
_REAL: Final = frozenset(domain for brand in BRANDS for domain in brand.official) | REAL_DOMAINS


class BrandMismatch(msgspec.Struct, frozen=True, gc=False):
    """A text naming a brand whose link goes to no real institution's domain.

    Attributes:
        brand: the brand named (``brands.BRANDS``).
        host: the host of the first such link.
        request: the account, payment or delivery action the text asks for (as written), or
            ``None``.
    """

    brand: str
    host: str
    request: str | None
    pretext: str | None = None


# The pretexts of smishing that names no one: a parcel that could not be delivered, mail held
# at the post office, a customs fee, an unpaid toll or traffic fine.
_PRETEXT: Final = re.compile(
    r"(?i)\b(?:(?:could\s+not|couldn't|cannot|can't|unable\s+to|failed\s+to|was\s+not\s+able\s+to)"
    r"\s+(?:be\s+)?deliver|(?:returned|held|left)\s+(?:to|at)\s+(?:the\s+|your\s+)?(?:local\s+)?"
    r"(?:post\s+office|sender|warehouse|depot)|(?:incomplete|incorrect|invalid|wrong|insufficient)"
    r"\s+(?:house\s+|delivery\s+|shipping\s+|street\s+)?address|(?:package|parcel|shipment|mail|item)"
    r"\s+(?:is|has\s+been|was)\s+(?:on\s+hold|held|suspended|returned)|customs\s+(?:fee|duty|duties|"
    r"charge)|(?:unpaid|outstanding|overdue)\s+(?:toll|tolls|traffic|parking|fine|fines|penalt)"
    r"|toll\s+(?:balance|charges?|bill|invoice)\s+(?:is|are)\s+(?:due|overdue|unpaid|outstanding))"
)
# What a pretext is about: a text saying only that something "could not be delivered" (a cake,
# flowers) is no parcel pretext.
_PRETEXT_OBJECT: Final = re.compile(
    r"(?i)\b(?:parcels?|packages?|shipments?|mail|items?|courier|post\s+office|customs|tolls?|"
    r"fines?|penalt(?:y|ies)|violations?)\b"
)
# The words a pretext can start with (a text holding none of them skips the regex).
_PRETEXT_WORDS: Final = trigger_words(_PRETEXT.pattern)


def find_brand_mismatch(text: str, links: Sequence[tuple[Link, HostFacts]]) -> BrandMismatch | None:
    """The brand a text names while linking elsewhere, if any.

    Args:
        text: the message body.
        links: its links with their host facts (``TextFacts.links``).

    Returns:
        The mismatch, or ``None`` when the text names no listed brand or every link is a real
        institution's, a major site's or a lookalike's (a lookalike has its own symbol).
    """
    foreign = next(
        (
            link
            for link, host in links
            if host.brand is None
            and not host.ip
            and link.domain not in _REAL
            and not is_major_site(link)
            and not is_institution_site(link)
        ),
        None,
    )
    if foreign is None:
        return None
    brand = named_brand(text)
    pretext: str | None = None
    if brand is None:
        if _PRETEXT_WORDS is not None and word_set(text).isdisjoint(_PRETEXT_WORDS):
            return None
        found = _PRETEXT.search(text)
        if found is None or _PRETEXT_OBJECT.search(text) is None:
            return None
        pretext = found.group()
    request = _REQUEST.search(text)
    return BrandMismatch(
        brand or "", foreign.host, None if request is None else request.group(), pretext
    )
