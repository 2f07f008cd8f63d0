"""The 10DLC-style registry: vetted brands, their campaigns, and the numbers campaigns send from.

A carrier lets application-to-person (A2P) traffic through when the brand is vetted, the campaign
is registered with its use case and sample messages, and the sending number is assigned to the
campaign. The vetting score sets throughput: AT&T caps each campaign per minute by message class
(4,500 / 2,400 / 240 / 75 SMS a minute) and T-Mobile caps each brand per day (200,000 down to
2,000); ``throughput_tier`` maps a score onto both, as the carriers publish them.

Registry file (JSON, documented in docs/compliance.md)::

    {"brands": [{"id": "B1", "name": "Acme Bank", "tax_id": "12-3456789", "vetting_score": 82,
                 "aliases": ["Acme"]}],
     "campaigns": [{"id": "C1", "brand": "B1", "use_case": "account_notification",
                    "sample_messages": ["Acme Bank: your balance is $12. Reply STOP to opt out."],
                    "opt_in_message": "...", "opt_out_message": "...", "help_message": "...",
                    "categories": [], "verification_token": null,
                    "numbers": ["+12025550101"]}],
     "numbers": [{"number": "+12025550102", "brand": "B1"}],
     "verified_tokens": [{"token": "CV-1234", "brand": "B1"}]}

Who owns what: a number belongs to a brand only when an operator says so (a registry import, whose
campaigns' numbers and ``numbers`` entries assign them, or ``PUT /v1/numbers/{number}``); a sender
may attach to its campaigns only numbers its brand owns. A political campaign's verification
token counts only once an operator verified it for the campaign's brand (a registry import, whose
campaigns' tokens and ``verified_tokens`` entries are verified, or
``POST /v1/campaigns/{id}/verification``); a token a sender typed in is a claim, not a verification.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Final, Literal

import msgspec

#: Use cases as The Campaign Registry names them, lower_snake.
UseCase = Literal[
    "2fa",
    "account_notification",
    "customer_care",
    "delivery_notification",
    "fraud_alert",
    "higher_education",
    "low_volume_mixed",
    "marketing",
    "mixed",
    "polling_voting",
    "public_service_announcement",
    "security_alert",
    "political",
    "charity",
    "sweepstakes",
    "emergency",
]

#: Consent levels from weakest to strongest; a stronger consent satisfies a weaker requirement.
ConsentType = Literal["conversational", "informational", "promotional"]
CONSENT_RANK: Final[dict[str, int]] = {"conversational": 0, "informational": 1, "promotional": 2}

#: Use cases that market something: express written (promotional) consent, and quiet hours.
PROMOTIONAL_USE_CASES: Final = frozenset(
    {"marketing", "mixed", "low_volume_mixed", "sweepstakes", "charity"}
)
#: Use cases that solicit, so quiet hours apply (political texts included, whatever they say).
SOLICITING_USE_CASES: Final = PROMOTIONAL_USE_CASES | {"political"}

#: The 10 restricted content categories (see ``clearline.signals.categories``).
Category = Literal[
    "sex",
    "hate",
    "alcohol",
    "firearms",
    "tobacco",
    "high_risk_lending",
    "debt_relief",
    "lead_generation",
    "gambling",
    "cannabis",
]

_E164: Final = re.compile(r"\+[1-9][0-9]{6,14}")
_SHORT_CODE: Final = re.compile(r"[0-9]{3,8}")

Identifier = Annotated[str, msgspec.Meta(min_length=1, max_length=128, pattern=r"^\S+$")]


class Brand(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A vetted sender organisation.

    Attributes:
        id: the registry's brand id.
        name: the name messages must identify the sender by.
        tax_id: EIN or equivalent (evidence of who the brand is).
        vetting_score: 0-100 from the vetting provider; 0 means not vetted.
        aliases: other names that identify the brand in a message (a DBA, a short name).
    """

    id: Identifier
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    tax_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    vetting_score: Annotated[int, msgspec.Meta(ge=0, le=100)] = 0
    aliases: tuple[str, ...] = ()


