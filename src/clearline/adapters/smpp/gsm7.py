"""The GSM 03.38 default alphabet and its extension table, packed and unpacked.

SMPP leaves the form of ``data_coding`` 0 to the SMSC: most send one septet per octet
(unpacked), some pack eight septets into seven octets as on the air interface. An unpacked
septet never has its top bit set, which is how ``auto`` tells the two apart.
"""

from __future__ import annotations

import codecs
from typing import Literal

# The 128 characters of the default alphabet, by septet value (3GPP TS 23.038 section 6.2.1).
DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
ESCAPE = 0x1B
# The extension table: reached by ESC then the septet (section 6.2.1.1).
EXTENSION = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}
assert len(DEFAULT_ALPHABET) == 128

_ENCODE = {ch: i for i, ch in enumerate(DEFAULT_ALPHABET) if i != ESCAPE}
# A 256-entry charmap for codecs.charmap_decode: decodes escape-free septets at C speed (the top
# bit is ignored, as in septets_to_text).
_CHARMAP = DEFAULT_ALPHABET * 2
_ENCODE_EXTENSION = {ch: code for code, ch in EXTENSION.items()}

Form = Literal["auto", "packed", "unpacked"]


def septets_to_text(septets: bytes | list[int]) -> str:
    """Map septet values to text, resolving escapes (an unknown escape reads as a space)."""
    out: list[str] = []
    escaped = False
    for value in septets:
        value &= 0x7F
        if escaped:
            out.append(EXTENSION.get(value, " "))
            escaped = False
        elif value == ESCAPE:
            escaped = True
        else:
            out.append(DEFAULT_ALPHABET[value])
    return "".join(out)


def unpack_from_bits(octets: bytes, skip: int) -> list[int]:
    """Septets from the bit stream of ``octets`` (least significant bit first) after ``skip``."""
    total = int.from_bytes(octets, "little")
    available = len(octets) * 8 - skip
    total >>= skip
    septets = [(total >> (7 * i)) & 0x7F for i in range(max(available, 0) // 7)]
    count = len(septets)
    if count and septets[-1] == 0 and (7 * (count - 1) + skip + 7) // 8 == len(octets):
        # The last septet only fills spare bits of the final octet: encoders leave them zero,
        # which would read as a spurious '@'.
        septets.pop()
    return septets


def pack(septets: bytes | list[int], fill_bits: int = 0) -> bytes:
    """Pack septets into octets, least significant bit first, after ``fill_bits`` zero bits."""
    total = 0
    for i, value in enumerate(septets):
        total |= (value & 0x7F) << (7 * i + fill_bits)
    nbits = 7 * len(septets) + fill_bits
    return total.to_bytes((nbits + 7) // 8, "little")


def encode_septets(text: str) -> bytes:
    """Text as unpacked septets (one per octet); characters outside GSM 7-bit become '?'.

    Args:
        text: the text to encode.

    Returns:
        One octet per septet, escapes included.
    """
    out = bytearray()
    for ch in text:
        code = _ENCODE.get(ch)
        if code is not None:
            out.append(code)
            continue
        extension = _ENCODE_EXTENSION.get(ch)
        if extension is not None:
            out += bytes((ESCAPE, extension))
        else:
            out.append(_ENCODE["?"])
    return bytes(out)


def decode(octets: bytes, form: Form = "auto", fill_bits: int = 0) -> str:
    """Decode GSM 7-bit text.

    Args:
        octets: the user data (after any UDH).
        form: ``unpacked`` (one septet per octet), ``packed``, or ``auto`` (packed only when an
            octet has its top bit set, which an unpacked septet never has).
        fill_bits: bits to skip before the first packed septet (after a UDH).

    Returns:
        The text.
    """
    if form == "unpacked" or (form == "auto" and octets.isascii()):
        if ESCAPE not in octets and ESCAPE | 0x80 not in octets:
            return codecs.charmap_decode(octets, "strict", _CHARMAP)[0]
        return septets_to_text(octets)
    septets = unpack_from_bits(octets, fill_bits)
    return septets_to_text(septets)
