"""Lures in a text: call-back numbers, money and prize bait, urgency and credential requests.

Each finder is one or two precompiled regex passes; phone numbers are classified with
``phonenumbers`` (premium rate, shared cost, personal numbering, country) once per distinct
number and region, cached, because a campaign repeats its number in every message.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Final

import msgspec
import phonenumbers

from clearline.content.brands import INSTITUTION_NUMBERS
from clearline.content.triggers import (
    Occurrences,
    WordSet,
    as_written,
    first_match_within,
    listed_trigger_words,
    match_at,
    triggered_matches,
    word_set,
)

__all__ = [
    "CALL_WORDS",
    "OFFER_REACH",
    "PHONE_REGIONS",
    "WITHIN_SENTENCE",
    "CallbackNumber",
    "Span",
    "authority_threat_trigger_words",
    "charge_call_trigger_words",
    "classify_number",
    "code_request_trigger_words",
    "family_impostor_trigger_words",
    "find_authority_threat",
    "find_callback_numbers",
    "find_charge_call",
    "find_code_request",
    "find_credential_request",
    "find_family_impostor",
    "find_job_offer",
    "find_money_lure",
    "find_payment_trick",
    "find_urgency",
    "finder_trigger_words",
    "gives_only_institution_numbers",
    "is_call_request",
    "is_pay_bait",
    "is_reference",
    "job_offer_trigger_words",
    "lure_trigger_words",
    "mentions_phone_number",
    "payment_trick_trigger_words",
    "region_of",
    "regions_of_numbers",
]

# A phone number as people write one: optional +, 7 to 15 digits with spaces, dots, dashes or
# brackets between groups. Not inside a longer run of digits or letters (order numbers, codes).
_PHONE: Final = re.compile(r"(?<![\w+])(?:\+|00|011)?\(?\d[\d\s().\-]{5,18}\d(?![\w])")
_DIGITS: Final = re.compile(r"\D+")
# A number right after "account (no.)", "A/C", "IBAN", "sort code" or "card number" is where money
# goes, not a number to call back (a UK account number can look like a premium-rate one).
_ACCOUNT_BEFORE: Final = re.compile(
    r"\b(?:a/c|acct|account|acc|iban|sort ?code|card)\.?\s*(?:no\.?|number|num|#)?\s*"
    r"(?:is\s*)?[:\-]?\s*$"
)
# How far back ``_ACCOUNT_BEFORE`` looks.
_ACCOUNT_REACH: Final = 30
_DIGIT: Final = re.compile(r"\d")
_DIGIT_GROUP: Final = re.compile(r"\d+")
# Texts with fewer digits than the shortest phone number skip the phone regex (bytes.translate
# counts them in C).
_DIGIT_BYTES: Final = b"0123456789"


_triggers: Final = listed_trigger_words


class CallbackNumber(msgspec.Struct, frozen=True, gc=False):
    """A phone number in a text that is risky to call back.

    Attributes:
        text: the number as written.
        kind: ``premium_rate``, ``shared_cost``, ``personal_number`` or ``international``.
        region: the number's country (ISO 3166 code), or ``""`` when unknown.
    """

    text: str
    kind: str
    region: str


#: The number types that are risky to call back, with the kind a ``CallbackNumber`` names.
RISKY_NUMBER_TYPES: Final = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium_rate",
    phonenumbers.PhoneNumberType.SHARED_COST: "shared_cost",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    phonenumbers.PhoneNumberType.UAN: "shared_cost",
}

#: The countries whose numbering plans say what a run of digits is (a phone number, a
#: premium-rate or toll-free one): those of the shipped brand lists. Not the recipient's
#: country: a text's numbers say what they are whoever receives it.
PHONE_REGIONS: Final = ("US", "GB", "IN", "PH", "NG")

#: A run of digits right after one of these labels is a reference, not a phone number ("PNR
#: 4512345678", "Order #4051234567", "A/c 0123456789", a ride's "CRN 1234567890", "Your package
#: 779812345678", an electricity bill's "CA No. 60004412873" or "meter 04512345678"): words that
#: name a reference on their own count bare; others only with "no.", "number", "id" or "#"
#: ("Consumer No: 2123456789", "Subscriber ID 1012345678"). Not
#: "customer" or "member": a "customer number: 888..." is how a call-back scam gives its line.
#: A number to call stays one whatever label stands before it: premium-rate, shared-cost,
#: personal and toll-free numbers (``_is_callable_number``), and any number a call word follows
#: ("Ref 8885551234 call now"). Neither corpus of the shared data holds such a text, so the
#: model's figures do not move; every booking, order, policy and account notice does. The same
#: labels make a 5- or 6-digit run a reference, not a short code ("booking no. 123456",
#: ``facts.has_short_code``), and any run no phone number the contexts of the content signal
#: ask about (``mentions_phone_number``).
_REFERENCE_BEFORE: Final = re.compile(
    r"(?i)\b(?:(?:pnr|ref|reference|txn|utr|awb|invoice|tracking|booking|ticket|policy|order|"
    r"consignment|shipment|package|parcel|waybill|meter|mtr|smartcard|iuc|receipt|crn|a/c|acct|"
    # session 27 (blind set 23): "Your item 7394018264831", "Scheduled delivery for 7792..."
    r"item|(?:delivery|shipment)\s+(?:for|of))\.?\s*(?:no\.?|"
    r"number|num|id|#)?|(?:account|acc|consumer|subscriber|card|loan|application|registration|"
    r"transaction|ca|rr|meeting)\.?\s*(?:no\.?|number|num|id|#)|(?<=for\s)account|tid)\s*[:#\-]?\s*\Z"
)
# A reference's digits as written: a bare run, or groups of three or four split by spaces.
_REFERENCE_DIGIT_GROUPS: Final = re.compile(r"\d+|\d{3,4}(?: \d{3,4})+")
# How far back ``_REFERENCE_BEFORE`` looks.
_REFERENCE_REACH: Final = 30
# Words after a number that make it one to call (looked for in ``_CALL_REACH`` characters).
_CALL_AFTER: Final = re.compile(
    r"(?i)\b(?:call|calls|dial|ring|phone|contact|whatsapp|viber|telegram|text|txt|sms|"
    r"helpline|hotline|toll[- ]?free)\b"
)
_CALL_REACH: Final = 24

#: Number types that are a number to call whatever label stands before them: "Reference
#: 09099726395" is a UK premium-rate line and "Ref 8885551234" a US toll-free one, which no bank
#: or shop gives as a reference.
_CALLABLE_TYPES: Final = frozenset(RISKY_NUMBER_TYPES) | {phonenumbers.PhoneNumberType.TOLL_FREE}


@lru_cache(maxsize=4096)
def _is_callable_number(run: str) -> bool:
    """Whether a run of digits is a premium-rate, shared-cost, personal or toll-free number in
    one of ``PHONE_REGIONS``, written as that country writes one: outside the US with its trunk
    "0" (a bare "9123456789" is an Indian mobile, not the UK's 09 premium range)."""
    for region in PHONE_REGIONS:
        if region != "US" and not run.startswith("0"):
            continue
        try:
            number = phonenumbers.parse(run, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            _CALLABLE_TYPES
        ):
            return True
    return False


def is_reference(text: str, start: int, end: int, digits: str) -> bool:
    """Whether the digits at ``text[start:end]`` are a reference's (``_REFERENCE_BEFORE``): after
    a reference's label, with no call word after them, and not a number one calls whatever its
    label (premium-rate, shared-cost, personal or toll-free: ``_is_callable_number``)."""
    return (
        _REFERENCE_BEFORE.search(text, max(0, start - _REFERENCE_REACH), start) is not None
        and _CALL_AFTER.search(text, end, end + _CALL_REACH) is None
        and not _is_callable_number(digits)
    )


def region_of(e164: str) -> str:
    """The country (ISO code) of an E.164 number, from its country code; ``"US"`` if unknown.

    A table lookup (country codes are prefix-free), not a full parse: this runs for every
    message, and ``phonenumbers.parse`` costs tens of microseconds.
    """
    # The answer depends on the first four characters only ("+" and a country code of up to
    # three digits), and recipients share a few countries: a small table answers most calls.
    key = e164[:4]
    found = _REGION_BY_PREFIX.get(key)
    if found is None:
        found = _region_of(e164)
        if len(_REGION_BY_PREFIX) < 4096:
            _REGION_BY_PREFIX[key] = found
    return found


_REGION_BY_PREFIX: dict[str, str] = {}


def regions_of_numbers(numbers: Iterable[str]) -> list[str]:
    """``region_of`` of each number (a batch's recipients), with one table look-up for most."""
    known = _REGION_BY_PREFIX.get
    return [known(number[:4]) or region_of(number) for number in numbers]


def _region_of(e164: str) -> str:
    digits = e164[1:] if e164.startswith("+") else e164
    for size in (1, 2, 3):
        prefix = digits[:size]
        if len(prefix) == size and prefix.isdigit():
            regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(prefix))
            if regions:
                return str(regions[0])
    return "US"


@lru_cache(maxsize=65_536)
def classify_number(digits_text: str, home_region: str) -> CallbackNumber | None:
    """Say whether a written number is risky to call back from ``home_region``.

    Args:
        digits_text: the number as written in the text.
        home_region: the recipient's country; a number in another country is international.

    Returns:
        A ``CallbackNumber`` for premium-rate, shared-cost, personal-numbering and international
        numbers; ``None`` for ordinary or invalid ones and for a bank's published number
        (``brands.INSTITUTION_NUMBERS``: a call to it reaches the bank, whoever sent the text).
    """
    stripped = _dialled(digits_text)
    try:
        number = phonenumbers.parse(stripped, home_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.format_number(number, _E164) in INSTITUTION_NUMBERS:
        return None
    region = phonenumbers.region_code_for_number(number) or ""
    kind = RISKY_NUMBER_TYPES.get(phonenumbers.number_type(number))
    if kind is not None and not _priced_as_ordinary(number, region):
        return CallbackNumber(digits_text, kind, region)
    # Compared by country code: a Canadian number is no international call from the US. But
    # the Caribbean shares the US's +1 and its area codes are international calls, priced as
    # such: the FTC's "809" and "one-ring" warnings, and the Jamaican 876 numbers of lottery
    # scams ("call agent Mr. Brown at 876-432-7719 to claim").
    home_code = phonenumbers.country_code_for_region(home_region)
    if number.country_code != home_code and stripped.startswith("+"):
        return CallbackNumber(digits_text, "international", region)
    if home_code == 1 and home_region in _NANP_DOMESTIC and region not in _NANP_DOMESTIC:
        return CallbackNumber(digits_text, "international", region)
    return None


#: The countries and territories of the North American Numbering Plan that call each other at
#: domestic rates: the US and its territories, and Canada.
_NANP_DOMESTIC: Final = frozenset({"US", "CA", "PR", "VI", "GU", "AS", "MP", "UM"})
#: The Caribbean countries of the plan: their numbers are international calls from the others.
_NANP_CARIBBEAN: Final = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1]) - _NANP_DOMESTIC


def is_unprefixed_caribbean(callback: CallbackNumber) -> bool:
    """Whether an international call-back is a Caribbean +1 number written without "+" as
    North Americans dial it ("876-957-5070"): an island hotel's or airline's line as often as a
    lottery scam's (``facts`` keeps it only beside a lure)."""
    return (
        callback.kind == "international"
        and callback.region in _NANP_CARIBBEAN
        and not callback.text.lstrip().startswith("+")
    )


_E164: Final = phonenumbers.PhoneNumberFormat.E164

#: National number prefixes that ``phonenumbers`` types as universal-access or shared-cost but
#: that their regulator prices as ordinary calls, with no share of the call's price for the
#: number's holder, so a call back costs the victim nothing a scammer gains: the UK's 03
#: numbers (Ofcom: charged as 01 and 02 numbers and within inclusive minutes; what banks,
#: HMRC, the DVLA and councils give). The UK's 055 corporate numbers and 084, 087 and 09
#: numbers, which cost more and share their price, stay risky; so do India's 1860 numbers
#: (sources disagree on whether callers pay only a local call). South Africa's 0860
#: ("Sharecall", a local call's price) and 0861 ("Maxicall", a fixed national price) numbers
#: share nothing with their holder: every large bank gives one (Capitec's 0860 10 20 43).
ORDINARY_RATE_PREFIXES: Final[dict[str, tuple[str, ...]]] = {"GB": ("3",), "ZA": ("860", "861")}


def _priced_as_ordinary(number: phonenumbers.PhoneNumber, region: str) -> bool:
    prefixes = ORDINARY_RATE_PREFIXES.get(region)
    return prefixes is not None and phonenumbers.national_significant_number(number).startswith(
        prefixes
    )


def _dialled(written: str) -> str:
    """A written number with an international prefix ("00", "011") as "+", its whitespace one
    space each (a number broken across lines: ``phonenumbers`` refuses a line break)."""
    stripped = " ".join(written.split())
    if stripped.startswith("011"):
        return "+" + stripped[3:]
    if stripped.startswith("00"):
        return "+" + stripped[2:]
    return stripped


#: ``mentions_phone_number`` looks at most at this many numbers; a text with more counts as
#: giving a phone number (the careful answer, and a bound on a 64 KiB body's cost).
MAX_NUMBERS_CHECKED: Final = 16


def mentions_phone_number(text: str) -> bool:
    """Whether a text gives any phone number (7 to 15 digits as people write one), risky or
    not; account and card numbers, and a bare run of digits after a reference's label
    (``is_reference``), do not count.

    Args:
        text: a message body.
    """
    for checked, match in enumerate(_PHONE.finditer(text)):
        if checked == MAX_NUMBERS_CHECKED:
            return True
        if (
            _is_phone_written(text, match)
            and not _is_date_written(text, match)
            # Only a bare run of digits is a reference, or one in groups of three or four
            # digits ("Your parcel 1550 2384 992": session 27): "order: (213) 555-0198" is
            # written as a number to call.
            and not (
                _REFERENCE_DIGIT_GROUPS.fullmatch(match.group(0)) is not None
                and is_reference(text, match.start(), match.end(), match.group(0))
            )
        ):
            return True
    return False


# A label that makes the digits after it a transaction's reference, not a number to call
# ("Refno 413526789012", "UPI:503612345678", "UTR 4071...", "RRN 1234..."): only for a run of
# 12 digits or more, which no phone number of a transaction's country is dialled as ("UPI No.
# 9832105678" is a mobile number, and a UPI ID is often one).
_TRANSACTION_REFERENCE: Final = re.compile(
    r"(?i)\b(?:ref(?:erence)?|upi|rrn|utr|imps|neft|rtgs|txn|trxn|transaction|track(?:ing)?|"
    r"awb|waybill|consignment|shipment|parcel|order)\.?\s*"
    r"(?:no\.?|number|num|#)?\s*[:#\-]?\s*\Z"
)
_TRANSACTION_REFERENCE_REACH: Final = 24
_REFERENCE_DIGITS: Final = 12


def gives_only_institution_numbers(text: str) -> bool:
    """Whether every run of 7 to 15 digits a text gives (dates aside) is a bank's published
    number (``brands.INSTITUTION_NUMBERS``), a transaction's reference of 12 digits or more
    right after its label aside ("Ref 512345678901"); true for a text that gives none. A text
    with more than ``MAX_NUMBERS_CHECKED`` numbers gives others.

    Args:
        text: a message body.
    """
    for checked, match in enumerate(_PHONE.finditer(text)):
        if checked == MAX_NUMBERS_CHECKED:
            return False
        digits = len(_DIGITS.sub("", match.group(0)))
        # Any run of 7 to 15 digits counts, after whatever label: "account: 9832105678" is
        # as much a number to call as any other in an alert.
        if not 7 <= digits <= 15 or _is_date_written(text, match):
            continue
        start = match.start()
        if (
            digits >= _REFERENCE_DIGITS
            and _TRANSACTION_REFERENCE.search(
                text, max(0, start - _TRANSACTION_REFERENCE_REACH), start
            )
            is not None
        ):
            continue
        if not _is_institution_number(match.group(0)):
            return False
    return True


# A date as numbers: day, month and year in one of the orders people write them.
_DATE: Final = re.compile(r"(\d{1,4})([-/.])(\d{1,2})\2(\d{2,4})")
_COMPACT_DATE: Final = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
# A date's label right before a compact date ("Date:", "Dt.", "dated").
_DATE_LABEL: Final = re.compile(r"(?i)\b(?:date|dt|dated)\s*[:.\-]?\s*\Z")


def _is_date_written(text: str, match: re.Match[str]) -> bool:
    """Whether a ``_PHONE`` match is a date ("15-12-2025", "2025/12/15", "12/15/25"), or a
    date and the hour of a time after it ("05-12-25 14" of "05-12-25 14:32"): a bill's due
    date is no number to call, nor a compact stamp and its hour ("20240312 14" of "Date:20240312
    14:05"). Only plausible dates count, so a number written "9832-14-5678"
    is still one."""
    written = match.group(0).strip()
    compact = _COMPACT_DATE.match(written)
    if compact is not None:
        # A meter's or a bank's compact stamp: "Date:20240312 14:05"; or the date alone after
        # its label ("Date:20250514 Units:34.5", a prepaid meter's token receipt).
        rest = written[compact.end() :].strip()
        if not rest:
            return _DATE_LABEL.search(text, max(0, match.start() - 12), match.start()) is not None
        return len(rest) <= 2 and rest.isdigit() and text.startswith(":", match.end())
    date = _DATE.match(written)
    if date is None:
        return False
    first, _, middle, last = date.groups()
    one, two, three = int(first), int(middle), int(last)
    # Day-month-year or month-day-year, the year last; or year-month-day.
    day_month = (one <= 31 and two <= 12) or (one <= 12 and two <= 31)
    year_last = len(first) <= 2 and (len(last) == 2 or last.startswith(("19", "20")))
    year_first = len(first) == 4 and first.startswith(("19", "20")) and len(last) <= 2
    if not ((day_month and year_last) or (year_first and two <= 12 and three <= 31)):
        return False
    rest = written[date.end() :].strip()
    return not rest or (len(rest) <= 2 and rest.isdigit() and text.startswith(":", match.end()))


def _is_phone_written(text: str, match: re.Match[str]) -> bool:
    """Whether a ``_PHONE`` match is a phone number: 7 to 15 digits, and not written as a bank
    account or card number ("account no. 0901 234 5678")."""
    if not 7 <= len(_DIGITS.sub("", match.group(0))) <= 15:
        return False
    start = match.start()
    before = text[max(0, start - _ACCOUNT_REACH) : start].lower()
    return _ACCOUNT_BEFORE.search(before) is None


#: A stretch of a text, as (start, end) character offsets.
Span = tuple[int, int]


def find_callback_numbers(
    text: str, home_region: str, spans: Sequence[Span] | None = None
) -> list[CallbackNumber]:
    """Risky call-back numbers in a text.

    Args:
        text: a message body.
        home_region: the recipient's country (ISO code).
        spans: when the caller knows them, the runs of characters a phone number is written
            with (digits, whitespace, "()+.-") that hold seven digits or more, in order: every
            number with enough digits lies inside one, so only they are searched.

    Returns:
        The premium-rate, shared-cost, personal and international numbers, in order, among the
        text's phone numbers (``_numbers_read``: its first and last ones when it gives many); a
        number written as a bank account or card number ("account no. 0901 234 5678") is none.
    """
    found: list[CallbackNumber] = []
    data = text.encode("utf-8", "surrogatepass")
    if len(data) - len(data.translate(None, _DIGIT_BYTES)) < 7:
        return found
    for number_text in _numbers_read(text, spans):
        number = classify_number(number_text, home_region)
        if number is not None:
            found.append(number)
    return found


#: A text's last numbers are looked for in its last this many characters (``_numbers_read``).
_TAIL_CHARS: Final = 2048


