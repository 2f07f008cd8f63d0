"""What the compliance signals cost per message, on registered A2P traffic and on person-to-person.

Builds a registry (20 brands, 40 campaigns, 400 numbers), consent for 90 % of 20,000 subscribers,
and traffic of which ``--a2p`` is registered A2P with personalised texts (names, amounts, links:
every body distinct, the worst case for caches), 1 % subscriber keywords (STOP, START, HELP) and
the rest person-to-person chat. Prints microseconds per message for each enabled signal and the
whole engine's messages/s (signals + policy, no JSON), on one core.

Usage: python bench/compliance_cost.py [--messages 200000] [--a2p 0.4] [--seed 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

from clearline import Engine, Message
from clearline.compliance.consent import ConsentEntry, consent_key
from clearline.compliance.registry import Brand, Campaign, RegistryFile
from clearline.compliance.store import ComplianceStore
from clearline.signals import Batch

_NAMES = ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo")
_TEMPLATES = (
    "{brand}: hi {name}, your order #{n} has shipped, track it at {brand_l}.example/t/{n}. "
    "Reply STOP to opt out.",
    "{brand}: {name}, a payment of ${amount} is due on {day}. Reply HELP for help.",
    "{brand}: {name}, your appointment is on {day} at {hour}:30. Reply C to confirm.",
    "{brand}: {name}, 20% off everything this weekend at {brand_l}.example/sale/{n}.",
)
_CHAT = ("ok see you soon", "running late, 10 min", "did you get my email?", "lol yes", "call me")


def _registry(rng: random.Random) -> tuple[RegistryFile, list[str]]:
    brands, campaigns, numbers = [], [], []
    for b in range(20):
        brands.append(Brand(f"B{b}", f"Brand{b}", f"12-{b:07d}", rng.randint(10, 95)))
        for c in range(2):
            own = [f"+1212{rng.randint(2000000, 9999999)}" for _ in range(10)]
            numbers.extend(own)
            use_case = "marketing" if c else "account_notification"
            samples = tuple(
                t.format(
                    brand=f"Brand{b}",
                    brand_l=f"brand{b}",
                    name="Ana",
                    n=1,
                    amount="10.00",
                    day="Monday",
                    hour=9,
                )
                for t in _TEMPLATES
            )
            campaigns.append(Campaign(f"C{b}-{c}", f"B{b}", use_case, samples, numbers=tuple(own)))  # type: ignore[arg-type]
    return RegistryFile(tuple(brands), tuple(campaigns)), numbers


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--a2p", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--ablation", action="store_true", help="time a2p without each check")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    rng = random.Random(args.seed)
    doc, numbers = _registry(rng)
    owner = {n: c for c in doc.campaigns for n in c.numbers}
    subscribers = [f"+1415{rng.randint(2000000, 9999999)}" for _ in range(20_000)]

    engine = Engine()
    store = ComplianceStore(engine.state)
    store.apply_registry(doc)
    consents = {
        consent_key(s, f"c:{c.id}"): ConsentEntry("promotional", 0.0, "web", "offers")
        for s in subscribers
        if rng.random() < 0.9
        for c in doc.campaigns
    }
    store.apply_consent(consents.items())

    start = dt.datetime(2026, 11, 23, 19, 0, tzinfo=dt.UTC)  # 11:00 in California
    messages = []
    for i in range(args.messages):
        ts = start + dt.timedelta(milliseconds=i * 20)
        roll = rng.random()
        subscriber = rng.choice(subscribers)
        if roll < args.a2p:
            number = rng.choice(numbers)
            brand = owner[number].brand.replace("B", "Brand")
            body = rng.choice(_TEMPLATES).format(
                brand=brand,
                brand_l=brand.lower(),
                name=rng.choice(_NAMES),
                n=i,
                amount=f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}",
                day="Friday",
                hour=rng.randint(8, 17),
            )
            messages.append(Message(f"m{i}", ts, number, subscriber, body))
        elif roll < args.a2p + 0.01:
            keyword = rng.choice(["STOP", "START", "HELP", "please stop texting me"])
            messages.append(Message(f"m{i}", ts, subscriber, rng.choice(numbers), keyword))
        else:
            other = rng.choice(subscribers)
            messages.append(Message(f"m{i}", ts, subscriber, other, rng.choice(_CHAT)))

    cost: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    began = time.perf_counter()
    for first in range(0, len(messages), 2048):
        chunk = messages[first : first + 2048]
        batch = Batch(chunk)
        hits: list[list] = [[] for _ in chunk]  # type: ignore[type-arg]
        for signal in engine.signals:
            t0 = time.perf_counter()
            signal.check(batch, hits)
            cost[signal.name] += time.perf_counter() - t0
        engine.state.commit()
        for message, found in zip(chunk, hits, strict=True):
            actions[engine.policy.decide(message.id, found).action.value] += 1
    seconds = time.perf_counter() - began

    cpu = "unknown"
    if Path("/proc/cpuinfo").exists():
        cpu = next(
            (
                r.split(":", 1)[1].strip()
                for r in Path("/proc/cpuinfo").read_text().splitlines()
                if r.startswith("model name")
            ),
            cpu,
        )
    print(
        f"machine: {cpu}, {os.cpu_count()} cores (pinned to 1), Python {platform.python_version()}"
    )
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"command: python {' '.join(sys.argv)}")
    print(f"{len(messages):,} messages, {args.a2p:.0%} registered A2P with distinct bodies")
    for name, spent in cost.items():
        print(f"  {name:<14} {1e6 * spent / len(messages):7.2f} us/message")
    print(f"engine (signals + policy): {len(messages) / seconds:,.0f} messages/s")
    print(f"actions: {dict(actions)}")
    if args.ablation:
        registered = [m for m in messages if m.sender in owner]
        _ablation(doc, consents, registered)
    return 0


def _a2p_seconds(
    doc: RegistryFile, consents: dict[str, ConsentEntry], messages: list[Message]
) -> float:
    """Best of 3: seconds the ``a2p`` signal alone spends on ``messages``, fresh state each run."""
    best = float("inf")
    for _ in range(3):
        engine = Engine()
        store = ComplianceStore(engine.state)
        store.apply_registry(doc)
        store.apply_consent(consents.items())
        signal = next(s for s in engine.signals if s.name == "a2p")
        spent = 0.0
        for first in range(0, len(messages), 2048):
            chunk = messages[first : first + 2048]
            batch = Batch(chunk)
            hits: list[list] = [[] for _ in chunk]  # type: ignore[type-arg]
            _ = batch.epochs
            t0 = time.perf_counter()
            signal.check(batch, hits)
            spent += time.perf_counter() - t0
        best = min(best, spent)
    return best


def _ablation(
    doc: RegistryFile, consents: dict[str, ConsentEntry], messages: list[Message]
) -> None:
    """µs per registered message for ``a2p``, in full and with each text check switched off."""
    import clearline.signals.a2p as a2p_module

    full = _a2p_seconds(doc, consents, messages)
    print(
        f"a2p alone on {len(messages):,} registered messages: "
        f"{1e6 * full / len(messages):.1f} us each"
    )
    stubs = {
        "content_words": lambda *a: frozenset(),
        "has_opt_out_language": lambda *a: False,
        "public_shortener_in": lambda *a: None,
        "identifies_itself": lambda *a: True,
        "quiet_hours_local_time": lambda *a: None,
        "find_categories": lambda *a: [],
    }
    for name, stub in stubs.items():
        original = getattr(a2p_module, name)
        setattr(a2p_module, name, stub)
        try:
            seconds = _a2p_seconds(doc, consents, messages)
        finally:
            setattr(a2p_module, name, original)
        print(f"  without {name:<24} {1e6 * seconds / len(messages):6.1f} us each")


if __name__ == "__main__":
    sys.exit(main())
