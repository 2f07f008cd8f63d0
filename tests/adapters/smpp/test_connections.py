"""Connections that never bind are capped and timed out; bound ESMEs keep working meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import pdu
from smpp_support import ALICE, GOOD_SENDER, SUBSCRIBER, RawEsme, in_thread


async def _answers(raw: RawEsme, sequence: int) -> None:
    """Assert the connection is open and served: an enquire_link gets its answer."""
    raw.send(pdu.encode(pdu.ENQUIRE_LINK, 0, sequence))
    assert (await in_thread(raw.read))[:3] == (pdu.ENQUIRE_LINK_RESP, 0, sequence)


async def _is_closed(raw: RawEsme) -> None:
    """Assert the proxy closed the connection (the read ends instead of waiting)."""
    with pytest.raises(ConnectionError):
        await in_thread(raw.read)


async def _submits(raw: RawEsme, sequence: int) -> None:
    raw.send(
        pdu.encode_short_message(
            pdu.SUBMIT_SM, sequence, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"hi"
        )
    )
    assert (await in_thread(raw.read))[:3] == (pdu.SUBMIT_SM_RESP, 0, sequence)


def test_an_unbound_connection_beyond_the_cap_is_closed_and_bound_sessions_still_work(
    start_firewall: Any,
) -> None:
    async def scenario() -> None:
        async with start_firewall(listen={"max_unbound": 2}) as fw:
            alice = RawEsme(fw.port)
            assert await in_thread(alice.bind) == 0
            idle = [RawEsme(fw.port), RawEsme(fw.port)]
            for sequence, raw in enumerate(idle, 1):
                await _answers(raw, sequence)  # accepted: two unbound connections
            extra = RawEsme(fw.port)
            await _is_closed(extra)  # the third unbound one
            await _submits(alice, 10)  # bound sessions are not touched by the cap
            # A bind frees its slot: a new connection is accepted again, and binds.
            assert await in_thread(idle[0].bind, ALICE) == 0
            late = RawEsme(fw.port)
            await _answers(late, 3)
            assert await in_thread(late.bind, ALICE) == 0
            await _submits(late, 11)
            for raw in (alice, *idle, extra, late):
                raw.close()
            assert fw.proxy.stats.refused_unbound == 1
            assert fw.proxy.stats.refused_per_ip == 0

    run_event_loop(scenario())


def test_connections_from_one_address_beyond_the_cap_are_closed(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall(listen={"max_connections_per_ip": 2}) as fw:
            alice = RawEsme(fw.port)
            assert await in_thread(alice.bind) == 0
            second = RawEsme(fw.port)
            await _answers(second, 1)
            third = RawEsme(fw.port)
            await _is_closed(third)  # bound or not, two from 127.0.0.1 already
            await _submits(alice, 2)
            second.close()
            await _answers(alice, 3)  # the proxy has seen the close by now...
            fourth = RawEsme(fw.port)
            await _answers(fourth, 4)  # ...so a new connection from the address is accepted
            for raw in (alice, third, fourth):
                raw.close()
            assert fw.proxy.stats.refused_per_ip == 1

    run_event_loop(scenario())


def test_a_connection_that_does_not_bind_in_time_is_closed(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall(listen={"bind_timeout": 0.2}) as fw:
            alice = RawEsme(fw.port)
            assert await in_thread(alice.bind) == 0
            idle = RawEsme(fw.port)
            await _answers(idle, 1)  # talking is not binding
            await _is_closed(idle)
            await _submits(alice, 2)  # a bound session has no bind deadline
            idle.close()
            alice.close()
            assert fw.proxy.stats.bind_timeouts == 1

    run_event_loop(scenario())
