"""A text that speaks as a brand, or gives a scam's pretext, but links elsewhere.

A bank, carrier, parcel service, payment app or agency that texts its customers links to its
own site; a smishing text names the brand ("BDO ALERT: ...", "GCash Advisory ...", "USPS: your
package ...") or a pretext ("your parcel could not be delivered", "unpaid toll", "your power
will be disconnected tonight for an unpaid bill", "payday loan approved", "1-2 hours a day" in
a job offer) and links to
the scammer's page: a throwaway domain, a public shortener, a free host, an open platform's
page. ``find_brand_mismatch`` finds a text that names a brand (``BRAND_NAMES`` for each
``brands.BRANDS`` entry, ``OTHER_NAMES`` with their own domains) or gives such a pretext, and
whose links include one that is not the brand's own, no institution's own site, no major
site's page and no government site; it says what the text asks for there (an account, payment
or delivery action), if anything.

Names that are also common words or first names count only in the forms brands use: "Chase"
and "Apple" capitalised, "UPS", "IRS", "SSS" and "EE" in capitals, "Smart" and "Globe" in
capitals, before a colon or before a product word ("Smart Postpaid"), "Maya" as "PayMaya" or
before an app word; never right after "via", "with", "using", "through", "accepts" or "or" (a
way to pay), "take(s)", "accept", "and", "my" or "on"; and only in a text's first
``SPEAKING_REACH`` characters, where a brand speaks, or inside one of its links. Only the first
``REACH`` characters are read, as a reader sees them (``readable``). Texts without links never
reach here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import msgspec

from clearline.content.brands import BRANDS
from clearline.content.links import (
    HostFacts,
    Link,
    is_institution_site,
    is_major_site,
    is_redirect,
)
from clearline.content.lures import find_job_offer
from clearline.content.normalize import fold_confusables, strip_opt_out
from clearline.content.triggers import trigger_words

__all__ = [
    "BRAND_NAMES",
    "INVISIBLE",
    "OTHER_NAMES",
    "BrandMismatch",
    "NamedBrand",
    "asks_for_account_action",
    "find_brand_mismatch",
    "named_brand",
    "readable",
]

#: How texts name each brand of ``brands.BRANDS`` (regular expressions, matched case-blind
#: unless a part says ``(?-i:...)``; a name is a whole word).
BRAND_NAMES: Final[dict[str, str]] = {
    "Bank of America": r"bank\s+of\s+america|bofa",
    "Chase": r"(?-i:Chase|CHASE)",
    "Wells Fargo": r"wells\s?fargo",
    "Citibank": r"citi\s?bank|(?-i:Citi|CITI)(?!\s+(?:Field|Bike|Bikes)\b)",
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
    "Interac": r"interac",
    "Cash App": r"cash\s?app",
    "Apple": r"apple\s?id|icloud|(?-i:Apple|APPLE)(?!\s?(?:Pay|PAY|Music|TV|Watch|Store)\b)",
    "Amazon": r"amazon",
    "Netflix": r"netflix",
    "Walmart": r"wal-?mart|sam['’]?s\s?club",
    "Costco": r"costco",
    "Best Buy": r"(?-i:Best\s?Buy|BEST\s?BUY|Bestbuy)(?!\s+of\b)|geek[\s-]?squad",
    "McAfee": r"(?-i:McAfee|Mcafee|MCAFEE)(?=\s*[:,.!]|\s+(?:Total|LiveSafe|Antivirus|AntiVirus|"
    r"Security|Secure|Protection|Plus|Premium|subscription|membership|account|plan|renewal|"
    r"protection|order|invoice|support|team|customer))",
    "Norton": r"(?-i:Norton|NORTON)(?=\s+(?:360|LifeLock|Antivirus|AntiVirus|Security|Secure|"
    r"subscription|membership|account|plan|renewal|protection|order|invoice))|lifelock",
    "Microsoft": r"microsoft|office\s?365|hotmail",
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
    "Globe": r"(?-i:GLOBE|Globe(?=\s?:|\s+(?:Postpaid|Prepaid|Telecom|At\s+Home|Rewards|"
    r"subscriber|customer|app|account|One)))",
    "Smart": r"(?-i:SMART|Smart(?=\s?:|\s+(?:Postpaid|Prepaid|Signature|App|subscriber|customer|"
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

#: Other real institutions that smishing imitates, with their own registrable domains: the
#: largest banks, carriers, postal services, marketplaces and agencies of India, the UK, Nigeria
#: and the Philippines, and the US toll services of today's unpaid-toll texts.
OTHER_NAMES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "SBI": (r"(?-i:SBI)|state\s+bank\s+of\s+india", ("sbi.co.in", "onlinesbi.sbi", "sbicard.com")),
    "HDFC Bank": (r"hdfc", ("hdfcbank.com", "hdfclife.com", "hdfc.com")),
    "ICICI Bank": (r"icici", ("icicibank.com",)),
    "Axis Bank": (r"axis\s?bank", ("axisbank.com",)),
    "Kotak": (r"kotak", ("kotak.com",)),
    "Punjab National Bank": (r"(?-i:PNB)|punjab\s+national\s+bank", ("pnbindia.in",)),
    "Paytm": (r"paytm", ("paytm.com",)),
    "PhonePe": (r"phonepe", ("phonepe.com",)),
    "Airtel": (r"airtel", ("airtel.in", "airtel.com.ng")),
    "Jio": (r"(?-i:Jio|JIO)", ("jio.com",)),
    "India Post": (r"india\s?post", ("indiapost.gov.in",)),
    "Nationwide": (
        r"(?-i:Nationwide|NATIONWIDE)(?=\s+(?:Building|account|card|bank))",
        ("nationwide.co.uk", "nationwide.com"),
    ),
    "Monzo": (r"monzo", ("monzo.com",)),
    "TSB": (r"(?-i:TSB)", ("tsb.co.uk",)),
    "DPD": (
        r"(?-i:DPD)",
        ("dpd.co.uk", "dpdlocal.co.uk", "dpd.com", "dpd.ie", "dpd.de", "dpd.fr", "dpd.nl"),
    ),
    "Parcelforce": (r"parcelforce", ("parcelforce.com",)),
    "DVLA": (r"dvla", ("dvla.gov.uk",)),
    "GTBank": (r"gtbank|(?-i:GTCO)|guaranty\s+trust", ("gtbank.com", "gtco.com")),
    "Access Bank": (r"access\s?bank", ("accessbankplc.com",)),
    "Zenith Bank": (r"zenith\s?bank", ("zenithbank.com",)),
    "First Bank": (
        r"(?-i:First\s?Bank|FIRST\s?BANK)(?:\s+of\s+Nigeria)?",
        ("firstbanknigeria.com",),
    ),
    "UBA": (r"(?-i:UBA)", ("ubagroup.com",)),
    "MTN": (r"(?-i:MTN)", ("mtn.ng", "mtnonline.com", "mtn.com")),
    "Opay": (r"opay", ("opayweb.com",)),
    "Landbank": (r"land\s?bank", ("landbank.com",)),
    "Security Bank": (r"security\s?bank", ("securitybank.com",)),
    "PhilHealth": (r"philhealth", ("philhealth.gov.ph",)),
    "Pag-IBIG": (r"pag-?ibig", ("pagibigfund.gov.ph",)),
    "PHLPost": (r"phl\s?post|philpost", ("phlpost.gov.ph",)),
    "LTO": (r"(?-i:LTO)", ("lto.gov.ph",)),
    "MMDA": (r"(?-i:MMDA)", ("mmda.gov.ph",)),
    "Shopee": (r"shopee", ("shopee.ph", "shp.ee")),
    "Lazada": (r"lazada", ("lazada.com.ph", "lzd.co")),
    "SunPass": (r"sunpass", ("sunpass.com",)),
    "FasTrak": (r"fastrak", ("bayareafastrak.org",)),
    "TxTag": (r"txtag", ("txtag.org",)),
    "NTTA": (r"(?-i:NTTA)", ("ntta.org",)),
    # Session 26: the largest banks of the other countries Clearline's blind sets cover, for
    # their call-back requests (``brands.BANK_NAMES``): Canada, Australia, New Zealand,
    # Ireland, South Africa, Singapore, Malaysia, Kenya; the US's Discover, Regions and PNC.
    "RBC": (r"(?-i:RBC)|royal\s+bank\s+of\s+canada", ("rbc.com", "rbcroyalbank.com")),
    "Scotiabank": (r"scotiabank", ("scotiabank.com",)),
    "BMO": (r"(?-i:BMO)", ("bmo.com",)),
    "CIBC": (r"(?-i:CIBC)", ("cibc.com",)),
    "CommBank": (r"commbank|commonwealth\s+bank", ("commbank.com.au",)),
    "NAB": (r"(?-i:NAB)", ("nab.com.au",)),
    "Westpac": (r"westpac", ("westpac.com.au", "westpac.co.nz")),
    "ANZ": (r"(?-i:ANZ)", ("anz.com", "anz.com.au", "anz.co.nz")),
    "ASB": (r"(?-i:ASB)", ("asb.co.nz",)),
    "BNZ": (r"(?-i:BNZ)", ("bnz.co.nz",)),
    "Kiwibank": (r"kiwibank", ("kiwibank.co.nz",)),
    "AIB": (r"(?-i:AIB)", ("aib.ie",)),
    "Bank of Ireland": (r"bank\s+of\s+ireland", ("bankofireland.com",)),
    "Absa": (r"(?-i:Absa|ABSA)", ("absa.co.za", "absa.com.gh")),
    "FNB": (r"(?-i:FNB)", ("fnb.co.za",)),
    "Capitec": (r"capitec", ("capitecbank.co.za",)),
    "Standard Bank": (r"standard\s?bank", ("standardbank.co.za",)),
    "Nedbank": (r"nedbank", ("nedbank.co.za",)),
    "DBS": (r"(?-i:DBS|POSB)", ("dbs.com", "dbs.com.sg", "posb.com.sg")),
    "OCBC": (r"ocbc", ("ocbc.com",)),
    "UOB": (r"(?-i:UOB)", ("uob.com.sg",)),
    "Maybank": (r"maybank(?:2u)?", ("maybank2u.com.my", "maybank.com", "maybank.com.ph")),
    "CIMB": (r"(?-i:CIMB)", ("cimb.com.my", "cimbclicks.com.my")),
    "Equity Bank": (r"equity\s?bank", ("equitybank.co.ke",)),
    "KCB": (r"(?-i:KCB)", ("kcbgroup.com",)),
    # Session 27 (blind set 26): the UAE's largest banks, whose published numbers
    # ``brands.INSTITUTION_NUMBERS`` lists since session 25
    "Emirates NBD": (r"emirates\s?nbd", ("emiratesnbd.com",)),
    "Mashreq": (r"mashreq", ("mashreq.com",)),
    "ADCB": (r"(?-i:ADCB)", ("adcb.com",)),
    "Discover": (r"(?-i:Discover)(?=\s?:|\s+(?:card|Fraud|Bank|Alert|account))", ("discover.com",)),
    "Regions": (r"(?-i:Regions)(?=\s+(?:Bank|account|card))", ("regions.com",)),
    "PNC": (r"(?-i:PNC)", ("pnc.com",)),
    # Crypto exchanges: like Coinbase, their own texts never ask for a call (support is by
    # chat or e-mail), while "a login from a new device ... call support on ..." is a vishing
    # scam's opening (``brands.NO_CALL_BACK_BRANDS``).
    "Binance": (r"binance", ("binance.com",)),
    "Kraken": (r"(?-i:Kraken|KRAKEN)", ("kraken.com",)),
    "Crypto.com": (r"crypto\.com", ("crypto.com",)),
    "Bybit": (r"bybit", ("bybit.com",)),
    "OKX": (r"(?-i:OKX)", ("okx.com",)),
    "KuCoin": (r"kucoin", ("kucoin.com",)),
}

#: How far into a text names, requests and pretexts are looked for: a brand speaks in its first
#: words, and a 64 KiB body must not cost 89 searches of its whole length.
REACH: Final = 1000

#: A name right after these words is a way to pay or a place, not the brand speaking ("pay with
#: Apple Pay or PayPal", "deposit via Venmo or Zelle").
_NOT_SPEAKING: Final = (
    r"(?<!via )(?<!with )(?<!using )(?<!through )(?<!accepts )(?<!accept )(?<!take )"
    r"(?<!takes )(?<!or )(?<!and )(?<!my )(?<!on )"
)


class NamedBrand(msgspec.Struct, frozen=True, gc=False):
    """A brand or institution a text names, with the registrable domains it really uses."""

    name: str
    domains: frozenset[str]


_ALL_NAMES: Final = [NamedBrand(brand.name, frozenset(brand.official)) for brand in BRANDS] + [
    NamedBrand(name, frozenset(domains)) for name, (_, domains) in OTHER_NAMES.items()
]
_ALL_PATTERNS: Final = [BRAND_NAMES[brand.name] for brand in BRANDS] + [
    pattern for pattern, _ in OTHER_NAMES.values()
]
# One small pattern per name, tried only where the text holds a word its matches can start
# with (``triggers.trigger_words``), with ``match`` at that word: one alternation of every name
# searched over the text costs about 45 us a text, and a hostile body of trigger words could
# make every pattern scan all of it.
_PATTERNS: Final = [
    re.compile(r"(?i)(?<![\w.])" + _NOT_SPEAKING + r"(?:" + pattern + r")(?![\w])")
    for pattern in _ALL_PATTERNS
]
_WORD: Final = re.compile(r"\w+")
_SPACES: Final = re.compile(r"\s{2,}")
# Letters that Python's case-blind matching takes for ASCII ones.
_CASE_BLIND_LATIN: Final = str.maketrans(
    {"\u0131": "i", "\u0130": "I", "\u017f": "s", "\u212a": "K"}
)
#: A brand speaks in a text's first words ("BDO ALERT:", "Greetings from GCash,", "WARNING:
#: UnionBank has ..."): a name further on counts only inside a link ("1url.cz/@UnionBank"); a
#: clinic's "... We take Amex and Visa" names a way to pay.
SPEAKING_REACH: Final = 80
#: Characters a reader never sees (Unicode's default-ignorable code points: zero-width spaces
#: and joiners, soft hyphens, direction marks and isolates, variation selectors, fillers, tag
#: characters): "G\u200bCash" is GCash and "sus\u2066pended" reads "suspended".
INVISIBLE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)


def _start_words(pattern: re.Pattern[str], what: str) -> frozenset[str]:
    """The words a match of ``pattern`` can start with (``triggers.trigger_words``)."""
    words = trigger_words(pattern.pattern)
    if words is None:  # pragma: no cover - a pattern edit that breaks prefiltering
        raise ValueError(f"no trigger words for {what}")
    return frozenset(word.decode() for word in words)


def _patterns_by_word() -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for index, pattern in enumerate(_PATTERNS):
        for word in _start_words(pattern, f"the name pattern of {_ALL_NAMES[index].name}"):
            found.setdefault(word, []).append(index)
    return {word: tuple(indices) for word, indices in found.items()}


_BY_WORD: Final = _patterns_by_word()


def readable(text: str) -> str:
    """The first ``REACH`` characters of a text as a reader sees them: invisible characters
    dropped and runs of white space made one space first (so padding cannot push the words
    out of reach), look-alike letters of other scripts, full-width forms and the letters that
    case-blind matching reads as Latin ("ı", "ſ", the Kelvin sign) folded to Latin."""
    head = _SPACES.sub(" ", INVISIBLE.sub("", text[: 4 * REACH]))[:REACH]
    if head.isascii():
        return head
    return fold_confusables(head.translate(_CASE_BLIND_LATIN))


def _words(text: str) -> set[str]:
    """The lower-cased words of a text (a prefilter for names and pretexts)."""
    return {word.lower() for word in _WORD.findall(text)}


def named_brand(
    text: str, words: set[str] | None = None, links: Sequence[Link] = ()
) -> NamedBrand | None:
    """The brand or institution a text speaks as (``BRAND_NAMES``, ``OTHER_NAMES``), if any:
    the first name in its first ``SPEAKING_REACH`` characters or inside one of its links, else
    one named further on as the reader's own account, card, order or parcel ("your PayPal
    account", ``_addressed_brand``).

    Args:
        text: the text as ``readable`` returns it.
        words: ``_words(text)`` when the caller has it already.
        links: the text's links (a name inside one counts wherever it is).
    """
    if (_words(text) if words is None else words).isdisjoint(_BY_WORD):
        return None
    spans = [
        (at, at + len(link.text))
        for link in links
        if (at := text.find(link.text)) >= 0 and at + len(link.text) > SPEAKING_REACH
    ]
    last = max((high for _, high in spans), default=SPEAKING_REACH)
    for word in _WORD.finditer(text):
        start = word.start()
        if start >= SPEAKING_REACH:
            if start >= last:
                break
            if not any(low <= start < high for low, high in spans):
                continue
        indices = _BY_WORD.get(word.group().lower())
        if indices is None:
            continue
        for index in indices:
            if _PATTERNS[index].match(text, start) is not None:
                return _ALL_NAMES[index]
    return _addressed_brand(text)


#: What a text addresses as the reader's own at a brand: "your PayPal account", "your Chase
#: card", "your USPS package".
_YOUR: Final = re.compile(r"(?i)\byour\s+")
_WAY_TO_PAY_BEFORE: Final = re.compile(
    r"(?i)\b(?:via|with|using|through|accepts?|takes?|or|and|on|by|from|into|to)\s+$"
)
_PRODUCT_AFTER: Final = re.compile(
    r"(?i)\s+(?:debit\s+|credit\s+|bank\s+)?(?:account|card|order|package|parcel|shipment|"
    r"delivery|subscription|membership|id|wallet|payment|refund|points|rewards|bill)\b"
)


def _addressed_brand(text: str) -> NamedBrand | None:
    """A brand named anywhere in the text as the reader's own account, card, order or parcel
    there ("... Your PayPal account has been limited"): padding in front of it does not stop a
    brand from speaking."""
    for your in _YOUR.finditer(text, max(0, SPEAKING_REACH - 6)):
        if _WAY_TO_PAY_BEFORE.search(text, max(0, your.start() - 12), your.start()):
            continue  # "pay with your PayPal account": a way to pay
        start = your.end()
        word = _WORD.match(text, start)
        if word is None:
            continue
        for index in _BY_WORD.get(word.group().lower(), ()):
            name = _PATTERNS[index].match(text, start)
            if name is not None and _PRODUCT_AFTER.match(text, name.end()) is not None:
                return _ALL_NAMES[index]
    return None


# What a phishing page asks for: a strong account or delivery verb alone, or a refund scam's
# "if this wasn't you" (the page is where the charge is disputed); a weaker one
# ("update", "confirm", "review", "cancel", ...) only with an account, payment or delivery
# object or "here" after it ("confirm your seats", "review of my blender", "reply STOP to
# cancel" are no requests); a payment of a fine, toll, fee or balance.
_REQUEST: Final = re.compile(
    r"(?i)\b(?:verify|verification|unlock|reactivate|re-activate|validate|authenticate|"
    r"log\s?in|login|sign\s?in|reschedule|redeliver|re-deliver|redelivery|re-delivery|"
    r"proceed\s+to|enrol|enroll|enrollment|enrolment|failure\s+to\s+pay|"
    # points to redeem (session 27): "Redeem now", "Redeem them for cash", "Redeem: ...", "redeem
    # your points"; not a partner's offer ("redeem your FREE Lionsgate Play access")
    r"redeem(?:\s*:|\s+(?:now|here|today|them|it|before)\b|\s+(?:your\s+)?(?:\w+\s+)?(?:points|"
    r"rewards?|pts|miles|stars)\b)|"
    # Spanish (session 27, blind set 22: "Actualice su información aquí para reprogramar la
    # entrega"), for the US's Spanish speakers
    r"actualice|actualizar|reprogramar|verifique|verificar|inicie\s+sesi[oó]n|pague|"
    r"pay\s+(?:now|here|online|today)\b|kemas\s*kini|sahkan|"
    r"if\s+(?:this|it)\s+was(?:n['’]t|\s+not)\s+you\b(?!\s+who)|if\s+not\s+you\b|"
    r"if\s+you\s+did(?:n['’]t|\s+not)\s+"
    r"(?:make|authori[sz]e|place|initiate|recogni[sz]e|order|approve)|"
    r"(?:update|updating|confirm|secure|restore|review|cancel)\s+(?:\w+\s+){0,2}?"
    r"(?:account|accounts|identity|details|information|info|payment|transaction|card|number|"
    r"address|billing|kyc|pan|access|registration|sim|profile|credentials|password|them|here)|"
    r"pay\s+(?:the\s+|your\s+|traffic\s+|toll\s+)*(?:outstanding\s+|unpaid\s+|overdue\s+)?"
    r"(?:fines?|tolls?|penalt(?:y|ies)|fees?|balance|dues?|violations?))\b"
)


def asks_for_account_action(text: str) -> bool:
    """Whether a text asks for something done to an account, a payment or a delivery
    (``_REQUEST``: "verify", "log in", "update your details", "pay the fine"), opt-out
    instructions left out, read as a reader sees its first ``REACH`` characters."""
    return _REQUEST.search(strip_opt_out(readable(text).lower())) is not None


# The pretexts of smishing that names no one: a parcel that could not be delivered, mail held
# at the post office, a customs fee, an unpaid toll or traffic fine.
_PRETEXT: Final = re.compile(
    r"(?i)\b(?:(?:could\s+not|couldn['’]t|cannot|can['’]t|unable\s+to|failed\s+to|"
    r"was\s+not\s+able\s+to)\s+(?:be\s+)?deliver|(?:returned|held|left)\s+(?:to|at)\s+"
    r"(?:the\s+|your\s+)?(?:local\s+)?(?:post\s+office|sender|warehouse|depot)|"
    r"(?:incomplete|incorrect|invalid|wrong|insufficient)\s+(?:house\s+|delivery\s+|shipping\s+|"
    r"street\s+)?address|(?:package|parcel|shipment|mail|item)\s+(?:is|has\s+been|was)\s+"
    r"(?:on\s+hold|held|suspended|returned)|customs\s+(?:fee|duty|duties|charge)|"
    r"(?:unpaid|outstanding|overdue)\s+(?:toll|tolls|traffic|parking)|(?:toll|traffic|parking)"
    r"\s+(?:fines?|violations?|penalt)|delivery\s+(?:attempt\s+)?(?:failed|was\s+unsuccessful)|"
    r"(?:failed|unsuccessful)\s+delivery|"
    r"toll\s+(?:balance|charges?|bill|invoice)\s+(?:is|are)\s+(?:due|overdue|unpaid|outstanding)|"
    # Malay and Spanish (session 27): "tidak dapat dihantar", "alamat tidak lengkap", "no pudo
    # ser entregado"
    r"tidak\s+dapat\s+dihantar|alamat\s+(?:tidak\s+lengkap|tidak\s+sah)|no\s+(?:pudo|se\s+pudo)\s+"
    r"(?:ser\s+)?entregar?(?:do|se)?)"
)
# What a pretext is about: a text saying only that something "could not be delivered" (a cake,
# flowers) is no parcel pretext.
_PRETEXT_OBJECT: Final = re.compile(
    r"(?i)\b(?:parcels?|packages?|shipments?|mail|items?|courier|post\s+office|customs|tolls?|"
    r"fines?|penalt(?:y|ies)|violations?|bungkusan|paquete|env[ií]o)\b"
)
# The words a pretext can start with (a text holding none of them skips the regex).
_PRETEXT_WORDS: Final = _start_words(_PRETEXT, "the pretext pattern")
# The other pretexts of text scams that name no one, as the FTC's and carriers' warnings list
# them beside parcels and tolls: a payday, instant or cash loan already approved ("payday loan
# approved"; a lender's or a dealer's "you're pre-approved for an auto loan" is its offer to a
# customer), student loan forgiveness with an offer to qualify or apply (not a news link or a
# webinar), a vehicle's extended warranty or its warranty about to end (not a repair it
# covers). Each is whole in itself.
_SCAM_PRETEXT: Final = re.compile(
    r"(?i)\b(?:(?:payday|instant|quick|cash|emergency|fast)\s+loans?\s+(?:of\s+\S+\s+)?"
    r"(?:is\s+|has\s+been\s+|was\s+)?(?:pre-?)?approved|student\s+(?:loan|debt)\s+"
    r"(?:forgiveness|relief|discharge|cancellation)(?=[^\n]{0,120}?\b(?:qualify|qualified|eligible|"
    r"eligibility|approved|pending|apply|application|enroll|enrol|claim)\b)|extended\s+(?:auto\s+|car\s+|vehicle\s+)?warranty|"
    r"(?:car|vehicle|auto|car['’]s|vehicle['’]s)\s+(?:extended\s+)?warranty\s+(?:is\s+|will\s+|"
    r"has\s+)?(?:about\s+to\s+)?(?:expire|expires|expiring|expired|end|ends|ending|lapse))\b"
)
# A utility cut off for an unpaid bill, soon: the disconnection and the unpaid bill within two
# sentences of each other, and a deadline of hours right after the cut-off ("disconnected
# tonight", "cut off at 9:30 pm": ``_CUT_OFF_SOON``). A utility's own notice gives a date days
# ahead and links to its own site (``UTILITY_DOMAINS``); a gym's "membership suspended" is no
# cut-off.
_BILL_UNPAID: Final = (
    r"(?:unpaid|overdue|past[- ]due|outstanding|pending|previous\s+month['’]?s?|"
    r"last\s+month['’]?s?)\s+(?:electricity\s+|electric\s+|power\s+|utility\s+|water\s+|"
    r"gas\s+|light\s+)?(?:bills?|balance|payments?|dues?|amount)"
)
_CUT_OFF: Final = r"(?:disconnect(?:ed|ion)?|shut\s+off|shut-off|shutoff|cut\s+off|cut-off|cutoff)"
# Two sentences at most between the disconnection and the unpaid bill.
_NEAR: Final = r"(?:\s|[.,!?:;])[^\n]{0,160}?\b"
_SHUT_OFF_FOR_BILL: Final = re.compile(
    r"(?i)\b(?:" + _CUT_OFF + _NEAR + _BILL_UNPAID + r"|" + _BILL_UNPAID + _NEAR + _CUT_OFF + r")\b"
)
# The cut-off's deadline right after it ("disconnected tonight", "cut off at 9:30 pm",
# "disconnected in 30 minutes"; at most three words between).
_CUT_OFF_SOON: Final = re.compile(
    r"(?i)\b"
    + _CUT_OFF
    + r"\s++(?:[\w'’]++\s++){0,3}?(?:tonight|within\s+(?:the\s+)?(?:next\s+)?(?:\d+|an?|"
    r"one|two|few)\s+(?:hours?|hrs?|minutes?|mins?)|in\s+(?:\d+|an?|one|two|few)\s+(?:hours?|hrs?|"
    r"minutes?|mins?)|(?:by|at)\s+\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\b)"
)
_SCAM_PRETEXT_WORDS: Final = _start_words(_SCAM_PRETEXT, "the scam pretext pattern")
_SHUT_OFF_WORDS: Final = _start_words(_SHUT_OFF_FOR_BILL, "the shut-off pattern")


def _scam_pretext(text: str, words: set[str]) -> str | None:
    """A pretext of ``_SCAM_PRETEXT``, a utility cut off soon for an unpaid bill
    (``_SHUT_OFF_FOR_BILL``, ``_CUT_OFF_SOON``) or a job offer with its bait
    (``lures.find_job_offer``), as written, if the text gives one."""
    if not words.isdisjoint(_SCAM_PRETEXT_WORDS):
        found = _SCAM_PRETEXT.search(text)
        if found is not None:
            return found.group()
    if not words.isdisjoint(_SHUT_OFF_WORDS):
        found = _SHUT_OFF_FOR_BILL.search(text)
        if found is not None and _CUT_OFF_SOON.search(text) is not None:
            return found.group()
    return find_job_offer(text)


# National governments' second-level suffixes ("gov.uk", "gov.ph", "go.jp", "gouv.fr"): a
# council's or an agency's page is no scammer's link to a brand's customers (a redirect through
# one is).
_GOVERNMENT_SUFFIXES: Final = frozenset(
    {
        "gov.uk", "gov.in", "nic.in", "gov.ph", "gov.ng", "gov.au", "gov.sg", "gov.my", "gov.hk",
        "gov.za", "gov.ie", "gov.br", "gov.cn", "gov.tw", "gov.il", "gov.ae", "gov.sa", "gov.pk",
        "gov.bd", "gov.lk", "gov.gh", "gov.kz", "gc.ca", "go.jp", "go.kr", "go.id",
        "go.th", "go.ke", "go.tz", "go.ug", "gouv.fr", "gouv.qc.ca", "govt.nz", "gob.mx",
        "gob.es", "gob.ar", "gob.cl", "gob.pe", "gov.co", "mil.ph", "mod.uk",
    }
)  # fmt: skip
# A link with a user name before its host ("https://bdo.com.ph@evil.example/") goes to the
# host after the "@", whatever the link extraction read.
_USERINFO: Final = re.compile(r"://[^\s/@]*@")


class BrandMismatch(msgspec.Struct, frozen=True, gc=False):
    """A text naming a brand, or giving a scam's pretext, that links elsewhere.

    Attributes:
        brand: the brand or institution named (``BRAND_NAMES``, ``OTHER_NAMES``), or ``None``
            when the text names none and has a pretext instead.
        host: the host of the first link that is none of the brand's or any institution's.
        request: the account, payment or delivery action the text asks for, lower-cased, or
            ``None``.
        pretext: the scam's pretext, as written ("could not be delivered",
            "unpaid toll"), or ``None``.
    """

    brand: str | None
    host: str
    request: str | None
    pretext: str | None = None


def _may_be_elsewhere(link: Link, host: HostFacts) -> bool:
    """Whether a link is no institution's own site, no major site's page and no government
    site (lookalikes and IP hosts have symbols of their own): elsewhere unless it is the named
    brand's own."""
    if host.brand is not None or host.ip or is_institution_site(link) or is_major_site(link):
        return False
    return link.suffix not in _GOVERNMENT_SUFFIXES or is_redirect(link)


