"""Registered A2P traffic: registration, consent, throughput and the CTIA message rules.

Applies to messages sent from a number assigned to a registered campaign, or that name a campaign
(``Message.campaign``). Person-to-person traffic is never judged here, and with no registry loaded
the signal stays idle (a module without its backend disables itself). One pass in arrival order:

* ``CAMPAIGN_UNREGISTERED``: the message names a campaign that is not registered, or a number not
  assigned to it; ``CAMPAIGN_NOT_VERIFIED``: a political campaign without a verification token
  that an operator verified for its brand (a token the sender typed in is only a claim).
* ``NO_CONSENT``: the recipient gave no consent, or weaker consent than the use case needs
  (marketing needs promotional, i.e. express written consent), to this campaign or number.
  A subscriber who texts a registered number gives that campaign conversational consent, which
  covers non-marketing replies within ``reply_window_hours``; the answer to a HELP needs no more
  whatever the use case. Consent recorded before the recipient's number was reassigned is void.
* ``THROUGHPUT_EXCEEDED``: over the campaign's per-minute cap or the brand's daily cap for its
  vetting tier (``compliance.registry.throughput_tier``); the policy forces a throttle.
* ``NO_SENDER_ID`` and ``NO_OPT_OUT_LANGUAGE``: the first message of the program to a subscriber
  does not name the brand or say how to opt out (a reply to a subscriber who texted first is
  exempt, and so are one-time passcodes, use case ``2fa``, for the opt-out line);
  ``OPT_OUT_REMINDER_MISSING``: a recurring program went ``recurrence_days`` without
  repeating the opt-out instructions.
* ``A2P_URL_SHORTENER``: a public URL shortener (carriers refuse them on A2P).
* ``QUIET_HOURS``: promotional or political solicitation before 8:00 or from 21:00 in the
  recipient's local time (area code; 20:00 for commercial use cases in states with stricter
  telemarketing laws), forced to throttle (send it in the morning).
* ``OFF_CAMPAIGN_CONTENT``: the text shares too few words with the campaign's registered samples;
  ``UNDECLARED_CONTENT_CATEGORY``: a restricted category (SHAFT, lending, gambling...) the campaign
  did not register.

State: per (campaign, subscriber) the first-message and last-reminder times (``a2p_program``,
about 120 bytes a pair, kept ``program_memory_days`` after the pair's last message); throughput
counters live in memory only (one per campaign and brand; losing them on restart costs at most one
minute or day of leniency).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final, NamedTuple
from zoneinfo import ZoneInfo

import msgspec

from clearline.compliance.consent import (
    CAMPAIGN_SCOPE,
    SENDER_SCOPE,
    ConsentEntry,
    consent_key,
    required_consent,
    satisfies,
)
from clearline.compliance.number_lists import NumberListEntry
from clearline.compliance.quiet_hours import area_prefix, quiet_hours_local_time
from clearline.compliance.registry import (
    PROMOTIONAL_USE_CASES,
    SOLICITING_USE_CASES,
    Brand,
    Campaign,
    NumberAssignment,
    TokenVerification,
    throughput_tier,
)
from clearline.compliance.text_rules import (
    classify,
    has_opt_out_language,
    identifies_itself,
    public_shortener_in,
)
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, SignalConfigError, setting
from clearline.signals.categories import CategoryMatch, find_categories
from clearline.signals.optout import LEDGER_DECIDED
from clearline.state import StateStore

#: Use cases whose messages the subscriber requests one at a time (not recurring programs).
_ONE_TIME_USE_CASES = frozenset({"2fa"})

_DAY: Final = 86_400.0
_TEXT_FACTS_CACHE: Final = 20_000
_QUIET_CACHE: Final = 100_000
_WORD: Final = re.compile(r"[^\W\d_]{2,}")
# Words too common to say what a message is about.
_STOPWORDS: Final = frozenset(
    "a an and are as at be by for from has have i if in is it its me msg my no not of on or "  # noqa: SIM905
    "our so that the this to up us was we will with you your yours reply text txt stop help opt "
    "out msg data rates may apply".split()
)


def content_words(text: str) -> frozenset[str]:
    """The words that say what a text is about: lower case, no digits, no stop words."""
    return frozenset(_WORD.findall(text.lower())) - _STOPWORDS


class _TextFacts(NamedTuple):
    """What the message rules need from a text alone, computed once per distinct body."""

    carries_opt_out: bool
    shortener: str | None
    words: frozenset[str]
    categories: list[CategoryMatch]


def _text_facts(body: str) -> _TextFacts:
    return _TextFacts(
        has_opt_out_language(body),
        public_shortener_in(body),
        content_words(body),
        find_categories(body),
    )


class ProgramState(msgspec.Struct, gc=False):
    """What one campaign has sent one subscriber, for the first-message and reminder rules."""

    first_ts: float | None = None
    reminder_ts: float | None = None
    inbound_ts: float | None = None
    help_ts: float | None = None


class _Rate(msgspec.Struct, gc=False):
    bucket: int
    count: int


class A2PComplianceSignal:
    """Registration, consent, throughput and message rules for registered A2P traffic."""

    name: ClassVar[str] = "a2p"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CAMPAIGN_UNREGISTERED",
            "The message names a campaign that is not registered, or is sent from a number not "
            "assigned to that campaign.",
            "Register the campaign and assign this number to it before sending; unregistered "
            "A2P traffic is blocked.",
        ),
        SymbolSpec(
            "CAMPAIGN_NOT_VERIFIED",
            "A political campaign is registered without a verification token that the operator "
            "verified for its brand.",
            "Complete political vetting (e.g. Campaign Verify for 527 organisations), add the "
            "token to the campaign's registration and ask the operator to verify it.",
        ),
        SymbolSpec(
            "NO_CONSENT",
            "The recipient has not given this campaign the consent its use case needs.",
            "Send only to subscribers who opted in to this campaign (express written consent "
            "for marketing); keep the evidence and import it with `clearline consent import`. "
            "Lists may not be bought, shared or reused from another campaign.",
        ),
        SymbolSpec(
            "THROUGHPUT_EXCEEDED",
            "The campaign is over the per-minute or daily volume its vetting tier allows.",
            "Spread the send over more time, or improve the brand's vetting score to earn a "
            "higher tier; throttled messages can be retried later.",
        ),
        SymbolSpec(
            "NO_SENDER_ID",
            "The first message of the program to this subscriber does not name the sender.",
            'Start the first message with your brand name, e.g. "Acme Bank: ...".',
        ),
        SymbolSpec(
            "NO_OPT_OUT_LANGUAGE",
            "The first message of the program to this subscriber does not say how to opt out.",
            'Add opt-out instructions, e.g. "Reply STOP to opt out."',
        ),
        SymbolSpec(
            "OPT_OUT_REMINDER_MISSING",
            "A recurring program has not repeated its opt-out instructions for over a month.",
            'Include "Reply STOP to opt out" at least once a month to each subscriber.',
        ),
        SymbolSpec(
            "A2P_URL_SHORTENER",
            "A2P message links through a public URL shortener, which carriers refuse.",
            "Link to your own domain, or a branded short domain you control.",
        ),
        SymbolSpec(
            "QUIET_HOURS",
            "Promotional or political solicitation outside 8:00-21:00 in the recipient's local "
            "time (by area code; some states end at 20:00).",
            "Schedule the send for the recipient's daytime; throttled messages can be retried "
            "in the morning.",
        ),
        SymbolSpec(
            "OFF_CAMPAIGN_CONTENT",
            "The text is far from every sample message the campaign registered.",
            "Send what the campaign was registered for, or register the new content as its "
            "own campaign or add sample messages.",
        ),
        SymbolSpec(
            "UNDECLARED_CONTENT_CATEGORY",
            "The text touches a restricted category (SHAFT, high-risk lending, debt relief, lead "
            "generation, gambling, cannabis) that the campaign did not register.",
            "Register the category with the campaign (special vetting applies; some are banned), "
            "or remove that content.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.min_sample_overlap: float = setting(settings, "min_sample_overlap", float, 0.25)
        self.min_words_judged: int = setting(settings, "min_words_judged", int, 4)
        self.recurrence: float = setting(settings, "recurrence_days", float, 30.0) * _DAY
        self.reply_window: float = setting(settings, "reply_window_hours", float, 24.0) * 3600
        self.memory: float = setting(settings, "program_memory_days", float, 90.0) * _DAY
        self.quiet_start: int = setting(settings, "quiet_start_hour", int, 8)
        self.quiet_end: int = setting(settings, "quiet_end_hour", int, 21)
        stricter = setting(settings, "quiet_end_hour_by_area_code", dict, {})
        self.quiet_end_by_area: dict[str, int] = {}
        for prefix, hour in stricter.items():
            if not isinstance(hour, int) or not 0 < hour <= 24:
                raise SignalConfigError(
                    f"setting `quiet_end_hour_by_area_code.{prefix}` must be an hour, 1-24"
                )
            self.quiet_end_by_area[str(prefix)] = hour
        try:
            ZoneInfo("America/New_York")
        except (KeyError, ValueError) as exc:  # ZoneInfoNotFoundError is a KeyError
            # Without a time-zone database quiet hours would silently never fire.
            raise SignalConfigError(
                "quiet hours need the IANA time-zone database: install the `tzdata` package"
            ) from exc
        self._numbers = state.table("registry_number", NumberAssignment)
        self._campaigns = state.table("registry_campaign", Campaign)
        self._brands = state.table("registry_brand", Brand)
        self._tokens = state.table("registry_token", TokenVerification)
        self._consent = state.table("consent", ConsentEntry)
        self._lists = state.table("number_list", NumberListEntry)
        self._programs = state.table("a2p_program", ProgramState)
        self._registry_seen = False
        self._vocabulary: dict[str, tuple[Campaign, frozenset[str]]] = {}
        self._brand_vocabulary: dict[str, tuple[Brand, frozenset[str]]] = {}
        # Bulk A2P repeats its texts (one notice to 20,000 parents): remember their categories.
        # Registered traffic is templated: a text's facts are computed once while it recurs.
        self._text_facts: dict[str, _TextFacts] = {}
        self._quiet: dict[tuple[str, int, bool], str | None] = {}
        self._minute: dict[str, _Rate] = {}
        self._day: dict[str, _Rate] = {}
        self._next_sweep = float("-inf")

    def _vocabulary_of(self, campaign: Campaign) -> frozenset[str]:
        cached = self._vocabulary.get(campaign.id)
        if cached is not None and cached[0] == campaign:
            return cached[1]
        texts = [*campaign.sample_messages, campaign.opt_in_message, campaign.opt_out_message]
        texts.append(campaign.help_message)
        words = frozenset().union(*(content_words(t) for t in texts))
        self._vocabulary[campaign.id] = (campaign, words)
        return words

    def _brand_words(self, brand: Brand | None) -> frozenset[str]:
        if brand is None:
            return frozenset()
        cached = self._brand_vocabulary.get(brand.id)
        if cached is not None and cached[0] == brand:
            return cached[1]
        words = frozenset().union(*(content_words(n) for n in (brand.name, *brand.aliases)))
        self._brand_vocabulary[brand.id] = (brand, words)
        return words

    def _over_rate(self, table: dict[str, _Rate], key: str, bucket: int, cap: int) -> int | None:
        """Count one message; return the cap when it is already reached (the message is over)."""
        rate = table.get(key)
        if rate is None or rate.bucket != bucket:
            rate = table[key] = _Rate(bucket, 0)
        if rate.count >= cap:
            return cap
        rate.count += 1
        return None

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        if not self._registry_seen:
            # Idle until a registry exists; once one does it stays (imports only add).
            if len(self._numbers) == 0 and len(self._campaigns) == 0:
                return
            self._registry_seen = True
        epochs = batch.epochs
        addresses = {m.sender for m in messages} | {m.to for m in messages}
        assigned = {n: a.campaign for n, a in self._numbers.get_many(addresses).items()}
        declared = {m.campaign for m in messages if m.campaign is not None}
        campaigns = self._campaigns.get_many(declared | set(assigned.values()))
        if not declared and not assigned:
            return
        brands = self._brands.get_many({c.brand for c in campaigns.values()})
        political_tokens = {
            c.verification_token
            for c in campaigns.values()
            if c.use_case == "political" and c.verification_token
        }
        verified = self._tokens.get_many(political_tokens) if political_tokens else {}

        # Which messages are registered traffic out (to a subscriber) or a subscriber's text in.
        out_campaign: list[str | None] = []
        in_campaign: list[str | None] = []
        consent_keys: set[str] = set()
        program_keys: set[str] = set()
        recipients: set[str] = set()
        for message in messages:
            campaign_id = message.campaign or assigned.get(message.sender)
            inbound = assigned.get(message.to)
            if campaign_id is not None and not (
                # A subscriber's reply that an aggregator tagged with the campaign it answers.
                inbound == campaign_id and message.sender not in assigned
            ):
                inbound = None
            else:
                campaign_id = None
            out_campaign.append(campaign_id)
            in_campaign.append(inbound)
            if campaign_id is not None:
                # consent_key() spelled inline: this runs for every registered message.
                to = message.to
                consent_keys.add(f"{to}\x1f{CAMPAIGN_SCOPE}{campaign_id}")
                consent_keys.add(f"{to}\x1f{SENDER_SCOPE}{message.sender}")
                program_keys.add(f"{campaign_id}\x1f{to}")
                recipients.add(to)
            elif inbound is not None:
                consent_keys.add(consent_key(message.sender, CAMPAIGN_SCOPE + inbound))
                consent_keys.add(consent_key(message.sender, SENDER_SCOPE + message.to))
                program_keys.add(f"{inbound}\x1f{message.sender}")
        consents: dict[str, ConsentEntry] = dict(self._consent.get_many(consent_keys))
        programs: dict[str, ProgramState] = dict(self._programs.get_many(program_keys))
        listings = self._lists.get_many(recipients) if recipients else {}
        new_consents: dict[str, ConsentEntry] = {}
        touched: set[str] = set()

        for i, message in enumerate(messages):
            now = epochs[i]
            inbound = in_campaign[i]
            if inbound is not None:
                # A subscriber texting a registered number: conversational consent, and the
                # campaign's next message is a reply (not a cold first message).
                key = f"{inbound}\x1f{message.sender}"
                state = programs.get(key)
                if state is None:
                    state = programs[key] = ProgramState()
                state.inbound_ts = now
                touched.add(key)
                kind = classify(message.body)
                if kind == "help":
                    state.help_ts = now
                if kind != "stop":  # a STOP is the opposite of consent
                    for scope in (CAMPAIGN_SCOPE + inbound, SENDER_SCOPE + message.to):
                        ckey = consent_key(message.sender, scope)
                        if consents.get(ckey) is None:
                            entry = ConsentEntry("conversational", now, "texted first")
                            consents[ckey] = new_consents[ckey] = entry
                continue
            campaign_id = out_campaign[i]
            if campaign_id is None:
                continue
            found = hits[i]
            if any(h.symbol in LEDGER_DECIDED for h in found):
                continue
            campaign = campaigns.get(campaign_id)
            owner = assigned.get(message.sender)
            if campaign is None:
                found.append(
                    Hit("CAMPAIGN_UNREGISTERED", f"campaign {campaign_id!r} is not registered")
                )
                continue
            if message.campaign is not None and owner != message.campaign:
                where = f"registered to campaign {owner!r}" if owner else "not registered"
                found.append(
                    Hit(
                        "CAMPAIGN_UNREGISTERED",
                        f"{message.sender} is {where}, not assigned to campaign {campaign_id!r}",
                    )
                )
                continue
            self._judge(
                message.to,
                message.sender,
                message.body,
                message.ts,
                now,
                campaign,
                brands.get(campaign.brand),
                verified,
                consents,
                listings,
                programs,
                touched,
                found,
            )

        if new_consents:
            self._consent.put_many(new_consents, max(epochs))
        if touched:
            latest = max(epochs)
            self._programs.put_many({k: programs[k] for k in touched}, latest)
            if latest >= self._next_sweep:
                self._programs.expire(latest - self.memory)
                self._next_sweep = latest + _DAY

    def _judge(
        self,
        recipient: str,
        sender: str,
        body: str,
        when: dt.datetime,
        now: float,
        campaign: Campaign,
        brand: Brand | None,
        verified: Mapping[str, TokenVerification],
        consents: Mapping[str, ConsentEntry],
        listings: Mapping[str, NumberListEntry],
        programs: dict[str, ProgramState],
        touched: set[str],
        found: list[Hit],
    ) -> None:
        """Every rule for one registered message, appending a hit per rule broken."""
        if campaign.use_case == "political":
            token = campaign.verification_token
            verification = verified.get(token) if token else None
            if not token:
                found.append(
                    Hit(
                        "CAMPAIGN_NOT_VERIFIED",
                        f"political campaign {campaign.id!r} has no verification token",
                    )
                )
            elif verification is None or verification.brand != campaign.brand:
                found.append(
                    Hit(
                        "CAMPAIGN_NOT_VERIFIED",
                        f"political campaign {campaign.id!r}: its verification token is not "
                        "verified by the operator for its brand (operator review)",
                    )
                )
        key = f"{campaign.id}\x1f{recipient}"
        state = programs.get(key)
        if state is None:
            state = programs[key] = ProgramState()
        touched.add(key)
        # Consent: the campaign's own, or the number's; void if older than a reassignment.
        needed = required_consent(campaign.use_case)
        replying = state.inbound_ts is not None and now - state.inbound_ts <= self.reply_window
        if state.help_ts is not None and now - state.help_ts <= self.reply_window:
            # The answer to HELP, which CTIA says must always be given, whatever the use case.
            state.help_ts = None
            needed = "conversational"
        elif needed == "informational" and replying:
            # Answering a subscriber who just texted is conversational messaging (CTIA): their
            # text is the consent. Marketing still needs express written consent.
            needed = "conversational"
        best: ConsentEntry | None = None
        for scope in (CAMPAIGN_SCOPE + campaign.id, SENDER_SCOPE + sender):
            entry = consents.get(consent_key(recipient, scope))
            if entry is not None and (best is None or satisfies(entry, best.type)):
                best = entry
        listing = listings.get(recipient)
        reassigned = listing.reassigned_at if listing is not None else None
        if best is not None and reassigned is not None and best.ts < reassigned:
            found.append(
                Hit(
                    "NO_CONSENT",
                    f"{recipient}'s consent predates the number's reassignment; the new owner "
                    "has not opted in",
                )
            )
        elif not satisfies(best, needed):
            have = f"only {best.type} consent" if best is not None else "no consent"
            found.append(
                Hit(
                    "NO_CONSENT",
                    f"{recipient} has {have} for campaign {campaign.id!r}; its use case "
                    f"{campaign.use_case} needs {needed} consent",
                )
            )
        # Throughput for the vetting tier.
        tier = throughput_tier(brand.vetting_score if brand is not None else 0)
        cap = self._over_rate(self._minute, campaign.id, int(now // 60), tier.per_minute)
        if cap is not None:
            found.append(
                Hit(
                    "THROUGHPUT_EXCEEDED",
                    f"campaign {campaign.id!r} is over {cap:,} messages a minute "
                    f"({tier.name} tier)",
                )
            )
        else:
            cap = self._over_rate(self._day, campaign.brand, int(now // _DAY), tier.per_day)
            if cap is not None:
                found.append(
                    Hit(
                        "THROUGHPUT_EXCEEDED",
                        f"brand {campaign.brand!r} is over {cap:,} messages a day "
                        f"({tier.name} tier)",
                    )
                )
        facts = self._text_facts.get(body)
        if facts is None:
            if len(self._text_facts) >= _TEXT_FACTS_CACHE:
                self._text_facts.clear()  # bounded; a cold cache only costs time
            facts = self._text_facts[body] = _text_facts(body)
        # First message of the program to this subscriber, and the monthly reminder.
        carries_opt_out = facts.carries_opt_out
        if state.first_ts is None:
            if state.inbound_ts is None:
                names = (brand.name, *brand.aliases) if brand is not None else ()
                if not identifies_itself(body, names):
                    who = f" ({', '.join(names)})" if names else ""
                    found.append(
                        Hit("NO_SENDER_ID", f"the first message does not name the sender{who}")
                    )
                # A one-time passcode is requested by the subscriber each time, not a recurring
                # program: 2FA codes commonly carry no opt-out line and must not be tagged for it.
                if not carries_opt_out and campaign.use_case not in _ONE_TIME_USE_CASES:
                    found.append(
                        Hit("NO_OPT_OUT_LANGUAGE", "the first message does not say how to opt out")
                    )
            state.first_ts = now
            state.reminder_ts = now
        elif not carries_opt_out and campaign.use_case not in _ONE_TIME_USE_CASES:
            last = state.reminder_ts if state.reminder_ts is not None else state.first_ts
            if now - last > self.recurrence:
                days = (now - last) / _DAY
                found.append(
                    Hit(
                        "OPT_OUT_REMINDER_MISSING",
                        f"{days:.0f} days since this subscriber was last told how to opt out",
                    )
                )
        if carries_opt_out:
            state.reminder_ts = now
        shortener = facts.shortener
        if shortener is not None:
            found.append(Hit("A2P_URL_SHORTENER", f"links through {shortener}"))
        if campaign.use_case in SOLICITING_USE_CASES:
            # The stricter state hours are telemarketing laws: commercial solicitation only.
            commercial = campaign.use_case in PROMOTIONAL_USE_CASES
            stricter = self.quiet_end_by_area if commercial else None
            # Local hours change only on UTC quarter-hours (every zone's offset is a multiple of
            # 15 minutes), so the answer per area code and quarter-hour is cached.
            slot = (area_prefix(recipient), int(now // 900), commercial)
            local = self._quiet.get(slot, "")
            if local == "":
                if len(self._quiet) >= _QUIET_CACHE:
                    self._quiet.clear()
                local = self._quiet[slot] = quiet_hours_local_time(
                    recipient, when, self.quiet_start, self.quiet_end, stricter
                )
            if local is not None:
                # Cached per slot; the detail names this message's own local time.
                local = quiet_hours_local_time(
                    recipient, when, self.quiet_start, self.quiet_end, stricter
                )
                found.append(
                    Hit("QUIET_HOURS", f"{campaign.use_case} message at {local} for {recipient}")
                )
        # A reply in a conversation is about whatever the subscriber asked, not the samples.
        # Brand names and opt-out boilerplate are in every message of a brand; only the rest
        # says whether this text is what the campaign registered.
        words = facts.words - self._brand_words(brand)
        if not replying and len(words) >= self.min_words_judged:
            vocabulary = self._vocabulary_of(campaign)
            overlap = len(words & vocabulary) / len(words)
            if overlap < self.min_sample_overlap:
                found.append(
                    Hit(
                        "OFF_CAMPAIGN_CONTENT",
                        f"{overlap:.0%} of its words appear in the campaign's registered samples "
                        f"(at least {self.min_sample_overlap:.0%} expected)",
                    )
                )
        for match in facts.categories:
            if match.category not in campaign.categories:
                found.append(
                    Hit(
                        "UNDECLARED_CONTENT_CATEGORY",
                        f"{match.category} ({match.evidence}) is not registered for campaign "
                        f"{campaign.id!r}",
                    )
                )
