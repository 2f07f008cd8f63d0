"""Quiet hours: no solicitation before 8:00 or after 21:00 in the recipient's local time.

The recipient's time zone comes from the number's area code (``phonenumbers``' time-zone map),
the proxy the rules accept. Where an area code spans zones, a message is in quiet hours when it
is quiet in *any* of them: the careful reading, since the sender cannot know which side of the
line the subscriber is on. A number that maps to a whole country's zones (a toll-free or
non-geographic number) gives no usable local time and is not judged.

Some states are stricter (Florida, Oklahoma, Maryland and Washington end at 20:00); the signal's
``end_hour_by_area_code`` setting carries those as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import timezone as phone_timezone

#: A prefix mapping to more zones than this is not a location.
_MAX_ZONES = 3


@lru_cache(maxsize=65_536)
def zones_for_prefix(prefix: str) -> tuple[ZoneInfo, ...]:
    """The time zones of numbers starting with ``prefix`` (an E.164 number or its first digits).

    Cached per prefix: area codes repeat, and ``phonenumbers`` costs tens of microseconds a call.
    """
    try:
        number = phonenumbers.parse(prefix.ljust(12, "0"), None)
    except phonenumbers.NumberParseException:
        return ()
    names = phone_timezone.time_zones_for_geographical_number(number)
    if not names or len(names) > _MAX_ZONES or names == (phone_timezone.UNKNOWN_TIMEZONE,):
        return ()
    zones = []
    for name in names:
        try:
            zones.append(ZoneInfo(name))
        except (KeyError, ValueError):
            continue
    return tuple(zones)


def area_prefix(number: str) -> str:
    """The part of a number its time zone depends on: ``+1`` and the area code in the NANP."""
    return number[:5] if number.startswith("+1") else number[:7]


def quiet_hours_local_time(
    recipient: str,
    when: dt.datetime,
    start_hour: int = 8,
    end_hour: int = 21,
    end_hour_by_area_code: Mapping[str, int] | None = None,
) -> str | None:
    """The recipient's local time when ``when`` falls in quiet hours there, else ``None``.

    Args:
        recipient: E.164 number of the recipient.
        when: the send time (aware).
        start_hour: first hour at which soliciting is allowed (8 for 8:00).
        end_hour: hour from which it is not (21 for 21:00).
        end_hour_by_area_code: stricter end hours by ``+1NPA`` prefix.

    Returns:
        e.g. ``"06:40 America/Chicago"``, naming the zone that made it quiet.
    """
    prefix = area_prefix(recipient)
    end = end_hour
    if end_hour_by_area_code:
        end = end_hour_by_area_code.get(prefix, end_hour)
    for zone in zones_for_prefix(prefix):
        local = when.astimezone(zone)
        if local.hour < start_hour or local.hour >= end:
            return f"{local:%H:%M} {zone.key}"
    return None
