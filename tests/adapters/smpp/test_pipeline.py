"""Concatenation, windows, engine failures and audit, driven through the running proxy."""

from __future__ import annotations

import asyncio
import struct
from typing import Any

import aiosmpplib
import pytest
from aiosmpplib.protocol import SubmitSm
from aiosmpplib.state import TON, PhoneNumber

from clearline import Engine
from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import gsm7, pdu
from clearline.model import Verdict
from smpp_support import (
    ACCOUNTS,
    ALICE,
    GOOD_SENDER,
    INVALID_SENDER,
    SUBSCRIBER,
    RawEsme,
    in_thread,
)

LONG_TEXT = "Your parcel is waiting at the depot on Main Street; " * 5  # 260 chars: 2+ parts


def _udh_parts(text: str, reference: int, *, sixteen_bit: bool = False) -> list[bytes]:
    """``text`` in GSM 7-bit unpacked parts of 150 septets, each with a concatenation UDH."""
    septets = gsm7.encode_septets(text)
    chunks = [septets[i : i + 150] for i in range(0, len(septets), 150)]
    parts = []
    for number, chunk in enumerate(chunks, 1):
        if sixteen_bit:
            udh = bytes((6, 0x08, 4)) + struct.pack(">H", reference) + bytes((len(chunks), number))
        else:
            udh = bytes((5, 0x00, 3, reference, len(chunks), number))
        parts.append(udh + chunk)
    return parts


async def _submit_raw(raw: RawEsme, frames: list[bytes]) -> list[tuple[int, int, int, bytes]]:
    for frame in frames:
        raw.send(frame)
    return [await in_thread(raw.read) for _ in frames]


@pytest.mark.parametrize("sixteen_bit", [False, True])
def test_udh_parts_are_judged_together_and_forwarded_as_sent(
    start_firewall: Any, sixteen_bit: bool
) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            frames = [
                pdu.encode_short_message(
                    pdu.SUBMIT_SM,
                    20 + i,
                    source=GOOD_SENDER,
                    dest=SUBSCRIBER,
                    esm_class=pdu.ESM_UDHI,
                    short_message=part,
                )
                for i, part in enumerate(
                    _udh_parts(LONG_TEXT, 0x1234 % 256, sixteen_bit=sixteen_bit)
                )
            ]
            answers = await _submit_raw(raw, frames[::-1])  # parts may arrive in any order
            raw.close()

            assert sorted((a[0], a[1], a[2]) for a in answers) == [
                (pdu.SUBMIT_SM_RESP, 0, 20 + i) for i in range(len(frames))
            ]
            # Forwarded byte for byte (only the sequence number is the proxy's own).
            assert sorted(r.frame[16:] for r in fw.smsc.received) == sorted(f[16:] for f in frames)
            [record] = fw.audit()
            assert len(record["parts"]) == len(frames)
            assert record["action"] == "deliver"

    run_event_loop(scenario())


