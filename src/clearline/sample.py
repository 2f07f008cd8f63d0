"""A small, deterministic sample of mixed traffic for ``clearline demo`` and the benchmarks.

It is not the traffic simulator (that models senders, campaigns and consent in depth); it only
exercises every shipped signal next to plenty of ordinary traffic, reproducibly from a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import msgspec

_AREA_CODES = ("212", "213", "305", "312", "415", "503", "512", "617", "702", "713", "804", "919")
_CHAT = (
    "running 10 min late, save me a seat",
    "did you see the game last night?",
    "can you pick up milk on the way home",
    "happy birthday!! hope it's a great one",
    "ok sounds good",
    "call me when you get this",
    "lol yes",
    "what time is dinner",
    "thanks for today, had fun",
    "are we still on for tomorrow?",
)
_ALERTS = (
    "Your verification code is {code}. It expires in 10 minutes.",
    "Acme Bank: a purchase of ${amount} was made on card ending {last4}. Reply HELP for help.",
    "Flight UA{flight} now departs at {hour}:15 from gate B{gate}. Reply STOP to opt out.",
    "Pharmacy: your prescription is ready for pickup. Reply STOP to opt out.",
)
_EPOCH = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


def _number(rng: random.Random) -> str:
    area = rng.choice(_AREA_CODES)
    return f"+1{area}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"


def generate_sample(count: int, seed: int = 7) -> Iterator[bytes]:
    """Yield ``count`` JSON Lines in the ``scan`` input format, in time order.

    About 85 % person-to-person chat, 10 % alerts from short codes, and a sprinkle of empty
    bodies, oversized bodies, invalid or malformed senders and flood bursts.
    """
    rng = random.Random(seed)
    encode = msgspec.json.encode
    people = [_number(rng) for _ in range(max(50, count // 20))]
    short_codes = [str(rng.randint(20000, 99999)) for _ in range(5)]
    clock = _EPOCH
    produced = 0
    while produced < count:
        clock += dt.timedelta(milliseconds=rng.randint(1, 400))
        roll = rng.random()
        sender, to = rng.choice(people), rng.choice(people)
        burst = 1
        if roll < 0.85:
            body = rng.choice(_CHAT)
        elif roll < 0.95:
            sender = rng.choice(short_codes)
            body = rng.choice(_ALERTS).format(
                code=rng.randint(100000, 999999),
                amount=f"{rng.randint(5, 900)}.{rng.randint(0, 99):02d}",
                last4=f"{rng.randint(0, 9999):04d}",
                flight=rng.randint(100, 2999),
                hour=rng.randint(6, 22),
                gate=rng.randint(1, 40),
            )
        elif roll < 0.96:
            body = rng.choice(("", "   "))
        elif roll < 0.965:
            body = "lorem ipsum dolor sit amet " * 80
        elif roll < 0.98:
            sender = rng.choice(("+10995550123", "+15550", "BANK-ALERT!!", "0800123456789"))
            body = rng.choice(_CHAT)
        else:
            body = "WIN a free cruise today, reply YES to claim"
            burst = rng.randint(8, 24)
        for _ in range(burst):
            if produced >= count:
                break
            produced += 1
            clock += dt.timedelta(seconds=rng.randint(1, 30)) if burst > 1 else dt.timedelta()
            record = {
                "id": f"m{produced:08d}",
                "ts": clock.isoformat().replace("+00:00", "Z"),
                "from": sender,
                "to": to,
                "body": body,
            }
            yield encode(record) + b"\n"
