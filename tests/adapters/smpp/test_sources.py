"""An ESME sends only from its account's addresses, and only their owner gets their replies.

The hijack these tests hold shut: an ESME that sent one message from another account's number
used to receive that number's subscriber replies (a STOP included) and receipts.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.addresses import AddressBook, SourceList
from clearline.adapters.smpp.config import ConfigError, convert
from smpp_support import (
    ACCOUNTS,
    ALICE,
    BOB,
    BOB_SENDER,
    GOOD_SENDER,
    SUBSCRIBER,
    RawEsme,
    SyncEsme,
    in_thread,
)

UNOWNED_NUMBER = "13125550100"  # in no account's sources


def _submit(sequence: int, source: str, text: bytes = b"hello", **fields: Any) -> bytes:
    return pdu.encode_short_message(
        pdu.SUBMIT_SM, sequence, source=source, dest=SUBSCRIBER, short_message=text, **fields
    )


async def _nothing_pending(raw: RawEsme) -> None:
    """Assert ``raw`` was sent nothing: the answer to a fresh enquire_link comes first."""
    raw.send(pdu.encode(pdu.ENQUIRE_LINK, 0, 999))
    assert (await in_thread(raw.read))[:3] == (pdu.ENQUIRE_LINK_RESP, 0, 999)


def _receipt_body(dest: str, message_id: str) -> bytes:
    frame = pdu.encode_short_message(
        pdu.DELIVER_SM,
        0,
        source=SUBSCRIBER,
        dest=dest,
        esm_class=0x04,
        short_message=f"id:{message_id} sub:001 dlvrd:001 stat:DELIVRD".encode(),
    )
    return frame[pdu.HEADER_SIZE :]


def test_an_esme_cannot_send_from_another_account_s_number_nor_take_its_replies(
    start_firewall: Any,
) -> None:
    async def scenario() -> None:
        async with start_firewall() as fw:
            alice = await in_thread(SyncEsme, fw.port, ALICE)
            await in_thread(alice.submit, GOOD_SENDER, SUBSCRIBER, b"Acme: your order shipped")
            await in_thread(alice.read, 2)  # submit_sm_resp and its receipt

            # bob sends one message from alice's number: refused, never forwarded.
            bob = RawEsme(fw.port)
            assert await in_thread(bob.bind, BOB) == 0
            bob.send(_submit(7, GOOD_SENDER))
            assert (await in_thread(bob.read))[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RINVSRCADR, 7)
            assert [m.source for m in fw.smsc.received] == [GOOD_SENDER]

            # The subscriber's STOP and a receipt the proxy has no id for go to alice, the
            # number's owner, not to bob.
            stop = asyncio.create_task(fw.smsc.deliver(SUBSCRIBER, GOOD_SENDER, "STOP"))
            await in_thread(alice.read, 1)
            assert await stop == 0
            assert alice.received[-1].short_message == b"STOP"
            receipt = asyncio.create_task(fw.smsc.deliver_body(_receipt_body(GOOD_SENDER, "zz9")))
            await in_thread(alice.read, 1)
            assert await receipt == 0
            assert b"id:zz9" in alice.received[-1].short_message
            await _nothing_pending(bob)
            bob.close()
            await in_thread(alice.close)

            assert fw.proxy.stats.source_refused == 1
            mo = [r for r in fw.audit() if r["direction"] == "mo"]
            assert [r["esme"] for r in mo] == ["alice"]

    run_event_loop(scenario())


def test_an_esme_sends_from_its_own_numbers_prefixes_and_sender_ids(start_firewall: Any) -> None:
    accounts = [
        ACCOUNTS[0],
        {"system_id": BOB[0], "password": BOB[1], "sources": ["+1212555019*", "BobsShop"]},
    ]

    async def scenario() -> None:
        async with start_firewall(esme=accounts) as fw:
            bob = RawEsme(fw.port)
            assert await in_thread(bob.bind, BOB) == 0
            bob.send(_submit(1, BOB_SENDER))  # by its prefix
            bob.send(_submit(2, "BOBSSHOP", source_ton=5))  # sender ids: case does not matter
            bob.send(_submit(3, GOOD_SENDER))  # outside the prefix: alice's
            answers = sorted([(await in_thread(bob.read))[:3] for _ in range(3)])
            bob.close()
            assert answers == [
                (pdu.SUBMIT_SM_RESP, 0, 1),
                (pdu.SUBMIT_SM_RESP, 0, 2),
                (pdu.SUBMIT_SM_RESP, pdu.ESME_RINVSRCADR, 3),
            ]

    run_event_loop(scenario())


def test_an_account_without_sources_sends_nothing(
    start_firewall: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with start_firewall(esme=[{"system_id": BOB[0], "password": BOB[1]}]) as fw:
            bob = RawEsme(fw.port)
            assert await in_thread(bob.bind, BOB) == 0
            bob.send(_submit(4, BOB_SENDER))
            assert (await in_thread(bob.read))[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RINVSRCADR, 4)
            bob.close()
            assert fw.smsc.received == []

    run_event_loop(scenario())
    # Said at start-up, naming the account and the fix.
    assert "ESME bob has no sources" in caplog.text
    assert "--esme bob:PASSWORD:SOURCES" in caplog.text


def test_a_reply_to_a_number_no_account_owns_goes_to_no_esme(start_firewall: Any) -> None:
    """Not to whoever sent from it last: the SMSC keeps it (and retries) until one owns it."""
    accounts = [ACCOUNTS[0], {"system_id": BOB[0], "password": BOB[1], "sources": ["*"]}]

    async def scenario() -> None:
        async with start_firewall(esme=accounts) as fw:
            bob = RawEsme(fw.port)
            assert await in_thread(bob.bind, BOB) == 0
            bob.send(_submit(5, UNOWNED_NUMBER))  # "*" may send from any address...
            assert (await in_thread(bob.read))[:3] == (pdu.SUBMIT_SM_RESP, 0, 5)
            # ...but owns none of them.
            status = await fw.smsc.deliver(SUBSCRIBER, UNOWNED_NUMBER, "STOP")
            assert status == pdu.ESME_RX_T_APPN
            await _nothing_pending(bob)
            # The STOP was still recorded: the next message to that subscriber is blocked.
            bob.send(_submit(6, UNOWNED_NUMBER, b"20% off today"))
            assert (await in_thread(bob.read))[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RX_R_APPN, 6)
            bob.close()
            assert fw.proxy.stats.mo_unowned == 1
            [mo] = [r for r in fw.audit() if r["direction"] == "mo"]
            assert mo["esme"] is None and "no ESME account owns" in mo["note"]
            assert "OPT_OUT_REQUEST" in [r[0] for r in mo["reasons"]]

    run_event_loop(scenario())


def test_two_accounts_cannot_claim_the_same_number_or_prefix() -> None:
    def accounts(alice: list[str], bob: list[str]) -> dict[str, Any]:
        return {
            "esme": [
                {"system_id": "alice", "password": "a", "sources": alice},
                {"system_id": "bob", "password": "b", "sources": bob},
            ]
        }

    with pytest.raises(ConfigError, match="claimed by both ESME 'alice' and ESME 'bob'"):
        convert(accounts(["+12125550123"], ["12125550123"]), "smpp.toml")
    with pytest.raises(ConfigError, match="claimed by both"):
        convert(accounts(["+1212*"], ["1212*"]), "smpp.toml")
    with pytest.raises(
        ConfigError, match=r"smpp.toml: esme 'alice': sources entry '\+1 212' is not"
    ):
        convert(accounts(["+1 212"], []), "smpp.toml")
    # "*" claims nothing; nested prefixes are allowed, the longest one owns.
    convert(accounts(["*", "+1212*"], ["*", "+1212555*"]), "smpp.toml")


def test_the_longest_prefix_owns_and_exact_entries_win() -> None:
    book = AddressBook(
        [("reseller", ["+1212*"], []), ("shop", ["+1212555*"], []), ("bank", ["AcmeBank"], [])]
    )
    assert book.owner("+12125550123") == "shop"
    assert book.owner("+12129990123") == "reseller"
    assert book.owner("ACMEBANK") == "bank"
    assert book.owner("+13125550100") is None
    assert SourceList([]).allows("+12125550123") is False
    assert SourceList(["*"]).allows("anything") is True