def _numbers_read(text: str, spans: Sequence[Span] | None) -> list[str]:
    """The phone numbers ``find_callback_numbers`` reads: all of them, or, a bound on a hostile
    body's cost, its first ``MAX_NUMBERS_CHECKED // 2`` and the last as many of those in its
    last ``_TAIL_CHARS`` characters after them (a number put last is read; no number is read
    twice)."""

    def matches_from(position: int) -> Iterator[re.Match[str]]:
        if spans is None:
            return _PHONE.finditer(text, position)
        # One character past each run, so the look-ahead after a number sees the real text.
        return itertools.chain.from_iterable(
            _PHONE.finditer(text, max(start, position), end + 1)
            for start, end in spans
            if end >= position
        )

    half = MAX_NUMBERS_CHECKED // 2
    head: list[str] = []
    for match in matches_from(0):
        if _is_phone_written(text, match):
            head.append(match.group(0))
            if len(head) == half:
                tail_from = max(match.end(), len(text) - _TAIL_CHARS)
                break
    else:
        return head
    tail = [m.group(0) for m in matches_from(tail_from) if _is_phone_written(text, m)]
    return head + tail[-half:]


# The patterns below run on lower-cased text: IGNORECASE makes Python's re five times slower.

# Money: a currency sign or code next to an amount, or an amount with a currency word. An
# amount's digits, commas and points are read once, from the run's first digit, and never given
# back (``_AMOUNT_RUN``; what follows an amount starts with neither): read from each of its
# digits, a run such as "1.1.1.1..." cost the square of its length (a 64 KiB body of it took
# seconds; bench/long_bodies.py).
_AMOUNT_RUN: Final = r"[\d,.]*+"
_SIGN: Final = r"[£$€₱¥₹₦₤₩₽₿฿৳₫]"
_CODE: Final = r"(?:usd|usdt|gbp|eur|inr|aed|ngn|kes|ghs|sar|pkr|php|rs)"
_AMOUNT: Final = (
    r"(?:"
    + _SIGN
    + r"\s*\d"
    + _AMOUNT_RUN
    + r"(?:\s?(?:k|m|million|thousand))?|\b(?:"
    + _CODE
    + r"\.?|p)\s?\d"
    + _AMOUNT_RUN
    # From a run's first digit, or from its second group when its first is glued to a letter
    # ("US1,000 dollars", "2x1,000 pounds", "COP50.000 pesos").
    + r"|\b(?:(?<!\d[,.])|(?<=[^\W\d_]\d[,.])|(?<=[^\W\d_]\d\d[,.])|(?<=[^\W\d_]\d\d\d[,.]))\d"
    + _AMOUNT_RUN
    + r"(?:\s?(?:pounds|dollars|bucks|pesos|euros|rupees|naira|"
    r"dirhams|p|k|" + _CODE + r")\b|\s?" + _SIGN + r"(?!\s*\d)))"
)
_PRIZE: Final = (
    r"(?:won|winner|winning|win|prize|reward|jackpot|bonus|cash(?:back)?|gift ?card|voucher|"
    r"award(?:ed)?|giveaway|lottery|sweepstakes|refund|claim|free)"
)
# Pay for easy work, the job and task scams' bait ("earn 500P per day", "earn $300-$800 per
# day", "a commission of ₱77,777 per day", "a daily salary of 300P"): a word of pay, then
# within 40 characters an amount (or a range) by the day, hour, week or task. A pay word must
# come first: an amount by the day alone is as often a price ("Cost 150p/day"), and so is one
# after "pay" ("you pay $10 a day for parking"); "make" is as often "make sure you bring $20 a
# day" or a person's "I make $22 an hour".
_PAY_WORD: Final = (
    r"(?:earn|earns|earning|earnings|income|salary|commission|commissions|profit|profits)"
)
_PER_PERIOD: Final = (
    r"(?:\s?(?:/|per|a|an|each|every)\s?(?:day|hour|hr|week|wk|task)\b|\s?(?:daily|weekly)\b)"
)
_PAY_REACH: Final = 2000
_PAY_PER_PERIOD: Final = re.compile(
    r"\b"
    + _PAY_WORD
    + r"\b[^.!?\n]{0,40}?"
    + _AMOUNT
    + r"(?:\s?(?:-|to)\s?(?:"
    + _AMOUNT
    + r"|\d"
    + _AMOUNT_RUN
    + r"))?"
    + _PER_PERIOD
    + r"|\b(?:daily|weekly)\s+(?:salary|income|earnings)\b|\bpaid\s+(?:daily|weekly|per\s+task)\b"
)
_PRIZE_THEN_AMOUNT: Final = r"\b" + _PRIZE + r"\b[^.!?\n]{0,40}?" + _AMOUNT
_AMOUNT_THEN_PRIZE: Final = _AMOUNT + r"[^.!?\n]{0,40}?\b" + _PRIZE + r"\b"
_MONEY_LURE: Final = re.compile(_PRIZE_THEN_AMOUNT + r"|" + _AMOUNT_THEN_PRIZE)
# Its two alternatives apart, for the batch path: the first starts at a prize word, so it is
# tried only there (``match_at``); the second starts at an amount.
_PRIZE_FIRST: Final = re.compile(_PRIZE_THEN_AMOUNT)
_AMOUNT_FIRST: Final = re.compile(_AMOUNT_THEN_PRIZE)
_AMOUNT_ALONE: Final = re.compile(_AMOUNT)
_AMOUNT_LEAD: Final = 4
# How far before its amount a money lure can start: the longest prize word and the gap.
_AMOUNT_REACH: Final = 40 + max(len(w) for w in re.findall(r"[a-z ]+", _PRIZE)) + 2
# Everyday leading words ("you", "claim", "free") sit in look-behinds so that the distinctive
# word triggers the regex (see ``clearline.content.triggers``).
_PRIZE_PHRASE: Final = re.compile(
    r"\b(?:(?:(?<=you )|(?<=you've )|(?<=you have )|(?<=you've been )|(?<=you have been )|"
    r"(?<=you been ))(?:won|selected|chosen)|(?:(?<=are a )|(?<=are our ))(?:lucky )?winner"
    r"|congratulations?[!,. ]+(?:you|your)|(?:(?<=claim your )|(?<=claim a )|(?<=claim the ))"
    r"(?:prize|reward|cash|gift)|(?:(?<=guaranteed )|(?<=cash ))prize|(?<=free )(?:gift card|"
    r"iphone|vacation|cruise))\b"
)


def _as_written(text: str, lowered: str, match: re.Match[str] | None) -> str | None:
    """The matched span in the original text (``triggers.as_written``), if any."""
    return None if match is None else as_written(text, lowered, match)


def is_call_request(phrase: str) -> bool:
    """Whether a credential request ``find_credential_request`` found is a request to call a
    number ("Call 844-231-0199 to reactivate"), not one to log in or verify at a link."""
    return _CALL_NUMBER.search(phrase.lower()) is not None


def is_pay_bait(phrase: str) -> bool:
    """Whether a money lure ``find_money_lure`` found is pay for work ("earn 500P per day"):
    a job's pay, which a major site's own recruiting page offers too ("Amazon Flex: earn $18-
    $25 per hour"), rather than a prize."""
    return _PAY_PER_PERIOD.search(phrase.lower()) is not None


# A job or task offer with its bait, the FTC's second commonest text scam ("task scams"): an
# offer of work named in its own words ("part-time job", "remote position", "we are hiring",
# "recruitment", "job vacancy", "staff needed", "looking for people"; a motel's "vacancy" is
# none, nor a call for volunteers) and, anywhere in the text read, the bait of easy money: one
# or two hours or some minutes a day, a daily salary or income, earning extra income, spare
# time, pay by the task, simple tasks from your phone, liking or rating products, videos or
# hotels, "earn $300/day", or a range of pay by the day or the task ("P500-P3000/day",
# "£200-£500/day"). Either alone is a real job's text, and so is a real job's pay: by the hour
# or the week, one day rate ("event staff, $150/day"), "4 hours a day", "no experience needed",
# "daily pay available" (recruiters' texts written in review, docs/content.md). The offer's
# first word is one of its own ("are hiring" is read from "hiring"), so a text without one is
# never searched.
_JOB_OFFER: Final = re.compile(
    r"(?i)\b(?:(?:part[- ]?time|remote)\s+(?:[a-z-]+\s+)?(?:jobs?|positions?|work|roles?|"
    r"opportunit(?:y|ies)|staff|workers?|employees?|gigs?|assistants?|reviewers?|raters?)|"
    r"(?:(?<=are\s)|(?<=is\s)|(?<=now\s)|(?<=we're\s)|(?<=we’re\s))hiring|hiring\s+(?:kami|now|for|online|part)|"
    r"recruit(?:ing|ment|er|ers)|jobs?\s+(?:offer|opportunit(?:y|ies)|vacanc(?:y|ies))|"
    r"(?:staff|workers|employees|"
    r"part[- ]?timers|candidates)\s+(?:needed|wanted|required)|(?<=looking\sfor\s)(?:people|"
    r"part[- ]?timers|candidates|workers)|"
    # Session 23: the offer in other words ("our remote team hiring product reviewers", "you
    # have been selected for a work from home job", "online job", "HR of TikTok").
    # Not one person hiring another or a thing ("I'm hiring a nanny", "thanks for hiring the
    # hall"), a question ("is your shop hiring?"), online tutoring, the sender's own day at home
    # ("I'm working from home today") or a carrier's "Work From Home pack"; "flexible work" is
    # the delivery apps' own words.
    r"hiring(?!\s+(?:manager|process|freeze|team\s+(?:will|has)|an?\s|the\s)|\?)|"
    r"(?:online|home[- ]based|side|data\s+entry)\s+(?!tutor|teach|tuition)(?:[a-z-]+\s+)?"
    r"(?:jobs?|gigs?|roles?|positions?|work|opportunit(?:y|ies))|"
    r"(?<!\bi\s)(?<!\bi'm\s)(?<!\bi’m\s)(?<!\bam\s)(?<!\bdey\s)work(?:ing)?\s+from\s+home"
    r"(?!\s+(?:today|tomorrow|tmrw|this|all|day|pack|bundle|add-on|plan)\b)|"
    r"(?:(?<=been\s)|(?<=are\s)|(?<=you're\s)|(?<=you’re\s))(?:selected|shortlisted|hired)|"
    r"(?:hr|human\s+resources?)\s+(?:team|department|manager|of|at|from)|"
    r"(?:job|work)\s+opportunit(?:y|ies)|(?:jobs?|work)\s+(?:abroad|overseas)|jobs?\s+in\s+"
    r"(?:qatar|dubai|uae|saudi|kuwait|oman|canada|the\s+uk|uk|usa|europe|australia|poland|malta))\b"
)
# Session 27 (blind sets 1-20): the offer in yet other words. "Part-time," or "Part-time
# can earn" without a noun; a flexible job, role, position or gig; "we pay people to ...";
# the task scam's own roles (product, app, hotel or video reviewers and raters, app data
# optimizers) and jobs ("review job", "a role reviewing apps", "prepaid task"); "earn ...
# by liking videos" (not "I earn"); the task scam's commission ready to unlock; openings
# and vacancies at a named employer; workers of the trades the visa scams name, needed
# abroad ("Drivers, cleaners & security guards needed in Dubai", "Qatar & Saudi jobs",
# "visa sponsorship"); Malay's "jawatan kosong" and "kerja dari rumah", Swahili's "nafasi
# za kazi", Tagalog's "naghahanap kami ng tao". The bait must still be found.
# (Each written to start at its rarest word: the pattern is tried at each first word.)
# Spanish, for the US's Spanish speakers (blind set 21): "trabajo desde casa", "trabajo
# remoto", "medio tiempo", "reclutamiento"
# Swahili's "tunaajiri" (we are hiring), "kazi online"; Tagalog's "kumita ng" (earn)
# Kept apart from ``_JOB_OFFER`` and tried only when it finds no offer, at its own (rarer) first
# words: one pattern of both cost every text with "work" or "home" twice as much.
_JOB_OFFER_MORE: Final = re.compile(
    r"(?i)\b(?:"
    r"part[- ]?time(?=\s*+[,:]|\s+can\b)|flexible\s+(?:[a-z-]+\s+)?(?:jobs?|positions?|roles?|"
    r"gigs?)|(?<=we\spay\s)people|"
    r"(?:(?<=product\s)|(?<=products\s)|(?<=app\s)|(?<=apps\s)|(?<=hotel\s)|(?<=hotels\s)|"
    r"(?<=video\s)|(?<=videos\s)|(?<=tiktok\s)|(?<=youtube\s)|(?<=data\s))(?:reviewers?|raters?|"
    r"optimi[sz]ers?)|review\s+writers?|(?:review|rating|liking)\s+jobs?|(?:(?<=job\s)|"
    r"(?<=jobs\s)|(?<=role\s)|(?<=position\s)|(?<=gig\s))(?:reviewing|rating|liking)|"
    r"prepaid\s+tasks?|"
    r"(?<!\bi\s)earn\s+[^.!?\n]{0,40}?\s(?:just\s+)?(?:by|for)\s+(?:just\s+)?(?:liking|rating|"
    r"watching|reviewing|following)|"
    r"(?<=your\s)commissions?\s+(?:of\s+)?[^\s\d]{0,6}+\d[\d,.]*+\S{0,6}+\s+(?:is|are)\s+ready|"
    r"(?:vacancies|openings?)\s+(?:at|in|for)|job\s+openings?|(?:drivers|cleaners|guards|"
    r"waiters|caregivers|cashiers|packers|labou?rers)\s+(?:needed|wanted|required)|(?:(?<=qatar\s)|"
    r"(?<=dubai\s)|(?<=saudi\s)|(?<=uae\s)|(?<=kuwait\s)|(?<=oman\s)|(?<=canada\s)|(?<=uk\s)|"
    r"(?<=europe\s)|(?<=japan\s)|(?<=korea\s))jobs|visa\s+sponsorship|jawatan\s+kosong|"
    r"kerja\s+(?:di|dari\s+rumah|sambilan)|nafasi\s+"
    r"za\s+kazi|naghahanap\s+(?:po\s+)?kami\s+ng\s+(?:tao|mga)|"
    r"trabajos?\s+(?:desde\s+casa|remotos?|en\s+l[ií]nea|de\s+medio\s+tiempo)|medio\s+tiempo|"
    r"reclutamiento|"
    r"tunaajiri|tunatafuta\s+wafanyakazi|kazi\s+(?:ya\s+)?online|kumita\s+(?:ka\s+)?ng|"
    r"(?:resume|cv)\s+(?:was|has\s+been)\s+(?:recommended|referred|shortlisted))\b"
)
# A fee for the job, and an amount as written ("N5,000", "KES 8,500", "Rs. 1,500", "$75").
_JOB_FEE: Final = (
    r"(?:visa\s+processing|registration|reg\.?|processing|medical|training|uniform|activation|"
    r"onboarding|form|joining|sign[- ]?up|induction|reservation|(?:medical|visa)\s*+(?:&|and)"
    r"\s*+(?:visa|medical)(?:\s+processing)?)\s+(?:fees?|charges?)\b"
)
# An amount in the currencies the job scams name, also as letters before it ("RM100", "Ksh
# 1,000", "S$500", "R350"; session 27).
_JOB_AMOUNT: Final = (
    r"(?:" + _AMOUNT + r"|\b(?:rm|ksh|kes|r|cad|aud|sgd|s(?=\$)|ghs)\s?\$?\d[\d,.]*+k?)"
)
_FEE_AMOUNT: Final = r"(?:[a-z]{1,3}\.?\s?)?[^\s\d]{0,3}(?!0\b)\d(?:[\d,.]*\d)?k?"
_JOB_BAIT: Final = re.compile(
    r"(?i)(?:\b(?:[12]|one|two)(?:\s*+(?:-|to|~)\s*+(?:[1-3]|two|three))?\s*+(?:hours?|hrs?)\s+"
    r"(?:a|per|each)\s+day\b|\b\d{1,2}+(?:\s*+(?:-|to|~)\s*+\d{1,2}+)?\s*+(?:minutes?|mins?)\s+"
    r"(?:(?:a|per|each)\s+day|daily)\b|\bdaily\s+(?:salary|income|earnings?|commission)\b|"
    r"\b(?<!your\s)daily\s+tasks?\b|"
    # A fee to pay for the job (real employers charge none), a task scam's top-up, liking or
    # following pages (session 23). The fee only as asked for: with its amount, or right after
    # "pay", "send" or "a refundable" ("Pay N5,000 processing fee", "Reg fee N2,000", "pay a
    # registration fee"); not one the text says is never charged ("we never charge a
    # registration fee", "do not pay any processing fee"), the employer pays ("the medical fee
    # will be reimbursed") or the reader paid ("your registration fee receipt"). Paying for
    # something with an amount ("Pay N5,000 for processing"), not an employer paying for it
    # ("we pay for the training"). The top-up to unlock or withdraw, or to go on with the
    # tasks and their pay; not a carrier's, a delivery app's ("Recharge now to continue
    # browsing", "top up your wallet to receive orders") or a friend's ("top up my line").
    # Pages liked or followed that are not the sender's own ("like our page", "follow my
    # page"), and not "the following posts".
    r"(?:(?<=\d\s)|(?<=\dk\s)|(?<=\bpay\s)|(?<=\bpay\sa\s)|(?<=\bpay\sthe\s)|(?<=\bpay\syour\s)|"
    r"(?<=\bsend\s)|(?<=\bmagbayad\s)|(?<=\bmagbayad\sng\s)|(?<=\blipa\s)|(?<=\brefundable\s))"
    r"(?<!\bnot\spay\s)(?<!n't\spay\s)(?<!n’t\spay\s)(?<!\bnever\spay\s)"
    + _JOB_FEE
    + r"|\b"
    + _JOB_FEE
    + r"(?=\s*+(?:of|:|-|only|is\s+only)?\s*+"
    + _FEE_AMOUNT
    + r")|\b(?<!not\s)(?<!n't\s)(?<!n’t\s)(?<!never\s)(?:pay|send|deposit|bring)\s+(?:(?:a|the|"
    r"only|just)\s+)?"
    + _FEE_AMOUNT
    + r"\s+(?:\S*[^\s.!?]\s+){0,3}?(?:for|as|to\s+(?:secure|confirm|get|receive|complete|"
    r"activate))\s+(?:the\s+|your\s+|a\s+)?(?:aptitude\s+)?(?:registration|medicals?|processing|forms?|"
    r"training|uniforms?|documentation|documents|id|test|materials|kit|background|dbs|police|"
    r"criminal|visa|work\s+permit|lmia|cos|certificate|passport|slot|appointment|offer|"
    r"interview)\b|\b(?:recharge|top\s?up|deposit)(?!\s+(?:my|form|slip)\b)\s+"
    r"(?:\S*[^\s.!?]\s+){0,4}?(?:to\s+)?(?:unlock|withdraw|(?:continue|receive|resume)\s+"
    r"(?:the\s+|your\s+|with\s+)?(?:tasks?|commissions?|salary|earnings?|profits?|payments?|"
    r"withdrawals?))\b|"
    r"\b(?<!pa-)(?:lik(?:e|ing)|follow|rat(?:e|ing))\s+(?!(?:my|our|their|his|her|naman)\b)"
    r"(?:\S+\s+){1,2}(?:videos?|products?|posts?|channels?|shops?|pages?|accounts?)\b|"
    r"\bmag-?(?:like|follow|rate)\b|"
    # Session 27 (blind sets 1-20): minutes or an hour or two "/day"; "just need a phone"; a
    # number of tasks or reviews a day; pay per review, like or video ("₹150 per review", "P150
    # kada task"); the task scam's product reviewers and raters; a fee paid without "for"
    # ("Pay Ksh 1,000 registration via M-PESA"), Swahili's "lipia medical", Malay's "yuran
    # pendaftaran", "secure your slot with GHS 3,000", "register with 3,000/="; the task
    # scam's "to unlock level 2 please recharge"; Hindi's "roz ₹2000-₹5000" and "like karke".
    r"\b(?:\d{1,2}+(?:\s*+(?:-|to|~)\s*+\d{1,2}+)?\s*+(?:minutes?|mins?)|[12]\s*+(?:hours?|"
    r"hrs?))\s*+/\s*+day\b|\b(?:just|only)\s+(?:need\s+)?(?:a|your)\s+(?:smart\s?|mobile\s+|cell\s?)?"
    r"phone\b|"
    r"\b\d{1,3}+(?:\s*+-\s*+\d{1,3}+)?\s+(?:tasks?|reviews?)\s*+(?:(?:a|per|each)\s+day|daily|"
    r"/\s*+day)\b|"
    r"\bdaily\s+\d{1,3}+\s+tasks?\b|\b(?:per|each|kada)\s+(?:review|like|rating|video)\b|"
    r"\bkada\s+task\b|\b(?:products?|apps?|hotels?|videos?)\s+(?:reviewers|raters)\b|"
    r"\b(?<!not\s)(?<!never\s)(?:pay|send|lipa)\s+"
    + _JOB_AMOUNT
    + r"\s+(?:ya\s+)?(?:registration|processing|medical|visa|uniform|usajili)\b|"
    r"\blipia\s+(?:medical|visa|"
    r"usajili|registration|fomu)\b|\byuran\s+(?:proses|pendaftaran|pemprosesan|perubatan)\b|"
    r"\bsecure\s+your\s+(?:slot|place|spot|position)\s+(?:with|by\s+paying)\s+"
    + _JOB_AMOUNT
    + r"|\bregister\s+with\s+(?:ksh\s?)?\d[\d,]*+\s*+/=|\bto\s+unlock\s+(?:level|the\s+next|"
    r"your\s+(?:commission|earnings|withdrawal))[^.!?\n]{0,30}?\b(?:recharge|top\s?up|"
    r"deposit)\b|\broz(?:ana)?\s+" + _JOB_AMOUNT + r"|\b(?:youtube|videos?)\s+like\s+kar|"
    # Spanish: "60-90 min al día", "$300 a $800 diario(s)", "ganancias diarias"
    r"\b\d{1,2}+(?:\s*+(?:-|a)\s*+\d{1,2}+)?\s*+(?:minutos|min)\s+al\s+d[ií]a\b|"
    r"\b(?:ganancias|pagos?)\s+diari[oa]s?\b|"
    r"\b(?:earn|make)\s+(?:extra\s+)?(?:\S+\s+)?(?:income|money|cash)\b|\bspare\s+time\b|"
    r"\b(?:each|per)\s+task\b|\bsimple\s+(?:online\s+)?tasks?\b|\b(?:work|earn|money|tasks?|jobs?)"
    r"\s+(?:\w+\s+)?(?:from|with|using)\s+your\s+(?:phone|mobile|cellphone)\b|\bkahit\s+"
    r"cellphone\b|\b(?:lik(?:e|ing)|rat(?:e|ing)|review(?:ing)?)\s+(?:and\s+(?:rat(?:e|ing)|"
    r"review(?:ing)?)\s+)?(?:products?|hotels?|videos?|apps?|restaurants?)\b|"
    r"\b(?:earn|make)\s+(?:up\s+to\s+)?[^\s\d]{0,6}+\s?\d[\d,.]*+k?(?:\s?(?:-|to)\s?[^\s\d]{0,6}+"
    r"\d[\d,.]*+k?)?[^\s/\d]{0,6}+\s*+(?:(?:/|(?:a|an|per|each|every)\s)\s*+(?:day|task)\b|"
    r"daily\b)|\bdaily\s+(?:pay|payment|salary|income|earnings?)\b[^.!?\n]{0,20}?"
    + _AMOUNT
    + r"\s?(?:-|to)\s?"
    + _AMOUNT
    + r"|"
    # Every bait that starts at an amount, tried once at each position (session 27): a range
    # by the day or the task, also in Spanish, Malay and Swahili ("$80-$600/day", "$300 a $800
    # diario", "RM150-RM500 sehari", "Ksh 1,500-5,000 kila siku"), the second sum without its
    # sign ("AED 500-1,500 daily"), Tagalog's fee "P300 para sa training kit"
    + _JOB_AMOUNT
    + r"(?:\s?(?:-|to)\s?"
    + _JOB_AMOUNT
    + r"(?:\s?/\s?(?:day|task)\b|\s(?:a|per|each)\s(?:day|task)\b|\s?daily\b|\s+paid\s+daily\b|"
    r"\s?sehari\b)|\s?(?:-|a)\s?"
    + _JOB_AMOUNT
    + r"\s+(?:al\s+d[ií]a|diarios?)\b|\s?-\s?\d[\d,]*+\s+(?:daily|a\s+day|per\s+day|sehari)\b|"
    r"\s?(?:-|hadi|to)\s?[^\s\d]{0,4}\s?\d[\d,.]*+\s+kila\s+siku\b|\s+para\s+sa\s+(?:training|"
    r"registration|medical|uniform|processing|id|kit)\b))"
)
_JOB_OFFER_WORDS: Final = _triggers(_JOB_OFFER)
_JOB_OFFER_MORE_WORDS: Final = _triggers(_JOB_OFFER_MORE)
# Every match of ``_JOB_BAIT`` holds one of these (its hours, minutes, "daily", a fee or charge,
# pay, send, deposit, top-up, liking, following, rating, "mag-", earning, making, spare time, a
# task, a phone, a review, a day): a lower-cased ASCII text without any is skipped, and the
# pattern (about 100 us on a short text: its lookbehinds are tried at every position) is read
# only where it can match. Not for other texts: case-blind matching takes some non-ASCII
# letters for ASCII ones ("ſ" for "s").
_JOB_BAIT_PARTS: Final = (
    "hour", "hr", "min", "dail", "fee", "charge", "pay", "send", "deposit", "top", "lik",
    "follow", "rat", "mag", "earn", "make", "spare", "task", "phone", "mobile", "review", "day",
    "bring", "lipa", "lipia", "yuran", "slot", "regist", "unlock", "roz", "diari", "pago", "siku",
    "sehari", "para",
)  # fmt: skip
# Volunteers are recruited for a few hours a day too ("Recruiting parents for the book fair").
_VOLUNTEER: Final = re.compile(
    r"(?i)\bvolunteers?\s+(?:needed|wanted|required)|\b(?:recruiting|looking\s+for|need)\s+"
    r"(?:\w+\s+)?volunteers?\b|\bvolunteer\s+(?:opportunit|shifts?|roles?|positions?)"
)
# How much of a text the job offer's and the "Hi Mum" text's finders read.
OFFER_REACH: Final = 2000


