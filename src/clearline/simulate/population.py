"""Who is on the simulated network: subscribers with real area codes, time zones and circles."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from clearline.signals.numbers import is_valid_nanp

# Area codes across the US time zones, weighted roughly by population.
AREA_CODES: dict[str, tuple[str, ...]] = {
    "America/New_York": ("212", "718", "917", "305", "404", "617", "215", "202", "704", "313"),
    "America/Chicago": ("312", "773", "713", "214", "512", "615", "314", "612"),
    "America/Denver": ("303", "720", "801", "505"),
    "America/Phoenix": ("602", "480"),
    "America/Los_Angeles": ("213", "310", "415", "206", "503", "619", "702"),
}
_ZONE_WEIGHTS = {
    "America/New_York": 47,
    "America/Chicago": 29,
    "America/Denver": 6,
    "America/Phoenix": 3,
    "America/Los_Angeles": 15,
}


@dataclass
class Subscriber:
    """One phone user: a number, a home time zone and a circle of contacts."""

    number: str
    zone: ZoneInfo
    circle: list[str] = field(default_factory=list)

    def local_hour(self, epoch: float) -> float:
        """The subscriber's local time of day, in hours."""
        local = dt.datetime.fromtimestamp(epoch, self.zone)
        return local.hour + local.minute / 60


def new_number(rng: random.Random, used: set[str], zone: str | None = None) -> str:
    """A fresh, valid North American number not in ``used`` (added to it)."""
    zones = list(_ZONE_WEIGHTS)
    while True:
        chosen = zone or rng.choices(zones, weights=[_ZONE_WEIGHTS[z] for z in zones])[0]
        area = rng.choice(AREA_CODES[chosen])
        number = f"+1{area}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        if number not in used and is_valid_nanp(number):
            used.add(number)
            return number


def zone_of(number: str) -> ZoneInfo:
    """The time zone of a simulated number, from its area code."""
    area = number[2:5]
    for zone, codes in AREA_CODES.items():
        if area in codes:
            return ZoneInfo(zone)
    return ZoneInfo("America/New_York")


def build_population(rng: random.Random, count: int, used: set[str]) -> list[Subscriber]:
    """``count`` subscribers with overlapping circles of 4-25 contacts, mostly nearby."""
    subscribers = []
    by_zone: dict[str, list[int]] = {z: [] for z in AREA_CODES}
    zones = list(_ZONE_WEIGHTS)
    for index in range(count):
        zone = rng.choices(zones, weights=[_ZONE_WEIGHTS[z] for z in zones])[0]
        subscribers.append(Subscriber(new_number(rng, used, zone), ZoneInfo(zone)))
        by_zone[zone].append(index)
    for index, subscriber in enumerate(subscribers):
        size = min(count - 1, int(rng.triangular(4, 25, 8)))
        local = by_zone[subscriber.zone.key]
        circle: set[int] = set()
        while len(circle) < size:
            pick = (
                rng.choice(local)
                if rng.random() < 0.75 and len(local) > 1
                else rng.randrange(count)
            )
            if pick != index:
                circle.add(pick)
        subscriber.circle = [subscribers[i].number for i in circle]
    return subscribers
