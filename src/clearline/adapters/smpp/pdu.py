"""A small SMPP 3.4 PDU codec: framing, the fields the firewall reads, and the PDUs it writes.

Why not a library: ``smpplib`` and ``aiosmpplib`` are ESME clients (no server side, no raw
frames); ``smpp.pdu3`` is a Twisted-era object codec last released in 2021; ``smpp34`` owns the
sockets and timers itself and calls Python once per message, which rules out micro-batching the
engine and forwarding the sender's bytes unchanged. A proxy needs much less than a full codec:
split the byte stream into frames, read a few ``submit_sm``/``deliver_sm`` fields, and rewrite the
sequence number of a frame it forwards. Everything else passes through byte for byte.

Every decoder here raises :class:`PduError` (and nothing else) on malformed input; the Hypothesis
fuzz test holds it to that.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

HEADER = struct.Struct(">IIII")
_LENGTH = struct.Struct(">I")
HEADER_SIZE = 16
#: The largest PDU accepted. A submit_sm carrying a full 64 KiB message_payload fits.
MAX_PDU_SIZE = 70_000

# Command ids (SMPP 3.4 section 5.1.2). A response is its request's id with bit 31 set.
GENERIC_NACK = 0x80000000
BIND_RECEIVER = 0x00000001
BIND_TRANSMITTER = 0x00000002
QUERY_SM = 0x00000003
SUBMIT_SM = 0x00000004
DELIVER_SM = 0x00000005
UNBIND = 0x00000006
REPLACE_SM = 0x00000007
CANCEL_SM = 0x00000008
BIND_TRANSCEIVER = 0x00000009
OUTBIND = 0x0000000B
ENQUIRE_LINK = 0x00000015
SUBMIT_MULTI = 0x00000021
ALERT_NOTIFICATION = 0x00000102
DATA_SM = 0x00000103
RESPONSE_BIT = 0x80000000
SUBMIT_SM_RESP = SUBMIT_SM | RESPONSE_BIT
DELIVER_SM_RESP = DELIVER_SM | RESPONSE_BIT
UNBIND_RESP = UNBIND | RESPONSE_BIT
ENQUIRE_LINK_RESP = ENQUIRE_LINK | RESPONSE_BIT
BIND_TRANSCEIVER_RESP = BIND_TRANSCEIVER | RESPONSE_BIT

BIND_COMMANDS = frozenset({BIND_RECEIVER, BIND_TRANSMITTER, BIND_TRANSCEIVER})

# command_status values (section 5.1.3) the proxy itself answers with.
ESME_ROK = 0x00
ESME_RINVMSGLEN = 0x01
ESME_RINVCMDLEN = 0x02
ESME_RINVCMDID = 0x03
ESME_RINVBNDSTS = 0x04
ESME_RALYBND = 0x05
ESME_RSYSERR = 0x08  # retryable by convention (Kannel, Jasmin treat it as temporary)
ESME_RINVSRCADR = 0x0A
ESME_RINVDSTADR = 0x0B
ESME_RBINDFAIL = 0x0D
ESME_RMSGQFUL = 0x14  # retryable: "message queue full"
ESME_RINVSERTYP = 0x15
ESME_RTHROTTLED = 0x58
ESME_RX_T_APPN = 0x64  # retryable: "receiver temporary application error"
ESME_RX_R_APPN = 0x65
ESME_RINVSCHED = 0x61
ESME_RINVEXPIRY = 0x62
ESME_RINVOPTPARSTREAM = 0xC0  # "error in the optional part of the PDU body"

# Optional parameter (TLV) tags (section 5.3.2).
TAG_RECEIPTED_MESSAGE_ID = 0x001E
TAG_SAR_MSG_REF_NUM = 0x020C
TAG_SAR_TOTAL_SEGMENTS = 0x020E
TAG_SAR_SEGMENT_SEQNUM = 0x020F
TAG_MESSAGE_PAYLOAD = 0x0424
TAG_SC_INTERFACE_VERSION = 0x0210

# esm_class bits.
ESM_UDHI = 0x40
ESM_TYPE_MASK = 0x3C  # 0x04 delivery receipt, 0x08 SME ack, 0x10 user ack, 0x20 intermediate


class PduError(ValueError):
    """A PDU is malformed. ``status`` is the SMPP command_status to answer it with."""

    def __init__(self, message: str, status: int = ESME_RINVCMDLEN) -> None:
        super().__init__(message)
        self.status = status


class Header(NamedTuple):
    """The fixed 16-byte header of every PDU."""

    length: int
    command_id: int
    status: int
    sequence: int


class FrameReader:
    """Splits a TCP byte stream into whole PDU frames.

    A frame whose ``command_length`` is below 16 or above :data:`MAX_PDU_SIZE` cannot be skipped
    safely (the stream has lost its framing), so :meth:`feed` raises :class:`PduError` and the
    connection must answer ``generic_nack`` and close.
    """

    __slots__ = ("_buffer", "max_size")

    def __init__(self, max_size: int = MAX_PDU_SIZE) -> None:
        self._buffer = bytearray()
        self.max_size = max_size

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return the complete frames they finish, in order.

        Raises:
            PduError: a frame announces an impossible length.
        """
        buffer = self._buffer
        if buffer:
            buffer += data
            view: bytes | bytearray = buffer
        else:
            # The usual case: nothing held over. The frames are cut straight from the received
            # bytes (one copy each, not a bytearray slice copied again), and only a trailing
            # partial frame is kept.
            view = data
        frames: list[bytes] = []
        start = 0
        end = len(view)
        max_size = self.max_size
        unpack_length = _LENGTH.unpack_from
        while end - start >= 4:
            length = unpack_length(view, start)[0]
            if length < HEADER_SIZE or length > max_size:
                del buffer[:]
                raise PduError(f"command_length {length} is out of range", ESME_RINVCMDLEN)
            if end - start < length:
                break
            frames.append(bytes(view[start : start + length]))
            start += length
        if view is buffer:
            if start:
                del buffer[:start]
        elif start < end:
            buffer += view[start:]
        return frames


