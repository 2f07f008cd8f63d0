"""Hypothesis fuzzing: random and mutated PDUs never crash the decoder, the proxy or a bind."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearline import Engine
from clearline.adapters.smpp import config as smpp_config
from clearline.adapters.smpp import gsm7, pdu
from clearline.adapters.smpp.loadgen import MemoryTransport
from clearline.adapters.smpp.proxy import Proxy
from clearline.adapters.smpp.session import EsmeSession
from clearline.adapters.smpp.text import decode_text
from clearline.adapters.smpp.upstream import UpstreamLink

SEEDS = [
    pdu.encode_short_message(
        pdu.SUBMIT_SM, 7, source="12125550123", dest="14155550100", short_message=b"hello"
    ),
    pdu.encode_short_message(
        pdu.SUBMIT_SM,
        8,
        source="12125550123",
        dest="14155550100",
        esm_class=0x40,
        short_message=bytes((5, 0, 3, 1, 2, 1)) + gsm7.encode_septets("part one"),
    ),
    pdu.encode_short_message(
        pdu.SUBMIT_SM,
        9,
        source="AcmeBank",
        dest="14155550100",
        source_ton=5,
        data_coding=8,
        tlvs={
            pdu.TAG_MESSAGE_PAYLOAD: "Привет".encode("utf-16-be"),
            pdu.TAG_SAR_MSG_REF_NUM: struct.pack(">H", 3),
            pdu.TAG_SAR_TOTAL_SEGMENTS: b"\x02",
            pdu.TAG_SAR_SEGMENT_SEQNUM: b"\x01",
        },
    ),
    pdu.encode_bind(pdu.BIND_TRANSCEIVER, 1, "alice", "alicepw"),
    pdu.encode(pdu.ENQUIRE_LINK, 0, 3),
    pdu.encode(pdu.UNBIND, 0, 4),
]


@st.composite
def mutated_pdus(draw: st.DrawFn) -> bytes:
    """A valid PDU with bytes flipped, cut, inserted, and its length kept or broken."""
    frame = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 3))
        if choice == 0 and frame:
            frame[draw(st.integers(0, len(frame) - 1))] = draw(st.integers(0, 255))
        elif choice == 1:
            cut = draw(st.integers(16, max(16, len(frame))))
            del frame[cut:]
        elif choice == 2:
            at = draw(st.integers(16, len(frame)))
            frame[at:at] = draw(st.binary(max_size=20))
        elif len(frame) >= 4:
            # Keep the length consistent so the frame reaches the body decoders.
            frame[:4] = len(frame).to_bytes(4, "big")
    return bytes(frame)


ANY_BYTES = st.one_of(st.binary(max_size=300), mutated_pdus())


@given(ANY_BYTES)
@settings(max_examples=400)
def test_decoders_raise_only_pdu_error(data: bytes) -> None:
    reader = pdu.FrameReader()
    try:
        frames = reader.feed(data)
    except pdu.PduError:
        return
    for frame in frames:
        for decode in (pdu.decode_short_message, pdu.decode_bind):
            try:
                decoded = decode(frame)
            except pdu.PduError:
                continue
            if isinstance(decoded, pdu.ShortMessage):
                for form in ("auto", "packed", "unpacked"):
                    assert isinstance(decode_text(decoded, form).text, str)  # type: ignore[arg-type]
        pdu.decode_message_id(frame)


def _reference_short_message(frame: bytes) -> pdu.ShortMessage:
    """``decode_short_message`` written field by field with ``_read_cstring`` (how it read
    before it was inlined for speed): the decoder must agree with it on every input."""
    body = frame[pdu.HEADER_SIZE :]
    read = pdu._read_cstring
    service_type, offset = read(body, 0, 6, "service_type", pdu.ESME_RINVSERTYP)
    if offset + 2 > len(body):
        raise pdu.PduError("body is truncated", pdu.ESME_RINVCMDLEN)
    source_ton, source_npi = body[offset], body[offset + 1]
    source, offset = read(body, offset + 2, 21, "source_addr", pdu.ESME_RINVSRCADR)
    if offset + 2 > len(body):
        raise pdu.PduError("body is truncated", pdu.ESME_RINVCMDLEN)
    dest_ton, dest_npi = body[offset], body[offset + 1]
    dest, offset = read(body, offset + 2, 21, "destination_addr", pdu.ESME_RINVDSTADR)
    if offset + 3 > len(body):
        raise pdu.PduError("body is truncated", pdu.ESME_RINVCMDLEN)
    esm_class, protocol_id = body[offset], body[offset + 1]
    _, offset = read(body, offset + 3, 17, "schedule_delivery_time", pdu.ESME_RINVSCHED)
    _, offset = read(body, offset, 17, "validity_period", pdu.ESME_RINVEXPIRY)
    if offset + 5 > len(body):
        raise pdu.PduError("body is truncated", pdu.ESME_RINVCMDLEN)
    registered_delivery, data_coding, sm_length = body[offset], body[offset + 2], body[offset + 4]
    offset += 5
    if offset + sm_length > len(body):
        raise pdu.PduError(f"sm_length {sm_length} overruns the PDU", pdu.ESME_RINVMSGLEN)
    short_message = body[offset : offset + sm_length]
    tlvs = pdu.decode_tlvs(body, offset + sm_length)
    if sm_length and pdu.TAG_MESSAGE_PAYLOAD in tlvs:
        raise pdu.PduError("both short_message and message_payload are set", pdu.ESME_RINVMSGLEN)
    return pdu.ShortMessage(
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


def _outcome(decode: Callable[[bytes], pdu.ShortMessage], frame: bytes) -> object:
    try:
        return decode(frame)
    except pdu.PduError as exc:
        return (str(exc), exc.status)


@given(ANY_BYTES)
@settings(max_examples=1000)
def test_short_message_decoder_agrees_with_the_field_by_field_reading(data: bytes) -> None:
    # The same fields, or the same error message and status, whatever the bytes.
    assert _outcome(pdu.decode_short_message, data) == _outcome(_reference_short_message, data)


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    loop = asyncio.new_event_loop()
    config = smpp_config.convert(
        {
            "esme": [{"system_id": "alice", "password": "alicepw", "sources": ["*"]}],
            "stats_interval": 0,
            "gc_freeze_interval": 0,
        }
    )
    engine = Engine()
    firewall = Proxy(config, engine)
    firewall.loop = loop
    firewall.upstream = UpstreamLink(firewall, config.upstream)  # never bound: answers RSYSERR
    yield firewall
    engine.close()
    loop.close()


def _settle(proxy: Proxy) -> None:
    for _ in range(3):
        proxy.loop.run_until_complete(asyncio.sleep(0))


@given(st.lists(ANY_BYTES, max_size=6), st.booleans())
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_pdus_never_crash_the_proxy_or_hang_the_bind(
    proxy: Proxy, chunks: list[bytes], bind_first: bool
) -> None:
    session = EsmeSession(proxy)
    transport = MemoryTransport()
    session.connection_made(transport)
    if bind_first:
        session.data_received(pdu.encode_bind(pdu.BIND_TRANSCEIVER, 1, "alice", "alicepw"))
        _settle(proxy)
    for chunk in chunks:
        session.data_received(chunk)
        _settle(proxy)
    # Whatever the proxy wrote is well-framed SMPP.
    answers = pdu.FrameReader().feed(bytes(transport.written))
    assert b"".join(answers) == bytes(transport.written)
    if not transport.closed and not session.reader._buffer:
        # The bind still answers: nothing the fuzzer sent left it stuck.
        before = len(answers)
        session.data_received(pdu.encode(pdu.ENQUIRE_LINK, 0, 0x7FFF))
        _settle(proxy)
        answers = pdu.FrameReader().feed(bytes(transport.written))
        assert len(answers) == before + 1
        assert pdu.header(answers[-1])[1:] == (pdu.ENQUIRE_LINK_RESP, 0, 0x7FFF)
    session.connection_lost(None)
    _settle(proxy)