def find_job_offer(
    text: str,
    words: WordSet | None = None,
    *,
    lowered: str | None = None,
    at: Occurrences | None = None,
) -> str | None:
    """A job or task offer with its bait (``_JOB_OFFER``, ``_JOB_BAIT``): the bait as written,
    if the text gives both.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        lowered: ``text.lower()`` when the caller has it already.
        at: the text's trigger words with their positions (``TriggerIndex.present``).
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_JOB_OFFER_WORDS) and words.isdisjoint(_JOB_OFFER_MORE_WORDS):
        return None
    lowered = text.lower() if lowered is None else lowered
    head = lowered[:OFFER_REACH]
    # Tried only where an offer's own word starts ("work", "home" and "online" are common).
    offer = first_match_within(_JOB_OFFER, lowered, OFFER_REACH, words, at, _JOB_OFFER_WORDS)
    if offer is None and not words.isdisjoint(_JOB_OFFER_MORE_WORDS):
        offer = first_match_within(
            _JOB_OFFER_MORE, lowered, OFFER_REACH, words, at, _JOB_OFFER_MORE_WORDS
        )
    if offer is None or _VOLUNTEER.search(head) is not None:
        return None
    if head.isascii() and not any(part in head for part in _JOB_BAIT_PARTS):
        return None
    bait = _JOB_BAIT.search(head)
    return None if bait is None else as_written(text, lowered, bait).rstrip(".,")


def job_offer_trigger_words() -> WordSet:
    """The words without which ``find_job_offer`` finds nothing."""
    return _JOB_OFFER_WORDS | _JOB_OFFER_MORE_WORDS


# The "Hi Mum" scam (the UK's Action Fraud and the FTC warn of it; Nigeria, India and the
# Philippines have it in their languages): a text that opens by calling the reader a parent or
# grandparent, says the sender's number is new or temporary or the phone lost, broken or
# someone else's, and asks for money or to move the chat to WhatsApp or Telegram. A child's
# real "got my new phone today!", "new number, save it" or "lost my phone charger, can you send
# it" asks for neither. The reader must be addressed as a parent at the text's start ("Hi Mum,",
# "Hey dad", "Morning Mum"; not "Tell dad ..." or "Mum's phone ..."; not "ma" or "mam", how
# staff and tradespeople address a customer in Nigeria and India); the claim and the ask may
# come anywhere in the text read.
_PARENT: Final = (
    r"(?:mum|mom|mummy|mommy|mama|mother|dad|daddy|papa|father|grandma|grandpa|granny|nana|"
    r"nanay|inay|tatay|grandad|granddad|grandmother|grandfather)"
)
# Session 23: a relative's or a friend's impostor ("Bhai ye mera new number hai", "Bros na me
# Tunde, I dey use my sister phone", "Hi, main Rajesh uncle bol raha hu, ye mera naya number",
# "Hi beta, papa here") makes the same claim and ask; the Philippines' "Ma," too, with a
# Tagalog claim (``_TAGALOG_NEW_PHONE``): a shop's "Ma, your order is ready" makes none. "si"
# only as the Tagalog "si Jun ito", not the English nickname ("Hey Si it's Rob").
_KIN: Final = (
    r"(?:bhai|bhaiya|bro|bros|broda|brother|sis|sister|pre|uncle|aunty|auntie|tita|tito|beta|"
    r"oga|kuya|ate|cuz|cousin)"
)
# Greetings as they open a text in the covered countries (session 25, blind set 16: Jamaica's
# "Wah gwaan", Ghana's "Chale", Nigeria's "How far?", Pakistan's "Assalam o Alaikum").
_GREETING: Final = (
    r"(?:hi|hello|hey|heyy|hiya|hii|aye|yo|morning|evening|good\s+(?:morning|evening|"
    r"afternoon)|wah\s+gwaan|wa\s+gwaan|wagwan|chale|how\s+far|as+alam\w*(?:\s+o)?\s+alaikum|niaje|"
    r"salaam|salam)"
)
_FAMILY_OPENING: Final = re.compile(
    r"(?i)\A[^\w]{0,4}+(?:(?:" + _GREETING + r"|it['’]?s\s+me|its\s+me|abeg|main)[\s,!.?]{1,3}+)"
    r"{0,2}+(?:my\s+)?(?:dear\s+)?(?:" + _PARENT + r"|" + _KIN + r")\b(?!['’]s\b)|"
    r"\A[^\w]{0,4}+(?:(?:" + _GREETING + r"|abeg)[\s,!.?]{1,3}+)?(?:na\s+me|ni\s+mimi|"
    r"si(?=\s+\w+\s+(?:po\s+)?(?:ito|to|['’]to|eto)\b))\s+\w+"
)
# "Ma", "Mam" and "Mammy" are also how staff and tradespeople address a customer: they open a
# "Hi Mum" text only when the sender announces himself without a name ("Hey ma, it's me", "Aye
# mammy is me").
_ME_OPENING: Final = re.compile(
    r"(?i)\A[^\w]{0,4}+(?:" + _GREETING + r"[\s,!.?]{1,3}+)?(?:ma|mam|mammy|mumma|mamma)"
    r"[\s,!.]{1,3}+(?:(?:it['’]?s|its|is)\s+me|a\s+mi\s+dis|"
    # Session 27 (blind set 21): Ireland's "Hi Mam, broke my phone so this is my new number"
    r"(?:i\s+)?(?:lost|broke|smashed|dropped|cracked)\s+my\s+phone|my\s+phone['’]?s?\s+(?:is\s+)?"
    r"(?:broken|broke|smashed|dead|gone|lost))\b"
    # Session 27 (blind sets 23 and 26): no one addressed, but the sender announced without a
    # name ("Hey it's me, new number. Lost my phone ...", "Wah gwaan, a mi dis, mi phone drop
    # inna wata"); the claim and the ask must still follow
    r"|\A[^\w]{0,4}+" + _GREETING + r"[\s,!.?]{1,3}+(?:it['’]?s\s+me|its\s+me|a\s+mi\s+dis)"
    r"[\s,!.]"
)
_MA_OPENING: Final = re.compile(
    r"(?i)\A[^\w]{0,4}+(?:(?:hi|hello|hallo)[\s,!.?]{1,3}+)?ma\b[\s,!.]"
)
_TAGALOG_CLAIM: Final = (
    r"bagong\s+number|bago\s+(?:kong|na)\s+number|nasira\s+(?:ang\s+|yung\s+)?phone|"
    r"nagpalit\s+(?:ako\s+)?(?:ng\s+)?number"
)
# Session 27 (blind sets 23 and 26): Afrikaans's "Hallo Ma, dis my nuwe nommer. My foon het
# gebreek" after "Ma," too.
_TAGALOG_NEW_PHONE: Final = re.compile(
    r"(?i)\b(?:" + _TAGALOG_CLAIM + r"|nuwe\s+nommer|foon\s+(?:het\s+)?(?:gebreek|gesteel|weg))"
)
_NEW_PHONE: Final = re.compile(
    r"(?i)\b(?:new\s+(?:number|no\b|#|sim|line|mobile\s+number)|temp(?:orary)?\s+(?:number|phone)|"
    r"(?:lost|broke|dropped|smashed|cracked|damaged)\s+(?:my\s+)?phone\b(?!\s+(?:charger|case|"
    r"cover|cable))|phone['’]?s?\s+(?:is\s+)?(?:fell|broke|broken|smashed|damaged|spoil|died|"
    r"got\s+stolen|was\s+stolen|stolen)|using\s+a\s+friend['’]?s?\b|(?:friend|mate|sister|"
    r"brother|cousin|colleague)['’]?s?\s+(?:phone|number)|naya\s+number|"
    + _TAGALOG_CLAIM
    + r"|change[d]?\s+(?:my\s+)?number|don\s+change\s+number|"
    r"namba\s+(?:yangu\s+)?mpya|simu\s+yangu\s+(?:imeibiwa|imepotea|imeharibika|imevunjika|"
    r"imezima)|nimetumia\s+ya\s+\w+|(?:dey\s+)?use\s+(?:my\s+)?(?:another\s+person|someone|"
    r"somebody|sister|brother|friend|mate)['’]?s?\s+phone|loaner\s+phone|"
    # Session 25: "phone's munted", "banjaxed", "phone band hai", "mi phone drop inna water",
    # "mine get tief", "using my mate's", "dost ka number".
    r"phone['’]?s?\s+(?:is\s+)?(?:munted|banjaxed|busted|kaput|cactus|stuffed|rooted|band\s+hai|"
    r"kharab\s+hai)|"
    r"nimebadilisha\s+(?:line|laini|namba)|"
    r"phone\s+(?:drop|dropped|fell|fall)\s+(?:in|inna|into)\s+(?:the\s+)?(?:water|wata|toilet|pool|"
    r"river|sea)|(?:get|got)\s+(?:tief|tiefed|teef)|using\s+(?:my|a)\s+(?:mate|friend|sister|"
    r"brother|cousin)['’]?s?\b|dost\s+ka\s+(?:number|phone|fone)|on\s+(?:the|my)\s+new\s+"
    r"phone|locked\s+out\s+of\s+my\s+bank|bank(?:ing)?\s+app(?:['’]s|\s+is)?\s+(?:locked|blocked|"
    r"won['’]?t))"
)
# The grandparent scam (the FTC's and the RCMP's warnings): a grandchild "in trouble" (bail,
# an arrest, a police station, a lawyer) who begs the reader not to tell a parent, asks for
# money or a call to a number. A grandchild's real "don't tell mom about the tattoo" has no
# arrest or bail in it.
_TROUBLE: Final = re.compile(
    r"(?i)\b(?:bail|arrested|in\s+jail|police\s+station|lawyer|attorney|(?:got\s+)?in(?:to)?\s+"
    r"(?:some\s+)?trouble)\b"
)
# Review (session 23): "in trouble" or a lawyer alone is a grandchild's everyday news ("in trouble
# with my coach lol", "I'm shadowing a lawyer", "a bail hearing" on jury duty): the sender must
# say he is held himself, or that bail is needed.
_CUSTODY: Final = re.compile(
    r"(?i)\b(?:i|i['’]ve|i\s+have|i\s+was|i['’]m|i\s+am)\s+(?:just\s+)?(?:been\s+|got\s+|"
    r"gotten\s+|being\s+)?(?:arrested|detained|locked\s+up|held\b)|\b(?:i['’]?m|i\s+am)\s+"
    r"(?:\S+\s+)?(?:in|at)\s+(?:the\s+|a\s+)?(?:county\s+)?(?:jail|custody|prison|"
    r"(?:police\s+)?cell|police\s+station)|"
    r"\bbail\s+(?:money|is|of)\b|\b(?:need|post|pay|for)\s+(?:\S+\s+){0,2}?bail\b(?!\s+hearing)"
)
_SECRET: Final = re.compile(
    r"(?i)\b(?:(?:don['’]?t|do\s+not|dont|please\s+don['’]?t)\s+tell\s+(?:my\s+)?(?:mom|mum|dad|"
    r"parents|anyone|anybody|mama|papa)|keep\s+(?:this|it)\s+between\s+us)\b"
)
# The ask: a move to another app, or money: a sum asked for, a bill or a payment to be paid, a
# loan, a transfer through a payment app. Review (session 23): not a mention of WhatsApp ("the
# WhatsApp group", "send me the pics on WhatsApp"), a favour spelled out ("a favour and feed the
# cat"), a call back, the sender's own payment ("I'll transfer you the $120", "GPay kar dunga"),
# a sum the reader knows of ("the £300 deposit", "the 2019 P60"), a time, a year or a count
# ("at 0600", "10k steps", "300 words").
_FAMILY_ASK: Final = re.compile(
    r"(?i)\b(?:drop\s+me\s+a\s+(?:whats\s?app|wa|telegram)\b|"
    r"(?:message|msg|text|add|chat|drop\s+me\s+a\s+(?:message|msg|line|text)|reach|"
    r"contact|dm|ping)\s+(?:me\s+)?(?:\S+\s+){0,2}?(?:on|in|via|for)\s+(?:whats\s?app|telegram)\b"
    r"(?!\s+group)|(?:whats\s?app|telegram)\s+(?:me\b|(?:pe|par)\s+(?:save|message|msg|add))|"
    r"msg\s+me\s+on\s+wa|text\s+me\s+(?:back\s+)?on\s+(?:here|this)(?!\s+(?:from\s+now|if|when))|"
    r"(?:(?<!\bi['’]ll\s)(?<!\bi\swill\s)(?:send|transfer|lend|loan|pay|borrow|gpay|padalhan|"
    r"nitumie|tuma|flick|help\s+me\s+with)(?!\s+(?:you|u|ya)\b)|(?<!\byou\s)(?<!\bstill\s)"
    r"need)\s+"
    r"(?:me\s+)?(?:(?!(?:the|that|ile)\s)\S+\s+){0,3}?(?:(?:j|tt|s|us)?[£$€₹₱₦]\s?\d[\d,.]*|"
    r"rs\.?\s?\d[\d,.]*|"
    r"inr\s?\d[\d,.]*|php\s?\d[\d,.]*|p\d[\d,.]*|n\d[\d,.]*k?|r\d[\d,.]*|ksh\s?\d[\d,.]*|"
    r"\d+\s?k(?!\s+(?:steps|run|race|of)\b)|(?!0)(?:\d{3,}+|\d{1,3}+(?=,\d{3}))[\d,.]*+"
    r"(?!\s?(?:words|pages|steps|g|gm|kg|ml|km|miles)\b))|"
    r"(?<!n't\s)(?<!n’t\s)(?<!not\s)(?<!dont\s)(?:need|help)\s+(?:\S+\s+){0,3}?(?:payment|bill|"
    r"money|cash)|(?:\d{3,}|\d{1,3}(?=,\d{3}))"
    r"[\d,.]*\s+(?:bhejo|bhej\s+d[oe]|(?:g-?pay|transfer|send|easypaisa|jazzcash|paytm|phonepe)\s+"
    r"kar\s+d[oe])|"
    r"(?:pay|settle)\s+(?:it|this|the\s+bill|a\s+bill|my\s+bill|my\s+rent)\s+for\s+me|"
    # Afrikaans: "R1,500 stuur", "stuur vir my R800"
    r"r\s?\d[\d,.]*\s+(?:vir\s+my\s+)?stuur|stuur\s+(?:vir\s+)?(?:my\s+)?r\s?\d|"
    r"can\s+(?:you|u)\s+(?:pay|cover|lend|transfer)(?!\s+(?:the|you|at|for)\b|\s+me\s+back|"
    r"\s+my\s+shift)|(?<!\bi['’]ll\s)(?:google\s+pay|g-?pay|gcash|zelle|venmo|cash\s?app|paytm|"
    r"upi)(?!\s+(?:you|u)\b|\s+me\s+(?:the|that|your|ur|back)\b|\s+kar\s+dung[ai]|\s+id\s+"
    r"(?:wahi|vahi|same))|bank\s+transfer|"
    r"favou?r(?![\s,:;–—-]*(?:and|can|could|would|please|pls|to|karna|kar)\b|\s*[-–—:])|"
    r"pa-?send(?!\s+(?:naman\s+|nga\s+|mo\s+)*(?:ng\s+)?(?:picture|pic|pics|litrato|photo|copy|"
    r"kopya|address|recipe|link|birth))|pa-?load|paload|padalhan|"
    r"(?:call|ring)\s+(?:my|the)\s+(?:lawyer|attorney|solicitor|public\s+defender|bondsman))\b"
)
# Money a real relative, friend, tradesman or maid asks for is owed or shared ("your half is
# $725", "you still owe me £20", "N5,000 per family", "salary", "3000 baki hai", "the pepper you
# ordered", "like we agreed"); a scammer's is his own sudden need.
_OWED: Final = re.compile(
    r"(?i)\b(?:you\s+(?:still\s+)?owe\s+me|(?:your|ur|aapka|apna)\s+(?:share|half|part|portion|"
    r"cut)|share\s+mo|split(?:ting)?\s+(?:the|it)|\d[\d,.]*k?\s+each|per\s+(?:person|head|family|"
    r"household|member)|chip(?:ping)?\s+in|contribution|mchango|harambee|levy|dues|salary|wages|"
    r"sahod|mshahara|baa?ki\s+hai|dena\s+hai|you\s+ordered|your\s+order|(?:remaining|outstanding|"
    r"your)\s+balance|balance\s+(?:is|na|ni|due)|ready\s+ha[ai]n?|tapos\s+na|like\s+(?:we|you)\s+"
    r"(?:agreed|said|discussed)|as\s+agreed)\b"
)
# An ask taken back: "Don't need to send anything".
_NO_ASK: Final = re.compile(r"(?i)\b(?:don['’]?t|do\s+not|no\s+need\s+to)\s+(?:need\s+to\s+)?send")
_FAMILY_WORDS: Final = _triggers(
    re.compile(r"\b(?:" + _PARENT + r"|" + _KIN + r"|na|ni|si|ma|mam|mammy|mumma|mamma|me|mi)\b")
)


def find_family_impostor(text: str, words: WordSet | None = None) -> str | None:
    """A "Hi Mum" scam's opening (``_FAMILY_OPENING``, ``_NEW_PHONE``, ``_FAMILY_ASK``): the
    sender's claim of a new or lost phone as written, if the text makes it to a parent with an
    ask.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_FAMILY_WORDS):
        return None
    head = text[:OFFER_REACH]
    if _FAMILY_OPENING.match(text) is not None or _ME_OPENING.match(text) is not None:
        claim = _NEW_PHONE.search(head)
    elif _MA_OPENING.match(text) is not None:
        claim = _TAGALOG_NEW_PHONE.search(head)
    else:
        return None
    if (
        _FAMILY_ASK.search(head) is None
        or _NO_ASK.search(head) is not None
        or _OWED.search(head) is not None
    ):
        return None
    if claim is not None:
        return claim.group()
    # The grandparent scam: trouble kept from a parent, no new phone needed.
    custody = _CUSTODY.search(head)
    if custody is not None and _SECRET.search(head) is not None:
        trouble = _TROUBLE.search(head)
        return (custody if trouble is None else trouble).group()
    return None