def test_a_blocked_concatenated_message_is_refused_part_by_part(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            frames = [
                pdu.encode_short_message(
                    pdu.SUBMIT_SM,
                    40 + i,
                    source=INVALID_SENDER,
                    dest=SUBSCRIBER,
                    tlvs={
                        pdu.TAG_SAR_MSG_REF_NUM: struct.pack(">H", 777),
                        pdu.TAG_SAR_TOTAL_SEGMENTS: b"\x02",
                        pdu.TAG_SAR_SEGMENT_SEQNUM: bytes((i + 1,)),
                    },
                    short_message=f"part {i}".encode(),
                )
                for i in range(2)
            ]
            answers = await _submit_raw(raw, frames)
            raw.close()
            assert {a[1] for a in answers} == {pdu.ESME_RX_R_APPN}
            assert fw.smsc.received == []
            [record] = fw.audit()
            assert record["action"] == "block" and len(record["parts"]) == 2

    run_event_loop(scenario())


def test_aiosmpplib_split_ucs2_message_is_reassembled(start_firewall: Any) -> None:
    """aiosmpplib splits a long UCS-2 text with UDHs; the SMSC gets every part as sent.

    (aiosmpplib 0.7.4's sar_* splitting path raises UnboundLocalError, so its UDH path is the
    one used; sar_* TLVs are covered with hand-built PDUs.)
    """

    async def scenario() -> None:
        async with start_firewall() as fw:
            esme = aiosmpplib.ESME(
                smsc_host="127.0.0.1",
                smsc_port=fw.port,
                system_id=ALICE[0],
                password=ALICE[1],
                log_level="WARNING",
            )
            task = asyncio.create_task(esme.start())
            text = "Привет! Ваш заказ готов к выдаче. " * 4  # Cyrillic: UCS-2, 3 parts
            await esme.broker.enqueue(
                SubmitSm(
                    short_message=text,
                    source=PhoneNumber(GOOD_SENDER, TON.INTERNATIONAL),
                    destination=PhoneNumber(SUBSCRIBER, TON.INTERNATIONAL),
                    encoding="ucs2",
                    esm_class=pdu.ESM_UDHI,
                    auto_message_payload=False,
                    registered_delivery=0,
                    log_id="long",
                )
            )
            async with asyncio.timeout(10):
                while not fw.audit():
                    await asyncio.sleep(0.01)
            writer = esme._writer
            await esme.stop()
            async with asyncio.timeout(10):
                await task
            if writer is not None:
                writer.close()
            [record] = fw.audit()
            assert len(record["parts"]) == len(fw.smsc.received) > 1
            assert record["action"] == "deliver"
            assert "".join(r.text for r in fw.smsc.received) == text

    run_event_loop(scenario())


def test_window_overflow_is_answered_throttled(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall(esme=[{**ACCOUNTS[0], "window": 2}]) as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            fw.smsc.holding = True  # a slow SMSC: the first two stay outstanding
            for sequence in (2, 3, 4):
                raw.send(
                    pdu.encode_short_message(
                        pdu.SUBMIT_SM,
                        sequence,
                        source=GOOD_SENDER,
                        dest=SUBSCRIBER,
                        short_message=b"hi",
                    )
                )
            first = await in_thread(raw.read)
            assert first[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RTHROTTLED, 4)
            while len(fw.smsc.held) < 2:
                await asyncio.sleep(0.01)
            fw.smsc.release()
            rest = sorted([(await in_thread(raw.read))[:3] for _ in range(2)])
            assert rest == [(pdu.SUBMIT_SM_RESP, 0, 2), (pdu.SUBMIT_SM_RESP, 0, 3)]
            raw.close()

    run_event_loop(scenario())


class _BrokenEngine(Engine):
    def score_batch(self, messages: Any) -> list[Verdict]:
        raise RuntimeError("signal backend down")


@pytest.mark.parametrize(("mode", "status"), [("open", 0), ("closed", pdu.ESME_RSYSERR)])
def test_engine_failure_fails_open_or_closed_and_counts(
    start_firewall: Any, mode: str, status: int
) -> None:
    async def scenario() -> None:
        async with start_firewall(scorer=_BrokenEngine(), engine={"on_error": mode}) as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            raw.send(
                pdu.encode_short_message(
                    pdu.SUBMIT_SM, 2, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"hi"
                )
            )
            assert (await in_thread(raw.read))[:2] == (pdu.SUBMIT_SM_RESP, status)
            raw.close()
            assert fw.proxy.stats.engine_failures == 1
            assert len(fw.smsc.received) == (1 if mode == "open" else 0)
            [record] = fw.audit()
            assert record["engine"] == f"failed_{mode}"

    run_event_loop(scenario())


def test_unbind_waits_for_outstanding_answers(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            fw.smsc.holding = True
            raw.send(
                pdu.encode_short_message(
                    pdu.SUBMIT_SM, 2, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"hi"
                )
            )
            while not fw.smsc.held:
                await asyncio.sleep(0.01)
            raw.send(pdu.encode(pdu.UNBIND, 0, 3))
            fw.smsc.release()
            answers = [(await in_thread(raw.read))[:3] for _ in range(2)]
            assert answers == [(pdu.SUBMIT_SM_RESP, 0, 2), (pdu.UNBIND_RESP, 0, 3)]
            raw.close()

    run_event_loop(scenario())


def test_message_payload_is_read_for_analysis(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            body = ("é" * 300).encode("latin-1")
            raw.send(
                pdu.encode_short_message(
                    pdu.SUBMIT_SM,
                    2,
                    source=INVALID_SENDER,
                    dest=SUBSCRIBER,
                    data_coding=3,
                    tlvs={pdu.TAG_MESSAGE_PAYLOAD: body},
                )
            )
            assert (await in_thread(raw.read))[:2] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RX_R_APPN)
            raw.close()

    run_event_loop(scenario())
