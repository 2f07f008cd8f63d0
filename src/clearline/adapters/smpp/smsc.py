"""A small SMSC for tests and benchmarks: accepts binds, answers submit_sm, sends receipts.

It is the upstream the proxy's interoperability tests and ``bench/smpp.py`` talk to. It keeps
counts (and, unless told not to, the messages) so a test can assert what reached the SMSC.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import NamedTuple, cast

from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.text import decode_text

log = logging.getLogger(__name__)


class Received(NamedTuple):
    """A submit_sm as the SMSC saw it."""

    message_id: str
    system_id: str
    source: str
    dest: str
    text: str
    frame: bytes


class _SmscSession(asyncio.Protocol):
    def __init__(self, smsc: TestSmsc) -> None:
        self.smsc = smsc
        self.reader = pdu.FrameReader()
        self.transport: asyncio.Transport | None = None
        self.system_id = ""
        self.bound = False
        self._sequence = 0
        self.waiting: dict[int, asyncio.Future[int]] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport (uvloop's is not an asyncio.Transport subclass, only duck-typed).
        self.transport = cast(asyncio.Transport, transport)
        self.smsc.sessions.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.smsc.sessions.discard(self)
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("SMSC session closed"))

    def next_sequence(self) -> int:
        self._sequence = self._sequence % 0x7FFFFFFF + 1
        return self._sequence

    def data_received(self, data: bytes) -> None:
        try:
            frames = self.reader.feed(data)
        except pdu.PduError:
            assert self.transport is not None
            self.transport.close()
            return
        out: list[bytes] = []
        for frame in frames:
            self.handle(frame, out)
        if out and self.transport is not None:
            self.transport.write(b"".join(out))

    def handle(self, frame: bytes, out: list[bytes]) -> None:
        smsc = self.smsc
        _, command_id, status, sequence = pdu.HEADER.unpack_from(frame)
        if command_id in pdu.BIND_COMMANDS:
            bind = pdu.decode_bind(frame)
            ok = smsc.password is None or (
                bind.system_id == smsc.system_id and bind.password == smsc.password
            )
            self.system_id, self.bound = bind.system_id, ok
            result = pdu.ESME_ROK if ok else pdu.ESME_RBINDFAIL
            out.append(pdu.encode_bind_resp(command_id, result, sequence, "testsmsc"))
        elif command_id == pdu.SUBMIT_SM:
            if not self.bound:
                out.append(
                    pdu.encode_message_id_resp(command_id, pdu.ESME_RINVBNDSTS, sequence, "")
                )
                return
            smsc.counter += 1
            message_id = format(smsc.counter, "x")
            if smsc.keep_messages or smsc.receipts:
                sm = pdu.decode_short_message(frame)
                text = decode_text(sm).text
                if smsc.keep_messages:
                    smsc.received.append(
                        Received(message_id, self.system_id, sm.source, sm.dest, text, frame)
                    )
                if smsc.receipts and sm.registered_delivery & 0x01:
                    smsc.loop.call_later(
                        smsc.receipt_delay, self.send_receipt, message_id, sm, text
                    )
            answer = pdu.encode_message_id_resp(command_id, pdu.ESME_ROK, sequence, message_id)
            if smsc.holding:
                smsc.held.append((self, answer))
            else:
                out.append(answer)
        elif command_id == pdu.DELIVER_SM_RESP or command_id == pdu.GENERIC_NACK:
            future = self.waiting.pop(sequence, None)
            if command_id == pdu.DELIVER_SM_RESP:
                smsc.deliver_answers.append(status)
            if future is not None and not future.done():
                future.set_result(status)
        elif command_id == pdu.ENQUIRE_LINK:
            out.append(pdu.encode(pdu.ENQUIRE_LINK_RESP, pdu.ESME_ROK, sequence))
        elif command_id == pdu.UNBIND:
            out.append(pdu.encode(pdu.UNBIND_RESP, pdu.ESME_ROK, sequence))
            self.bound = False
        elif not command_id & pdu.RESPONSE_BIT:
            out.append(pdu.generic_nack(sequence, pdu.ESME_RINVCMDID))

    def send_receipt(self, message_id: str, sm: pdu.ShortMessage, text: str) -> None:
        now = dt.datetime.now(dt.UTC).strftime("%y%m%d%H%M")
        receipt = (
            f"id:{message_id} sub:001 dlvrd:001 submit date:{now} done date:{now} "
            f"stat:DELIVRD err:000 text:{text[:20]}"
        ).encode("ascii", "replace")
        frame = pdu.encode_short_message(
            pdu.DELIVER_SM,
            self.next_sequence(),
            source=sm.dest,
            dest=sm.source,
            source_ton=sm.dest_ton,
            dest_ton=sm.source_ton,
            esm_class=0x04,
            short_message=receipt,
            tlvs={
                pdu.TAG_RECEIPTED_MESSAGE_ID: message_id.encode() + b"\x00",
                0x0427: b"\x02",  # message_state DELIVERED
            },
        )
        self.smsc.receipts_sent += 1
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame)


class TestSmsc:
    """An asyncio SMSC on 127.0.0.1. ``await start()``, then ``await stop()``."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        system_id: str = "clearline",
        password: str | None = None,
        receipts: bool = True,
        keep_messages: bool = True,
        receipt_delay: float = 0.0,
    ) -> None:
        """Configure the SMSC.

        Args:
            host: listen address.
            port: listen port (0: any free port; see :attr:`port`).
            system_id: the account allowed to bind (checked only with a password).
            password: the account's password; ``None`` accepts any bind.
            receipts: send a delivery receipt for each submit_sm that asks for one.
            keep_messages: keep every submit_sm in :attr:`received` (off for long benchmarks).
            receipt_delay: seconds between the submit_sm_resp and its receipt (a gateway that
                stores its receipt map after relaying the response needs a moment).
        """
        self.host = host
        self.port = port
        self.system_id = system_id
        self.password = password
        self.receipts = receipts
        self.keep_messages = keep_messages
        self.receipt_delay = receipt_delay
        self.received: list[Received] = []
        self.deliver_answers: list[int] = []
        self.counter = 0
        self.receipts_sent = 0
        self.sessions: set[_SmscSession] = set()
        # While holding, submit_sm answers wait in `held` until release() (a slow SMSC).
        self.holding = False
        self.held: list[tuple[_SmscSession, bytes]] = []
        self.loop: asyncio.AbstractEventLoop
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        """Start listening."""
        self.loop = asyncio.get_running_loop()
        self._server = await self.loop.create_server(
            lambda: _SmscSession(self), self.host, self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and drop every connection (as a crashed SMSC would)."""
        if self._server is not None:
            self._server.close()
        for session in list(self.sessions):
            if session.transport is not None:
                session.transport.abort()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def release(self) -> None:
        """Stop holding answers and send the held ones."""
        self.holding = False
        held, self.held = self.held, []
        for session, answer in held:
            if session.transport is not None and not session.transport.is_closing():
                session.transport.write(answer)

    async def wait_bound(self, timeout: float = 10.0) -> None:
        """Wait until some client holds a bind."""
        async with asyncio.timeout(timeout):
            while not any(s.bound for s in self.sessions):
                await asyncio.sleep(0.01)

    async def deliver(
        self, source: str, dest: str, text: str, *, source_ton: int = 1, dest_ton: int = 1
    ) -> int:
        """Send a subscriber (MO) message to the first bound client; return its answer status."""
        frame = pdu.encode_short_message(
            pdu.DELIVER_SM,
            0,
            source=source,
            dest=dest,
            source_ton=source_ton,
            dest_ton=dest_ton,
            short_message=text.encode("latin-1"),
            data_coding=3,
        )
        return await self.deliver_body(frame[pdu.HEADER_SIZE :])

    async def deliver_body(self, body: bytes) -> int:
        """Send a deliver_sm with this body as given (malformed ones too); return its status.

        A ``deliver_sm_resp`` status is also recorded in ``deliver_answers``; a ``generic_nack``'s
        is not.
        """
        session = next(s for s in self.sessions if s.bound)
        sequence = session.next_sequence()
        future: asyncio.Future[int] = self.loop.create_future()
        session.waiting[sequence] = future
        assert session.transport is not None
        session.transport.write(pdu.encode(pdu.DELIVER_SM, pdu.ESME_ROK, sequence, body))
        return await future
