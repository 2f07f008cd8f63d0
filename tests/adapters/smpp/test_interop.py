"""The firewall between real third-party SMPP peers over loopback: smpplib and aiosmpplib as ESMEs,
the test SMSC upstream. Each test asserts what an ESME, the SMSC and the audit file see."""

from __future__ import annotations

import asyncio
from typing import Any

import aiosmpplib
from aiosmpplib.hook import AbstractHook
from aiosmpplib.protocol import DeliverSm, SubmitSm, SubmitSmResp
from aiosmpplib.state import TON, PhoneNumber

from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import pdu
from smpp_support import (
    ALICE,
    BOB,
    BOB_SENDER,
    GOOD_SENDER,
    INVALID_SENDER,
    SUBSCRIBER,
    RawEsme,
    SyncEsme,
    in_thread,
)


def run(coro: Any) -> Any:
    return run_event_loop(coro)


def test_smpplib_message_is_forwarded_and_its_receipt_comes_back(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            esme = await in_thread(SyncEsme, fw.port, ALICE)
            await in_thread(esme.submit, GOOD_SENDER, SUBSCRIBER, b"see you at six")
            await in_thread(esme.read, 2)  # submit_sm_resp, then the delivery receipt
            await in_thread(esme.close)

            assert [int(p.status) for p in esme.sent] == [0]
            smsc_id = fw.smsc.received[0].message_id
            assert esme.sent[0].message_id.decode() == smsc_id
            assert fw.smsc.received[0].text == "see you at six"
            assert len(esme.received) == 1
            receipt = esme.received[0]
            assert receipt.receipted_message_id.decode() == smsc_id
            [record] = fw.audit()
            assert record["action"] == "deliver"
            assert record["forwarded"] is True
            seq = esme.sent[0].sequence
            assert record["parts"] == [{"seq": seq, "status": 0, "message_id": smsc_id}]

    run(scenario())


class _Collector(AbstractHook):
    def __init__(self) -> None:
        self.responses: list[SubmitSmResp] = []
        self.receipts: list[DeliverSm] = []
        self.event = asyncio.Event()

    async def sending(self, smpp_message: Any, pdu: bytes, client_id: str) -> None:
        pass

    async def received(self, smpp_message: Any, pdu: bytes, client_id: str) -> None:
        if isinstance(smpp_message, SubmitSmResp):
            self.responses.append(smpp_message)
        elif isinstance(smpp_message, DeliverSm):
            self.receipts.append(smpp_message)
        self.event.set()

    async def send_error(self, smpp_message: Any, error: Exception, client_id: str) -> None:
        raise AssertionError(f"aiosmpplib could not send: {error}")

    async def wait_for(self, responses: int, receipts: int) -> None:
        while len(self.responses) < responses or len(self.receipts) < receipts:
            self.event.clear()
            await self.event.wait()


def _aiosmpplib_esme(port: int, hook: _Collector, credentials: tuple[str, str]) -> Any:
    return aiosmpplib.ESME(
        smsc_host="127.0.0.1",
        smsc_port=port,
        system_id=credentials[0],
        password=credentials[1],
        hook=hook,
        log_level="WARNING",
    )


def test_receipts_return_to_the_esme_that_sent_the_message(start_firewall: Any) -> None:
    """alice (smpplib) and bob (aiosmpplib) each get their own receipts, never the other's."""

    async def scenario() -> None:
        async with start_firewall() as fw:
            hook = _Collector()
            bob = _aiosmpplib_esme(fw.port, hook, BOB)
            bob_task = asyncio.create_task(bob.start())
            alice = await in_thread(SyncEsme, fw.port, ALICE)
            for i in range(3):
                await bob.broker.enqueue(
                    SubmitSm(
                        short_message=f"bob says hi {i}",
                        source=PhoneNumber(BOB_SENDER, TON.INTERNATIONAL),
                        destination=PhoneNumber(SUBSCRIBER, TON.INTERNATIONAL),
                        log_id=f"b{i}",
                    )
                )
            await in_thread(alice.submit, GOOD_SENDER, SUBSCRIBER, b"alice says hi")
            async with asyncio.timeout(10):
                await hook.wait_for(responses=3, receipts=3)
            await in_thread(alice.read, 2)
            await in_thread(alice.close)
            await _stop(bob, bob_task)

            bob_ids = {r.message_id for r in hook.responses}
            assert all(r.command_status.value == 0 for r in hook.responses)
            assert len(bob_ids) == 3
            assert {
                r.receipt["id"] if hasattr(r, "receipt") else _rid(r) for r in hook.receipts
            } == (bob_ids)
            alice_id = alice.sent[0].message_id.decode()
            assert alice_id not in bob_ids
            assert [p.receipted_message_id.decode() for p in alice.received] == [alice_id]

    run(scenario())


async def _stop(esme: Any, task: asyncio.Task[None]) -> None:
    # aiosmpplib's stop() half-closes its socket (write_eof) and drops the writer unclosed;
    # close it ourselves so the test does not leak the transport.
    writer = esme._writer
    await esme.stop()
    async with asyncio.timeout(10):
        await task
    if writer is not None:
        writer.close()


def _rid(receipt: DeliverSm) -> str:
    return str(receipt.parse_receipt()["id"])


def test_blocked_message_gets_the_block_status_and_never_reaches_the_smsc(
    start_firewall: Any,
) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            esme = await in_thread(SyncEsme, fw.port, ALICE)
            await in_thread(esme.submit, INVALID_SENDER, SUBSCRIBER, b"claim your prize")
            await in_thread(esme.read, 1)
            await in_thread(esme.close)

            assert esme.errors == [pdu.ESME_RX_R_APPN]
            assert fw.smsc.received == []
            [record] = fw.audit()
            assert record["action"] == "block"
            assert record["forwarded"] is False
            assert "SENDER_INVALID_NUMBER" in [r[0] for r in record["reasons"]]

    run(scenario())


def test_throttle_verdict_is_answered_esme_rthrottled(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:  # the test policy throttles empty bodies
            esme = await in_thread(SyncEsme, fw.port, ALICE)
            await in_thread(esme.submit, GOOD_SENDER, SUBSCRIBER, b"")
            await in_thread(esme.read, 1)
            await in_thread(esme.close)

            assert esme.errors == [pdu.ESME_RTHROTTLED]
            assert fw.smsc.received == []

    run(scenario())


def test_upstream_down_gives_a_retryable_error_then_traffic_resumes(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            await fw.smsc.stop()
            while fw.proxy.upstream.bound:
                await asyncio.sleep(0.01)
            message = pdu.encode_short_message(
                pdu.SUBMIT_SM, 7, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"hello"
            )
            raw.send(message)
            command_id, status, sequence, _ = await in_thread(raw.read)
            assert (command_id, status, sequence) == (pdu.SUBMIT_SM_RESP, pdu.ESME_RSYSERR, 7)

            await fw.smsc.start()  # same port: the proxy reconnects with back-off
            await fw.smsc.wait_bound()
            while not fw.proxy.upstream.bound:
                await asyncio.sleep(0.01)
            raw.send(pdu.with_sequence(message, 8))
            command_id, status, sequence, body = await in_thread(raw.read)
            assert (command_id, status, sequence) == (pdu.SUBMIT_SM_RESP, 0, 8)
            assert body == b"1\x00"
            raw.close()
            outcomes = [r["parts"][0]["status"] for r in fw.audit()]
            assert outcomes == [pdu.ESME_RSYSERR, 0]

    run(scenario())


def test_malformed_pdus_are_answered_and_the_bind_survives(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            raw.send(pdu.encode(0x00001234, 0, 5, b"junk"))  # unknown command
            assert (await in_thread(raw.read))[:3] == (pdu.GENERIC_NACK, pdu.ESME_RINVCMDID, 5)
            # A malformed submit_sm body gets a submit_sm_resp (generic_nack is for bad lengths
            # and unknown commands): here source_addr has no NUL within its 21 bytes.
            raw.send(pdu.encode(pdu.SUBMIT_SM, 0, 6, b"\x00\x01\x01" + b"9" * 40))
            assert (await in_thread(raw.read))[:3] == (
                pdu.SUBMIT_SM_RESP,
                pdu.ESME_RINVSRCADR,
                6,
            )
            raw.send(pdu.encode(pdu.ENQUIRE_LINK, 0, 9))
            assert (await in_thread(raw.read))[:3] == (pdu.ENQUIRE_LINK_RESP, 0, 9)
            good = pdu.encode_short_message(
                pdu.SUBMIT_SM, 10, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"ok"
            )
            raw.send(good)
            assert (await in_thread(raw.read))[:3] == (pdu.SUBMIT_SM_RESP, 0, 10)
            # An impossible command_length loses the framing: generic_nack, then the close.
            raw.send(b"\x00\x00\x00\x05abcd")
            assert (await in_thread(raw.read))[:2] == (pdu.GENERIC_NACK, pdu.ESME_RINVCMDLEN)
            try:
                await in_thread(raw.read)
                raise AssertionError("the connection should be closed")
            except ConnectionError:
                pass
            raw.close()
            assert fw.proxy.stats.malformed == 3

    run(scenario())


def test_bind_with_a_wrong_password_is_refused(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind, ("alice", "wrong")) == pdu.ESME_RBINDFAIL
            message = pdu.encode_short_message(
                pdu.SUBMIT_SM, 3, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"x"
            )
            raw.send(message)
            assert (await in_thread(raw.read))[:2] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RINVBNDSTS)
            raw.close()

    run(scenario())


def test_subscriber_stop_reaches_the_esme_and_blocks_later_messages(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            esme = await in_thread(SyncEsme, fw.port, ALICE)
            await in_thread(esme.submit, GOOD_SENDER, SUBSCRIBER, b"Acme: your order shipped")
            await in_thread(esme.read, 2)
            status_task = asyncio.create_task(fw.smsc.deliver(SUBSCRIBER, GOOD_SENDER, "STOP"))
            await in_thread(esme.read, 1)  # the MO deliver_sm; smpplib answers it
            assert await status_task == 0
            assert esme.received[-1].short_message == b"STOP"
            await in_thread(esme.submit, GOOD_SENDER, SUBSCRIBER, b"Acme: 20% off today!")
            await in_thread(esme.read, 1)
            await in_thread(esme.close)

            assert esme.errors == [pdu.ESME_RX_R_APPN]  # opted out: blocked
            records = fw.audit()
            mo = [r for r in records if r["direction"] == "mo"]
            assert mo[0]["esme"] == "alice"
            assert "OPT_OUT_REQUEST" in [r[0] for r in mo[0]["reasons"]]
            # The opt-out ledger (not the proxy) decides which opt-out rule blocks it.
            assert records[-1]["action"] == "block"
            assert any(r[0].startswith("OPT_OUT_") for r in records[-1]["reasons"])

    run(scenario())


def test_mo_to_a_short_code_goes_to_the_esme_that_owns_it(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            esme = await in_thread(SyncEsme, fw.port, ALICE, "receiver")
            await fw.smsc.wait_bound()
            status_task = asyncio.create_task(
                fw.smsc.deliver(SUBSCRIBER, "72345", "HELP", dest_ton=3)
            )
            await in_thread(esme.read, 1)
            assert await status_task == 0
            await in_thread(esme.close)
            [record] = fw.audit()
            # A subscriber's text to a short code is scored like any other (STOPs live there).
            assert record["engine"] == "ok" and record["parts"][0]["status"] == 0

    run(scenario())


def test_mo_without_a_bound_receiver_is_left_for_the_smsc_to_retry(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            await fw.smsc.wait_bound()
            status = await fw.smsc.deliver(SUBSCRIBER, "72345", "hello")
            assert status == pdu.ESME_RX_T_APPN

    run(scenario())


def _submit_body(**fields: Any) -> bytes:
    frame = pdu.encode_short_message(pdu.SUBMIT_SM, 0, **fields)
    return frame[pdu.HEADER_SIZE :]


MALFORMED_BODIES = [
    # (body, the submit_sm_resp status): the most specific SMPP 3.4 status for what is wrong.
    (b"\x00\x01\x01" + b"9" * 40, pdu.ESME_RINVSRCADR),
    (b"\x00\x01\x01" + GOOD_SENDER.encode() + b"\x00\x01\x01" + b"4" * 30, pdu.ESME_RINVDSTADR),
    (b"CMTCMTCMT", pdu.ESME_RINVSERTYP),
    (
        _submit_body(source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"hi")[:-1],
        pdu.ESME_RINVMSGLEN,
    ),
    (_submit_body(source=GOOD_SENDER, dest=SUBSCRIBER)[:-3], pdu.ESME_RINVCMDLEN),
    (
        _submit_body(source=GOOD_SENDER, dest=SUBSCRIBER) + b"\x04\x24\x00\x09abc",
        pdu.ESME_RINVOPTPARSTREAM,
    ),
]


def test_a_malformed_submit_sm_body_gets_a_submit_sm_resp_with_the_field_s_status(
    start_firewall: Any,
) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            for sequence, (body, _) in enumerate(MALFORMED_BODIES, 20):
                raw.send(pdu.encode(pdu.SUBMIT_SM, 0, sequence, body))
            answers = [(await in_thread(raw.read))[:3] for _ in MALFORMED_BODIES]
            raw.close()
            assert answers == [
                (pdu.SUBMIT_SM_RESP, status, sequence)
                for sequence, (_, status) in enumerate(MALFORMED_BODIES, 20)
            ]
            assert fw.smsc.received == []
            assert fw.proxy.stats.malformed == len(MALFORMED_BODIES)

    run(scenario())


def test_a_malformed_deliver_sm_from_the_smsc_gets_a_deliver_sm_resp(start_firewall: Any) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            await fw.smsc.wait_bound()
            status = await fw.smsc.deliver_body(b"\x00\x01\x01" + b"9" * 40)
            assert status == pdu.ESME_RINVSRCADR
            # Recorded only for a deliver_sm_resp, never for a generic_nack.
            assert fw.smsc.deliver_answers == [pdu.ESME_RINVSRCADR]

    run(scenario())


def test_a_source_that_is_no_valid_sender_is_answered_invalid_source(start_firewall: Any) -> None:
    # Nine digits with TON 0 are neither a short code nor an international number: the model
    # refuses the `from`, and the ESME must hear that the source (not the destination) is wrong.
    async def scenario() -> None:
        anyone = [{"system_id": ALICE[0], "password": ALICE[1], "sources": ["*"]}]
        async with start_firewall(esme=anyone) as fw:
            raw = RawEsme(fw.port)
            assert await in_thread(raw.bind) == 0
            bad = pdu.encode_short_message(
                pdu.SUBMIT_SM,
                3,
                source="123456789",
                source_ton=0,
                dest=SUBSCRIBER,
                short_message=b"hi",
            )
            raw.send(bad)
            assert (await in_thread(raw.read))[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RINVSRCADR, 3)
            raw.close()

    run(scenario())