def family_impostor_trigger_words() -> WordSet:
    """The words without which ``find_family_impostor`` finds nothing."""
    return _FAMILY_WORDS


# A request to hand over a code that was sent to the reader's phone: the one-time code that
# takes over their WhatsApp, Google Voice number, bank or wallet (the FTC, Action Fraud and
# India's CERT-In warn of it: "I sent a 6 digit code to your number by mistake, can you forward
# it to me?", a "buyer" who wants to "verify you're real" with a code, a "support" text saying
# "reply with the code we just sent you"). Banks' and apps' own texts say the opposite ("do not
# share this code with anyone") and give the code itself, which a thief cannot; a ride's or a
# delivery's code is shared with the driver or the agent. Read in the text's first
# ``OFFER_REACH`` characters:
# * an ask to give a code to the sender (``_CODE_ASK``): "send/forward/give it to me", "send/
#   tell/text me the code", "reply with the code", "read it back", "what's the code?", Hindi
#   "bata do", "bhej do", Pidgin "send am give me", Tagalog "paki-send", "send mo yung OTP";
#   not after a warning against it (``_NOT_ASKED``);
# * that the code is the reader's: words saying it went to the reader (``_SENT_TO_READER``:
#   "to your number", "I'm sending you a code", "the OTP you receive", "aapke phone pe", "sa
#   number nyo"), or for an ask that names the code, a one-time
#   code by its name (``_ONE_TIME_CODE``: an OTP, a verification, security, login or reset code,
#   a 6-digit code);
# * and not: the code's own value in the text (``_CODE_VALUE``: the issuer's own notice), nor
#   only codes of other kinds (``_OTHER_CODE``: a zip, promo, gate, wifi or dial-in code, an
#   Indian "pin code", which is a postal code).
_ANY_CODE: Final = re.compile(r"(?i)\b(?:codes?|otps?|pins?|passcodes?|digits?|numbers?|kod|tac)\b")
_CODE_WORDS: Final = _triggers(_ANY_CODE)
_CODE_NOUN: Final = (
    r"(?:codes?|otps?|pins?|passcodes?|kod|tac|(?:\d|six|four)[\s-]?digits?(?:\s+(?:codes?|"
    r"numbers?|pins?))?)"
)
_WORDS_BEFORE: Final = r"(?:[\w'’-]+\s+)"
_CODE_ASK: Final = re.compile(
    r"\b(?:"
    # session 27 (blind set 23): "the OTP we just sent you. Kindly provide it", Swahili's "tuma
    # hiyo code kwa hii number"
    r"(?:kindly\s+|please\s+)?provide\s+(?:it|the\s+(?:otp|code|pin))\b|tuma\s+(?:hiyo|hii|ile)\s+"
    r"(?:code|namba\s+ya\s+siri|pin)\b|"
    # "forward it to me", "send the code back to me", "read it back to me"
    r"(?:send|forward|fwd|text|read|pass|give|share|tell|say)\s+(?:(?:it|that|this|them|the\s+"
    + _WORDS_BEFORE
    + r"{0,3}?"
    + _CODE_NOUN
    + r")\s+)?(?:back\s+)?(?:to|with)\s+(?:me|us)\b|"
    # Session 25 (blind set 17): "share it with our agent", "give it to our officer"
    r"(?:send|forward|share|give|read|tell)\s+(?:it|that|them|the\s+"
    + _WORDS_BEFORE
    + r"{0,3}?"
    + _CODE_NOUN
    + r")\s+(?:to|with)\s+(?:our|my)\s+(?:agent|officer|representative|rep|team|staff|"
    r"colleague|executive|advisor|adviser)s?\b|"
    # Session 26: a one-time code shared with "our executive", or shared "to activate" a
    # card or a limit ("share the OTP received with our executive", "Share OTP received to
    # activate", "share OTP for activation"): the vishing caller's own ask
    r"(?:send|forward|share|give|tell|provide)\s+(?:the\s+|that\s+|this\s+)?(?:otp|code|pin)\s+"
    r"(?:\w+\s+){0,2}?(?:to|with)\s+(?:our|my)\s+(?:executive|agent|officer|representative|rep|"
    r"team|staff|colleague)s?\b|"
    r"(?:send|forward|share|give|tell|provide)\s+(?:the\s+)?(?:otp|code)\s+(?:received\s+|you\s+"
    r"(?:received|get|got)\s+)?(?:to\s+(?:activate|unlock|verify|complete|process|upgrade|"
    r"increase)|for\s+(?:the\s+)?(?:activation|verification|unlocking|upgrade|processing))\b|"
    # Malay: "boleh forward 6 digit tu kat I", "hantar kod tu kepada saya"
    r"(?:forward|hantar|bagi|beri)\s+(?:\S+\s+){0,3}?(?:kat|kpd|kepada|pada)\s+(?:i|saya|aku|kami)\b|"
    r"read\s+(?:it|them|that|the\s+"
    + _WORDS_BEFORE
    + r"{0,3}?"
    + _CODE_NOUN
    + r")\s+(?:back|out)\b|"
    # "send it back", "text it over", "send back the code"
    r"(?:send|text|forward|fwd|pass|give|read)\s+(?:it|that|them|this)\s+(?:back|over)\b|"
    r"(?:send|text|reply|forward)\s+back\s+(?:the|that|this|your)\s+"
    + _WORDS_BEFORE
    + r"{0,3}?"
    + _CODE_NOUN
    + r"|"
    # "send me the OTP", "tell me the 6 digit number", "send me that", "read me the numbers"
    r"(?:send|forward|fwd|text|give|tell|share|read)\s+(?:me|us)\s+(?:(?:that|this|it|them|what\s+"
    r"it\s+says)\b|(?:the\s+)?numbers?\b|" + _WORDS_BEFORE + r"{0,5}?" + _CODE_NOUN + r")|"
    # "reply with the code", "reply with it"
    r"(?:reply|respond|answer)(?:ing)?\s+(?:back\s+)?with\s+(?:(?:it|that|them)\b|"
    + _WORDS_BEFORE
    + r"{0,3}?(?:"
    + _CODE_NOUN
    + r"|numbers?\b))|"
    # "send the 6 digit code we sent you", not "share the code with the captain"
    r"(?:send|forward|share|give|provide)\s+(?:us\s+)?(?:the|that|this|your|yung|ang)\s+"
    + _WORDS_BEFORE
    + r"{0,3}?"
    + _CODE_NOUN
    + r"(?![^.!?\n]{0,40}?\b(?:with\s+(?!me\b|us\b)[a-z]|to\s+(?:the|our|a|an|him|her|them)\b))|"
    # "give him the code you receive", "tell the agent the OTP"
    r"(?:give|tell)\s+(?:him|her|them|our\s+\w+|the\s+(?:agent|caller|officer))\s+(?:the|that|this|"
    r"your)\s+" + _WORDS_BEFORE + r"{0,3}?" + _CODE_NOUN + r"|"
    # "what's the code?", "what is the code they sent you?", "what does it say?"
    r"what(?:['’]s|\s+is|\s+was)\s+(?:the|that|this|your)\s+"
    + _WORDS_BEFORE
    + r"{0,2}?(?:codes?|otps?|pins?|number)\b|what\s+does\s+it\s+say|"
    # Hindi: "woh code bata do", "OTP bhej dijiye", "code forward kar do"
    + _CODE_NOUN
    + r"\b[^.!?\n]{0,60}?\b(?:bata\s*(?:do|dijiye|dijie|dena|de|dein|o)|bataiye|bataye|batayein|"
    r"batayiye|batayie|"
    r"batao|batado|bhej(?:o|ein|en|iye|\s*(?:do|dijiye|dijie|dena|de|dein|kar))|(?:send|share|forward|"
    r"fwd)\s+"
    r"(?:kar\s*(?:do|dijiye|dijie|dena|de|dein|o)|kijiye|karo))|"
    # Pidgin: "send am give me"
    r"(?:send|forward|fwd|give|text)\s+am\s+(?:give|for|to)\s+(?:me|us)|"
    # Tagalog: an ask with the code named in its sentence, or "send mo yung OTP"
    r"(?:paki-?\s?(?:send|forward|sabi|bigay|reply|text)|i-?(?:send|forward|reply|text)\s+(?:mo\s+)?"
    r"(?:na\s+)?(?:lang\s+)?(?:po\s+)?(?:sa\s+(?:akin|amin)|sakin|samin|ang|yung)|ibigay\s+(?:mo\s+)?"
    r"(?:na\s+)?(?:sa\s+)?(?:akin|sakin))(?=[^.!?\n]{0,60}?\b(?:codes?|otps?|pins?)\b)|"
    r"(?:codes?|otps?|pins?)\b[^\n]{0,80}?\b(?:paki-?\s?(?:send|forward|sabi|bigay|reply)|"
    r"i-?(?:send|forward|reply)|ibigay)|"
    r"send\s+mo\s+(?:na\s+)?(?:lang\s+)?(?:po\s+)?(?:yung|ang)\s+(?:\w+\s+){0,2}?(?:codes?|otps?|pins?)"
    r")"
)
# An ask that names no code ("forward it to me", "send me that", "what does it say?") is one only
# where the text says the code went to the reader.
_PRONOUN_ASK: Final = re.compile(
    r"(?:\b(?:it|that|this|them|numbers?)\b|what\s+does\s+it\s+say)(?:\s+(?:back|over|out))?"
    r"(?:\s+(?:to|with)\s+me)?\W*\Z"
)
_ONE_TIME_CODE: Final = re.compile(
    r"\b(?:otps?|tac|one[\s-]?time\s+(?:pass(?:word|code)?|code|pin)|(?:verification|verify|"
    r"security|login|log-in|sign-in|reset|authentication|auth|2fa|whats\s?app|google(?:\s+voice)?|"
    r"sms)\s+codes?|(?:[5-8]|six)[\s-]?digits?(?:\s+(?:codes?|numbers?|pins?))?)\b"
)
_SENT_TO_READER: Final = re.compile(
    r"\b(?:(?:to|on|in)\s+(?:your|ur|yr)\s+(?:number|phone|line|mobile|cell|device|inbox|"
    r"messages|sms)|"
    # Urdu's "aap ko mila hai", Swahili's "umepokea" (you received; session 27)
    r"aa?p\s*ko\s+mila|aa?p\s*ke\s+number\s+(?:par|pe)|umepokea|"
    # "the code went to you", "a code will come to you", "they sent the reset code to you"
    r"(?:code|otp|pin|it|sms|text|message)\s+(?:\w+\s+)?(?:went|came|gone|go|will\s+come|is\s+"
    r"coming)\s+(?:to\s+)?(?:you|u|your)\b|(?:sent|texted|went|came|gone)\s+(?:\S+\s+){0,4}?to\s+"
    r"(?:you|u)\b|"
    # "we just sent", "I'm sending you a code", "the code Google sends you"
    r"(?:we|i)(?:['’]ve|\s+have)?\s+(?:just\s+)?(?:sent|texted)\b|(?:will|gonna|going\s+to|about\s+to|"
    r"['’]ll|['’]m|am|is|are|has|have)\s+(?:just\s+)?(?:send|sends|sending|sent|text|texts|"
    r"texting)\s+(?:you|u)\s+(?:a|an|the|one|my)\s+(?:[\w-]+\s+){0,2}?(?:code|otp|pin|text|sms)|"
    r"(?:code|otp|pin|it)\s+(?:\w+\s+)?(?:sends|sent)\s+(?:to\s+)?(?:you|u)\b|"
    # Session 25 (blind set 17): "the code I'm about to text you"; Tagalog "nag-send po ng code";
    # Malay "ke nombor you"
    r"(?:code|otp|pin)\s+(?:that\s+)?(?:i|we)(?:['’]m|\s+am|['’]ll|\s+will|['’]re|\s+are)?\s+"
    r"(?:about\s+to\s+|going\s+to\s+|gonna\s+)?(?:send|text)(?:ing)?\s+(?:you|u)\b|"
    r"nag-?send\s+(?:po\s+)?(?:(?:ako|kami)\s+)?(?:ng|nang)\s+(?:code|otp)|"
    r"ke\s+(?:nombor|no\.?|phone|fon)\s+(?:you|anda|awak|kau|u)\b|"
    # "you will get a code", "the OTP you receive", not "when you get a chance"
    r"(?:you|u)(?:['’]ll|['’]d|\s+will|\s+should|\s+just|\s+have|\s+now|\s+might|\s+may)?\s+(?:get|"
    r"got|receive[ds]?|received)\s+(?!(?:a\s+)?(?:chance|sec|second|minute|min|moment|home|back|"
    r"here|there|off|in|up|out|this|it)\b)(?:a|an|the|one|some|my|\d|text|code|sms|message|otp)\b|"
    r"(?:code|otp|pin|number)s?\s+(?:that\s+|which\s+)?(?:you|u)\s+(?:just\s+)?(?:received|receive|"
    r"got|get)\b|"
    # Hindi, Tagalog, Pidgin
    r"aapke\s+(?:number|phone|mobile|fone)|tumhare\s+(?:number|phone|mobile)|aaya\s+(?:hoga|hai|h)\b|"
    r"aayega|sa\s+(?:number|phone|cellphone|cp)\s+(?:nyo|niyo|mo|ninyo)|sa\s+(?:inyo|iyo)\b|"
    r"natanggap|matatanggap|dumating|(?:enter|entered|land|landed|drop|come)\s+(?:for\s+|inside\s+|"
    r"in\s+|to\s+)?(?:your|ur)\s+(?:phone|line|number)|wey\s+(?:dem|we|i)\s+send)"
)
# The code's own value: its issuer's notice ("Share OTP 4821 with driver", "482913 is your
# OTP"), which no thief can give.
_CODE_VALUE: Final = re.compile(
    r"\b(?:otp|code|pin|passcode|password)\b[^.!?\n\d]{0,25}?(?<![\d+])(?:\d{4,8}|\d{3}[-\s]"
    r"\d{3})(?![-\s]?\d)|(?<![\d+])\d{4,8}\s+is\s+(?:your|the)\b"
)
# Codes of other kinds, by the word before them (an Indian "pin code" is a postal code).
_CODE_NAMED: Final = re.compile(r"\b(?:codes?|otps?|pins?(?!\s+codes?)|passcodes?)\b")
_OTHER_CODE: Final = re.compile(
    r"\b(?:zip|postal|post|area|pin|promo|promotional|discount|coupon|voucher|referral|invite|"
    r"invitation|gift|card|dress|class|classroom|course|gate|door|garage|lockbox|lock|alarm|wi-?fi|"
    r"room|parking|dial-?in|country|qr|bar|source|cheat|tracking|booking|confirmation|access|"
    r"membership|rewards?|group|meeting|zoom|event|ticket|boarding|locker|safe|building|entry|game|"
    r"redeem|redemption|recharge|airtime|storage|unit|tv|activation)\s+(?:card\s+)?\Z"
)
_OTHER_CODE_REACH: Final = 30
# An ask warned against earlier in its sentence: "do not share this code", "if anyone asks you to
# send it", "no bank staff will ever ask", Hindi "kisi ko mat batana", Tagalog "huwag".
_NOT_ASKED: Final = re.compile(
    r"(?:\b(?:do\s+not|don['’]?t|dont|never|won['’]?t|will\s+not|should\s+not|shouldn['’]?t|"
    r"must\s+not)\b|\b(?:if|when|whenever)\s+(?:anyone|someone|somebody|a\s+caller|they)\b|\b(?:no\s+"
    r"one|nobody|no\s+(?:bank\s+)?staff)\b[^.!?\n]{0,30}?\basks?\b|\bmat\s+(?:batana|bhejna|do)\b|"
    r"\bhuwag\b|\bkisi\s+ko\b)[^.!?\n]{0,40}\Z"
)
_NOT_ASKED_REACH: Final = 60
#: At most this many codes and asks of a text are read.
_MAX_CODES_READ: Final = 16