def header(frame: bytes) -> Header:
    """The header of a whole frame (as :class:`FrameReader` returns them)."""
    return Header._make(HEADER.unpack_from(frame))


def encode(command_id: int, status: int, sequence: int, body: bytes = b"") -> bytes:
    """One PDU: header and body."""
    return HEADER.pack(HEADER_SIZE + len(body), command_id, status, sequence) + body


def with_sequence(frame: bytes, sequence: int) -> bytes:
    """The same frame with another sequence number (how the proxy forwards a PDU as sent)."""
    return frame[:12] + sequence.to_bytes(4, "big") + frame[16:]


def generic_nack(sequence: int, status: int) -> bytes:
    """A ``generic_nack`` answering the request with ``sequence``."""
    return encode(GENERIC_NACK, status, sequence)


def cstring(value: str) -> bytes:
    """A C-Octet String: ASCII then a NUL."""
    return value.encode("ascii", "replace") + b"\x00"


def _read_cstring(
    body: bytes, offset: int, max_size: int, name: str, status: int = ESME_RINVMSGLEN
) -> tuple[str, int]:
    """Read a NUL-terminated field of at most ``max_size`` bytes (NUL included).

    Raises:
        PduError: with ``status`` (the field's own error code, where SMPP 3.4 has one).
    """
    end = body.find(b"\x00", offset, offset + max_size)
    if end < 0:
        raise PduError(f"{name} is not NUL-terminated within {max_size} bytes", status)
    try:
        return body[offset:end].decode("ascii"), end + 1
    except UnicodeDecodeError as exc:
        raise PduError(f"{name} is not ASCII", status) from exc


class Bind(NamedTuple):
    """The fields of a bind_transmitter / bind_receiver / bind_transceiver request."""

    system_id: str
    password: str
    system_type: str
    interface_version: int


def decode_bind(frame: bytes) -> Bind:
    """Decode a bind request frame.

    Raises:
        PduError: the body is malformed.
    """
    body = frame[HEADER_SIZE:]
    system_id, offset = _read_cstring(body, 0, 16, "system_id")
    password, offset = _read_cstring(body, offset, 9, "password")
    system_type, offset = _read_cstring(body, offset, 13, "system_type")
    if offset + 3 > len(body):
        raise PduError("bind body is truncated", ESME_RINVMSGLEN)
    interface_version = body[offset]
    _read_cstring(body, offset + 3, 41, "address_range")
    return Bind(system_id, password, system_type, interface_version)


