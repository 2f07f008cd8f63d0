"""The traffic classes of the simulator, each a generator of timed events with its ground truth.

Volumes scale with the number of subscribers and the hours simulated; timing follows each
class's nature (people text in waking hours and answer within minutes; volunteers send one text
at a time at human pace; a school alert goes to every parent within minutes at the campaign's
registered throughput; a SIM farm sends around the clock at machine pace).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from clearline.simulate import texts
from clearline.simulate.population import Subscriber, new_number, zone_of

#: The first instant of every simulation: midnight in New York on the day of the run.
START = dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC).timestamp()


@dataclass(order=True)
class Event:
    """One message to write, with what a correct filter does with it (never written to traffic)."""

    epoch: float
    seq: int
    sender: str = field(compare=False)
    to: str = field(compare=False)
    body: str = field(compare=False)
    kind: str = field(compare=False)
    expected: str = field(compare=False)
    campaign: str = field(compare=False, default="")


@dataclass
class World:
    """Everything the generators share: the clock, the people, the registry and consent."""

    rng: random.Random
    subscribers: list[Subscriber]
    hours: float
    used_numbers: set[str]
    events: list[Event] = field(default_factory=list)
    brands: list[dict[str, Any]] = field(default_factory=list)
    campaigns: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)

    @property
    def end(self) -> float:
        return START + self.hours * 3600

    def add(
        self,
        epoch: float,
        sender: str,
        to: str,
        body: str,
        kind: str,
        expected: str,
        campaign: str = "",
    ) -> bool:
        """Queue a message if it falls inside the simulated window."""
        if not START <= epoch < self.end:
            return False
        self.events.append(
            Event(epoch, len(self.events), sender, to, body, kind, expected, campaign)
        )
        return True

    def scaled(self, per_20k: float, minimum: int = 1) -> int:
        """A count that is ``per_20k`` at 20,000 subscribers, scaled to this population."""
        return max(minimum, round(per_20k * len(self.subscribers) / 20_000))

    def fresh_number(self) -> str:
        return new_number(self.rng, self.used_numbers)

    def consent(
        self, subscriber: str, campaign: str, kind: str, method: str, disclosure: str
    ) -> None:
        days = self.rng.uniform(3, 400)
        ts = dt.datetime.fromtimestamp(START - days * 86400, dt.UTC)
        self.consents.append(
            {
                "subscriber": subscriber,
                "campaign": campaign,
                "type": kind,
                "ts": ts.isoformat().replace("+00:00", "Z"),
                "method": method,
                "disclosure": disclosure,
            }
        )

    def register(self, brand: dict[str, Any], campaigns: list[dict[str, Any]]) -> None:
        self.brands.append(brand)
        self.campaigns.extend(campaigns)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; means here are small.
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


# Relative chance that a person starts a conversation at each local hour (0-23).
_DIURNAL = (
    1,
    0.5,
    0.3,
    0.2,
    0.2,
    0.4,
    1.5,
    3,
    4,
    4.5,
    5,
    5.5,
    6,
    6,
    5.5,
    5.5,
    6,
    6.5,
    7,
    7,
    6.5,
    5.5,
    4,
    2,
)
_DIURNAL_MAX = max(_DIURNAL)


def waking_time(world: World, subscriber: Subscriber) -> float:
    """A moment in the window when this person is likely to text (their local daytime)."""
    rng = world.rng
    while True:
        epoch = rng.uniform(START, world.end)
        hour = int(subscriber.local_hour(epoch))
        if rng.random() * _DIURNAL_MAX <= _DIURNAL[hour]:
            return epoch


def _reply_delay(rng: random.Random) -> float:
    return min(7200.0, rng.lognormvariate(math.log(50), 1.2))


def person_to_person(world: World) -> None:
    """Conversations in small circles (mostly replies, 1:1 balance) and group bursts at events."""
    rng = world.rng
    per_day = world.hours / 24
    for subscriber in world.subscribers:
        for _ in range(_poisson(rng, 2.2 * per_day)):
            epoch = waking_time(world, subscriber)
            speaker, listener = subscriber.number, rng.choice(subscriber.circle)
            for _turn in range(1 + min(30, int(rng.expovariate(1 / 5)))):
                world.add(epoch, speaker, listener, texts.chat(rng), "p2p", "deliver")
                if rng.random() < 0.8:
                    speaker, listener = listener, speaker
                epoch += _reply_delay(rng)
    # Group chats: every member's text goes to every other member at once (fan-out of one text).
    for _ in range(world.scaled(250 * per_day)):
        host = rng.choice(world.subscribers)
        members = [host.number, *rng.sample(host.circle, min(len(host.circle), rng.randint(3, 12)))]
        epoch = waking_time(world, host)
        for _msg in range(rng.randint(4, 25)):
            speaker = rng.choice(members)
            body = texts.chat(rng)
            for member in members:
                if member != speaker:
                    world.add(
                        epoch + rng.uniform(0, 1.5), speaker, member, body, "p2p_group", "deliver"
                    )
            epoch += _reply_delay(rng) / 3


@dataclass
class _Program:
    """A registered sender program's bookkeeping while it sends."""

    campaign: str
    number: str
    brand: str
    kind: str = "a2p_compliant"
    seen: set[str] = field(default_factory=set)
    stopped: set[str] = field(default_factory=set)

    def first(self, recipient: str) -> bool:
        if recipient in self.seen:
            return False
        self.seen.add(recipient)
        return True