def find_code_request(text: str, words: WordSet | None = None) -> str | None:
    """A request to give the sender a code the reader received (see ``_CODE_ASK`` and the
    notes above it): the ask as written, if any.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_CODE_WORDS):
        return None
    head = text[:OFFER_REACH]
    lowered = head.lower()
    # The asks first: most texts with a code's word ask for none.
    asks = [
        ask
        for ask in itertools.islice(_CODE_ASK.finditer(lowered), _MAX_CODES_READ)
        if _NOT_ASKED.search(lowered, max(0, ask.start() - _NOT_ASKED_REACH), ask.start()) is None
    ]
    if not asks or _CODE_VALUE.search(lowered) is not None:
        return None
    named = _ONE_TIME_CODE.search(lowered) is not None
    if not named:
        codes = list(itertools.islice(_CODE_NAMED.finditer(lowered), _MAX_CODES_READ))
        if codes and all(
            _OTHER_CODE.search(lowered, max(0, code.start() - _OTHER_CODE_REACH), code.start())
            for code in codes
        ):
            return None
    sent = _SENT_TO_READER.search(lowered) is not None
    for ask in asks:
        if sent or (named and _PRONOUN_ASK.search(ask.group()) is None):
            return _as_written(head, lowered, ask)
    return None


def code_request_trigger_words() -> WordSet:
    """The words without which ``find_code_request`` finds nothing."""
    return _CODE_WORDS


# A threat in an authority's name made to the reader: a warrant for their arrest, their arrest,
# prosecution or a lawsuit, a case or a complaint against them, or their identity number (SSN,
# National Insurance number, NIN, BVN, PAN, Aadhaar, TIN) suspended or tied to a crime.
# Government impersonation (the FTC's, HMRC's and India's "digital arrest" warnings) presses
# people to call or pay with these; agencies and courts never text them. The reader must be the
# one threatened, in the phrase itself ("a warrant for your arrest", "you will be arrested",
# "a case registered against your Aadhaar"): a news alert's "arrest warrant issued for the
# former mayor" and a law firm's "the lawsuit against your landlord" threaten nobody. Not:
# * a warning about the scam or news of one (``_AWARE``: "scammers say your SSN has been
#   suspended", "no police will arrest you on a video call", "report it at cybercrime.gov.in");
# * a court's, a jury office's or a bail bondsman's reminder of what follows a missed date
#   (``_CONDITION``: "if you fail to appear, a warrant may be issued");
# * a threat with no one named ("legal action will commence", "arrest warrant pending"), unless
#   the text names an agency and speaks to the reader (``_NAMELESS_THREAT``, ``_AGENCY``).
# The lure signal also wants a number or a link to answer on. Reviewed (session 21) on 109 real
# texts about warrants, courts, police and identity numbers and 45 scams: 5 and 35 flagged.
_IDENTITY: Final = (
    r"(?:ssn|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?|nin|national\s+insurance\s+(?:number|no\.?)|"
    r"ni\s+number|pan|aadhaa?r|bvn|tin|cnic|pps|nric|emirates\s+id|sin\s+(?:number|no\.?)|"
    r"social\s+insurance\s+(?:number|no\.?))"
)
_CRIME: Final = (
    r"(?:a\s+|an\s+|the\s+)?(?:crimes?|criminal|illegal|illicit|fraud(?:ulent)?|money\s+laundering|"
    r"drugs?|narcotics?|terror\w*|smuggling|trafficking|hawala|(?:ongoing\s+|active\s+)?"
    r"investigation)"
)
_READER_NAMED: Final = (
    r"(?:you\b|u\b|your\s+(?:arrest|name|ssn|aadhaa?r|pan|nin|bvn|emirates\s+id|cnic|nric|pps(?:\s+"
    r"number)?)\b|your\s+failure\s+to\s+(?:appear|"
    r"report|attend)\b|ur\s+name\b|aap(?:ke|ka)?\b)"
)
_AUTHORITY_THREAT: Final = re.compile(
    r"\b(?:"
    # a warrant named for the reader, or out against them
    r"(?:(?:arrest|bench|non[-\s]?bailable|federal)\s+)?warrants?\s+(?:of\s+arrest\s+)?"
    r"(?:(?:has|have)\s+been\s+|is\s+|was\s+|(?:will|may|shall|could)\s+(?:be\s+)?)?"
    r"(?:issued\s+|out\s+|pending\s+|filed\s+|signed\s+)?(?:for|against|on|in)\s+(?:the\s+)?"
    + _READER_NAMED
    + r"|(?:you|u)\s+(?:have|has|got|now\s+have)\s+(?:an?\s+)?(?:outstanding|active|pending|open|"
    r"federal|arrest|bench)\s+(?:arrest\s+|bench\s+)?warrants?"
    r"|(?:else|or|otherwise)\s+(?:an?\s+)?(?:arrest|bench|non[-\s]?bailable)\s+warrants?"
    r"|there\s+is\s+(?:an?\s+)?(?:active|outstanding|open|pending)\s+(?:arrest\s+|bench\s+)?"
    r"warrants?\s+(?:for|against|in)\b(?:\s+(?:a\s+)?failure\s+to\s+(?:appear|report)|\s+missed\s+"
    r"jury\s+(?:duty|service)|[^.!?\n]{0,60}?"
    r"\b(?:you\b|your\s+(?:arrest|name)\b))"
    r"|arrest\s+warrants?\s+(?:nikla|jaari|jari)|warrants?\s+of\s+arrest\s+ka\b"
    # the reader missed an appearance and a warrant follows (the jury-duty scam, and real courts)
    r"|(?:you|u)\s+(?:missed|failed\s+to\s+(?:appear|report|attend)|did\s+not\s+(?:appear|report|"
    r"attend)|skipped)\b[^\n]{0,80}?\bwarrants?\s+(?:has|have|is|was|will|may)\b"
    # the reader arrested, detained, prosecuted, sued
    r"|(?:you|u)(?:['’]ll|\s+(?:will|may|might|shall|could|can|are\s+going\s+to|r\s+going\s+to|are\s+"
    r"about\s+to|to))\s+(?:be|get)\s+(?:\w+\s+(?:and\s+)?){0,3}?(?:arrested|detained|prosecuted|sued|"
    r"jailed|picked\s+up|taken\s+into\s+custody)"
    r"|(?:you\s+are|you['’]re|u\s+r|u\s+are)\s+(?:now\s+|hereby\s+)?(?:being\s+(?:prosecuted|sued|"
    r"investigated)|under\s+(?:digital\s+)?arrest|under\s+(?:criminal\s+)?investigation|subject\s+to\s+"
    r"(?:an?\s+)?(?:arrest|warrant))"
    r"|(?:or|else|otherwise)\s+(?:be|get)\s+arrested"
    r"|(?:avoid|face|facing|result\s+in)\s+(?:legal\s+|criminal\s+)?(?:prosecution|arrest|jail|"
    r"imprisonment|being\s+arrested)|before\s+(?:your\s+)?arrest\b"
    # session 27 (blind set 23): French "mandat d'arrêt", "you are involved in a money
    # laundering case", Hindi "parcel ... pakda gaya"
    r"|mandat\s+d['’]arr[êe]t|(?:you\s+are|you['’]re)\s+(?:\w+\s+)?(?:involved|implicated|named)\s+in\s+"
    r"(?:a|an|the)\s+(?:\w+\s+)?(?:money\s+laundering|criminal|fraud|drugs?|narcotics?)\s+"
    r"(?:case|investigation)|(?:parcel|package|courier)\b[^.!?\n]{0,80}?\b(?:pakda|pakdaa|zabt|"
    r"jabt)\s+(?:gaya|kiya|hua)"
    r"|serve\s+(?:you|u)\s+(?:with\s+)?(?:the\s+)?(?:court|legal)\s+(?:papers|documents|summons|notice)"
    # action or a case against the reader
    r"|(?:legal\s+(?:action|proceedings?|case|notice)|(?:court|police|criminal|legal)\s+(?:case|"
    r"action|complaint|charges?)|lawsuit|fir|case|complaint|petition)\s+(?:(?:has|have)\s+been\s+|is\s+"
    r"(?:being\s+)?|was\s+|will\s+be\s+|(?:has|have)\s+)?(?:\w+\s+)?(?:filed\s+|registered\s+|lodged\s+|"
    r"initiated\s+|taken\s+|written\s+|booked\s+|opened\s+)?(?:against|on|under)\s+"
    + _READER_NAMED
    + r"|digital\s+arrest\s+(?:on|of|against)\s+(?:you|u)\b"
    # the reader's identity number suspended or tied to a crime
    r"|"
    + _IDENTITY
    + r"\s+(?:card\s+|number\s+|no\.?\s+)?(?:has\s+been|have\s+been|is(?:\s+being)?|will\s+be|"
    r"was|is\s+going\s+to\s+be|are)\s+(?:temporarily\s+|now\s+|being\s+)?(?:suspended|blocked|frozen|"
    r"cancell?ed|deactivated|revoked|under\s+investigation|(?:linked|connected|associated)\s+(?:to|with)\s+"
    + _CRIME
    + r"|(?:used|misused|involved)\s+(?:in|for)\s+"
    + _CRIME
    + r"|misused)"
    r"|illegal\s+activit(?:y|ies)\s+(?:\w+\s+){0,4}?(?:linked|connected|associated)\s+(?:to|with)\s+your"
    # Hindi and Tagalog
    r"|giraft(?:ar|aari|ari)|fir\s+darj|arrest\s+ho\s+(?:jayega|jaoge|sakte)|(?:aarestuhin|"
    r"huhulihin|hulihin|dadamputin)\b"
    # Session 26, "digital arrest" openers: a parcel in the reader's name seized with contraband
    # ("containing 5 passports and MDMA has been seized by Mumbai Customs"; a real customs
    # notice holds a parcel for its duty, never for drugs), the reader's number cut off for
    # illegal activity (TRAI's name), the reader asked to assist a money-laundering
    # investigation; Malay's "waran tangkap"
    r"|(?:parcel|package|courier|shipment|consignment)\b[^.!?\n]{0,80}?\b(?:illegal|drugs?|mdma|"
    r"narcotics?|contraband|passports|weapons?)\b[^.!?\n]{0,60}?\b(?:seized|confiscated|"
    r"intercepted|detained)|(?:parcel|package|courier|shipment|consignment)\b[^.!?\n]{0,60}?\b"
    r"(?:seized|confiscated|intercepted|detained)\b[^.!?\n]{0,60}?\b(?:illegal|drugs?|mdma|"
    r"narcotics?|contraband|passports|weapons?)\b"
    r"|(?:number|sim|mobile|connection|broadband|internet|line)\s+(?:will\s+be|is\s+being|has\s+been|"
    r"shall\s+be)\s+"
    r"(?:\w+\s+)?(?:disconnected|blocked|suspended|deactivated|barred)\b[^.!?\n]{0,60}?\b(?:illegal|"
    r"unlawful|criminal)\s+activit"
    r"|(?:assist|cooperate|co-operate)\s+(?:in|with)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:money\s+"
    r"laundering|criminal|drugs?|narcotics?)\s+(?:investigation|case|probe)"
    r"|waran\s+tangkap"
    # a parcel "with your Aadhaar" that contains contraband, seized or not (session 27)
    r"|(?:parcel|package|courier|shipment)\s+(?:in\s+your\s+name|with\s+your\s+(?:aadhaa?r|name|"
    r"id|pan))\b[^.!?\n]{0,40}?\b(?:illegal|drugs?|mdma|narcotics?|contraband|passports)\b"
    # Session 27 (blind set 21): the reader's bank account "linked to a money laundering case"
    # (Singapore's police impersonators); Malay's "disyaki terlibat" (suspected of taking part)
    # in a case of money laundering, crime or drugs
    r"|(?:your|ur)\s+(?:bank\s+)?(?:account|acct|a/c)\s+(?:is|was|has\s+been)\s+(?:\w+\s+)?"
    r"(?:linked|connected|associated|involved)\s+(?:to|with|in)\s+(?:a|an|the)\s+(?:\w+\s+)?"
    r"(?:money\s+laundering|criminal|fraud|drugs?|narcotics?|scam)\s+(?:case|investigation|"
    r"probe|syndicate)"
    r"|disyaki\s+terlibat|terlibat\s+(?:dalam|dengan)\s+(?:kes\s+)?(?:pengubahan\s+wang\s+haram|"
    r"jenayah|dadah)"
    r")"
)
# A warning about the scam, or news of one: read as written.
_AWARE: Final = re.compile(
    r"\b(?:scam(?:mer)?s?|fraudsters?|imposters?|impostors?|beware|fake\s+(?:calls?|messages?|"
    r"officers?|police|notices?)|(?:is|are)\s+(?:a\s+)?(?:scam|fraud|fake)|never\s+(?:call|calls|text|"
    r"texts|ask|asks|threaten|threatens|arrest|do|does|will|suspends?|send)|does\s+not\s+(?:exist|"
    r"conduct|do|call|text)|there\s+is\s+no|(?:do\s+not|don['’]?t)\s+(?:panic|pay|fall|be\s+fooled)|"
    r"no\s+(?:govt\.?|government|police|agency|law\s+enforcement|such)\b|report\s+(?:it\s+|them\s+|"
    r"scams?\s+|fraud\s+)?(?:at|on|to)\b|cybercrime\.gov\.in|reportfraud|stay\s+(?:alert|safe|vigilant)|"
    r"claim(?:s|ing)?\s+(?:that\s+)?(?:your|you)|saying\s+(?:that\s+)?(?:your|you))"
)
# A reminder's condition: "if you fail to appear, a warrant may be issued" (courts, jury, bail).
_CONDITION: Final = re.compile(
    r"(?:\bif\s+(?:you|he|she|they|the\s+defendant)\s+(?:fail\s+to|do\s+not|don['’]?t|does\s+not|"
    r"doesn['’]?t|miss(?:es)?|skip(?:s)?)\s+(?:\w+\s+){0,3}?(?:appear|attend|court|show|report|it\b|"
    r"your\s+(?:court|hearing))|\bfailure\s+to\s+(?:appear|attend|report)|\bmissing\s+(?:court|it\b|your\s+"
    r"(?:court|hearing|appearance))|\b(?:if|when)\s+(?:you|he|she)\s+miss(?:es)?\b)[^.!?\n]{0,80}\Z"
)
# A threat with no one named, counted only in a text that names an agency and speaks to the
# reader: "HMRC: ... legal action will commence, call ...".
_NAMELESS_THREAT: Final = re.compile(
    r"\b(?:legal\s+(?:action|proceedings?)\s+(?:will|shall|may)\s+(?:now\s+)?(?:commence|begin|start|"
    r"be\s+(?:taken|initiated|started|commenced))|(?:arrest|bench)\s+warrants?\s+(?:is\s+|has\s+been\s+)?"
    r"(?:pending|issued)(?!\s+(?:for|against|on|vs\.?|in)\b)|(?:avoid|prevent)\s+(?:further\s+)?"
    r"legal\s+(?:action|proceedings))"
)
_AGENCIES: Final = (
    r"irs|internal\s+revenue|hmrc|ssa|social\s+security\s+administration|police|sheriff|marshals?|"
    r"fbi|dea|cbi|ncb|enforcement\s+directorate|customs|trai|efcc|nbi|income\s+tax|dvla|ato|cra|iras|"
    r"ird|sars|kra|firs|bir|tax\s+office|cyber\s*(?:cell|crime)|government|govt|dcp"
)
_AGENCY: Final = re.compile(r"\b(?:" + _AGENCIES + r"|officer)\b")
# For "to avoid legal action": an agency, not a lender's or council's "account officer"; and
# no government's own site given (a tax office's real reminder links to it).
_AGENCY_NAMED: Final = re.compile(
    r"\b(?:" + _AGENCIES + r"|(?:police|customs|tax|revenue|immigration)\s+officer)\b"
)
_GOV_SITE: Final = re.compile(
    r"\b[\w.-]+\.(?:gov(?:\.[a-z]{2})?|govt\.nz|go\.ke|canada\.ca)(?![\w-])"
)
_CASE_NUMBER: Final = re.compile(
    r"\bcase\s+(?:no\.?\s*|number\s*|#\s*)?(?=[a-z0-9-]*\d{3})[a-z0-9-]{5,}"
)
_TO_THE_READER: Final = re.compile(r"\b(?:you|your|ur|call|aap(?:ka|ke|ko)?)\b")
# The words every threat holds: the words a match can start with include "you", "u" and "be",
# which nearly every text holds.
_AUTHORITY_THREAT_WORDS: Final[WordSet] = frozenset(
    b"warrant warrants arrest arrested prosecuted prosecution sued detained jailed custody picked "
    b"investigation investigated lawsuit fir case complaint petition action proceedings charges "
    b"charge papers documents summons notice jail imprisonment ssn social nin national ni pan "
    b"aadhaar aadhar bvn tin cnic illegal giraftar giraftari giraftaari darj aarestuhin huhulihin "
    b"hulihin dadamputin ka parcel package courier shipment consignment number sim mobile "
    b"connection assist cooperate co waran probe syndicate disyaki terlibat mandat pps nric "
    b"emirates unlawful criminal drugs drug mdma narcotics narcotic contraband passports "
    b"laundering fraud scam sin".split()
)
#: How far before a threat a court's condition ("if you fail to appear, ...") is looked for.
_CONDITION_REACH: Final = 120


def find_authority_threat(text: str, words: WordSet | None = None) -> str | None:
    """A threat of arrest, a warrant, legal action or a suspended identity number made to the
    reader (``_AUTHORITY_THREAT`` and the notes above it): the threat as written, if any.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_AUTHORITY_THREAT_WORDS):
        return None
    head = text[:OFFER_REACH]
    lowered = head.lower()
    found = None
    for threat in itertools.islice(_AUTHORITY_THREAT.finditer(lowered), _MAX_CODES_READ):
        if _CONDITION.search(lowered, max(0, threat.start() - _CONDITION_REACH), threat.start()):
            continue
        found = threat
        break
    if found is None:
        nameless = _NAMELESS_THREAT.search(lowered)
        if (
            nameless is None
            or _AGENCY.search(lowered) is None
            or _TO_THE_READER.search(lowered) is None
            or _CONDITION.search(
                lowered, max(0, nameless.start() - _CONDITION_REACH), nameless.start()
            )
        ):
            return None
        if nameless.group(0).startswith(("avoid", "prevent")) and (
            _AGENCY_NAMED.search(lowered) is None or _GOV_SITE.search(lowered) is not None
        ):
            return None
        found = nameless
    if "failure" in found.group(0) and _CASE_NUMBER.search(lowered) is not None:
        return None
    # A warning about the scam, read last: it is the rarest reason to say no.
    if _AWARE.search(lowered) is not None:
        return None
    return _as_written(head, lowered, found)


def authority_threat_trigger_words() -> WordSet:
    """The words without which ``find_authority_threat`` finds nothing."""
    return _AUTHORITY_THREAT_WORDS