def find_brand_mismatch(text: str, links: Sequence[tuple[Link, HostFacts]]) -> BrandMismatch | None:
    """The brand a text names, or the pretext it gives, while linking elsewhere, if any.

    Args:
        text: the message body.
        links: its links with their host facts (``TextFacts.links``).

    Returns:
        The mismatch, or ``None`` when the text names no brand and gives no pretext, or every
        link is the named brand's own, an institution's, a major site's, a government site's,
        a lookalike's (which has its own symbol) or an IP address.
    """
    disguised = "@" in text and _USERINFO.search(text) is not None
    candidates = [
        link for link, host in links if (disguised and not host.ip) or _may_be_elsewhere(link, host)
    ]
    if not candidates:
        return None
    seen = readable(text)
    words = _words(seen)
    brand = named_brand(seen, words, [link for link, _ in links])
    own = brand.domains if brand is not None and not disguised else frozenset()
    elsewhere = next(
        (link for link in candidates if link.domain not in own or is_redirect(link)), None
    )
    if elsewhere is None:
        return None
    pretext: str | None = None
    if not words.isdisjoint(_PRETEXT_WORDS):
        found = _PRETEXT.search(seen)
        if found is not None and _PRETEXT_OBJECT.search(seen) is not None:
            pretext = found.group()
    if pretext is None:
        pretext = _scam_pretext(seen, words)
    if brand is None and pretext is None:
        return None
    request = _REQUEST.search(strip_opt_out(seen.lower()))
    return BrandMismatch(
        None if brand is None else brand.name,
        elsewhere.host,
        None if request is None else request.group(),
        pretext,
    )
