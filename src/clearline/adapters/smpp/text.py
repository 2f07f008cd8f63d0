"""From a submit_sm or deliver_sm to text and concatenation facts: data_coding, UDH, sar_* TLVs."""

from __future__ import annotations

from typing import NamedTuple

from clearline.adapters.smpp import gsm7
from clearline.adapters.smpp.pdu import (
    ESM_UDHI,
    TAG_SAR_MSG_REF_NUM,
    TAG_SAR_SEGMENT_SEQNUM,
    TAG_SAR_TOTAL_SEGMENTS,
    ShortMessage,
)

# UDH information elements for concatenation (3GPP TS 23.040 section 9.2.3.24.1 and .8).
IE_CONCAT_8BIT = 0x00
IE_CONCAT_16BIT = 0x08


class Segment(NamedTuple):
    """Where a part sits in a concatenated message."""

    reference: int
    total: int
    number: int  # 1-based


class Decoded(NamedTuple):
    """A PDU's text as analysed, and its place in a concatenated message if it is a part."""

    text: str
    segment: Segment | None


def alphabet(data_coding: int) -> str:
    """The character set a ``data_coding`` value names: gsm7, ascii, latin1, ucs2 or binary."""
    if data_coding == 0x00:
        return "gsm7"
    if data_coding == 0x01:
        return "ascii"
    if data_coding == 0x03:
        return "latin1"
    if data_coding == 0x08:
        return "ucs2"
    if 0x10 <= data_coding <= 0x7F:
        # General data coding groups (TS 23.038 section 4): bit 5 says compressed, bits 3..2
        # name the alphabet.
        if data_coding & 0x20:
            return "binary"
        return ("gsm7", "binary", "ucs2", "binary")[(data_coding >> 2) & 0x03]
    if 0xC0 <= data_coding <= 0xDF:
        return "gsm7"  # message waiting indication groups
    if 0xE0 <= data_coding <= 0xEF:
        return "ucs2"
    if data_coding >= 0xF0:
        return "binary" if data_coding & 0x04 else "gsm7"
    # 0x02 and 0x04 (8-bit binary), 0x05 (JIS), 0x06 (Cyrillic), 0x07 (Hebrew), reserved values.
    return "binary"


def split_udh(payload: bytes) -> tuple[bytes, bytes]:
    """Split user data into (UDH including its length octet, the rest); UDH empty if it overruns."""
    if not payload:
        return b"", payload
    size = payload[0] + 1
    if size > len(payload):
        return b"", payload
    return payload[:size], payload[size:]


def udh_segment(udh: bytes) -> Segment | None:
    """The concatenation element of a UDH, if it has a well-formed one."""
    offset = 1
    end = len(udh)
    while offset + 2 <= end:
        ie, length = udh[offset], udh[offset + 1]
        value = udh[offset + 2 : offset + 2 + length]
        if len(value) < length:
            return None
        if ie == IE_CONCAT_8BIT and length == 3:
            return _segment(value[0], value[1], value[2])
        if ie == IE_CONCAT_16BIT and length == 4:
            return _segment((value[0] << 8) | value[1], value[2], value[3])
        offset += 2 + length
    return None


def sar_segment(message: ShortMessage) -> Segment | None:
    """The concatenation facts carried in ``sar_*`` TLVs, if all three are present and sane."""
    tlvs = message.tlvs
    reference = tlvs.get(TAG_SAR_MSG_REF_NUM)
    total = tlvs.get(TAG_SAR_TOTAL_SEGMENTS)
    number = tlvs.get(TAG_SAR_SEGMENT_SEQNUM)
    if reference is None or total is None or number is None:
        return None
    if len(reference) != 2 or len(total) != 1 or len(number) != 1:
        return None
    return _segment(int.from_bytes(reference, "big"), total[0], number[0])


def _segment(reference: int, total: int, number: int) -> Segment | None:
    # A "concatenation" of one part, or a part number outside 1..total, is not one we can join.
    if total < 2 or not 1 <= number <= total:
        return None
    return Segment(reference, total, number)


def decode_text(message: ShortMessage, gsm7_form: gsm7.Form = "auto") -> Decoded:
    """The text of a submit_sm/deliver_sm for analysis, and its concatenation segment.

    Never raises: undecodable octets become U+FFFD, so a malformed body still gets a verdict.

    Args:
        message: the decoded PDU fields.
        gsm7_form: how ``data_coding`` 0 octets are laid out (see :func:`gsm7.decode`).

    Returns:
        The text and, for a part of a concatenated message, its segment.
    """
    # Most PDUs carry no TLVs: then there is no message_payload and no sar_* to read.
    tlvs = message.tlvs
    payload = message.payload if tlvs else message.short_message
    segment: Segment | None = None
    fill_bits = 0
    if message.esm_class & ESM_UDHI:
        udh, payload = split_udh(payload)
        if udh:
            segment = udh_segment(udh)
            # Packed septets start on the next septet boundary after the UDH.
            fill_bits = (7 - (len(udh) * 8) % 7) % 7
    if segment is None and tlvs:
        segment = sar_segment(message)
    kind = alphabet(message.data_coding)
    if kind == "gsm7":
        # In packed form the fill bits belong to the septet stream that began with the UDH.
        text = gsm7.decode(payload, gsm7_form, fill_bits)
    elif kind == "ucs2":
        text = payload.decode("utf-16-be", "replace")
    elif kind == "ascii":
        text = payload.decode("ascii", "replace")
    else:
        # Latin-1, and binary payloads read as Latin-1 so URL-like content is still seen.
        text = payload.decode("latin-1")
    return Decoded(text, segment)
