"""The proxy when a signal that fails closed fails: ESME_RSYSERR, nothing forwarded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from clearline import Engine
from clearline.actions import response_for
from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import pdu
from clearline.model import Action, Hit, Message
from clearline.policy import load_config
from clearline.signals import Batch
from smpp_support import GOOD_SENDER, SUBSCRIBER, RawEsme, in_thread


class _FlakyOptOut:
    """The engine's own opt-out signal, made to raise while ``broken`` (a lost ledger)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.symbols = inner.symbols
        self.fails_closed = inner.fails_closed
        self.broken = False

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        if self.broken:
            raise RuntimeError("opt-out ledger unreachable")
        self.inner.check(batch, hits)


@pytest.mark.parametrize("on_error", ["open", "closed"])
def test_a_failed_closed_signal_answers_rsyserr_and_forwards_nothing_whatever_on_error(
    start_firewall: Any, policy_file: Any, on_error: str
) -> None:
    built = Engine(load_config([policy_file]))
    optout = _FlakyOptOut(next(s for s in built.signals if s.name == "optout"))
    signals = [optout if s.name == "optout" else s for s in built.signals]
    engine = Engine(built.config, built.state, signals=signals)
    # The subscriber texted STOP to the sender an hour ago (as a deliver_sm would bring it).
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    stop = Message("stop", an_hour_ago, f"+{SUBSCRIBER}", f"+{GOOD_SENDER}", "STOP")
    assert engine.score(stop).reasons[0].symbol == "OPT_OUT_REQUEST"

    async def scenario() -> None:
        async with start_firewall(scorer=engine, engine={"on_error": on_error}) as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            promo = b"20% off everything today"
            optout.broken = True
            raw.send(
                pdu.encode_short_message(
                    pdu.SUBMIT_SM, 2, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=promo
                )
            )
            assert (await in_thread(raw.read))[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RSYSERR, 2)
            optout.broken = False
            raw.send(
                pdu.encode_short_message(
                    pdu.SUBMIT_SM, 3, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=promo
                )
            )
            blocked = response_for(Action.BLOCK).smpp_status
            assert (await in_thread(raw.read))[:3] == (pdu.SUBMIT_SM_RESP, blocked, 3)
            raw.close()
            assert fw.smsc.received == []
            assert fw.proxy.stats.engine_failures == 1
            refused, judged = fw.audit()
            assert refused["engine"] == "failed_closed" and refused["action"] is None
            assert refused["note"].startswith("signal `optout` failed: RuntimeError")
            assert judged["action"] == "block"
            assert "OPT_OUT_IGNORED" in {reason[0] for reason in judged["reasons"]}

    run_event_loop(scenario())