def _honour_replies(
    world: World,
    program: _Program,
    recipient: str,
    epoch: float,
    stop_rate: float,
    help_rate: float,
    help_text: str,
) -> None:
    """Some recipients answer STOP or HELP; a compliant program confirms once and stops."""
    rng = world.rng
    roll = rng.random()
    if roll < stop_rate:
        at = epoch + _reply_delay(rng)
        if world.add(
            at, recipient, program.number, texts.stop_reply(rng), "subscriber_reply", "deliver"
        ):
            program.stopped.add(recipient)
            world.add(
                at + rng.uniform(1, 20),
                program.number,
                recipient,
                f"{program.brand}: You are unsubscribed and will receive no more messages.",
                program.kind,
                "deliver",
                program.campaign,
            )
    elif roll < stop_rate + help_rate:
        at = epoch + _reply_delay(rng)
        if world.add(
            at, recipient, program.number, texts.help_reply(rng), "subscriber_reply", "deliver"
        ):
            world.add(
                at + rng.uniform(1, 20),
                program.number,
                recipient,
                help_text,
                program.kind,
                "deliver",
                program.campaign,
            )


def _brand(world: World, brand_id: str, name: str, score: int) -> dict[str, Any]:
    return {
        "id": brand_id,
        "name": name,
        "tax_id": f"{world.rng.randint(10, 99)}-{world.rng.randint(1000000, 9999999)}",
        "vetting_score": score,
    }


def _campaign(
    campaign_id: str,
    brand_id: str,
    use_case: str,
    samples: list[str],
    numbers: list[str],
    brand_name: str,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": campaign_id,
        "brand": brand_id,
        "use_case": use_case,
        "sample_messages": samples,
        "opt_in_message": f"{brand_name}: You're signed up for alerts. Msg&data rates may apply. "
        "Reply HELP for help, STOP to opt out.",
        "opt_out_message": f"{brand_name}: You are unsubscribed and will receive no more messages.",
        "help_message": f"{brand_name}: For help call 1-800-555-0100. Reply STOP to opt out.",
        "numbers": numbers,
        **extra,
    }