def encode_bind(
    command_id: int, sequence: int, system_id: str, password: str, system_type: str = ""
) -> bytes:
    """A bind request (interface version 3.4, no address range)."""
    body = cstring(system_id) + cstring(password) + cstring(system_type) + b"\x34\x00\x00\x00"
    return encode(command_id, ESME_ROK, sequence, body)


def encode_bind_resp(command_id: int, status: int, sequence: int, system_id: str) -> bytes:
    """The answer to a bind request; carries ``sc_interface_version`` 3.4 when it succeeds."""
    body = cstring(system_id)
    if status == ESME_ROK:
        body += struct.pack(">HHB", TAG_SC_INTERFACE_VERSION, 1, 0x34)
    return encode(command_id | RESPONSE_BIT, status, sequence, body)


def encode_message_id_resp(command_id: int, status: int, sequence: int, message_id: str) -> bytes:
    """A submit_sm_resp / deliver_sm_resp: a message_id C-string (empty on error)."""
    # One answer a message: ``encode(..., cstring(message_id))`` written out, two calls fewer.
    body = message_id.encode("ascii", "replace") + b"\x00"
    return HEADER.pack(HEADER_SIZE + len(body), command_id | RESPONSE_BIT, status, sequence) + body


def decode_message_id(frame: bytes) -> str:
    """The message_id of a submit_sm_resp ("" when the body is absent, as on errors)."""
    body = frame[HEADER_SIZE:]
    if not body:
        return ""
    end = body.find(b"\x00", 0, 65)
    raw = body[:end] if end >= 0 else body[:65]
    return raw.decode("ascii", "replace")


class ShortMessage(NamedTuple):
    """The fields of a submit_sm or deliver_sm (same layout) the firewall reads."""

    service_type: str
    source_ton: int
    source_npi: int
    source: str
    dest_ton: int
    dest_npi: int
    dest: str
    esm_class: int
    protocol_id: int
    registered_delivery: int
    data_coding: int
    short_message: bytes
    tlvs: dict[int, bytes]

    @property
    def payload(self) -> bytes:
        """The message octets: ``message_payload`` when present, else ``short_message``."""
        return self.tlvs.get(TAG_MESSAGE_PAYLOAD, self.short_message)


