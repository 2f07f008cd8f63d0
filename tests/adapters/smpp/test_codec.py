"""The PDU codec, GSM 7-bit, data codings and concatenation facts, without a network."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearline.adapters.smpp import gsm7, pdu
from clearline.adapters.smpp.config import ConfigError, convert, parse_host_port
from clearline.adapters.smpp.proxy import receipted_message_id, to_e164
from clearline.adapters.smpp.text import Segment, alphabet, decode_text

GSM_TEXT = st.text(alphabet=[c for c in gsm7.DEFAULT_ALPHABET if c != "\x1b"] + list("[]{}€^~|\\"))


@given(GSM_TEXT)
def test_gsm7_unpacked_round_trip(text: str) -> None:
    assert gsm7.decode(gsm7.encode_septets(text), "unpacked") == text


@given(GSM_TEXT.filter(lambda t: not t.endswith("@")), st.integers(0, 6))
def test_gsm7_packed_round_trip(text: str, fill_bits: int) -> None:
    septets = gsm7.encode_septets(text)
    assert gsm7.decode(gsm7.pack(septets, fill_bits), "packed", fill_bits) == text


def test_gsm7_known_packing() -> None:
    # "hellohello" packed, the classic example from 3GPP TS 23.038 tutorials.
    assert gsm7.pack(gsm7.encode_septets("hellohello")).hex() == "e8329bfd4697d9ec37"
    assert gsm7.decode(bytes.fromhex("e8329bfd4697d9ec37")) == "hellohello"


def _submit(short_message: bytes = b"", **fields: object) -> pdu.ShortMessage:
    frame = pdu.encode_short_message(
        pdu.SUBMIT_SM,
        1,
        source="12125550123",
        dest="14155550100",
        short_message=short_message,
        **fields,  # type: ignore[arg-type]
    )
    return pdu.decode_short_message(frame)


def test_submit_sm_fields_round_trip() -> None:
    sm = _submit(b"hi", esm_class=0x40, registered_delivery=1, data_coding=8, tlvs={0x1400: b"x"})
    assert (sm.source, sm.dest, sm.esm_class, sm.registered_delivery, sm.data_coding) == (
        "12125550123",
        "14155550100",
        0x40,
        1,
        8,
    )
    assert sm.short_message == b"hi" and sm.tlvs == {0x1400: b"x"}


@pytest.mark.parametrize(
    ("data_coding", "octets", "text"),
    [
        (0, gsm7.encode_septets("Hi €5 [ok]"), "Hi €5 [ok]"),
        (0, gsm7.pack(gsm7.encode_septets("packed one")), "packed one"),
        (1, b"plain ascii", "plain ascii"),
        (3, "café ñ".encode("latin-1"), "café ñ"),
        (8, "Привет 😀".encode("utf-16-be"), "Привет 😀"),
        (0x18, "UCS2 class".encode("utf-16-be"), "UCS2 class"),
        (0xF0, gsm7.encode_septets("flash"), "flash"),
    ],
)
def test_data_codings_decode(data_coding: int, octets: bytes, text: str) -> None:
    assert decode_text(_submit(octets, data_coding=data_coding)).text == text


def test_alphabets() -> None:
    assert [alphabet(v) for v in (0, 1, 3, 8, 4, 0x14, 0xF4, 0xE0)] == [
        "gsm7",
        "ascii",
        "latin1",
        "ucs2",
        "binary",
        "binary",
        "binary",
        "ucs2",
    ]


def test_udh_8_and_16_bit_and_sar_segments() -> None:
    eight = _submit(bytes((5, 0, 3, 9, 3, 2)) + b"abc", esm_class=0x40, data_coding=3)
    assert decode_text(eight) == ("abc", Segment(9, 3, 2))
    sixteen = _submit(bytes((6, 8, 4, 0x12, 0x34, 2, 1)) + b"xy", esm_class=0x40, data_coding=3)
    assert decode_text(sixteen) == ("xy", Segment(0x1234, 2, 1))
    sar = _submit(
        b"zz",
        data_coding=3,
        tlvs={0x020C: struct.pack(">H", 5), 0x020E: b"\x04", 0x020F: b"\x04"},
    )
    assert decode_text(sar) == ("zz", Segment(5, 4, 4))
    # A part number outside 1..total is not a segment we can join.
    assert decode_text(_submit(bytes((5, 0, 3, 9, 3, 4)), esm_class=0x40)).segment is None


def test_packed_gsm7_after_a_udh_skips_the_fill_bits() -> None:
    udh = bytes((5, 0, 3, 1, 2, 1))  # 48 bits: one fill bit to the next septet boundary
    payload = gsm7.pack(gsm7.encode_septets("Ahoy there"), fill_bits=1)
    sm = _submit(udh + payload, esm_class=0x40)
    assert decode_text(sm, "packed").text == "Ahoy there"


def test_message_payload_replaces_short_message() -> None:
    sm = _submit(data_coding=3, tlvs={pdu.TAG_MESSAGE_PAYLOAD: b"x" * 400})
    assert decode_text(sm).text == "x" * 400


def test_both_short_message_and_payload_is_malformed() -> None:
    frame = pdu.encode_short_message(
        pdu.SUBMIT_SM,
        1,
        source="1",
        dest="2",
        short_message=b"a",
        tlvs={pdu.TAG_MESSAGE_PAYLOAD: b"b"},
    )
    with pytest.raises(pdu.PduError):
        pdu.decode_short_message(frame)


def test_frame_reader_splits_and_joins_frames() -> None:
    frames = [pdu.encode(pdu.ENQUIRE_LINK, 0, n) for n in range(3)]
    stream = b"".join(frames)
    reader = pdu.FrameReader()
    assert reader.feed(stream[:5]) == []
    assert reader.feed(stream[5:40]) == frames[:2]
    assert reader.feed(stream[40:]) == frames[2:]
    with pytest.raises(pdu.PduError):
        reader.feed(b"\x00\x00\x00\x03")


def test_with_sequence_changes_only_the_sequence() -> None:
    frame = pdu.encode(pdu.SUBMIT_SM, 0, 5, b"body")
    assert pdu.header(pdu.with_sequence(frame, 99)) == (20, pdu.SUBMIT_SM, 0, 99)
    assert pdu.with_sequence(frame, 99)[16:] == b"body"


def test_addresses_become_e164_where_they_are_numbers() -> None:
    assert to_e164("14155550100", 1, "1") == "+14155550100"
    assert to_e164("4155550100", 2, "1") == "+14155550100"
    assert to_e164("4155550100", 0, "1") == "+14155550100"
    assert to_e164("447700900123", 0, "1") == "+447700900123"
    assert to_e164("72345", 3, "1") == "72345"
    assert to_e164("AcmeBank", 5, "1") == "AcmeBank"


def test_receipted_message_id_from_tlv_or_text() -> None:
    with_tlv = _submit(b"id:zz", tlvs={pdu.TAG_RECEIPTED_MESSAGE_ID: b"ab12\x00"})
    assert receipted_message_id(with_tlv, "id:zz") == "ab12"
    assert receipted_message_id(_submit(), "id:77 sub:001 stat:DELIVRD") == "77"
    assert receipted_message_id(_submit(), "no id here") is None


def test_config_refuses_unknown_keys_and_bad_addresses() -> None:
    with pytest.raises(ConfigError, match="tyop"):
        convert({"upstream": {"tyop": 1}})
    with pytest.raises(ConfigError, match="twice"):
        convert({"esme": [{"system_id": "a", "password": "x"}] * 2})
    assert parse_host_port("0.0.0.0:2775") == ("0.0.0.0", 2775)
    with pytest.raises(ConfigError):
        parse_host_port("localhost")
