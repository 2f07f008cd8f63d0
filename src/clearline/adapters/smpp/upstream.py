"""The proxy's own bind to the upstream SMSC: window, reconnect with back-off, enquire_link."""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import TYPE_CHECKING, cast

from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.config import UpstreamConfig
from clearline.adapters.smpp.messages import Part

if TYPE_CHECKING:
    from clearline.adapters.smpp.proxy import Proxy
    from clearline.adapters.smpp.session import EsmeSession

log = logging.getLogger(__name__)


class _Relayed:
    """A query_sm / cancel_sm passed through for an ESME."""

    __slots__ = ("sent_at", "sequence", "session")

    def __init__(self, session: EsmeSession, sequence: int, sent_at: float) -> None:
        self.session = session
        self.sequence = sequence
        self.sent_at = sent_at


class UpstreamProtocol(asyncio.Protocol):
    """Bytes in and out of one upstream TCP connection."""

    def __init__(self, link: UpstreamLink) -> None:
        self.link = link
        self.reader = pdu.FrameReader()
        self.transport: asyncio.Transport | None = None
        self.closed: asyncio.Future[None] = link.loop.create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport (uvloop's is not an asyncio.Transport subclass, only duck-typed).
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:
        self.link.last_seen = self.link.loop.time()
        try:
            frames = self.reader.feed(data)
        except pdu.PduError as exc:
            log.error("upstream sent an unframeable PDU (%s); reconnecting", exc)
            self.link.proxy.stats.malformed += 1
            if self.transport is not None:
                self.transport.write(pdu.generic_nack(0, exc.status))
                self.transport.close()
            return
        handle = self.link.handle
        for frame in frames:
            handle(frame)


class UpstreamLink:
    """Holds the bind to the SMSC and the requests in flight on it."""

    def __init__(self, proxy: Proxy, config: UpstreamConfig) -> None:
        self.proxy = proxy
        self.config = config
        self.loop = proxy.loop
        self.protocol: UpstreamProtocol | None = None
        self.bound = False
        self.generation = 0  # bumped on every new connection: answers to older ones are void
        self.in_flight: dict[int, Part | _Relayed] = {}
        self.queue: collections.deque[Part] = collections.deque()
        self.out: list[bytes] = []
        self.last_seen = 0.0
        self._sequence = 0
        self._bind_answer: asyncio.Future[int] | None = None
        self._stopping = False
        self.connected_once = asyncio.Event()

    # Connection lifecycle ---------------------------------------------------------------------

    async def run(self) -> None:
        """Connect, bind, serve until the connection drops; retry with exponential back-off."""
        delay = self.config.reconnect_min
        while not self._stopping:
            try:
                bound = await self._connect_and_bind()
            except (TimeoutError, OSError) as exc:
                log.warning(
                    "upstream %s:%d unreachable: %s", self.config.host, self.config.port, exc
                )
                bound = False
            if bound:
                delay = self.config.reconnect_min
                assert self.protocol is not None
                keepalive = self.loop.create_task(self._enquire_links())
                try:
                    await self.protocol.closed
                finally:
                    keepalive.cancel()
                log.warning("upstream connection lost")
            self._disconnected()
            if self._stopping:
                break
            self.proxy.stats.upstream_reconnects += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.config.reconnect_max)

    async def _connect_and_bind(self) -> bool:
        config = self.config
        _, protocol = await asyncio.wait_for(
            self.loop.create_connection(lambda: UpstreamProtocol(self), config.host, config.port),
            config.response_timeout,
        )
        self.protocol = protocol
        self.generation += 1
        self.last_seen = self.loop.time()
        self._bind_answer = self.loop.create_future()
        sequence = self.next_sequence()
        assert protocol.transport is not None
        protocol.transport.write(
            pdu.encode_bind(
                pdu.BIND_TRANSCEIVER,
                sequence,
                config.system_id,
                config.password,
                config.system_type,
            )
        )
        closed = protocol.closed
        done, _ = await asyncio.wait(
            (self._bind_answer, closed),
            timeout=config.response_timeout,
            return_when=asyncio.FIRST_COMPLETED,
        )
        status = self._bind_answer.result() if self._bind_answer in done else None
        if status != pdu.ESME_ROK:
            log.error(
                "upstream bind as %r refused or unanswered (status %s)", config.system_id, status
            )
            protocol.transport.close()
            return False
        self.bound = True
        self.connected_once.set()
        log.info("bound to upstream %s:%d as %r", config.host, config.port, config.system_id)
        return True

    def _disconnected(self) -> None:
        """Answer everything in flight or queued with a retryable error."""
        self.bound = False
        if self.protocol is not None and self.protocol.transport is not None:
            self.protocol.transport.close()
        self.protocol = None
        self.out.clear()
        in_flight, self.in_flight = self.in_flight, {}
        queued, self.queue = self.queue, collections.deque()
        for item in [*in_flight.values(), *queued]:
            if isinstance(item, Part):
                self.proxy.answer(item, pdu.ESME_RSYSERR, "", note="upstream connection lost")
            else:
                item.session.answer_relayed(
                    item.sequence, pdu.encode(pdu.GENERIC_NACK, pdu.ESME_RSYSERR, 0)
                )
        self.proxy.flush()

    async def _enquire_links(self) -> None:
        interval = self.config.enquire_link_interval
        while True:
            await asyncio.sleep(interval)
            if self.loop.time() - self.last_seen > interval + self.config.response_timeout:
                log.error("upstream silent for too long; reconnecting")
                if self.protocol is not None and self.protocol.transport is not None:
                    self.protocol.transport.close()
                return
            self.send(pdu.encode(pdu.ENQUIRE_LINK, pdu.ESME_ROK, self.next_sequence()))
            self.proxy.flush()

    async def stop(self) -> None:
        """Unbind politely and stop reconnecting."""
        self._stopping = True
        if self.protocol is not None and self.protocol.transport is not None and self.bound:
            self.protocol.transport.write(pdu.encode(pdu.UNBIND, 0, self.next_sequence()))
            self.protocol.transport.close()

    # Sending --------------------------------------------------------------------------------

    def next_sequence(self) -> int:
        """The next sequence number on the upstream bind."""
        self._sequence = self._sequence % 0x7FFFFFFF + 1
        return self._sequence

    def send(self, data: bytes) -> None:
        """Queue bytes for the upstream; written at the next flush."""
        if not self.out:
            self.proxy.mark_dirty(self)
        self.out.append(data)

    def write_out(self) -> None:
        """Write the queued bytes (called by the proxy's flush)."""
        if self.protocol is not None and self.protocol.transport is not None and self.out:
            self.protocol.transport.write(b"".join(self.out))
        self.out.clear()

    def submit(self, part: Part) -> None:
        """Forward a submit_sm part, or answer it with a retryable error if that cannot be done."""
        if not self.bound:
            self.proxy.stats.upstream_unavailable += 1
            self.proxy.answer(part, pdu.ESME_RSYSERR, "", note="upstream not bound")
        elif len(self.in_flight) < self.config.window:
            self._send_part(part)
        elif len(self.queue) < self.config.queue_limit:
            self.queue.append(part)
        else:
            self.proxy.stats.upstream_unavailable += 1
            self.proxy.answer(part, pdu.ESME_RMSGQFUL, "", note="upstream queue full")

    def _send_part(self, part: Part) -> None:
        if getattr(part.origin, "closed", False):
            # Its ESME went away before the message left: never acknowledged, so the ESME will
            # resend it; forwarding it too would deliver it twice.
            self.proxy.answer(
                part, pdu.ESME_RSYSERR, "", note="ESME disconnected before forwarding"
            )
            return
        sequence = self.next_sequence()
        part.sent_at = self.loop.time()
        self.in_flight[sequence] = part
        self.send(pdu.with_sequence(part.frame, sequence))

    def _fill_window(self) -> None:
        window = self.config.window
        queue = self.queue
        while queue and len(self.in_flight) < window:
            self._send_part(queue.popleft())

    def relay(self, session: EsmeSession, command_id: int, sequence: int, frame: bytes) -> None:
        """Pass a query_sm / cancel_sm through; the response goes back to ``session``."""
        if not self.bound:
            session.send(pdu.generic_nack(sequence, pdu.ESME_RSYSERR))
            return
        upstream_sequence = self.next_sequence()
        self.in_flight[upstream_sequence] = _Relayed(session, sequence, self.loop.time())
        self.send(pdu.with_sequence(frame, upstream_sequence))

    def answer(self, part: Part, status: int, message_id: str) -> None:
        """Answer an upstream deliver_sm (only on the connection it came in on)."""
        if part.answered:
            return
        part.answered = True
        if part.generation == self.generation and self.bound:
            self.send(pdu.encode_message_id_resp(part.command_id, status, part.sequence, ""))

    # Frames from the SMSC -------------------------------------------------------------------

    def handle(self, frame: bytes) -> None:
        """Handle one whole PDU from the SMSC."""
        _, command_id, status, sequence = pdu.HEADER.unpack_from(frame)
        if command_id == pdu.SUBMIT_SM_RESP or command_id == pdu.GENERIC_NACK:
            item = self.in_flight.pop(sequence, None)
            if item is None:
                if command_id == pdu.GENERIC_NACK:
                    log.warning("upstream generic_nack 0x%08x for %d", status, sequence)
                return
            if isinstance(item, Part):
                message_id = pdu.decode_message_id(frame) if status == pdu.ESME_ROK else ""
                self.proxy.upstream_answered(item, status, message_id)
            else:
                item.session.answer_relayed(item.sequence, frame)
            if self.queue:
                self._fill_window()
        elif command_id == pdu.DELIVER_SM:
            self.proxy.on_upstream_deliver(frame, sequence, self.generation)
        elif command_id == pdu.ENQUIRE_LINK:
            self.send(pdu.encode(pdu.ENQUIRE_LINK_RESP, pdu.ESME_ROK, sequence))
        elif command_id == pdu.BIND_TRANSCEIVER_RESP:
            if self._bind_answer is not None and not self._bind_answer.done():
                self._bind_answer.set_result(status)
        elif command_id == pdu.UNBIND:
            log.warning("upstream asked to unbind")
            self.bound = False
            if self.protocol is not None and self.protocol.transport is not None:
                self.protocol.transport.write(pdu.encode(pdu.UNBIND_RESP, 0, sequence))
                self.protocol.transport.close()
        elif command_id & pdu.RESPONSE_BIT:
            item = self.in_flight.pop(sequence, None)
            if isinstance(item, _Relayed):
                item.session.answer_relayed(item.sequence, frame)
        else:
            self.send(pdu.generic_nack(sequence, pdu.ESME_RINVCMDID))

    def expire(self, now: float) -> None:
        """Answer requests the SMSC has not answered within ``response_timeout``."""
        limit = now - self.config.response_timeout
        expired = [s for s, item in self.in_flight.items() if item.sent_at < limit]
        for sequence in expired:
            item = self.in_flight.pop(sequence)
            if isinstance(item, Part):
                self.proxy.answer(item, pdu.ESME_RSYSERR, "", note="upstream did not answer")
            else:
                item.session.send(pdu.generic_nack(item.sequence, pdu.ESME_RSYSERR))
        if expired:
            self._fill_window()
