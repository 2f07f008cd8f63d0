"""One ESME connection to the proxy: bind, submit_sm in, deliver_sm out, enquire_link, unbind."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, cast

from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.messages import Part
from clearline.adapters.smpp.text import decode_text

if TYPE_CHECKING:
    from clearline.adapters.smpp.proxy import Proxy

log = logging.getLogger(__name__)

_RESPONSE_BIT = pdu.RESPONSE_BIT
_SUBMIT_SM = pdu.SUBMIT_SM
_DELIVER_SM_RESP = pdu.DELIVER_SM_RESP


class EsmeSession(asyncio.Protocol):
    """The proxy's side of one ESME's TCP connection."""

    def __init__(self, proxy: Proxy) -> None:
        self.proxy = proxy
        self.transport: asyncio.Transport | None = None
        self.reader = pdu.FrameReader()
        self.out: list[bytes] = []
        self.system_id: str | None = None
        self.can_submit = False
        self.can_receive = False
        self.window = 0
        self.outstanding = 0  # submit_sm parts received and not yet answered
        self.delivering: dict[int, Part] = {}  # our deliver_sm sequence -> upstream's part
        self.unbinding_sequence: int | None = None
        self.closed = False
        self.last_seen = 0.0
        self.connected_at = 0.0
        self._sequence = 0
        self.peer = "?"
        self.host = "?"  # the peer's IP address (per-IP connection cap)

    # asyncio.Protocol -----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport (uvloop's is not an asyncio.Transport subclass, only duck-typed).
        self.transport = cast(asyncio.Transport, transport)
        peer = transport.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        self.host = str(peer[0]) if peer else "?"
        self.last_seen = self.connected_at = self.proxy.loop.time()
        if not self.proxy.session_opened(self):
            self.closed = True  # nothing is read from or written to it
            transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.proxy.session_closed(self)

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return
        self.last_seen = self.proxy.loop.time()
        try:
            frames = self.reader.feed(data)
        except pdu.PduError as exc:
            # The stream has lost its framing: nothing after this point can be trusted.
            self.proxy.stats.malformed += 1
            log.warning("ESME %s %s: %s; closing", self.system_id, self.peer, exc)
            self.send(pdu.generic_nack(0, exc.status))
            self.proxy.flush()
            self.close()
            return
        for frame in frames:
            self.handle(frame)

    # Sending --------------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queue bytes for this ESME; written, with the rest of the burst, at the next flush."""
        if self.closed:
            return
        if not self.out:
            self.proxy.mark_dirty(self)
        self.out.append(data)

    def write_out(self) -> None:
        """Write the queued bytes (called by the proxy's flush)."""
        if self.out and self.transport is not None and not self.closed:
            self.transport.write(b"".join(self.out))
        self.out.clear()

    def next_sequence(self) -> int:
        """The next sequence number for a request from the proxy to this ESME."""
        self._sequence = self._sequence % 0x7FFFFFFF + 1
        return self._sequence

    def close(self) -> None:
        """Close the connection after the queued bytes are written."""
        if self.transport is not None and not self.closed:
            self.proxy.flush()
            self.transport.close()

    # Requests from the ESME -----------------------------------------------------------------

    def handle(self, frame: bytes) -> None:
        """Handle one whole PDU from the ESME."""
        _, command_id, status, sequence = pdu.HEADER.unpack_from(frame)
        if command_id == _SUBMIT_SM:
            self.on_submit_sm(frame, sequence)
        elif command_id == _DELIVER_SM_RESP:
            part = self.delivering.pop(sequence, None)
            if part is not None:
                self.proxy.deliver_answered(part, status)
        elif command_id == pdu.ENQUIRE_LINK:
            self.send(pdu.encode(pdu.ENQUIRE_LINK_RESP, pdu.ESME_ROK, sequence))
        elif command_id in pdu.BIND_COMMANDS:
            self.on_bind(frame, command_id, sequence)
        elif command_id == pdu.UNBIND:
            self.on_unbind(sequence)
        elif command_id == pdu.GENERIC_NACK:
            part = self.delivering.pop(sequence, None)
            if part is not None:
                self.proxy.deliver_answered(part, status or pdu.ESME_RX_T_APPN)
            log.info("ESME %s sent generic_nack 0x%08x for %d", self.system_id, status, sequence)
        elif command_id in (pdu.ENQUIRE_LINK_RESP, pdu.UNBIND_RESP):
            pass
        elif command_id & _RESPONSE_BIT:
            log.info("ESME %s: unexpected response 0x%08x", self.system_id, command_id)
        elif command_id in (pdu.QUERY_SM, pdu.CANCEL_SM) and self.can_submit:
            # Harmless to pass through: they carry no text the firewall must judge.
            self.proxy.upstream.relay(self, command_id, sequence, frame)
        else:
            # data_sm, submit_multi, replace_sm carry text outside submit_sm: refused, not
            # silently let through unfiltered; anything unknown is an invalid command id.
            self.proxy.stats.malformed += command_id not in (
                pdu.DATA_SM,
                pdu.SUBMIT_MULTI,
                pdu.REPLACE_SM,
            )
            self.send(pdu.generic_nack(sequence, pdu.ESME_RINVCMDID))

    def on_bind(self, frame: bytes, command_id: int, sequence: int) -> None:
        """Check credentials and bind (answer with ESME_RBINDFAIL on any mismatch)."""
        if self.system_id is not None:
            self.send(pdu.encode_bind_resp(command_id, pdu.ESME_RALYBND, sequence, ""))
            return
        try:
            bind = pdu.decode_bind(frame)
        except pdu.PduError as exc:
            self.proxy.stats.malformed += 1
            self.send(pdu.encode_bind_resp(command_id, exc.status, sequence, ""))
            return
        account = self.proxy.accounts.get(bind.system_id)
        if account is None or account.password != bind.password:
            self.proxy.stats.bind_failures += 1
            log.warning("ESME bind refused for %r from %s", bind.system_id, self.peer)
            self.send(pdu.encode_bind_resp(command_id, pdu.ESME_RBINDFAIL, sequence, ""))
            return
        self.system_id = bind.system_id
        self.window = account.window
        self.can_submit = command_id in (pdu.BIND_TRANSMITTER, pdu.BIND_TRANSCEIVER)
        self.can_receive = command_id in (pdu.BIND_RECEIVER, pdu.BIND_TRANSCEIVER)
        self.proxy.session_bound(self)
        system_id = self.proxy.config.listen.system_id
        self.send(pdu.encode_bind_resp(command_id, pdu.ESME_ROK, sequence, system_id))

    def on_unbind(self, sequence: int) -> None:
        """Answer unbind once every outstanding submit_sm has its answer, then close."""
        self.can_submit = False
        self.unbinding_sequence = sequence
        self.proxy.session_unbinding(self)
        self.maybe_finish_unbind()

    def maybe_finish_unbind(self) -> None:
        """Send unbind_resp and close when an unbind waits and nothing is outstanding."""
        if self.unbinding_sequence is not None and self.outstanding == 0:
            self.send(pdu.encode(pdu.UNBIND_RESP, pdu.ESME_ROK, self.unbinding_sequence))
            self.unbinding_sequence = None
            self.close()

    def on_submit_sm(self, frame: bytes, sequence: int) -> None:
        """Admit one submit_sm into the pipeline, or answer it at once."""
        proxy = self.proxy
        if not self.can_submit:
            self.send(pdu.encode_message_id_resp(_SUBMIT_SM, pdu.ESME_RINVBNDSTS, sequence, ""))
            return
        try:
            short_message = pdu.decode_short_message(frame)
        except pdu.PduError as exc:
            # SMPP 3.4 keeps generic_nack for bad lengths and unknown commands; a submit_sm
            # whose body is malformed gets its own response, with the field's error status.
            proxy.stats.malformed += 1
            log.info("ESME %s submit_sm %d is malformed: %s", self.system_id, sequence, exc)
            self.send(pdu.encode_message_id_resp(_SUBMIT_SM, exc.status, sequence, ""))
            return
        if self.system_id is None or not proxy.may_send_from(self.system_id, short_message):
            # Only from the account's own addresses: otherwise one ESME could send as another
            # and, before this check, take that number's replies and receipts.
            proxy.stats.source_refused += 1
            log.info("ESME %s may not send from %r", self.system_id, short_message.source)
            self.send(pdu.encode_message_id_resp(_SUBMIT_SM, pdu.ESME_RINVSRCADR, sequence, ""))
            return
        if self.outstanding >= self.window:
            proxy.stats.window_full += 1
            self.send(pdu.encode_message_id_resp(_SUBMIT_SM, pdu.ESME_RTHROTTLED, sequence, ""))
            return
        decoded = decode_text(short_message, proxy.gsm7_form)
        self.outstanding += 1
        part = Part(self, _SUBMIT_SM, sequence, frame, short_message, decoded.text, decoded.segment)
        proxy.admit(part, "mt", self.system_id)

    def answer(self, part: Part, status: int, message_id: str) -> None:
        """Send the submit_sm_resp for ``part`` (the ESME's own sequence number)."""
        if part.answered:
            return
        part.answered = True
        self.outstanding -= 1
        self.send(pdu.encode_message_id_resp(part.command_id, status, part.sequence, message_id))
        if self.unbinding_sequence is not None:
            self.maybe_finish_unbind()

    def forward_deliver(self, part: Part) -> None:
        """Send an upstream deliver_sm to this ESME under our own sequence number."""
        sequence = self.next_sequence()
        part.sent_at = self.proxy.loop.time()
        self.delivering[sequence] = part
        self.send(pdu.with_sequence(part.frame, sequence))

    def answer_relayed(self, sequence: int, frame: bytes) -> None:
        """Pass on an upstream's response to a relayed query_sm / cancel_sm."""
        self.send(pdu.with_sequence(frame, sequence))
