"""Two days of traffic for the re-analysis tests: a snowshoe campaign inside ordinary P2P texting.

The campaign is spread over 40 unregistered numbers, each sending a few texts a day to strangers
over the whole day, and reworded from a spintax template, so that no number and no single wording
stands out; some recipients answer STOP. The ordinary traffic is friends' conversations (each
opened with a personal text, answered with everyday phrases many people use).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

DAY_ONE = dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC)
CAMPAIGN_NUMBERS = [f"+1202555{n:04d}" for n in range(100, 140)]
FRIENDS = [(f"+1312555{n:04d}", f"+1773555{n:04d}") for n in range(200, 260)]

_SPIN = [
    ["Hi", "Hello", "Hey"],
    ["{name},"],
    ["your", "the"],
    ["package", "parcel", "delivery", "shipment"],
    ["is waiting at the depot", "is on hold at our depot", "could not be delivered today"],
    ["Confirm", "Update", "Verify", "Check"],
    ["your address", "your delivery details", "the shipping address"],
    ["at {link}"],
    ["to get it", "to release it", "so we can send it", "to reschedule"],
    ["today", "now", "before 5pm", "by tonight"],
]
_NAMES = ["Ana", "Ben", "Carla", "Dev", "Elena", "Femi", "Gus", "Hana"]
_OPENERS = [
    "hey {who} did you see the game last night, that last quarter was unreal",
    "{who} are we still on for the hike on saturday morning or is the weather too bad",
    "morning {who}! mum asked if you can bring the salad bowl back when you come over",
    "{who} i left my charger at your place yesterday, can i grab it after work",
    "so {who} the landlord finally fixed the heating, only took him three weeks",
    "{who} what was the name of that thai place near the station we liked",
]
_REPLIES = [
    "sounds good see you then",
    "haha yes that was so funny",
    "running a bit late sorry, be there soon",
    "ok no problem talk later",
    "thanks so much for letting me know",
    "sure thing, i will text you when i leave",
]


def _iso(when: dt.datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def _spun(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(slot) for slot in _SPIN)
    return words.format(name=_NAMES[n % len(_NAMES)], link=f"pkg-track{n % 97}.example/{n:05d}")


def traffic_day(day: int, *, campaign_texts: int, seed: int = 22) -> list[dict[str, Any]]:
    """One day of messages in the ``scan`` format, in time order.

    Args:
        day: 0 for the first day, 1 for the next.
        campaign_texts: texts each campaign number sends that day (to new strangers).
        seed: the random seed (the same day comes out the same).
    """
    rng = random.Random(seed + day)
    start = DAY_ONE + dt.timedelta(days=day)
    messages: list[dict[str, Any]] = []
    serial = 0

    def add(seconds: float, sender: str, to: str, body: str) -> None:
        nonlocal serial
        serial += 1
        messages.append(
            {
                "id": f"d{day}-{serial:05d}",
                "ts": _iso(start + dt.timedelta(seconds=seconds)),
                "from": sender,
                "to": to,
                "body": body,
            }
        )

    for k, number in enumerate(CAMPAIGN_NUMBERS):
        for j in range(campaign_texts):
            n = (day * 1000) + k * campaign_texts + j
            stranger = f"+1415{555_0000 + n:07d}"
            # Spread over the day: a few texts an hour per number at most.
            at = rng.uniform(0, 23 * 3600)
            add(at, number, stranger, _spun(rng, n))
            if n % 9 == 0:
                add(at + rng.uniform(60, 3600), stranger, number, "STOP")
    for k, (person, friend) in enumerate(FRIENDS):
        at = rng.uniform(6 * 3600, 20 * 3600)
        opener = _OPENERS[(k + day) % len(_OPENERS)].format(who=_NAMES[k % len(_NAMES)].lower())
        add(at, person, friend, opener)
        for turn in range(4):
            at += rng.uniform(30, 900)
            sender, to = (friend, person) if turn % 2 == 0 else (person, friend)
            add(at, sender, to, rng.choice(_REPLIES))
    messages.sort(key=lambda m: m["ts"])
    return messages
