"""The proxy's latency design switches Python's cyclic garbage collector off (``SmppConfig``
``gc_freeze_interval``); that is only safe while relaying and scoring make no reference cycles,
which would otherwise pile up unreclaimed. These tests hold that line for every path a live
message takes: submit_sm (short, UCS-2, message_payload), blocks, forwards, receipts routed
back, and subscriber MO traffic including a STOP.
"""

from __future__ import annotations

import asyncio
import collections
from typing import Any

from clearline import Engine
from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.loadgen import LoadEsme, bench_traffic, submit_frame
from smpp_support import ALICE, GOOD_SENDER, SUBSCRIBER
from support import cyclic_garbage


def test_relaying_and_scoring_live_traffic_makes_no_reference_cycles(start_firewall: Any) -> None:
    frames = [submit_frame(*m, registered_delivery=1) for m in bench_traffic(1_500, 5)]
    found: collections.Counter[str] = collections.Counter()

    async def scenario() -> None:
        async with start_firewall(
            scorer=Engine(),
            esme=[{"system_id": ALICE[0], "password": ALICE[1], "sources": ["*"]}],
            default_mo_system_id=ALICE[0],
        ) as fw:
            esme = await LoadEsme.connect("127.0.0.1", fw.port, *ALICE)
            # Warm-up: first texts, lazy imports and caches create one-off objects.
            await esme.send_windowed(frames[:500], 50)
            assert await esme.drain(60)
            assert await fw.smsc.deliver(SUBSCRIBER, GOOD_SENDER, "hello there") == 0

            with cyclic_garbage() as garbage:
                await esme.send_windowed(frames[500:], 50)
                assert await esme.drain(60)
                assert await fw.smsc.deliver(SUBSCRIBER, GOOD_SENDER, "thanks, see you") == 0
                assert await fw.smsc.deliver(SUBSCRIBER, GOOD_SENDER, "STOP") == 0
                await asyncio.sleep(0.2)  # the last receipts are on their way
            found.update(garbage)

            assert esme.answered == len(frames) and esme.duplicates == 0
            assert esme.receipts > 0  # the receipt path ran
            assert esme.statuses[pdu.ESME_ROK] > 0 and len(esme.statuses) > 1  # forwards, blocks
            await esme.unbind()

    run_event_loop(scenario())
    assert found == collections.Counter(), found.most_common(10)