def registered_alerts(world: World) -> None:
    """Bank codes and alerts, airline notices, pharmacy reminders, a retailer's consented promo,
    and a school district's closure alert to every parent within minutes."""
    rng = world.rng
    subs = world.subscribers
    per_day = world.hours / 24
    help_text = "For help call 1-800-555-0100. Reply STOP to opt out."

    # Acme Bank: one-time codes from a short code, account alerts from a 10DLC number.
    bank_code, bank_alerts = "72345", world.fresh_number()
    world.register(
        _brand(world, "B-ACME", "Acme Bank", 88),
        [
            _campaign(
                "C-ACME-2FA",
                "B-ACME",
                "2fa",
                [texts.otp(rng, "Acme Bank") for _ in range(3)],
                [bank_code],
                "Acme Bank",
            ),
            _campaign(
                "C-ACME-ALERTS",
                "B-ACME",
                "account_notification",
                [texts.bank_alert(rng, "Acme Bank", i == 0) for i in range(4)],
                [bank_alerts],
                "Acme Bank",
            ),
        ],
    )
    otp = _Program("C-ACME-2FA", bank_code, "Acme Bank")
    alerts = _Program("C-ACME-ALERTS", bank_alerts, "Acme Bank")
    for customer in rng.sample(subs, len(subs) * 3 // 10):
        for campaign in ("C-ACME-2FA", "C-ACME-ALERTS"):
            world.consent(
                customer.number,
                campaign,
                "informational",
                "online banking enrollment",
                "Get security codes and account alerts by text. Reply STOP to cancel.",
            )
        code_times = sorted(  # codes come whenever people log in, day or night
            rng.uniform(START, world.end) for _ in range(_poisson(rng, 0.5 * per_day))
        )
        for epoch in code_times:
            first = otp.first(customer.number)
            body = texts.otp(rng, "Acme Bank") + (" Reply STOP to opt out." if first else "")
            world.add(
                epoch, bank_code, customer.number, body, "a2p_compliant", "deliver", otp.campaign
            )
        alert_times = sorted(
            waking_time(world, customer) for _ in range(_poisson(rng, 0.7 * per_day))
        )
        for epoch in alert_times:  # in time order, so nothing is sent after a STOP
            if customer.number in alerts.stopped:
                continue
            world.add(
                epoch,
                bank_alerts,
                customer.number,
                texts.bank_alert(rng, "Acme Bank", alerts.first(customer.number)),
                "a2p_compliant",
                "deliver",
                alerts.campaign,
            )
            _honour_replies(world, alerts, customer.number, epoch, 0.01, 0.005, help_text)

    # SkyWays Air: a few notices around each traveller's flight.
    air = world.fresh_number()
    world.register(
        _brand(world, "B-SKY", "SkyWays Air", 80),
        [
            _campaign(
                "C-SKY-FLIGHT",
                "B-SKY",
                "account_notification",
                [texts.flight_notice(rng, "SkyWays Air", i == 0) for i in range(4)],
                [air],
                "SkyWays Air",
            )
        ],
    )
    flights = _Program("C-SKY-FLIGHT", air, "SkyWays Air")
    for traveller in rng.sample(subs, max(1, int(len(subs) * 0.04 * per_day))):
        world.consent(
            traveller.number,
            "C-SKY-FLIGHT",
            "informational",
            "booking form checkbox",
            "Text me flight updates. Msg&data rates may apply. Reply STOP to cancel.",
        )
        epoch = waking_time(world, traveller)
        for _ in range(rng.randint(2, 4)):
            world.add(
                epoch,
                air,
                traveller.number,
                texts.flight_notice(rng, "SkyWays Air", flights.first(traveller.number)),
                "a2p_compliant",
                "deliver",
                flights.campaign,
            )
            epoch += rng.uniform(600, 5400)

    # CareWell Pharmacy: refill reminders in daytime.
    pharmacy = world.fresh_number()
    world.register(
        _brand(world, "B-CARE", "CareWell Pharmacy", 60),
        [
            _campaign(
                "C-CARE-RX",
                "B-CARE",
                "account_notification",
                [texts.pharmacy_reminder(rng, "CareWell Pharmacy", i == 0) for i in range(3)],
                [pharmacy],
                "CareWell Pharmacy",
            )
        ],
    )
    rx = _Program("C-CARE-RX", pharmacy, "CareWell Pharmacy")
    for patient in rng.sample(subs, max(1, int(len(subs) * 0.03 * per_day))):
        world.consent(
            patient.number,
            "C-CARE-RX",
            "informational",
            "pharmacy counter sign-up",
            "Get refill reminders by text. Reply STOP to end.",
        )
        epoch = waking_time(world, patient)
        world.add(
            epoch,
            pharmacy,
            patient.number,
            texts.pharmacy_reminder(rng, "CareWell Pharmacy", rx.first(patient.number)),
            "a2p_compliant",
            "deliver",
            rx.campaign,
        )
        _honour_replies(world, rx, patient.number, epoch, 0.01, 0.01, help_text)

    # Lakeside USD: a closure alert to every parent at 5:45 local (informational, not solicitation,
    # so quiet hours do not apply), paced at 4,000 a minute, under its 4,500-a-minute tier.
    school = "33221"
    world.register(
        {
            **_brand(world, "B-LUSD", "Lakeside Unified School District", 82),
            "aliases": ["Lakeside USD"],
        },
        [
            _campaign(
                "C-LUSD-ALERTS",
                "B-LUSD",
                "public_service_announcement",
                [texts.school_closure(rng, "Lakeside USD") for _ in range(2)],
                [school],
                "Lakeside USD",
            )
        ],
    )
    parents = rng.sample(subs, len(subs) * 3 // 4)
    burst_at = START + 5.75 * 3600  # outside a short simulation: not sent
    closure = texts.school_closure(rng, "Lakeside USD")
    for i, parent in enumerate(parents):
        world.consent(
            parent.number,
            "C-LUSD-ALERTS",
            "informational",
            "school enrollment form",
            "Receive district alerts by text. Reply STOP to opt out.",
        )
        world.add(
            burst_at + i * 60 / 4000,
            school,
            parent.number,
            closure,
            "a2p_compliant",
            "deliver",
            "C-LUSD-ALERTS",
        )

    # Bloom & Co: one promotional blast at noon Eastern to subscribers with written consent.
    retail = world.fresh_number()
    world.register(
        _brand(world, "B-BLOOM", "Bloom & Co", 70),
        [
            _campaign(
                "C-BLOOM-PROMO",
                "B-BLOOM",
                "marketing",
                [texts.retail_promo(rng, "Bloom & Co", i == 0) for i in range(3)],
                [retail],
                "Bloom & Co",
            )
        ],
    )
    promo = _Program("C-BLOOM-PROMO", retail, "Bloom & Co")
    blast_at = START + 12 * 3600  # noon Eastern, 9:00 Pacific; outside the window: not sent
    for i, shopper in enumerate(rng.sample(subs, len(subs) // 5)):
        world.consent(
            shopper.number,
            "C-BLOOM-PROMO",
            "promotional",
            "checkout web form",
            "Yes, send me recurring marketing texts from Bloom & Co at this number. "
            "Consent not required to buy. Msg&data rates may apply. Reply STOP to cancel.",
        )
        epoch = blast_at + i * 60 / 1500
        world.add(
            epoch,
            retail,
            shopper.number,
            texts.retail_promo(rng, "Bloom & Co", promo.first(shopper.number)),
            "a2p_compliant",
            "deliver",
            promo.campaign,
        )
        _honour_replies(world, promo, shopper.number, epoch, 0.02, 0.005, help_text)


def political_campaigns(world: World) -> None:
    """One get-out-the-vote program sent peer to peer, compliant and non-compliant."""
    rng = world.rng
    subs = world.subscribers
    candidate = "Dana Lee"
    committee = "Friends of Dana Lee"

    # Compliant: registered with a verification token, consented list, hundreds of volunteer
    # numbers, one text at a time at human pace, opt-out language and identity in the opener.
    volunteers = [world.fresh_number() for _ in range(world.scaled(300, 5))]
    world.register(
        _brand(world, "B-LEE", committee, 72),
        [
            _campaign(
                "C-LEE-GOTV",
                "B-LEE",
                "political",
                [
                    texts.campaign_opener(rng, candidate, committee, "Sam", "Alex", True)
                    for _ in range(3)
                ],
                volunteers,
                committee,
                verification_token="CV-527-8841-LEE",
            )
        ],
    )
    program = _Program("C-LEE-GOTV", volunteers[0], committee, kind="political_compliant")
    members = rng.sample(subs, len(subs) * 2 // 5)
    for member in members:
        world.consent(
            member.number,
            "C-LEE-GOTV",
            "informational",
            "web signup at danalee.org",
            f"By providing your number you agree to receive texts from {committee}. "
            "Msg&data rates may apply. Reply STOP to opt out.",
        )
    _volunteer_bank(
        world,
        volunteers,
        members,
        candidate,
        committee,
        compliant=True,
        kind="political_compliant",
        expected="deliver",
        program=program,
        campaign="C-LEE-GOTV",
    )

    # Non-compliant: the same program on a bought list from unregistered numbers, no consent,
    # no opt-out language.
    rogue_numbers = [world.fresh_number() for _ in range(world.scaled(200, 5))]
    consented = {m.number for m in members}
    bought = [s for s in rng.sample(subs, len(subs) * 3 // 10) if s.number not in consented]
    rogue = _Program(
        "political-noncompliant", rogue_numbers[0], committee, kind="political_noncompliant"
    )
    _volunteer_bank(
        world,
        rogue_numbers,
        bought,
        candidate,
        committee,
        compliant=False,
        kind="political_noncompliant",
        expected="block",
        program=rogue,
        campaign="political-noncompliant",
    )


def _volunteer_bank(
    world: World,
    numbers: list[str],
    recipients: list[Subscriber],
    candidate: str,
    committee: str,
    *,
    compliant: bool,
    kind: str,
    expected: str,
    program: _Program,
    campaign: str,
) -> None:
    rng = world.rng
    shift_start = START + 13 * 3600  # 13:00 Eastern = 10:00 Pacific
    queues: list[list[Subscriber]] = [[] for _ in numbers]
    for i, recipient in enumerate(recipients):
        queues[i % len(numbers)].append(recipient)
    for number, queue in zip(numbers, queues, strict=True):
        volunteer = rng.choice(texts.FIRST_NAMES)
        epoch = shift_start + rng.uniform(0, 3 * 3600)
        for recipient in queue:
            epoch += rng.uniform(15, 45)  # one at a time, by hand
            first_name = rng.choice(texts.FIRST_NAMES)
            body = texts.campaign_opener(
                rng, candidate, committee, volunteer, first_name, compliant
            )
            if not world.add(epoch, number, recipient.number, body, kind, expected, campaign):
                continue
            roll = rng.random()
            reply_at = epoch + _reply_delay(rng)
            if roll < 0.03:
                world.add(
                    reply_at,
                    recipient.number,
                    number,
                    texts.stop_reply(rng),
                    "subscriber_reply",
                    "deliver",
                )
                if compliant:
                    world.add(
                        reply_at + rng.uniform(2, 30),
                        number,
                        recipient.number,
                        f"{committee}: You're unsubscribed. No more texts will be sent.",
                        kind,
                        expected,
                        campaign,
                    )
            elif roll < 0.04:
                world.add(
                    reply_at,
                    recipient.number,
                    number,
                    texts.help_reply(rng),
                    "subscriber_reply",
                    "deliver",
                )
                world.add(
                    reply_at + rng.uniform(2, 30),
                    number,
                    recipient.number,
                    f"{committee}: texts about the election. Info: danalee.org. "
                    "Reply STOP to opt out."
                    if compliant
                    else "this is the Dana Lee team!",
                    kind,
                    expected,
                    campaign,
                )
            elif roll < 0.12:
                world.add(
                    reply_at,
                    recipient.number,
                    number,
                    texts.human_reply(rng),
                    "subscriber_reply",
                    "deliver",
                )
                world.add(
                    reply_at + rng.uniform(30, 240),
                    number,
                    recipient.number,
                    texts.campaign_follow_up(rng, candidate),
                    kind,
                    expected,
                    campaign,
                )


def _random_recipient(world: World) -> Subscriber:
    return world.rng.choice(world.subscribers)


def snowshoe(world: World) -> None:
    """Spam spread thin over many fresh numbers: each sends a few dozen texts, then goes silent."""
    rng = world.rng
    for _ in range(world.scaled(500 * world.hours / 24, 5)):
        number = world.fresh_number()
        epoch = rng.uniform(START, world.end)
        for _msg in range(rng.randint(20, 60)):
            epoch += rng.uniform(20, 180)
            world.add(
                epoch,
                number,
                _random_recipient(world).number,
                texts.snowshoe_text(rng),
                "snowshoe",
                "block",
                "snowshoe",
            )


def smishing(world: World) -> None:
    """Waves of phishing texts with lookalike links, each wave from a few dozen fresh numbers."""
    rng = world.rng
    waves = max(1, round(4 * world.hours / 24))
    for wave in range(waves):
        numbers = [world.fresh_number() for _ in range(rng.randint(30, 80))]
        start = rng.uniform(START, world.end - 1800)
        for _ in range(world.scaled(rng.randint(1000, 3000), 20)):
            world.add(
                start + rng.uniform(0, 2400),
                rng.choice(numbers),
                _random_recipient(world).number,
                texts.smishing_text(rng, wave),
                "smishing",
                "block",
                f"smishing-{wave}",
            )


def sim_farm(world: World) -> None:
    """SIM-farm senders: steady machine-paced texting around the clock, nothing ever received."""
    rng = world.rng
    for farm_index in range(world.scaled(30, 2)):
        number = world.fresh_number()
        name = rng.choice(texts.FIRST_NAMES)
        epoch = START + rng.uniform(0, 600)
        while epoch < world.end:
            world.add(
                epoch,
                number,
                _random_recipient(world).number,
                texts.sim_farm_text(rng, name),
                "sim_farm",
                "block",
                f"sim-farm-{farm_index}",
            )
            epoch += rng.uniform(40, 120)


def stop_ignored(world: World) -> None:
    """A registered marketer with consent that keeps texting people after they reply STOP."""
    rng = world.rng
    number = world.fresh_number()
    world.register(
        _brand(world, "B-DEALZ", "DealzNow", 55),
        [
            _campaign(
                "C-DEALZ-PROMO",
                "B-DEALZ",
                "marketing",
                [texts.retail_promo(rng, "DealzNow", True) for _ in range(2)],
                [number],
                "DealzNow",
            )
        ],
    )
    shoppers = rng.sample(world.subscribers, max(2, len(world.subscribers) // 10))
    stopped: set[str] = set()
    for shopper in shoppers:
        world.consent(
            shopper.number,
            "C-DEALZ-PROMO",
            "promotional",
            "web form",
            "Send me DealzNow deals by text. Msg&data rates may apply. Reply STOP to cancel.",
        )
    program = _Program("C-DEALZ-PROMO", number, "DealzNow")
    # Noon, 3 pm and 6 pm Eastern: 9 am to 3 pm Pacific, inside everyone's 8:00-21:00.
    for hour in (12.0, 15.0, 18.0, 36.0, 39.0, 42.0):
        blast = START + hour * 3600
        for i, shopper in enumerate(shoppers):
            epoch = blast + i * 0.05
            after_stop = shopper.number in stopped
            sent = world.add(
                epoch,
                number,
                shopper.number,
                texts.retail_promo(rng, "DealzNow", program.first(shopper.number)),
                "stop_ignored" if after_stop else "a2p_compliant",
                "block" if after_stop else "deliver",
                "C-DEALZ-PROMO",
            )
            if sent and not after_stop and rng.random() < 0.02:
                world.add(
                    epoch + _reply_delay(rng),
                    shopper.number,
                    number,
                    texts.stop_reply(rng),
                    "subscriber_reply",
                    "deliver",
                )
                stopped.add(shopper.number)


#: Every traffic class generator, in the order they draw from the random stream.
GENERATORS: tuple[Callable[[World], None], ...] = (
    person_to_person,
    registered_alerts,
    political_campaigns,
    snowshoe,
    smishing,
    sim_farm,
    stop_ignored,
)

__all__ = ["GENERATORS", "START", "Event", "World", "zone_of"]
