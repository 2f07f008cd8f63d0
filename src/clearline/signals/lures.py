"""Lures in the text: risky call-back numbers, money and prize bait, smishing requests."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final

from clearline.compliance.store import ComplianceStore
from clearline.content.brands import BANK_NAMES, NO_CALL_BACK_BRANDS
from clearline.content.facts import TextFacts, batch_analysis
from clearline.content.impersonation import named_brand, readable
from clearline.content.links import is_institution_site, is_major_site
from clearline.content.lures import (
    CallbackNumber,
    gives_code_value,
    gives_national_toll_free,
    gives_only_institution_numbers,
    is_call_request,
    is_mistaken_transfer,
    is_pay_bait,
    is_shut_off_call,
    mentions_phone_number,
    pleads,
)
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, SignalConfigError, setting
from clearline.signals.behaviour import is_unregistered_long_code
from clearline.signals.conversations import COLD, REGISTERED, conversations
from clearline.state import StateStore

_KIND_WORDS = {
    "premium_rate": "premium-rate",
    "shared_cost": "shared-cost",
    "personal_number": "personal-numbering (often premium)",
}


def _recruiting(facts: TextFacts) -> bool:
    """Pay for work offered beside links to major sites' or institutions' own pages only
    ("Amazon Flex: earn $18-$25 per hour ... flex.amazon.com", "Uber: drivers earn $1,200
    weekly ... uber.com/drive"): the company's own recruiting, not a scam's bait."""
    return (
        bool(facts.links)
        and facts.money_lure is not None
        and is_pay_bait(facts.money_lure)
        and all(is_major_site(link) or is_institution_site(link) for link, _ in facts.links)
    )


def _refund_call(text: str, request: str | None) -> bool:
    """A request to call a number about an account or a charge, without urgency, in the name of
    a brand whose own texts never ask that (``NO_CALL_BACK_BRANDS``: a refund or renewal
    scam's calm "If you did not authorize this charge call ..."). A bank's calm "Not you?
    Call ..." is its real fraud alert when the number is its own (``_bank_call_back``)."""
    if request is None or not is_call_request(request):
        return False
    return _speaks_as_no_call_back_brand(text)


def _speaks_as(text: str, names: frozenset[str]) -> bool:
    """Whether the text speaks as one of ``names`` (``impersonation.named_brand``)."""
    brand = named_brand(readable(text))
    return brand is not None and brand.name in names


def _speaks_as_no_call_back_brand(text: str) -> bool:
    """Whether the text speaks as a shop, tech company or payment app whose own texts never ask
    for a call (``NO_CALL_BACK_BRANDS``)."""
    return _speaks_as(text, NO_CALL_BACK_BRANDS)


def _bank_call_back(text: str, request: str) -> bool:
    """A request to call a number about an account or a charge ("If this wasn't you, call our
    fraud team on ...") in the name of a bank (``brands.BANK_NAMES``) whose published numbers
    it does not give (``brands.INSTITUTION_NUMBERS``) nor a national toll-free or shared-cost
    line (``lures.gives_national_toll_free``), in a text that gives no one-time code's value
    (the bank's own code notice: "Your code is 482019. If this wasn't you, call us on ...").
    The bank's real alert gives its own numbers, and comes from a short code or sender ID
    (``_credential_requests`` weighs a call request from one at ``registered_share``)."""
    if not is_call_request(request) or gives_only_institution_numbers(request):
        return False
    if gives_national_toll_free(request) or gives_code_value(text):
        return False
    return _speaks_as(text, BANK_NAMES)


def _job_offer(facts: TextFacts) -> str | None:
    """The text's job offer bait, unless the links signal reports it already (the same bait
    as the pretext beside a link elsewhere) or it is a major site's own recruiting."""
    offer = facts.job_offer
    if offer is None or _recruiting(facts):
        return None
    if facts.impersonation is not None and facts.impersonation.pretext == offer:
        return None
    return offer


# A telemarketer's pitch asks for an answer: a link or a phone number (as the facts found them)
# or a word asking for a reply, a call, a click or a message on another app (`_ANSWER_WORDS`).
# Without one it is more often a neighbour's, a tradesman's or a relative's first text about
# the same things ("we got solar, you could save $100 a month"), and weighs
# `PITCH_WITHOUT_ASK_SHARE` of the symbol: it tags with another finding only.
_ANSWER_WORDS: Final = re.compile(
    r"(?i)\b(?:reply|text|txt|respond|call|ring|dial|click|tap|visit|whatsapp|telegram|dm|"
    r"inbox|sms|message\s+us|opt[\s-]?out)\b"
)
PITCH_WITHOUT_ASK_SHARE: Final = 0.6
# A key to press to reach an "officer" (session 26: "Press 9 to speak to the officer", Malay's
# "Tekan 1"): a robocall's menu in a text, a way to answer an authority's threat; and since
# session 27 (blind set 21) a video call or a chat app ("Join video call immediately on Skype id
# cbi.mumbai.officer or face arrest": India's "digital arrest" is held on a video call).
_ANSWER_CHANNEL: Final = re.compile(
    r"(?i)\b(?:press|tekan|pindutin|dabaye|dabayein)\s+\d\b|\b\d\s+dabaye(?:in|n)?\b|"
    r"\b(?:skype|video\s+call|whats\s?app|telegram)\b"
)


# Findings that weigh in full, in the order their hits are listed: (``TextFacts`` field, symbol,
# what the detail says before the words found).
_STRANGERS_LURES: Final = (
    ("investment_bait", "LURE_INVESTMENT_RETURNS", "returns no real investment promises"),
    (
        "prize_claim",
        "LURE_PRIZE_CLAIM",
        "a prize the reader has won, to claim by a call, a reply or a fee",
    ),
    (
        "gift_cards",
        "LURE_GIFT_CARD_REQUEST",
        "gift cards, airtime or money asked for by someone who cannot talk",
    ),
    ("miracle", "LURE_MIRACLE_CURE", "a healer's or spell caster's ad"),
    (
        "benefit_claim",
        "LURE_BENEFIT_CLAIM",
        "government money or a rebate the reader is told to claim",
    ),
    (
        "debt_shaming",
        "LURE_DEBT_SHAMING",
        "a lender's threat to shame a borrower before the people they know",
    ),
    ("romance", "LURE_ROMANCE_OPENER", "a stranger's first text that courts the reader"),
    (
        "harm_threat",
        "LURE_HARM_THREAT",
        "watches the reader, demands money and threatens harm",
    ),
    (
        "app_install",
        "LURE_APP_INSTALL",
        "an app to install from a file sent by text, outside the app stores",
    ),
)


def _weighed_lures(
    text: str, facts: TextFacts, mistaken_transfer_share: float
) -> list[tuple[str, str, float]]:
    """The lures of a text that weigh by its conversation (``LureSignal._by_context``), each
    as its symbol, detail and share of its score: job offers, "Hi Mum" texts, requests for a
    code the reader received, authorities' threats (with a number or a link to answer on),
    extortion and payment tricks (unless the text asks for a code: the "code sent by mistake"
    is that). Money "sent by mistake" weighs ``mistaken_transfer_share`` of its score unless
    the text begs or tells a hard-luck story (``lures.pleads``: "kindly", "God bless you", "it
    was my school fees"), as the scam does: a friend's casual mix-up ("I Venmo'd you the $40 by
    mistake, can you send it back?") reads the same otherwise, so it takes the model or another
    finding to tag it."""
    found: list[tuple[str, str, float]] = []
    offer = _job_offer(facts)
    if offer is not None:
        found.append(
            ("LURE_JOB_OFFER", f"a job or task offer with pay for little work: {offer!r}", 1.0)
        )
    if facts.sales_pitch is not None:
        answer = (
            bool(facts.links)
            or mentions_phone_number(text)
            or _ANSWER_WORDS.search(text) is not None
        )
        found.append(
            (
                "LURE_SALES_PITCH",
                f"a telemarketer's sales pitch: {facts.sales_pitch!r}"
                + ("" if answer else " (no call, reply, link or number asked for)"),
                1.0 if answer else PITCH_WITHOUT_ASK_SHARE,
            )
        )
    for field, symbol, what in _STRANGERS_LURES:
        finding = getattr(facts, field)
        if finding is not None:
            found.append((symbol, f"{what}: {finding!r}", 1.0))
    if facts.impostor is not None:
        found.append(
            (
                "LURE_FAMILY_IMPOSTOR",
                f"a parent, relative or friend asked from a new or borrowed phone, or by a "
                f"grandchild in trouble ({facts.impostor!r}), for money, a call or a move to "
                "another app",
                1.0,
            )
        )
    if facts.code_request is not None:
        found.append(
            (
                "LURE_CODE_REQUEST",
                f"asks for a code the reader received: {facts.code_request!r}",
                1.0,
            )
        )
    if facts.threat is not None and (
        facts.links or mentions_phone_number(text) or _ANSWER_CHANNEL.search(text) is not None
    ):
        found.append(("LURE_AUTHORITY_THREAT", f"threatens the reader: {facts.threat!r}", 1.0))
    if facts.extortion is not None:
        found.append(
            ("LURE_EXTORTION", f"threatens to expose the reader: {facts.extortion!r}", 1.0)
        )
    trick = facts.payment_trick
    if trick is not None and facts.code_request is None:
        found.append(
            (
                "LURE_PAYMENT_TRICK",
                f"money the reader must return or pay to receive: {trick!r}",
                mistaken_transfer_share
                if is_mistaken_transfer(trick) and not pleads(text)
                else 1.0,
            )
        )
    return found


class LureSignal:
    """Call-back numbers, money and prize lures, urgency and credential requests."""

    name: ClassVar[str] = "lures"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CALLBACK_PREMIUM_RATE",
            "The text asks people to call or text a premium-rate or revenue-sharing number.",
            "Give a standard or toll-free number for replies.",
        ),
        SymbolSpec(
            "CALLBACK_INTERNATIONAL",
            "The text gives a call-back number in another country than the recipient's.",
            "Give a local or toll-free number; unexpected international numbers are a "
            "common call-back fraud.",
        ),
        SymbolSpec(
            "LURE_MONEY_PRIZE",
            "The text offers money, a prize or a bonus.",
            "If this is a real promotion, say who you are and register the campaign; avoid "
            "'you have won' wording.",
        ),
        SymbolSpec(
            "LURE_JOB_OFFER",
            "The text offers a job or task with the bait of pay for little work (a few hours "
            "a day, paid daily, an amount by the day or the task).",
            "Say who you are and what the job is; register the campaign. Real recruiters do "
            "not offer pay by the day for liking or rating things.",
        ),
        SymbolSpec(
            "LURE_SALES_PITCH",
            "The text pitches one of the products telemarketers text strangers about (car and "
            "home warranties, debt and student-loan relief, Medicare and health plans, solar and "
            "energy, cash offers for homes and land, insurance, pensions, weight-loss drugs) "
            "with an offer to the reader ('you may qualify', '$0 down', 'reply YES', 'cash "
            "offer'). Marketing texts need the recipient's prior written consent (TCPA).",
            "Text only people who gave you written consent, from a registered campaign; say "
            "who you are and how they signed up.",
        ),
        SymbolSpec(
            "LURE_INVESTMENT_RETURNS",
            "The text speaks of investing (forex, crypto, a trading group, stock tips) and "
            "promises returns no real investment can: money multiplied within days, a "
            "percentage every few days, weeks or months, money doubled, returns guaranteed or "
            "risk-free (Ponzi and pig-butchering bait).",
            "Never promise returns; state yearly rates and risks as your regulator requires.",
        ),
        SymbolSpec(
            "LURE_PRIZE_CLAIM",
            "The text tells the reader they have won a prize and asks them to call a number, "
            "reply with their name, account or ID, or pay a fee to claim it (the prize scam).",
            "Credit prizes directly or name where to collect them; never ask winners to call, "
            "send details or pay.",
        ),
        SymbolSpec(
            "LURE_GIFT_CARD_REQUEST",
            "The text asks the reader to buy gift cards (Apple, Google Play, Steam, vouchers, "
            "airtime, load or recharge cards) or to send money, for someone in a meeting who "
            "cannot talk, for a client or a member, to be reimbursed (a boss's or a pastor's "
            "impostor).",
            "Never ask anyone by text to buy gift cards; call them.",
        ),
        SymbolSpec(
            "LURE_HARM_THREAT",
            "The text claims to watch the reader or know where they live, demands money and "
            "threatens them or their family with harm or forbids them to go to the police "
            "(the 'hitman' and protection-money extortion).",
            "Report the text to the police; never threaten anyone.",
        ),
        SymbolSpec(
            "LURE_APP_INSTALL",
            "The text asks the reader to install an Android package (an '.apk' file) sent by "
            "link or named by file: in a bank's, courier's, utility's or government's name, the "
            "side-loaded app reads the phone's messages and one-time codes. No bank, courier or "
            "government sends its app as a file by text.",
            "Point people to your app in the app stores, never to a file.",
        ),
        SymbolSpec(
            "LURE_MIRACLE_CURE",
            "The text advertises what cannot be sold, with a number or a chat to reach the "
            "seller: a lost lover brought back, a lottery won, a court case settled, spells "
            "removed, sexual cures ('vashikaran', 'nguvu za kiume', 'weak erection?'): the "
            "self-styled healer's and spell caster's bulk ad.",
            "Advertise only lawful services and products, with claims you can substantiate.",
        ),
        SymbolSpec(
            "LURE_BENEFIT_CLAIM",
            "The text tells the reader a grant, relief payment, subsidy card, rebate or loan "
            "forgiveness is approved, owed or waiting for them and asks for a reply, a call, "
            "a form or their details to claim it, without linking to a government's own site "
            "(the benefit impostor's and the lead buyer's bait).",
            "Pay benefits into the accounts you hold and link only to your own official site; "
            "never ask for a reply, a call or details to release them.",
        ),
        SymbolSpec(
            "LURE_DEBT_SHAMING",
            "The text speaks of a debt unpaid and threatens to expose the borrower to their "
            "contacts, family, employer or on social media, calls them a thief or a fraud, or "
            "tells the reader they are someone's reference or guarantor (loan-app harassment, "
            "banned in India, Kenya, Nigeria, the Philippines and under the FDCPA).",
            "Collect only from the borrower, without threats; never contact or name others.",
        ),
        SymbolSpec(
            "LURE_ROMANCE_OPENER",
            "A stranger's first text courts the reader: asks to be friends, keeps chatting after "
            "its own 'wrong number', or got the number from a friend, a group or an app and "
            "calls the reader 'dear' (the opening of romance and pig-butchering scams).",
            "Do not text strangers to make friends; say who you are and why you have the number.",
        ),
        SymbolSpec(
            "LURE_FAMILY_IMPOSTOR",
            "The text opens by calling the reader a parent, a relative or a friend, says the "
            "sender's phone is new, lost, broken or someone else's, and asks for money or to "
            "move to WhatsApp (the 'Hi Mum' scam); or a grandchild in trouble (bail, an arrest) "
            "asks the reader not to tell a parent (the grandparent scam).",
            "Call your child on the number you know before you reply or pay.",
        ),
        SymbolSpec(
            "LURE_CODE_REQUEST",
            "The text asks the reader to send back, read out or forward a code their phone "
            "received (a one-time code that takes over their account or number).",
            "Never ask anyone for a code their phone received; tell them never to share it.",
        ),
        SymbolSpec(
            "LURE_AUTHORITY_THREAT",
            "The text threatens the reader with arrest, a warrant, legal or police action or a "
            "suspended identity number, and gives a number or a link to answer on "
            "(government impersonation).",
            "Agencies and courts do not threaten by text; never put threats in a text, and "
            "say where your real notices can be checked.",
        ),
        SymbolSpec(
            "LURE_EXTORTION",
            "The text threatens to send or post the reader's pictures, videos or messages, or "
            "messages about them, to their contacts, family or social media unless they pay "
            "(sextortion, a loan app's debt shaming).",
            "Never threaten to expose anyone; collect debts only as the law of the country allows.",
        ),
        SymbolSpec(
            "LURE_PAYMENT_TRICK",
            "The text says money went to the reader by mistake and asks for it back, or that a "
            "payment waits until the reader upgrades to a business account (a fake credit "
            "alert's or a fake buyer's trick).",
            "If money really went to the wrong person, ask your bank or payment app to reverse "
            "it; never ask a stranger to send it back.",
        ),
        SymbolSpec(
            "URGENCY_PRESSURE",
            "The text presses the reader to act at once (suspension, expiry, final notice).",
            "State deadlines plainly and without threats.",
        ),
        SymbolSpec(
            "SMISHING_CREDENTIAL_REQUEST",
            "The text combines urgency with a request to verify, log in or give credentials, "
            "or, in the name of a shop, tech company or payment app, asks to call a number "
            'about an account or a charge ("If you did not authorize this charge, call ...").',
            "Never ask for credentials by text; tell customers to open your app or site "
            "themselves.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.registered_share: float = setting(settings, "registered_share", float, 0.5)
        if not 0.0 <= self.registered_share <= 1.0:
            raise SignalConfigError("setting `registered_share` must be between 0 and 1")
        self.conversation_share: float = setting(settings, "conversation_share", float, 0.5)
        if not 0.0 <= self.conversation_share <= 1.0:
            raise SignalConfigError("setting `conversation_share` must be between 0 and 1")
        self.mistaken_transfer_share: float = setting(
            settings, "mistaken_transfer_share", float, 0.7
        )
        if not 0.0 <= self.mistaken_transfer_share <= 1.0:
            raise SignalConfigError("setting `mistaken_transfer_share` must be between 0 and 1")
        self._registry = ComplianceStore(state)

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        analysis = batch_analysis(batch)
        requests: list[tuple[int, str]] = []
        weighed: list[tuple[int, str, str, float]] = []
        for i in analysis.flagged:
            facts = analysis.facts[i]
            found = hits[i]
            if facts.callbacks:
                self._call_backs(facts.callbacks, found)
            if facts.money_lure is not None and not _recruiting(facts):
                found.append(
                    Hit("LURE_MONEY_PRIZE", f"offers money or a prize: {facts.money_lure!r}")
                )
            weighed.extend(
                (i, symbol, detail, share)
                for symbol, detail, share in _weighed_lures(
                    analysis.texts[i], facts, self.mistaken_transfer_share
                )
            )
            if facts.credential is not None and (
                facts.urgency is not None
                or is_shut_off_call(facts.credential)
                or _refund_call(analysis.texts[i], facts.credential)
            ):
                requests.append((i, facts.credential))
            elif facts.charge_call is not None and _speaks_as_no_call_back_brand(analysis.texts[i]):
                # "Your subscription of $399.99 has been renewed. To cancel call ..."
                requests.append((i, facts.charge_call))
            elif facts.credential is not None and _bank_call_back(
                analysis.texts[i], facts.credential
            ):
                # "Barclays: a new payee was added. If this wasn't you, call 0203 ..."
                requests.append((i, facts.credential))
            elif facts.urgency is not None:
                found.append(Hit("URGENCY_PRESSURE", f"pressure to act: {facts.urgency!r}"))
        if requests:
            self._credential_requests(batch, analysis.facts, requests, hits)
        if weighed:
            self._by_context(batch, weighed, hits)

    def _by_context(
        self, batch: Batch, found: list[tuple[int, str, str, float]], hits: list[list[Hit]]
    ) -> None:
        """Each of ``found`` (a row, a symbol, its detail and share; ``_weighed_lures``): its
        share in a cold contact, ``conversation_share`` of that in a conversation (a friend
        passing on a job offer, a son asking for the code his streaming account sent to his
        mother's phone) or from a registered campaign's number (a staffing agency's registered
        campaign)."""
        rows = list(dict.fromkeys(i for i, _, _, _ in found))
        context_of = dict(zip(rows, conversations(batch, rows, self._registry), strict=True))
        for i, symbol, detail, share in found:
            context = context_of[i]
            if context == COLD:
                hits[i].append(Hit(symbol, detail, share))
            else:
                hits[i].append(
                    Hit(symbol, f"{detail} ({context})", share * self.conversation_share)
                )

    def _credential_requests(
        self,
        batch: Batch,
        facts: list[TextFacts],
        rows: list[tuple[int, str]],
        hits: list[list[Hit]],
    ) -> None:
        """``SMISHING_CREDENTIAL_REQUEST`` for each of ``rows``: ``registered_share`` of it
        from a registered campaign's number (the registry rules judge its campaign), and for a
        request to call a number sent from a short code, an alphanumeric sender ID or a
        toll-free number (a bank's fraud alert, "call us at ... to unlock your card", comes
        from one of those; vishing from an unregistered long code); else all of it. Not less
        inside a conversation: a scammer's "is this Linda?" that the victim answers ("sorry,
        wrong number") makes one."""
        contexts = conversations(batch, [i for i, _ in rows], self._registry)
        long_code = batch.columns.get("unregistered_long_code")
        messages = batch.messages
        for (i, request), context in zip(rows, contexts, strict=True):
            urgency = facts[i].urgency
            if urgency is not None:
                detail = f"urgency {urgency!r} with a credential request {request!r}"
            else:
                detail = f"a request to call a number about an account or a charge: {request!r}"
            weight = 1.0
            if context == REGISTERED:
                weight = self.registered_share
                detail += f" ({context})"
            elif (is_call_request(request) or request == facts[i].charge_call) and not (
                long_code[i]
                if long_code is not None
                else is_unregistered_long_code(messages[i].sender, None)
            ):
                weight = self.registered_share
                detail += " (from a short code, sender ID or toll-free number)"
            hits[i].append(Hit("SMISHING_CREDENTIAL_REQUEST", detail, weight))

    @staticmethod
    def _call_backs(callbacks: list[CallbackNumber], found: list[Hit]) -> None:
        """The call-back hits of one text that gives numbers."""
        premium = [cb for cb in callbacks if cb.kind != "international"]
        if premium:
            number = premium[0]
            found.append(
                Hit(
                    "CALLBACK_PREMIUM_RATE",
                    f"{number.text.strip()} is a {_KIND_WORDS[number.kind]} number"
                    + (f" in {number.region}" if number.region else ""),
                )
            )
        foreign = [cb for cb in callbacks if cb.kind == "international"]
        if foreign:
            number = foreign[0]
            found.append(
                Hit(
                    "CALLBACK_INTERNATIONAL",
                    f"{number.text.strip()} is a number in {number.region or 'another country'}",
                )
            )