class Campaign(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A registered messaging program of one brand.

    Attributes:
        id: the registry's campaign id.
        brand: the id of the brand that runs it.
        use_case: what it is for; sets the consent it needs and whether quiet hours apply.
        sample_messages: what its messages look like; traffic far from all of them is flagged.
        opt_in_message, opt_out_message, help_message: the program's keyword replies.
        categories: restricted content categories it is registered (and approved) for.
        verification_token: required for political campaigns (a 527 organisation's token).
        numbers: the numbers and short codes it sends from.
        description: free text.
    """

    id: Identifier
    brand: Identifier
    use_case: UseCase
    sample_messages: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
    opt_in_message: str = ""
    opt_out_message: str = ""
    help_message: str = ""
    categories: tuple[Category, ...] = ()
    verification_token: str | None = None
    numbers: tuple[str, ...] = ()
    description: str = ""


class NumberAssignment(msgspec.Struct, frozen=True, gc=False):
    """Which campaign a number sends for."""

    campaign: str


class NumberOwner(msgspec.Struct, frozen=True, gc=False):
    """Which brand a number belongs to; only an operator sets it."""

    brand: str


class TokenVerification(msgspec.Struct, frozen=True, gc=False):
    """The brand whose political verification token an operator verified."""

    brand: str


class NumberGrant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An operator's assignment of a number to a brand, before any campaign sends from it.

    Attributes:
        number: an E.164 number or a short code.
        brand: the brand that owns it (in the same file or already registered).
    """

    number: str
    brand: Identifier


class VerifiedToken(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A political verification token the operator checked (e.g. with Campaign Verify).

    Attributes:
        token: the token, as the brand's political campaigns will give it.
        brand: the brand it was issued to (another brand's campaign cannot use it).
    """

    token: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    brand: Identifier


class RegistryFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole registry import file."""

    brands: tuple[Brand, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    numbers: tuple[NumberGrant, ...] = ()
    verified_tokens: tuple[VerifiedToken, ...] = ()


def brands_named(doc: RegistryFile) -> set[str]:
    """The brands the file's campaigns, numbers and tokens refer to but the file does not define."""
    named = {c.brand for c in doc.campaigns}
    named.update(g.brand for g in doc.numbers)
    named.update(t.brand for t in doc.verified_tokens)
    return named - {b.id for b in doc.brands}


class ThroughputTier(msgspec.Struct, frozen=True):
    """The caps a vetting score earns.

    Attributes:
        name: the tier's name (top, high_mid, low_mid, low).
        per_minute: messages a minute per campaign (AT&T message class).
        per_day: messages a day per brand (T-Mobile daily cap).
    """

    name: str
    per_minute: int
    per_day: int


# (lowest score, tier), best first. AT&T classes A/B, C/D, E/F and T; T-Mobile Top, High-Mid,
# Low-Mid and Low daily brand caps.
_TIERS: Final = (
    (75, ThroughputTier("top", 4_500, 200_000)),
    (50, ThroughputTier("high_mid", 2_400, 40_000)),
    (25, ThroughputTier("low_mid", 240, 10_000)),
    (0, ThroughputTier("low", 75, 2_000)),
)


def throughput_tier(vetting_score: int) -> ThroughputTier:
    """The throughput a brand's vetting score earns its campaigns.

    Args:
        vetting_score: 0-100; 0 for an unvetted brand.

    Returns:
        The tier: 75+ top (4,500/min, 200,000/day), 50-74 high_mid (2,400, 40,000), 25-49 low_mid
        (240, 10,000), below 25 low (75, 2,000).
    """
    for lowest, tier in _TIERS:
        if vetting_score >= lowest:
            return tier
    return _TIERS[-1][1]


def is_sender_address(value: str) -> bool:
    """True for an E.164 number or a short code, the addresses a campaign can send from."""
    return _E164.fullmatch(value) is not None or _SHORT_CODE.fullmatch(value) is not None


def check_registry(
    doc: RegistryFile, known_brands: Mapping[str, Brand], source_text: str = ""
) -> list[str]:
    """Every problem that makes a registry file unusable, each naming where it is.

    Args:
        doc: the decoded file.
        known_brands: brands already in the registry (a campaign may name one of them).
        source_text: the file's text, used to name the line of a bad entry.

    Returns:
        Problems in file order; empty when the file can be imported.
    """
    problems: list[str] = []
    brand_ids = set(known_brands)
    seen_brands: set[str] = set()
    for index, brand in enumerate(doc.brands):
        where = where_in_file(source_text, "brands", index, brand.id)
        if brand.id in seen_brands:
            problems.append(f"{where}: brand {brand.id!r} appears twice in the file")
        seen_brands.add(brand.id)
        brand_ids.add(brand.id)
    seen_campaigns: set[str] = set()
    number_owner: dict[str, str] = {}
    for index, campaign in enumerate(doc.campaigns):
        where = where_in_file(source_text, "campaigns", index, campaign.id)
        if campaign.id in seen_campaigns:
            problems.append(f"{where}: campaign {campaign.id!r} appears twice in the file")
        seen_campaigns.add(campaign.id)
        if campaign.brand not in brand_ids:
            problems.append(
                f"{where}: campaign {campaign.id!r} names brand {campaign.brand!r}, which is "
                "neither in this file nor already registered"
            )
        if not campaign.numbers:
            problems.append(f"{where}: campaign {campaign.id!r} has no numbers to send from")
        for number in campaign.numbers:
            if not is_sender_address(number):
                problems.append(
                    f"{where}: {number!r} is not an E.164 number (+ and country code) or a "
                    "short code"
                )
            elif number in number_owner and number_owner[number] != campaign.id:
                problems.append(
                    f"{where}: number {number} is assigned to both {number_owner[number]!r} "
                    f"and {campaign.id!r}"
                )
            number_owner[number] = campaign.id
        if not any(sample.strip() for sample in campaign.sample_messages):
            problems.append(f"{where}: campaign {campaign.id!r} needs at least one sample message")
    campaign_brand = {n: c.brand for c in doc.campaigns for n in c.numbers}
    granted: dict[str, str] = {}
    for index, grant in enumerate(doc.numbers):
        where = where_in_file(source_text, "numbers", index, "")
        if not is_sender_address(grant.number):
            problems.append(
                f"{where}: {grant.number!r} is not an E.164 number (+ and country code) or a "
                "short code"
            )
        if grant.brand not in brand_ids:
            problems.append(
                f"{where}: number {grant.number} names brand {grant.brand!r}, which is neither "
                "in this file nor already registered"
            )
        if granted.get(grant.number, grant.brand) != grant.brand:
            problems.append(
                f"{where}: number {grant.number} is given to both {granted[grant.number]!r} "
                f"and {grant.brand!r}"
            )
        elif campaign_brand.get(grant.number, grant.brand) != grant.brand:
            problems.append(
                f"{where}: number {grant.number} is given to brand {grant.brand!r} but a "
                f"campaign of brand {campaign_brand[grant.number]!r} in this file sends from it"
            )
        granted.setdefault(grant.number, grant.brand)
    # A campaign's token in an operator's file is verified for the campaign's brand.
    token_brand: dict[str, str] = {}
    for index, campaign in enumerate(doc.campaigns):
        token = campaign.verification_token
        if not token:
            continue
        if token_brand.get(token, campaign.brand) != campaign.brand:
            where = where_in_file(source_text, "campaigns", index, campaign.id)
            problems.append(
                f"{where}: verification token {token!r} is given to both brand "
                f"{token_brand[token]!r} and brand {campaign.brand!r}"
            )
        token_brand.setdefault(token, campaign.brand)
    for index, verified in enumerate(doc.verified_tokens):
        where = where_in_file(source_text, "verified_tokens", index, "")
        if verified.brand not in brand_ids:
            problems.append(
                f"{where}: token {verified.token!r} names brand {verified.brand!r}, which is "
                "neither in this file nor already registered"
            )
        if token_brand.get(verified.token, verified.brand) != verified.brand:
            problems.append(
                f"{where}: token {verified.token!r} is verified for both "
                f"{token_brand[verified.token]!r} and {verified.brand!r}"
            )
        token_brand.setdefault(verified.token, verified.brand)
    return problems


def where_in_file(source_text: str, section: str, index: int, item_id: str | None) -> str:
    """``line 14, campaigns[2]``: the JSON path of an entry and, when found (by its id), its
    line."""
    label = f"{section}[{index}]"
    if source_text and item_id:
        pattern = re.compile(r'"id"\s*:\s*' + re.escape(msgspec.json.encode(item_id).decode()))
        found = list(pattern.finditer(source_text))
        if len(found) >= 1:
            # The n-th entry with this id in the file is the one at this index, in practice the
            # first; duplicates are reported separately.
            line = source_text.count("\n", 0, found[0].start()) + 1
            return f"line {line}, {label}"
    return label