def decode_short_message(frame: bytes) -> ShortMessage:
    """Decode a submit_sm or deliver_sm frame.

    Raises:
        PduError: a field overruns its size or the body, or the TLVs do not tile the rest; its
            ``status`` is the most specific SMPP 3.4 error for the field (``ESME_RINVSRCADR``
            for ``source_addr``, ``ESME_RINVCMDLEN`` for a body cut short, ...).
    """
    # Every submit_sm passes here: the fields are read in place from the frame (offsets from
    # the body's start at byte 16), in one function, without a copy of the body or a call per
    # field. The same reads, checks and errors, field by field, as ``_read_cstring`` makes.
    size = len(frame)
    find = frame.find
    end = find(b"\x00", 16, 22)
    if end < 0:
        raise PduError("service_type is not NUL-terminated within 6 bytes", ESME_RINVSERTYP)
    raw = frame[16:end]
    if not raw.isascii():
        raise PduError("service_type is not ASCII", ESME_RINVSERTYP)
    service_type = raw.decode("ascii")
    offset = end + 1
    if offset + 2 > size:
        raise PduError("body is truncated", ESME_RINVCMDLEN)
    source_ton, source_npi = frame[offset], frame[offset + 1]
    offset += 2
    end = find(b"\x00", offset, offset + 21)
    if end < 0:
        raise PduError("source_addr is not NUL-terminated within 21 bytes", ESME_RINVSRCADR)
    raw = frame[offset:end]
    if not raw.isascii():
        raise PduError("source_addr is not ASCII", ESME_RINVSRCADR)
    source = raw.decode("ascii")
    offset = end + 1
    if offset + 2 > size:
        raise PduError("body is truncated", ESME_RINVCMDLEN)
    dest_ton, dest_npi = frame[offset], frame[offset + 1]
    offset += 2
    end = find(b"\x00", offset, offset + 21)
    if end < 0:
        raise PduError("destination_addr is not NUL-terminated within 21 bytes", ESME_RINVDSTADR)
    raw = frame[offset:end]
    if not raw.isascii():
        raise PduError("destination_addr is not ASCII", ESME_RINVDSTADR)
    dest = raw.decode("ascii")
    offset = end + 1
    if offset + 3 > size:
        raise PduError("body is truncated", ESME_RINVCMDLEN)
    esm_class, protocol_id = frame[offset], frame[offset + 1]
    offset += 3
    end = find(b"\x00", offset, offset + 17)
    if end < 0:
        raise PduError(
            "schedule_delivery_time is not NUL-terminated within 17 bytes", ESME_RINVSCHED
        )
    if not frame[offset:end].isascii():
        raise PduError("schedule_delivery_time is not ASCII", ESME_RINVSCHED)
    offset = end + 1
    end = find(b"\x00", offset, offset + 17)
    if end < 0:
        raise PduError("validity_period is not NUL-terminated within 17 bytes", ESME_RINVEXPIRY)
    if not frame[offset:end].isascii():
        raise PduError("validity_period is not ASCII", ESME_RINVEXPIRY)
    offset = end + 1
    if offset + 5 > size:
        raise PduError("body is truncated", ESME_RINVCMDLEN)
    registered_delivery = frame[offset]
    data_coding = frame[offset + 2]
    sm_length = frame[offset + 4]
    offset += 5
    if offset + sm_length > size:
        raise PduError(f"sm_length {sm_length} overruns the PDU", ESME_RINVMSGLEN)
    short_message = frame[offset : offset + sm_length]
    offset += sm_length
    tlvs = decode_tlvs(frame, offset) if offset < size else {}
    if sm_length and TAG_MESSAGE_PAYLOAD in tlvs:
        raise PduError("both short_message and message_payload are set", ESME_RINVMSGLEN)
    return ShortMessage(
        service_type,
        source_ton,
        source_npi,
        source,
        dest_ton,
        dest_npi,
        dest,
        esm_class,
        protocol_id,
        registered_delivery,
        data_coding,
        short_message,
        tlvs,
    )


def decode_tlvs(body: bytes, offset: int) -> dict[int, bytes]:
    """Optional parameters from ``offset`` to the end of the body (a repeated tag keeps the last).

    Raises:
        PduError: a TLV overruns the body.
    """
    tlvs: dict[int, bytes] = {}
    end = len(body)
    while offset < end:
        if offset + 4 > end:
            raise PduError("truncated TLV header", ESME_RINVOPTPARSTREAM)
        tag = (body[offset] << 8) | body[offset + 1]
        length = (body[offset + 2] << 8) | body[offset + 3]
        offset += 4
        if offset + length > end:
            raise PduError(f"TLV 0x{tag:04x} overruns the PDU", ESME_RINVOPTPARSTREAM)
        tlvs[tag] = body[offset : offset + length]
        offset += length
    return tlvs


def encode_short_message(
    command_id: int,
    sequence: int,
    *,
    source: str,
    dest: str,
    short_message: bytes = b"",
    source_ton: int = 1,
    source_npi: int = 1,
    dest_ton: int = 1,
    dest_npi: int = 1,
    esm_class: int = 0,
    registered_delivery: int = 0,
    data_coding: int = 0,
    tlvs: dict[int, bytes] | None = None,
) -> bytes:
    """A submit_sm or deliver_sm (used by the test SMSC, the benchmarks and the tests)."""
    if len(short_message) > 254:
        raise ValueError("short_message holds at most 254 octets; use message_payload")
    body = b"".join(
        (
            b"\x00",  # service_type
            bytes((source_ton, source_npi)),
            cstring(source),
            bytes((dest_ton, dest_npi)),
            cstring(dest),
            bytes((esm_class, 0, 0)),  # esm_class, protocol_id, priority_flag
            b"\x00\x00",  # schedule_delivery_time, validity_period
            bytes((registered_delivery, 0, data_coding, 0, len(short_message))),
            short_message,
            *(struct.pack(">HH", tag, len(value)) + value for tag, value in (tlvs or {}).items()),
        )
    )
    return encode(command_id, ESME_ROK, sequence, body)