# A payment trick: money the sender says went to the reader, which the reader must send back or
# pay to receive. In the text's first ``OFFER_REACH`` characters, read lower-cased:
# * the "accidental transfer" (a fake credit alert, then "I mistakenly sent N20,000 to your
#   account, pls kindly reverse it"; India's "galti se ... wapas kar do"): a mistake
#   (``_MISTAKE``), money (``_MONEY_SENT``) that went to the reader (``_MONEY_TO_READER``: a
#   transfer verb and the reader in one sentence) and an ask to send it back
#   (``_SEND_IT_BACK``: a request word before the verb, not "do not return", or a form that is
#   an ask by itself, "wapas kar do", "pakibalik");
# * the fake buyer's "business account" (Zelle and PayPal have no such fee: "I sent payment via
#   Zelle but your account needs to be upgraded to a business account"): an upgrade to a
#   business account the reader "needs" or "must" make (``_BUSINESS_UPGRADE``), beside a
#   payment held for them (``_HELD_PAYMENT``; not GCash's own "to accept payments").
# Written by a review (session 21): on its 62 real texts about mistakes, refunds and business
# accounts (merchants' and banks' "charged twice by mistake, we've refunded you", schools,
# airlines, payment apps' own help) the first form flagged 46, this one 8, all friends' real
# mix-ups ("I accidentally venmo'd you $60, can you send it back", 2.5 in a conversation); 42 of
# its 42 scams are found (10 of them written after the patterns).
_MISTAKE: Final = re.compile(
    r"\b(?:by\s+(?:mistake|accident|error)|mistake(?:n|nly)?|accidentally|wrongly|in\s+error|"
    r"erroneously|galti|ghalti|nagkamali|mali\s+po|kimakosa|kwa\s+makosa|per\s+ongeluk|"
    r"bhul\s+kore|"
    r"wrong\s+(?:number|account|acct|line|transfer|send|"
    r"person|recipient|credit|recharge|payment))\b"
)
_MONEY_SENT: Final = re.compile(
    r"[$£€₹₱₦]\s?\d|\b(?:rs\.?|n|p|php|inr|ngn|usd)\s?\d|"
    # start only at the head of a run of digits (the old `\b\d[\d,.]*` re-scanned "1,1,1,..."
    # from every digit: quadratic, 26 ms on a 2,000-char head)
    r"(?<![\d,.])\d[\d,.]*+\s?(?:k|naira|rupees?|rs|inr|pesos?|php|dollars?|bucks|pounds?|quid)\b|"
    r"(?<![\d,.])\d{3,}|(?<![\d,.])\d{1,3}(?:,\d{3})+|"
    r"\b(?:money|airtime|recharge|load|funds|payment|amount)\b"
)
# The money went to the reader: a transfer verb and the reader in one sentence, either order.
_TRANSFER_VERB: Final = (
    r"(?:sent|send|transferred|transfer|credited|paid|deposited|recharged?|zelled|venmo'?d|"
    r"entered|went|bhej\w*|chale\s+gaye|chalay\s+gaye|ho\s+gaya|kar\s+di(?:ye|ya|e)|na-?send\w*|"
    r"napadala|nasendan|napasa|oorgedra|oorbetaal|gestuur|chole\s+geche|pathano\s+hoyeche)"
)
_READER_WORD: Final = (
    r"(?:you|your|u|ur|aapke|aapko|apke|apko|tere|tujhe|tumhare|niyo|nyo|inyo|kayo|mo|jou|apnar)"
)
_IN_SENTENCE: Final = r"(?:[^.?!\n]|\.(?=\S))"
_MONEY_TO_READER: Final = re.compile(
    rf"\b{_TRANSFER_VERB}\b{_IN_SENTENCE}{{0,60}}?\b{_READER_WORD}\b|"
    rf"\b{_READER_WORD}\b{_IN_SENTENCE}{{0,40}}?\b{_TRANSFER_VERB}\b|"
    # Swahili's verb holds the reader: "nimekutumia" (I have sent you). A fake credit alert's
    # "You have received GHS 800.00 from ..." before "I sent it by mistake" (session 27).
    r"\bnimekutumi(?:a|ia)\b|\bumetumiwa\b|\b(?:you|u)\s+(?:have\s+|just\s+)?received\b"
)
_BACK: Final = (
    r"(?:(?:return|refund|reverse)(?:\s+(?:it|am|them|me|to|back|the\s+(?:money|amount|funds|"
    r"payment|transaction|extra)|my\s+money|[$£₹₱₦])\b|(?=\s*(?:[,.?!]|$|when|asap|pls|please|"
    r"po|kar|sir|ma|madam|ma'am|bro|boss|oga|dear)))|send(?:ing)?\s+(?:(?:it|am|the\s+money|them|my\s+money)\s+)?back"
    r"(?:\s+it)?|transfer(?:ring)?\s+(?:it|am|the\s+money)\s+back|pay(?:ing)?\s+(?:it\s+)?back)"
)
# An ask to the reader: a request word before the verb (not "do not return"), or a form that is
# an ask by itself (Hindi's "wapas kar do", Tagalog's "pakibalik").
_SEND_IT_BACK: Final = re.compile(
    r"\b(?:pls|plz|please|kindly|abeg|beg\s+(?:you|u)|(?:can|could|would|will)\s+(?:you|u)"
    r"(?:\s+mind)?|help\s+me|pwede|u\s+fit)\b(?:[^.?!\n]|\.(?=\S)){0,40}?"
    r"(?<!not\s)(?<!n't\s)(?<!never\s)"
    rf"\b{_BACK}|"
    r"\b(?:wap[ai]s\s+(?:kar|bhej|de|kr)\w*|lauta\s*(?:do|dijiye|dena|de)|return\s+kar\s+d\w*|"
    r"send\s+am\s+back|transfer\s+am\s+back|reverse\s+(?:my|d|the)\s+money|refund\s+me(?:\s+back)?|"
    r"paki-?balik|pakibalik|paki-?send\s+back|ibalik|pabalik|nirudishie|nirudishe|irudishe|"
    r"terug\s*(?:stuur|betaal|gee)|rudisha|ferot\s+(?:din|den|dao|diben))\b"
)
_BUSINESS_UPGRADE: Final = re.compile(
    r"\b(?:(?:needs?|must|has|have|required?|kailangan)\s+(?:(?:you|u|daw|po)\s+)?(?:to\s+)?"
    r"(?:be\s+)?|(?:please|kindly|pls)\s+)i?-?(?:upgrade[ds]?|upgrading)\s+"
    r"(?:\w+\s+){0,4}?(?:to\s+)?(?:a\s+)?business\b|"
    r"\bupgrade\s+to\s+(?:a\s+)?(?:(?:zelle|paypal|cash\s?app|venmo|gcash)\s+)?business\s+"
    r"(?:account\s+)?(?:is\s+)?required\b|\bbusiness\s+account\s+upgrade\s+(?:is\s+)?(?:required|"
    r"needed)\b"
)
# Written in review (session 22): the "upgrade is required" form only with a buyer's payment
# or a fee in the text (Stripe's, Paystack's and banks' own notices hold funds "pending").
_UPGRADE_CUE: Final = re.compile(
    r"\b(?:fee|buyer|sender|incoming|(?:i|i['’]ve|we)\s+(?:have\s+)?(?:already\s+|just\s+)?(?:sent|paid)|"
    r"(?:sent|paid)\s+(?:to\s+)?you|for\s+you|nagsend)\b|\b(?:send|pay)\s+(?:me\s+)?[$£₱]"
)
# A payment the sender says is made and held for the reader (not "to accept payments").
_HELD_PAYMENT: Final = re.compile(
    r"\b(?:pending|on\s+hold|held|released?)\b|"
    r"\b(?:receive|accept|get|claim)\s+(?:(?:over|up\s+to)\s+)?(?:it|my|the\s+(?:money|funds|"
    r"payment|transfer)|your\s+(?:money|funds|payment)|(?:yung|ang)\s+(?:payment|pera|bayad)|"
    r"funds|[$£₱])"
)
# The UPI collect-request scam: a PIN entered "to receive" money (NPCI: a UPI PIN is never
# needed to receive; the "request" the reader approves pays the scammer), in a text about a
# mobile-money service (UPI, M-Pesa, GCash). Not a postal "PIN code", not under a negation
# ("never enter your UPI PIN to receive money"). Seven scams of blind sets 1-9, no wanted text.
_PIN_TO_RECEIVE_PIN: Final = re.compile(
    r"\b(?:enter|put|type|input)\s+(?:in\s+)?(?:your\s+|the\s+|ur\s+)?(?:(?:upi|m-?pesa|momo|gcash|maya|"
    r"opay)\s+|m-?)?pin\b(?!\s*-?code)(?!\s*:?\s*\d)|\b(?:upi\s+)?pin\s+(?:enter|daal|dal)"
)
_PIN_PURPOSE: Final = (
    r"(?:\bto\s+(?:receive|claim|accept|collect|get|activate|redeem)\b(?!\s+(?:cash|your\s+cash)\b)|"
    r"\breceive\s+karne|\b(?:paane|lene)\s+ke\s+liye)"
)
_PIN_PURPOSE_BEFORE: Final = re.compile(_PIN_PURPOSE + _IN_SENTENCE + r"{0,80}\Z")
_PIN_PURPOSE_AFTER: Final = re.compile(_IN_SENTENCE + r"{0,50}?" + _PIN_PURPOSE)
_PIN_WARNING: Final = re.compile(
    r"\b(?:fraud|scam\w*|never|if\s+(?:anyone|someone|somebody)|only\s+(?:to|when|while)\s+(?:you\s+)?"
    r"(?:pay|send))"
)
# A mobile-money PIN, not a card's at an ATM ("to withdraw, enter your PIN and collect cash").
_MOBILE_MONEY: Final = re.compile(
    r"\b(?:upi|m-?pesa|gcash|maya|m-?pin|phonepe|paytm|gpay|momo|opay|palmpay|mobile\s+money)\b"
)
# The fake buyer (session 23; the FTC's, Action Fraud's and India's "army officer on OLX"
# warnings): a stranger answering a listing who pays from afar (Zelle, PayPal, a cashier's
# check, a QR code) and sends someone else to collect, offers more than the price, asks for the
# seller's email or bank details, or says he is an army officer posted elsewhere. A real
# buyer's "can I Venmo you when I pick it up tonight?" comes to collect it himself.
_LISTING: Final = re.compile(
    r"\b(?:still\s+(?:available|for\s+sale)|your\s+(?:listing|item|ad|advert|post|car|bike|sofa|"
    r"couch|dresser|furniture)|(?:on|from)\s+(?:olx|jiji|gumtree|craigslist|carousell|marketplace|"
    r"facebook|kijiji|vinted|tonaton|quikr)|(?:buy|sell(?:ing)?)\s+your\b|interested\s+(?:in\s+)?"
    r"(?:your|the)\s+\w+)"
)
_PAID_FROM_AFAR: Final = re.compile(
    r"\b(?:zelle|paypal|cashier['’]?s?\s+check|certified\s+check|google\s+pay|gpay|upi|"
    r"phonepe|gcash|bank\s+transfer|qr\s+code)\b"
)
_FAKE_BUYER: Final = re.compile(
    r"\b(?:my|our)\s+(?:husband|wife|mover|movers|courier|agent|shipper|driver|assistant|son|"
    r"cousin|pick-?up\s+guy|logistics|transport)\s+(?:will|would|is\s+going\s+to|can)\s+"
    r"(?:pick|collect|come|get)|\b(?:shipper|courier|mover)\s+will\s+(?:pick|collect)|"
    r"\bbuy\s+(?:it\s+)?without\s+(?:viewing|seeing)|\barmy\s+(?:officer|man|personnel)|"
    r"\bout\s+of\s+town\b|\boffshore\b|(?:[$£₹]|rs\.?\s?)\d+\s+(?:extra|over\s+(?:the\s+)?asking)|"
    r"\bfull\s+asking\s+price|\bsend\s+(?:me\s+)?your\s+(?:email|full\s+name|account\s+details|"
    r"bank\s+details|address\s+and\s+phone)"
)
# * the advance-fee loan (session 26): a loan the text says is approved or granted to the
#   reader ("Your loan of R25 000 is approved", "Umepata mkopo wa Ksh 30,000", "pinjaman anda
#   telah diluluskan") and a fee to pay, send or deposit for it ("pay the R850 insurance fee
#   first", "Tuma ada ya processing Ksh 500", "Sila bayar yuran guaman RM450"). A real lender
#   takes its fees out of the loan it pays; "no processing fee", "fee will be deducted" and
#   "never pay a fee" are none.
_LOAN_GRANTED: Final = re.compile(
    r"\b(?:loans?|mkopo|pinjaman|pautang)\b[^.!?\n]{0,60}?\b(?:approved|pre-?approved|"
    r"sanctioned|granted|disbursed|ready|diluluskan|lulus|aprubado)\b|\b(?:approved|"
    r"pre-?approved|sanctioned|granted|qualif(?:y|ied|ies)|eligible|umepata|umehitimu|"
    r"umepewa)\b[^.!?\n]{0,40}?\b(?:loans?|mkopo|pinjaman|pautang)\b"
)
_LOAN_FEE: Final = re.compile(
    r"\b(?<!\bnot\s)(?<!n't\s)(?<!n’t\s)(?<!\bnever\s)(?:pay|send|deposit|transfer|lipa|tuma|"
    r"bayar|magbayad|jama)\b[^.!?\n]{0,40}?\b(?:fees?|charges?|ada|yuran)\b"
    r"(?![^.!?\n]{0,30}?\b(?:deducted|waived)\b)"
)
# * the rental scam (session 26, the FTC's and Action Fraud's warnings): a place to rent, money
#   asked to hold it (a deposit, a bond, a token advance, a viewing or inspection fee), and
#   the landlord away ("I'm overseas", "relocated to Scotland", "a missionary in Ghana", "in
#   the army, transferred to Pune") or the keys sent by post or courier ("I'll courier the
#   keys", "the agent posts you the keys"), with the money to send, pay or transfer. A real
#   landlord shows the place and hands over the keys.
_RENTAL: Final = re.compile(
    r"\b(?:flat|apartment|apt|house|home|room|bedsitter|studio|unit|condo|\d\s?bhk|\d\s?-?\s?(?:br|"
    r"bd|bed(?:room)?s?)|bedroom|property|rent(?:al)?|lease|pcm|/mo|pw|/wk)\b"
)
_RENTAL_MONEY: Final = re.compile(
    r"\b(?:deposit|bond|token\s+(?:advance|amount|money)|advance|first\s+month|viewing\s+fee|"
    r"inspection\s+(?:\+\s+|and\s+)?(?:\w+\s+)?fee|agreement\s+fee|holding\s+fee|gate\s+pass)\b"
)
_LANDLORD_AWAY: Final = re.compile(
    r"\b(?:abroad|overseas|out\s+of\s+(?:town|the\s+country|state)|relocated|transferred\s+to|"
    r"missionary|i\s*(?:am|['’]m)\s+(?:in\s+(?:the\s+)?army|an?\s+army)|moved\s+to\s+[a-z]+\s+(?:for|so)|"
    r"can(?:no|['’])?t\s+show\s+(?:it|you)|viewings?\s+(?:aren['’]t|are\s+not|isn['’]t|is\s+not)\s+"
    r"possible)\b"
)
_RENTAL_PAY_ASK: Final = re.compile(
    r"\b(?:send|pay|paid|transfer|wire|zelle|venmo|cash\s?app|e-?transfer|payid|tuma|bayad|"
    r"magbayad)\b"
)
_KEYS_SENT: Final = re.compile(
    r"\bkeys?\b[^.!?\n]{0,40}?\b(?:post(?:ed)?|mail(?:ed)?|courier(?:ed)?|ship(?:ped)?|sent|"
    r"deliver(?:ed)?)\b|\b(?:post|mail|courier|ship|send)\s+(?:you\s+)?(?:the\s+)?keys?\b"
)
# The words every trick holds: a mistake's, an upgrade's, a PIN's, a payment from afar, a
# loan's or a rental's.
_PAYMENT_TRICK_WORDS: Final[WordSet] = frozenset(
    b"mistake mistakenly mistaken accidentally accident wrongly error erroneously galti wrong "
    b"nagkamali mali kimakosa makosa upgrade upgraded upgrades upgrading pin zelle paypal "
    b"cashier cashiers certified google gpay upi phonepe gcash transfer qr loan loans mkopo "
    b"pinjaman pautang deposit bond advance token fee ghalti ongeluk bhul".split()
)


