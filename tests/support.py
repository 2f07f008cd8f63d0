"""Shared test helpers: build messages and JSON lines tersely."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from typing import Any

import msgspec

from clearline import Message

T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def make_message(
    id: str = "m1",
    *,
    seconds: float = 0.0,
    sender: str = "+12125550123",
    to: str = "+14155550100",
    body: str = "see you at six",
    **extra: Any,
) -> Message:
    """A valid message ``seconds`` after a fixed instant."""
    return Message(
        id=id, ts=T0 + dt.timedelta(seconds=seconds), sender=sender, to=to, body=body, **extra
    )


def reasons_in_conversation_and_cold(body: str, symbol: str) -> tuple[Any, Any]:
    """``symbol``'s reason when ``body`` is sent inside an exchange both people keep up, and
    when the same sender sends it cold (the default engine)."""
    from clearline.engine import Engine

    alice, bob = "+14155550111", "+14155550122"
    *_, in_conversation = Engine().score_batch(
        [
            make_message("a", seconds=0, sender=alice, to=bob, body="hey, are we on for tonight?"),
            make_message("b", seconds=60, sender=bob, to=alice, body="yes! 8pm at the usual place"),
            make_message("c", seconds=120, sender=alice, to=bob, body=body),
        ]
    )
    [cold] = Engine().score_batch([make_message("d", sender=alice, to=bob, body=body)])
    [weighed] = [r for r in in_conversation.reasons if r.symbol == symbol]
    [full] = [r for r in cold.reasons if r.symbol == symbol]
    return weighed, full


def line(**fields: Any) -> bytes:
    """One JSON line in the scan input format, with defaults for missing fields."""
    record: dict[str, Any] = {
        "id": "m1",
        "ts": "2026-11-23T15:00:00Z",
        "from": "+12125550123",
        "to": "+14155550100",
        "body": "see you at six",
    }
    record.update(fields)
    return msgspec.json.encode(record) + b"\n"


@contextlib.contextmanager
def cyclic_garbage() -> Iterator[collections.Counter[str]]:
    """Count, by type, the objects that only reference cycles kept alive during the block.

    The collector is off inside the block, so nothing is reclaimed before it is counted.
    """
    found: collections.Counter[str] = collections.Counter()
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.update(type(o).__qualname__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