def find_payment_trick(text: str, words: WordSet | None = None) -> str | None:
    """Money sent "by mistake" that the reader is asked to return, a payment held until the
    reader upgrades to a business account, a PIN to receive, a buyer paying from afar or a fee
    for an approved loan (see the notes above): the trick as written, if any.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_PAYMENT_TRICK_WORDS):
        return None
    head = text[:OFFER_REACH]
    lowered = head.lower()
    mistake = _MISTAKE.search(lowered)
    if (
        mistake is not None
        and _MONEY_SENT.search(lowered) is not None
        and _MONEY_TO_READER.search(lowered) is not None
        and _SEND_IT_BACK.search(lowered) is not None
    ):
        return _as_written(head, lowered, mistake)
    upgrade = _BUSINESS_UPGRADE.search(lowered)
    if (
        upgrade is not None
        and upgrade.group(0).startswith("business")
        and _UPGRADE_CUE.search(lowered) is None
    ):
        upgrade = None
    if upgrade is not None and _HELD_PAYMENT.search(lowered) is not None:
        return _as_written(head, lowered, upgrade)
    pin = _PIN_TO_RECEIVE_PIN.search(lowered)
    if (
        pin is not None
        and (
            _PIN_PURPOSE_BEFORE.search(lowered, max(0, pin.start() - 100), pin.start()) is not None
            or _PIN_PURPOSE_AFTER.match(lowered, pin.end()) is not None
        )
        and _MOBILE_MONEY.search(lowered) is not None
        and _PIN_WARNING.search(lowered) is None
        and not _negated_before(lowered, pin.start())
    ):
        return _as_written(head, lowered, pin)
    if _LISTING.search(lowered) is not None and _PAID_FROM_AFAR.search(lowered) is not None:
        buyer = _FAKE_BUYER.search(lowered)
        if buyer is not None:
            return _as_written(head, lowered, buyer)
    if _LOAN_GRANTED.search(lowered) is not None:
        fee = _LOAN_FEE.search(lowered)
        if fee is not None and not _negated_before(lowered, fee.start()):
            return _as_written(head, lowered, fee)
    money = _RENTAL_MONEY.search(lowered)
    if (
        money is not None
        and _RENTAL.search(lowered) is not None
        and _RENTAL_PAY_ASK.search(lowered) is not None
    ):
        away = _LANDLORD_AWAY.search(lowered) or _KEYS_SENT.search(lowered)
        if away is not None:
            return _as_written(head, lowered, away)
    return None


# A plea beside money "sent by mistake": the scam's begging ("kindly", "I beg", "God bless
# you", "tafadhali", "Mungu akubariki", 🙏) or its hard-luck story (the money was for a
# hospital, a mother's medicine, school fees; "I am a poor student", "very urgent", "my last
# money"). A friend's real mix-up asks as casually as any favour ("pls return when you can",
# "abeg send am back", "pakibalik na lang"): "please" alone is no plea.
_PLEA: Final = re.compile(
    r"\b(?:kindly|i\s+beg|begging|god\s+(?:will\s+|go\s+)?bless|tafadhali|mungu\s+akubariki|"
    r"naomba|hospital|medicine|drugs|dawai|school\s+fees?|tuition|poor|student|urgent|"
    r"emergency|pakiusap|last\s+money|transport\s+money|not\s+working|me\s+pa\s+wo\s+kyɛw|"
    r"skoolgeld|asseblief|beemar|bimaar|bemaar|allah\s+\w+\s+bhalo\s+korun)\b"
    r"|🙏"
)


# No rush: a friend's "send it back when you can", "whenever", "no wahala", "ukipata time",
# "jab time mile" (blind set 20: friends' mix-ups with a 🙏 were tagged as pleas).
_NO_RUSH: Final = re.compile(
    r"\b(?:when(?:ever)?\s+(?:you|u)\s+(?:can|get\s+(?:a\s+)?(?:sec|chance|minute|moment|time))|"
    r"whenever|no\s+(?:rush|hurry|wahala|stress)|ukipata\s+(?:time|muda|nafasi)|jab\s+time\s+"
    r"mile|hakuna\s+haraka)\b"
)


def pleads(text: str) -> bool:
    """Whether a text begs or tells a hard-luck story (``_PLEA``), as the "sent by mistake"
    scam does, and is in no rush about it (``_NO_RUSH``: a friend's mix-up)."""
    lowered = text.lower()
    return _PLEA.search(lowered) is not None and _NO_RUSH.search(lowered) is None


def gives_code_value(text: str) -> bool:
    """Whether a text gives a one-time code's own value ("Your code is 482019", "482913 is
    your OTP"): its issuer's notice, which no thief can write (``_CODE_VALUE``)."""
    return _CODE_VALUE.search(text.lower()) is not None


def is_mistaken_transfer(trick: str) -> bool:
    """Whether a payment trick ``find_payment_trick`` found is money "sent by mistake" (which a
    friend's real mix-up reads as too), not a business upgrade or a PIN to receive."""
    return _MISTAKE.search(trick.lower()) is not None


def payment_trick_trigger_words() -> WordSet:
    """The words without which ``find_payment_trick`` finds nothing."""
    return _PAYMENT_TRICK_WORDS


# A charge and a number to call about it: the refund and renewal scam's "Your Norton
# subscription of $399.99 has been renewed. To cancel call 1-808-...", "Amazon: a Prime renewal
# of £95 is scheduled. To cancel call 0203 ...". In the text's first ``OFFER_REACH`` characters,
# lower-cased: an amount of money (Nigeria's "N45,000" too) and a word of a charge or an order,
# and a call to a number that is not the company's published line (``brands.
# INSTITUTION_NUMBERS``; calls also "reach us at", "call Amazon at", "Helpline: +1 ...",
# Tagalog "tumawag sa"), made for a purpose (``_PURPOSE_BEFORE`` or ``_PURPOSE_AFTER``: to
# cancel, stop, dispute or get a refund, "if you did not authorize this", "not you?"; not "to
# cancel your appointment or refill"), or, with none, about a charge already made ("renewed",
# "charged", "debited") and not as a help line ("Questions? Call ...", "To manage your order,
# call ..."). The lure signal counts it only in the name of a shop, tech company or payment app
# whose own texts never ask for a call (``brands.NO_CALL_BACK_BRANDS``). Written by a review
# (session 21): on its 62 real texts of such companies about orders, refunds and pharmacies
# none is found (40 by the first form) and 42 of its 50 call-back scams are (37).
#: A character inside a sentence, a decimal point too ("0.02 BTC", "$349.99"): how far a
#: finder's phrase may reach without leaving its sentence.
WITHIN_SENTENCE: Final = r"(?:[^.!?\n]|(?<=\d)\.(?=\d))"
_CHARGE_WORD: Final = re.compile(
    r"\b(?:renew(?:s|ed|al)?|auto-?renew(?:s|ed|al)?|subscriptions?|membership|charged?|"
    r"billed|debited|deducted|invoice|purchased?|ordered|order|payment|transaction|withdrawal|"
    r"nakaltas|kinaltas|money\s+request)\b"
)
_CHARGE_WORDS: Final = _triggers(_CHARGE_WORD)
_CHARGED: Final = re.compile(
    r"\b(?:renewed|auto-?renewed|charged|billed|debited|deducted|processed|nakaltas|kinaltas|"
    r"has\s+been\s+renewed|will\s+be\s+(?:charged|debited|renewed|deducted))\b"
)
#: An amount charged: money, or a quantity of a crypto currency ("a withdrawal of 0.84 ETH").
_CHARGE_AMOUNT: Final = re.compile(
    _AMOUNT
    + r"|\bn\s?\d{1,3}(?:,\d{3})+\b|\bn\d{4,}\b|\bngn\s?\d"
    + r"|\b\d[\d,]*(?:\.\d+)?\s?(?:btc|eth|usdt|usdc|sol|xrp|bnb|doge|ltc)\b"
)
_CALL_TO: Final = re.compile(
    r"\b(?:call|dial|ring|phone|contact|reach|tumawag|tawagan)(?!\s+your\b)(?:\s++(?:me|us)\b)?"
    r"(?:\s++(?:back|now|immediately|today|asap))?(?:\s++[a-z&'’.+-]++){0,3}?\s++(?:at|on|sa|@)"
    r"\s*+[:\-]?\s*+(\+?\(?\d[\d\s().\-]{5,18}\d)(?!\w)"
    r"|\b(?:tumawag|tawagan)\s+(?:sa\s+)?(\+?\(?\d[\d\s().\-]{5,18}\d)(?!\w)"
    r"|\b(?:helpline|hotline|customer\s+care|toll[\s-]?free|support|help\s?desk|billing)"
    r"(?:\s+(?:no\.?|number|#|line))?\s*[:\-]\s*(\+?\(?\d[\d\s().\-]{5,18}\d)(?!\w)"
)
_PURPOSE_BEFORE: Final = re.compile(
    r"(?:\bto\s+(?:cancel|stop|dispute|reverse|block|claim|get|request|avoid)\b(?!\s+(?:or\s+"
    r"reschedule|(?:your|this|the|my)\s+(?:appointment|reservation|booking|visit|delivery|pickup|"
    r"installation|refill|prescription|rx))\b)(?:\s+[\w-]+){0,4}?|\bfor\s+(?:a\s+)?(?:refund|"
    r"cancellation|cancell?ing|dispute|reversal)\b|\bif\s+(?:you|u)\s+(?:want|wish|would\s+like|"
    r"need)\s+to\s+(?:cancel|stop|dispute|get\s+a\s+refund)\b|\bif\s+(?:you|u)\s+(?:did\s+not|"
    r"didn['’]?t|didnt|do\s+not|don['’]?t|dont)\s+(?:make|authori[sz]e|place|initiate|"
    r"recogni[sz]e|order|approve|request|want)\b|\b(?:not|wasn['’]?t)\s+(?:you|u)\b|\bif\s+not\s+"
    r"(?:you|u|ordered|made|authori[sz]ed)\b|\bif\s+(?:this|it|that)(?:\s+\w+){0,2}?\s+(?:was|is)"
    r"(?:n['’]?t|\s+not)\s+(?:you|made|authori[sz]ed)\b|\bunauthori[sz]ed\b|\bnot\s+(?:ordered|"
    r"made|authori[sz]ed|placed)\s+by\s+(?:you|u)\b|\bkung\s+hindi\s+ikaw\b|\bhindi\s+ikaw\b)"
    + WITHIN_SENTENCE
    + r"{0,60}?[^\w]*$"
)
_PURPOSE_AFTER: Final = re.compile(
    WITHIN_SENTENCE
    + r"{0,40}?\b(?:to\s+(?:cancel|stop|dispute|reverse|block|claim\s+(?:a|your)\s+refund|"
    r"get\s+(?:a|your)\s+refund|request\s+(?:a|your)\s+refund|avoid\s+(?:the\s+)?(?:charge|"
    r"renewal|deduction|debit))\b(?!\s+(?:or\s+reschedule|your\s+(?:appointment|reservation|"
    r"booking|visit|delivery|pickup|installation|refill))\b)|for\s+(?:a\s+)?(?:refund|"
    r"cancellation|dispute|reversal)\b|if\s+(?:you|u)\s+(?:want|wish|would\s+like)\s+to\s+(?:"
    r"cancel|stop|dispute)\b|if\s+(?:you|u)\s+(?:did\s+not|didn['’]?t|didnt)\s+(?:make|"
    r"authori[sz]e|place|order)\b)"
)
_HELP_CUE: Final = re.compile(
    r"(?:\bquestions?\b|\bquer(?:y|ies)\b|\bfor\s+(?:help|support|assistance|concerns|inquiries|"
    r"enquiries|more\s+(?:info|information|details)|details)\b|\bto\s+(?:manage|reschedule|"
    r"update|change|track|modify)\b|\bwith\s+(?:questions|concerns)\b|\bneed\s+help\b|\bany\s+"
    r"(?:issues?|questions|concerns)\b|\bcustomer\s+care\b|\bpara\s+sa\s+(?:tanong|katanungan|"
    r"concerns?|inquiries)\b|\bpayment\s+options\b|\bto\s+order\b)[?:]?"
    + WITHIN_SENTENCE
    + r"{0,40}$"
)
_HELP_AFTER: Final = re.compile(
    WITHIN_SENTENCE + r"{0,20}?\b(?:with\s+(?:questions|concerns)|to\s+order)\b"
)
#: At most this many calls of a text are read, and this much before each for its purpose.
_MAX_CALLS: Final = 8
_PURPOSE_REACH: Final = 160


def _calls(lowered: str) -> list[re.Match[str]]:
    """The text's calls to a number, in order, each once (``_CALL_NUMBER``, ``_CALL_TO``)."""
    found: dict[int, re.Match[str]] = {}
    for pattern in (_CALL_NUMBER, _CALL_TO):
        for call in itertools.islice(pattern.finditer(lowered), _MAX_CALLS):
            found.setdefault(call.start(), call)
    return [found[start] for start in sorted(found)][:_MAX_CALLS]


def find_charge_call(text: str, words: WordSet | None = None) -> str | None:
    """A charge of an amount of money and a call to a number about it (see the notes above):
    the call as written, if any.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_CHARGE_WORDS):
        return None
    head = text[:OFFER_REACH]
    lowered = head.lower()
    # The calls first: most texts about an order or a payment give no number to call.
    calls = _calls(lowered)
    if not calls or _CHARGE_WORD.search(lowered) is None or _CHARGE_AMOUNT.search(lowered) is None:
        return None
    charged = _CHARGED.search(lowered) is not None
    for call in calls:
        written = head[call.start() : call.end()] if len(head) == len(lowered) else call.group(0)
        if gives_only_institution_numbers(written):
            continue
        before = lowered[max(0, call.start() - _PURPOSE_REACH) : call.start()]
        purpose = (
            _PURPOSE_BEFORE.search(before) is not None
            or _PURPOSE_AFTER.match(lowered, call.end()) is not None
        )
        helped = (
            _HELP_CUE.search(before) is not None
            or _HELP_AFTER.match(lowered, call.end()) is not None
        )
        if purpose or (charged and not helped):
            return written
    return None


def charge_call_trigger_words() -> WordSet:
    """The words without which ``find_charge_call`` finds nothing."""
    return _CHARGE_WORDS


def find_money_lure(
    text: str,
    words: WordSet | None = None,
    *,
    lowered: str | None = None,
    at: Occurrences | None = None,
) -> str | None:
    """The words of a money or prize lure ("you have won £1000", "claim 500P bonus"), or of pay
    for easy work ("earn 500P per day"), if any.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        lowered: ``text.lower()`` when the caller has it already.
        at: the text's trigger words with their positions (``TriggerIndex.present``).

    Returns:
        The matched phrase, or ``None``.
    """
    words = word_set(text) if words is None else words
    lowered = text.lower() if lowered is None else lowered
    match = None
    if not words.isdisjoint(_PRIZE_PHRASE_WORDS):
        match = next(
            triggered_matches(_PRIZE_PHRASE, lowered, words, at, _PRIZE_PHRASE_WORDS), None
        )
    if match is None and not words.isdisjoint(_PAY_PER_PERIOD_WORDS):
        # Read in a text's first ``_PAY_REACH`` characters, where the bait is: every pay word
        # of a long body would try each amount of the 40 characters after it.
        match = first_match_within(
            _PAY_PER_PERIOD, lowered, _PAY_REACH, words, at, _PAY_PER_PERIOD_WORDS
        )
    # Both forms of a money lure need an amount, so a text without digits skips the (slow) regex,
    # and so does one without an amount; with one, no match starts more than a prize word and
    # 40 characters before the first amount.
    if match is not None or words.isdisjoint(_MONEY_LURE_WORDS):
        return _as_written(text, lowered, match)
    digit = _DIGIT.search(lowered)
    if digit is not None:
        # Every amount holds a digit at most four characters after its start ("rs. 5").
        amount = _AMOUNT_ALONE.search(lowered, max(0, digit.start() - _AMOUNT_LEAD))
        if amount is not None:
            if at is None:
                match = _MONEY_LURE.search(lowered, max(0, amount.start() - _AMOUNT_REACH))
            else:
                match = _first_money_lure(lowered, at, amount.start())
    return _as_written(text, lowered, match)


def _first_money_lure(lowered: str, at: Occurrences, amount: int) -> re.Match[str] | None:
    """``_MONEY_LURE.search(lowered)`` from its two alternatives: the leftmost match of either,
    the prize-first one when both start at one place (as the alternation would choose)."""
    prize_first = next(match_at(_PRIZE_FIRST, lowered, at, _MONEY_LURE_WORDS), None)
    # The amount-first form starts at an amount, none of which starts before ``amount``.
    end = len(lowered) if prize_first is None else prize_first.start()
    amount_first = _AMOUNT_FIRST.search(lowered, amount) if amount < end else None
    if amount_first is not None and amount_first.start() >= end:
        amount_first = None
    return amount_first or prize_first


_URGENCY: Final = re.compile(
    r"\b(?:urgent(?:ly)?|immediately|right away|soon as possible|asap|final (?:notice|warning|"
    r"attempt|reminder)|last (?:chance|warning|notice)|within \d+ ?(?:hours?|hrs?|h|minutes?|"
    r"mins?|days?)|next \d+ ?(?:hours?|hrs?|minutes?|mins?)|(?:avoid|prevent) (?:the )?"
    r"(?:suspension|deactivation|termination|closure|penalt(?:y|ies)|late fees?)|expir(?:es|ing|"
    r"ed|ation) (?:today|soon|tonight|in(?! (?:\d{2,}|[3-9]) ?(?:days?|weeks?|months?)\b))|"
    r"unusual (?:activity|sign-?in|login)|suspicious "
    r"(?:activity|transaction|login|sign-?in)|unauthori[sz]ed (?:transaction|access|charge|"
    r"payment)|action required|act now|failed (?:delivery|payment)|unable to deliver|outstanding "
    r"(?:toll|balance|payment|fee)|"
    # Hindi and Urdu (session 27): "24 ghante me", "band ho jayega", "block ho jayega"
    r"(?<=\d )ghante (?:me|mein|main|ke andar)|(?:band|block) (?:ho jaye?ga|hone wala))\b",
)
# Words of pressure that a person uses too ("it's urgent", "reply asap"): pressure only beside a
# request to pay, click, verify or call.
_PRESSURE_WORD: Final = re.compile(r"urgent(?:ly)?|immediately|right away|soon as possible|asap")
_REQUEST: Final = re.compile(
    r"\b(?:pay|payment|settle|click|tap|visit|verify|confirm|update|log ?in|sign ?in|call|dial|"
    r"ring|contact us|claim)\b|https?://|www\."
)
# "Your account has been suspended": run only when a state word is present (the auxiliary verbs
# that start the phrase are in almost every text, so they make a useless trigger).
_ACCOUNT_STATE: Final = re.compile(
    r"\b(?:will be|has been|have been|is|was|been|are) (?:temporarily )?(?:suspended|locked|"
    r"blocked|disabled|deactivated|terminated|frozen|restricted|on hold)\b",
)
_ACCOUNT_STATE_WORDS: Final = frozenset(
    b"suspended locked blocked disabled deactivated terminated frozen restricted hold".split()
)
_CREDENTIAL: Final = re.compile(
    r"\b(?:(?:verify|confirm|update|validate|reactivate|(?<=re-)activate|unlock|secure|restore|reset)\s+(?:your|"
    r"the|ur)\s+(?:\w+\s+)?(?:account|details|information|info|identity|password|pin|card|"
    r"number|address|payment|billing|login|credentials|profile|wallet|sim)|(?:log|sign)\s?in\s+"
    r"(?:to|at|here|now|via)|enter (?:your|the) (?:otp|pin|password|code|card|details|ssn)|"
    r"(?:send|reply with|give|share|provide) (?:us )?(?:your|the) (?:otp|pin|password|"
    r"verification code|card (?:number|details)|cvv|ssn|social security|bank details|login)|"
    r"(?:send|reply with|give|share|provide) (?:us )?(?:your|the) (?:[\w/.-]+,? (?:and )?){1,5}?"
    r"(?:atm pin|pin|otp|cvv|bvn|password)|"
    # Urdu and Hindi: "apna CNIC aur PIN bhej kar", "apna OTP share karein"
    r"apna (?:[\w/-]+ (?:aur )?){0,3}?(?:m?pin|otp|password|cnic|cvv) (?:number )?(?:bhej|share|"
    r"send|bata|reply|verify)|"
    r"(?:click|tap|visit|go to) (?:the |this )?(?:link|here|below)\s+(?:to|and) (?:verify|"
    r"confirm|update|unlock|restore|secure|claim|pay|reschedule))\b",
)
# A request to call a number to act on an account or a charge: vishing's form of the credential
# request ("Call 844-231-0199 to reactivate", "If this wasn't you call 1-888-231-0143", "To
# dispute this charge, call our fraud department at ..."). Found at a call word followed by a
# number (``_CALL_NUMBER``), with only the words of a bank's or a shop's line between ("our
# fraud department at", "Apple Support at", "toll-free"; not "Mike at" or "the super at");
# what the call is for is read right after the number (``_CALL_PURPOSE_AFTER``) or in the
# words before the call word (``_CALL_PURPOSE_BEFORE``). Every quantifier that meets white
# space is possessive: a run of spaces after a number must not be read again from each of its
# characters.
#: The words a request to call a number starts with.
CALL_WORDS: Final = frozenset(
    b"call dial ring phone contact appelez hubungi tumawag llame llamar".split()
)
_LINE_WORDS: Final = (
    r"(?:us|our|the|toll-?free|free|fraud|security|support|customer|service|services|care|"
    r"help|helpline|hotline|department|dept|team|line|center|centre|desk|billing|refunds?|"
    r"technicians?|agents?|officer|representatives?|specialists?|advisors?)"
)
_CALL_NUMBER: Final = re.compile(
    r"\b(?:"
    + "|".join(sorted(word.decode() for word in CALL_WORDS))
    + r")(?:\s++(?:[a-z&'’-]++\s++)?"
    + _LINE_WORDS
    + r"\b){0,3}"
    r"(?:\s++(?:now|immediately|urgently|today|asap|back|right\s+away|straight\s+away|agad|"
    r"segera|imm[ée]diatement))?"
    r"(?:\s++(?:at|on|le|au|sa|di|al))?"
    r"\s*+(?:[:\-]\s*+)?(\+?\(?\d[\d\s().\-]{5,18}\d)(?!\w)"
)
# Only what is done to an account or a charge: to verify, unlock, reactivate, restore or secure
# the reader's account, card, identity or access, or "it" (not "the door", "your insurance",
# "pickup"), to dispute, reverse, stop, block or cancel a payment, charge, transaction or order;
# not "confirm", "cancel" or "resolve" alone (appointments, pharmacies), "avoid" (a utility's
# shut-off notice), "activate" (a new card), "lift the hold" (a college's bursar) or "stop
# texts" (an opt-out footer: "To stop texts call 0871...").
_ACCOUNT_OBJECT: Final = (
    r"(?:\s+(?:your|the|this|my)\s+(?:[a-z]+\s+)?(?:account|accounts|card|identity|id|access|"
    r"wallet|profile|sim|number|banking|login)\b|\s+(?:it|them)\b|(?=\s*+(?:[.!,;]|$)))"
)
_CALL_PURPOSES: Final = (
    r"(?:(?:verify|reactivate|re-activate|unlock|unblock|restore|secure|recover)"
    + _ACCOUNT_OBJECT
    + r"|dispute(?=\s*+(?:[.!,;]|$))|(?:dispute|reverse|stop|block|cancel)\s+(?:this|the|that|"
    r"your)\s+(?:[a-z]+\s+)?"
    r"(?:payment|transaction|transfer|charge|order|purchase|subscription)\b|remove\s+(?:the\s+)?"
    r"(?:virus|viruses|malware)\b)"
)
_CALL_PURPOSE_AFTER: Final = re.compile(
    r"\s*+(?:(?:now|immediately|today|asap|right\s+away)\s*+)?(?:[,.]\s*+)?(?:(?:in\s+order\s+)?"
    r"to\s+" + _CALL_PURPOSES + r"|for\s+(?:re-?activation|verification|unlocking)\b|"
    # session 27 (blind set 23): "Call our fraud team on 09 888 4210 if this was not you";
    # Spanish "para desbloquearla", French "pour débloquer"
    r"if\s+(?:this|it|that)\s+(?:was|is)(?:n['’]?t|\s+not)\s+you\b|if\s+not\s+you\b|if\s+you\s+"
    r"(?:did|do)(?:n['’]?t|\s+not)\s+(?:make|authori[sz]e|recogni[sz]e)\b|para\s+"
    r"(?:desbloquear|verificar|cancelar|reactivar)|pour\s+(?:d[ée]bloquer|v[ée]rifier|annuler)|"
    r"to\s+"
    r"(?:get|have)\s+(?:it|them|your\s+[a-z]+)\s+(?:re-?activated|unlocked|unblocked|restored|"
    r"reversed|verified)\b)"
)
_CALL_PURPOSE_BEFORE: Final = re.compile(
    r"(?:if\s+(?:this|it|that)(?:\s+[a-z]+){0,2}?\s+(?:was|is)(?:n['’]?t|\s+not)\s+(?:you\b|"
    r"(?:authori[sz]ed|made|done|initiated)\s+by\s+you)|if\s+you\s+(?:did|do)(?:n['’]t|\s+not)\s+"
    r"(?:make|authori[sz]e|place|initiate|recogni[sz]e|order|approve)\b|(?:not|wasn['’]t)\s+you"
    r"\s*\?|if\s+not\s+(?:you|u)\b|if\s+not\s*[,:]|if\s+(?:not\s+|un)authori[sz]ed\b|"
    r"if\s+you\s+(?:did|do)(?:n['’]?t|\s+not)\s+do\s+(?:this|that|it)\b|"
    r"if\s+no\s*[,:]|if\s+no\s*(?=$)|jika\s+bukan\s+anda|"
    # the police impersonator's "Do not contact your bank. Call DC Harris on ..." (session 27)
    r"(?:do\s+not|don['’]?t)\s+(?:contact|call|tell|inform)\s+(?:your\s+)?bank\b[^\n]{0,10}|"
    r"kung\s+hindi\s+ikaw|si\s+no\s+(?:fue|reconoce)|"
    r"si\s+ce\s+n['’]est\s+pas\s+vous|(?:in\s+order\s+)?to\s+"
    + _CALL_PURPOSES
    + r")[^.!?\n]{0,40}?[,\s]*(?:please\s+)?$"
)
#: At most this many call words followed by a number are read in a text, and the purpose
#: before one within this many characters.
_CALL_MATCHES: Final = 32
_CALL_PURPOSE_REACH: Final = 80
# The reader's account, card or service said to be locked, frozen, suspended or blocked (or a
# service cut off within hours): the pretext of account-lock vishing ("Your card ending 4419
# has been locked due to suspicious activity. Call our fraud dept at ...", "Your EBT card has
# been frozen. Call ...", "Power will be disconnected in 30 minutes due to a missed payment.
# Call ..."). With it, a call to a number is a request to act on the account whatever words
# follow the number: the purpose is the lock. A bank's real lock notice gives its published
# number (``brands.INSTITUTION_NUMBERS``) or comes from a short code or sender ID, where the
# request weighs half. A shut-off counts only within hours ("today", "tonight", "in 30
# minutes", "within 2 hrs"): a utility's real notice gives a date days ahead.
_LOCKED_THING: Final = (
    r"(?:account|acct|a/c|card|wallet|sim|line|number|ssn|sin|social\s+security\s+number|bvn|"
    r"nin|benefits|payment|funds|transfer|withdrawals?|profile|access|kyc|apple\s+id|computer|pc|"
    r"device|laptop|work\s+pass|work\s+permit|employment\s+pass|visa|passport|permit|residency|"
    r"(?:prepaid\s+)?meter)"
)
_LOCKED: Final = (
    r"(?:locked|frozen|suspended|blocked|restricted|limited|barred|deactivated|disabled|"
    r"on\s+hold|flagged|compromised|infected|hacked|paused)"
)
_SOON: Final = (
    r"(?:today|tonight|within\s+(?:the\s+next\s+)?\d+\s*(?:min|mins|minutes|hours?|hrs?)\b|"
    r"in\s+\d+\s*(?:min|mins|minutes|hours?|hrs?)\b)"
)
_LOCKED_ACCOUNT: Final = re.compile(
    r"\byour\s++(?:[a-z0-9&'’-]++\s++){0,3}?"
    + _LOCKED_THING
    + r"\b"
    + WITHIN_SENTENCE
    + r"{0,40}?\b(?:has|have|is|are|was|will)\s+(?:been\s+|be\s+)?(?:now\s+|temporarily\s+|"
    r"permanently\s+)?(?:[a-z]+\s+and\s+)?"
    + _LOCKED
    + r"\b|\bwe(?:['’]ve|\s+have)\s+(?:temporarily\s+)?(?:locked|frozen|suspended|blocked|"
    r"restricted|limited|deactivated|disabled|paused)\s+your\b"
)
# A service cut off within hours, for a bill not paid: "Your power will be disconnected in 30
# minutes due to a missed payment", "Your service is scheduled for disconnection today at 4PM
# due to a past due balance" (not a planned outage's "power will be shut off today from 9am
# for maintenance", whatever its other sentences say about bills: ``_PLANNED``).
_SHUT_OFF_SOON: Final = re.compile(
    r"\b(?:power|electricity|service|connection|supply|gas|water)\b[^.!?\n]{0,30}?\b(?:will\s+"
    r"be\s+(?:disconnected|cut\s+off|shut\s+off)|(?:is\s+)?scheduled\s+for\s+(?:disconnection|"
    r"shut-?off))\b[^.!?\n]{0,40}?\b" + _SOON + r"|"
    # Session 27 (blind set 22): French, Malay and the Philippines' Taglish ("Votre service sera
    # interrompu aujourd'hui", "Bekalan elektrik anda akan dipotong hari ini", "disconnection sa
    # inyong account ngayong araw")
    r"\b(?:service|courant|[ée]lectricit[ée]|alimentation)\b[^.!?\n]{0,30}?\bsera\s+(?:interrompue?|"
    r"coup[ée]e?|suspendue?)\b[^.!?\n]{0,30}?\b(?:aujourd['’]hui|ce\s+soir|dans\s+\d+\s*h)|"
    r"\b(?:bekalan|elektrik|air)\b[^.!?\n]{0,30}?\bakan\s+(?:dipotong|diputuskan)\b[^.!?\n]{0,30}?"
    r"\b(?:hari\s+ini|malam\s+ini|dalam\s+\d+\s*jam)|\bdisconnection\b[^.!?\n]{0,40}?\bngayong\s+"
    r"(?:araw|gabi)|\bkuryente\b[^.!?\n]{0,30}?\b(?:puputulin|puputulan|ipuputol)\b[^.!?\n]{0,30}?"
    r"\bngayong\s+(?:araw|gabi)"
)
_PLANNED: Final = re.compile(r"\b(?:maintenance|planned|repairs?|upgrades?|line\s+work)\b")
_LOCK_CONDITION: Final = re.compile(r"\b(?:if|in\s+case|whether|when)\b[^.!?\n]{0,20}\Z")
_SENTENCE_END: Final = re.compile(r"[.!?\n](?:\s|$)")
# Written in review (session 22): what makes a lock notice no vishing. A lock the reader asked
# for or caused, or a routine one ("frozen as you requested", "after 3 incorrect PIN attempts",
# "blocked for international use", "by court order", for dormancy); another way to act offered
# beside the call (the app, a branch, paying online); a help line's call ("Questions? Call
# ...", "call ... with any questions"); a country's toll-free or shared-cost line outside North
# America, or a Manila landline, which banks, telcos and agencies give and vishing does not (the
# UK's 0800, 0808, 034x and 037x, India's 1800 and 1860, Nigeria's 0700, the Philippines' (02)).
# Its review's 99 real notices of locked accounts and cut-offs with a number to call: 34
# flagged by the lock alone before these, 14 after; its 72 scams: 30 caught, then 31.
_BENIGN_LOCK: Final = re.compile(
    r"\b(?:as\s+(?:you\s+)?requested|as\s+per\s+your\s+request|at\s+your\s+request|as\s+you\s+"
    r"asked|reported\s+(?:lost|stolen)|(?:wrong|incorrect|invalid)\s+pin|puk|court\s+order|"
    r"dormancy|inactivity|international\s+use|finra|lock\s+card\s+feature)\b"
)
_OTHER_CHANNEL: Final = re.compile(
    r"\b(?:in|the|our|via|using|through)\s+(?:[a-z]+\s+){0,2}?app\b|\bin-app\b|\bbranch(?:es)?\b|"
    r"\bvisit\s+(?:a|any|your|our|the)\b|\bpay\s+(?:at|via|online|on|in|now\s+(?:at|in|via))\b"
)
_HELP_LINE_BEFORE: Final = re.compile(
    r"(?:questions?\s*\??|queries|inquiries|help|assistance)\s*[,:]?\s*(?:please\s+)?$"
)
_HELP_LINE_AFTER: Final = re.compile(
    r"[\s,]*(?:with\s+(?:any\s+)?questions|if\s+you\s+(?:need|have)\s+(?:any\s+)?(?:help|"
    r"questions)|for\s+(?:any\s+)?(?:queries|questions|help|inquiries|assistance))\b"
)
# The lock path's national lines (a number as written starts with one): the UK's, India's and
# Nigeria's toll-free and shared-cost lines of its review (session 22) and a Manila landline.
# Its twin for banks' call-backs is ``_NATIONAL_TOLL_FREE`` below: more countries' toll-free
# lines, no Manila landline; the two are kept apart because each was judged on its own texts.
_NATIONAL_LINE: Final = re.compile(
    r"(?:(?:\+44\s*\(?0?\)?\s*|0)(?:800|808|3[47]\d)|(?:\+91[\s-]*)?18[06]0|(?:\+234\s*|0)700|"
    r"\(?(?:\+?63\s*\)?\s*\(?|0)2\)|\(\+632\))"
)
# A country's toll-free or shared-cost line outside North America, as written anywhere in a
# phrase: "0800", "0808", "0860", "0861", "0818", "0508", "0700", the UK's "034x" and "037x",
# "1800", "1300", "1850", "1860" (not North America's "1-800-..."), Australia's six-digit
# "13 xx xx". Banks give these for their fraud lines (Nedbank's "Not you? Call 0800 110 929";
# blind set 19), and a vishing text rarely can; North America's toll-free numbers are anyone's
# for a few dollars a month.
_NATIONAL_TOLL_FREE: Final = re.compile(
    r"(?<![\d+-])(?:0(?:800|808|860|861|818|508|700|3[47]\d)|1(?:800|300|850|860)|"
    r"13[\s]?\d{2}[\s]?\d{2}(?![\s-]?\d))"
)


def gives_national_toll_free(phrase: str) -> bool:
    """Whether a phrase gives a country's toll-free or shared-cost line outside North America
    (``_NATIONAL_TOLL_FREE``)."""
    return _NATIONAL_TOLL_FREE.search(phrase) is not None


#: How far after the lock the call to a number may start.
_LOCK_CALL_REACH: Final = 120
_UNPAID: Final = re.compile(
    r"\b(?:unpaid|missed\s+payment|past[\s-]due|overdue|outstanding|non-?payment|not\s+(?:been\s+)?"
    r"paid|not\s+updated?|(?:have|has)\s+not\s+received\s+your\s+(?:last\s+)?payment|"
    r"impay[ée]e?s?|tertunggak|belum\s+(?:dibayar|jelas)|hindi\s+(?:pa\s+)?bayad)\b"
)
# "We will never ask for your PIN" is advice against smishing, not a request. A match starts
# at most ``_NEGATION_REACH`` characters before the request ("will not" and 30 more).
_NEGATION_REACH: Final = 48
_NEGATED: Final = re.compile(
    r"\b(?:never|not|don't|do not|won't|will not|doesn't|does not)\b[^.!?\n]{0,30}$"
)


_URGENCY_WORDS: Final = _triggers(_URGENCY)
_CREDENTIAL_WORDS: Final = _triggers(_CREDENTIAL)
_PRIZE_PHRASE_WORDS: Final = _triggers(_PRIZE_PHRASE)
_MONEY_LURE_WORDS: Final = _triggers(re.compile(r"\b" + _PRIZE + r"\b"))
# (Every match starts with one of these whole words; the pattern itself is too long to walk.)
_PAY_PER_PERIOD_WORDS: Final = _triggers(
    re.compile(r"\b(?:" + _PAY_WORD + r"|daily|weekly|paid)\b")
)


def find_urgency(
    text: str,
    words: WordSet | None = None,
    *,
    lowered: str | None = None,
    at: Occurrences | None = None,
) -> str | None:
    """Pressure to act now ("account suspended", "within 24 hours"), as written, if any.

    A bare pressure word ("urgent", "asap", "immediately") counts only in a text that also asks
    to pay, click, verify or call: a person's "it's urgent, ring me" is a request, their
    "I need to talk to you, it's urgent" is not pressure.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        lowered: ``text.lower()`` when the caller has it already.
        at: the text's trigger words with their positions (``TriggerIndex.present``).
    """
    words = word_set(text) if words is None else words
    lowered = text.lower() if lowered is None else lowered
    match = None
    if not words.isdisjoint(_URGENCY_WORDS):
        request: bool | None = None  # looked for once, at the first bare pressure word
        for found in triggered_matches(_URGENCY, lowered, words, at, _URGENCY_WORDS):
            if _PRESSURE_WORD.fullmatch(found.group(0)) is None:
                match = found
                break
            if request is None:
                request = _REQUEST.search(lowered) is not None
            if request:
                match = found
                break
    if match is None and not words.isdisjoint(_ACCOUNT_STATE_WORDS):
        match = _ACCOUNT_STATE.search(lowered)
    return _as_written(text, lowered, match)


def find_credential_request(
    text: str,
    words: WordSet | None = None,
    *,
    lowered: str | None = None,
    at: Occurrences | None = None,
    numbers: bool = True,
) -> str | None:
    """A request to verify, log in or hand over credentials, as written, if any: also a
    request to call a number to act on an account or a charge ("Call 844-231-0199 to
    reactivate", "If this wasn't you call 1-888-231-0143"), vishing's form of it.

    Requests under a negation ("we will never ask you to confirm your PIN") do not count.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        lowered: ``text.lower()`` when the caller has it already.
        at: the text's trigger words with their positions (``TriggerIndex.present``).
        numbers: whether the text may hold a number to call (seven digits or more): when
            not, no call request is looked for.
    """
    words = word_set(text) if words is None else words
    lowered = text.lower() if lowered is None else lowered
    if not words.isdisjoint(_CREDENTIAL_WORDS):
        for match in triggered_matches(_CREDENTIAL, lowered, words, at, _CREDENTIAL_WORDS):
            start = match.start()
            if (
                not _negated_before(lowered, start)
                and not _ATTEMPTED_BEFORE.search(lowered, max(0, start - _ATTEMPT_REACH), start)
                and not _CODE_VALUE_AFTER.match(lowered, match.end())
            ):
                return _as_written(text, lowered, match)
    if numbers and not words.isdisjoint(CALL_WORDS):
        return _call_request(text, lowered)
    return None


def _call_request(text: str, lowered: str) -> str | None:
    """The first request to call a number to act on an account or a charge (``_CALL_NUMBER``
    with its purpose before or after it), as written with that purpose; none when the number
    is an institution's published one (``brands.INSTITUTION_NUMBERS``: calling it reaches the
    bank) or a negation precedes it."""
    locked: re.Match[str] | None = None
    looked = False  # the lock is looked for once, at the first call without a purpose
    for match in itertools.islice(_CALL_NUMBER.finditer(lowered), _CALL_MATCHES):
        start, end = match.span()
        after = _CALL_PURPOSE_AFTER.match(lowered, end)
        if after is not None:
            end = after.end()
        else:
            before = _CALL_PURPOSE_BEFORE.search(
                lowered, max(0, start - _CALL_PURPOSE_REACH), start
            )
            if before is not None:
                start = before.start()
            else:
                if not looked:
                    locked, looked = _locked_or_shut_off(lowered), True
                if (
                    locked is None
                    or not locked.end() <= start <= locked.end() + _LOCK_CALL_REACH
                    or _HELP_LINE_BEFORE.search(lowered, max(0, start - 30), start) is not None
                    or _HELP_LINE_AFTER.match(lowered, end) is not None
                    or _NATIONAL_LINE.match(match.group(1).strip()) is not None
                ):
                    continue
                start = locked.start()
        number = match.group(1)
        if (
            len(_DIGITS.sub("", number)) < 7
            or _negated_before(lowered, start)
            or _is_institution_number(number)
        ):
            continue
        found = text[start:end] if len(lowered) == len(text) else lowered[start:end]
        return found.strip()
    return None


def _locked_or_shut_off(lowered: str) -> re.Match[str] | None:
    """Where the text says the reader's account is locked (``_LOCKED_ACCOUNT``) or their
    service is cut off within hours for a bill not paid, unplanned (``_SHUT_OFF_SOON``,
    ``_UNPAID``, ``_PLANNED``); none when it reads as a lock the reader caused or a routine
    one, or offers another way to act (``_BENIGN_LOCK``, ``_OTHER_CHANNEL``)."""
    found = _LOCKED_ACCOUNT.search(lowered, 0, OFFER_REACH)
    if found is not None and _LOCK_CONDITION.search(
        lowered, max(0, found.start() - 30), found.start()
    ):
        found = None  # a condition: "if your device has been compromised, call ..." (review)
    if found is None:
        found = _SHUT_OFF_SOON.search(lowered, 0, OFFER_REACH)
        if found is None or _UNPAID.search(lowered, 0, OFFER_REACH) is None:
            return None
        end = _SENTENCE_END.search(lowered, found.end())
        if _PLANNED.search(lowered, found.start(), len(lowered) if end is None else end.end()):
            return None
    if (
        _BENIGN_LOCK.search(lowered, 0, OFFER_REACH) is not None
        or _OTHER_CHANNEL.search(lowered, 0, OFFER_REACH) is not None
    ):
        return None
    return found


def is_shut_off_call(phrase: str) -> bool:
    """Whether a call request ``find_credential_request`` found starts with a service cut off
    within hours for a bill not paid: pressure in itself, as "within 24 hours" is."""
    return _SHUT_OFF_SOON.match(phrase.lower()) is not None


# What someone else tried to do, told to the reader, asks nothing of him (session 27, blind set
# 21: "Someone tried to log in to your app from a new device. If this wasn't you, call ...":
# the request is the call).
_ATTEMPTED_BEFORE: Final = re.compile(r"\b(?:tried|attempted|attempting|trying|attempts?)\s+to\s+$")
_ATTEMPT_REACH: Final = 16
# A code to share whose value the text gives is the reader's own, handed over in person
# (session 27: "Share OTP 4829 with the delivery agent", "Share the OTP 7720 only when you
# receive it"): a thief asks for the code the reader received, which he does not know.
_CODE_VALUE_AFTER: Final = re.compile(r"\s*+(?:is\s+|:\s*+|-\s*+)?\d{4,8}\b")


def _negated_before(lowered: str, start: int) -> bool:
    """Whether a negation ("never", "do not", ...) comes within its reach (``_NEGATED``: the
    word and 30 characters) before ``start``: only that window is read, not the whole text
    before (a body of "not log in to" repeated cost seconds)."""
    return _NEGATED.search(lowered, max(0, start - _NEGATION_REACH), start) is not None


def _is_institution_number(written: str) -> bool:
    """Whether a number as written is a bank's published one (``brands.INSTITUTION_NUMBERS``),
    or starts with one ("1-800-935-9935 24/7": the number, then its hours); written nationally
    with its trunk "0" ("03457 888 444", "0711 056 444") it is compared without it."""
    digits = ""
    for group in _DIGIT_GROUP.findall(written):
        digits += group
        national = digits[1:] if digits.startswith("0") else digits
        if len(national) >= 7 and any(known.endswith(national) for known in INSTITUTION_NUMBERS):
            return True
    return False


def lure_trigger_words() -> WordSet:
    """Every word that can start a money, urgency or credential phrase (see ``triggers``)."""
    money, urgency, credential = finder_trigger_words()
    return money | urgency | credential


def finder_trigger_words() -> tuple[WordSet, WordSet, WordSet]:
    """The words without which ``find_money_lure``, ``find_urgency`` and
    ``find_credential_request`` (in that order) find nothing."""
    return (
        _PRIZE_PHRASE_WORDS | _MONEY_LURE_WORDS | _PAY_PER_PERIOD_WORDS,
        _URGENCY_WORDS | _ACCOUNT_STATE_WORDS,
        _CREDENTIAL_WORDS | CALL_WORDS,
    )
