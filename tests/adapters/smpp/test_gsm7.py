"""GSM 7-bit against independent oracles, character by character over both tables.

A round trip through Clearline's own table cannot see a table that is wrong the same way both
ways (è and é swapped, ``[`` and ``]`` swapped); these tests compare with tables written by other
people: smpplib's encoder (a development dependency) and aiosmpplib's codec (a dependency).
"""

from __future__ import annotations

import pytest
from aiosmpplib.codec import GSM_BASIC_DECODE_MAP, GSM_EXTENDED_DECODE_MAP, GSM7BitPackedCodec
from smpplib.gsm import GSM_CHARACTER_TABLE, gsm_encode

from clearline.adapters.smpp import gsm7

# smpplib's table has a backtick at 0x5F where 3GPP TS 23.038 has the section sign (and uses the
# backtick as its filler), and lacks the extension table's page break (ESC 0x0A); aiosmpplib
# agrees with the standard on both.
SMPPLIB_DEVIATION = {0x5F: "§"}
SMPPLIB_EXTENSION_MISSING = {0x0A: "\f"}
FILLER = "`"


def _basic_table() -> dict[int, str]:
    """Septet -> character for the default alphabet as smpplib has it, less the escape."""
    table = {
        septet: SMPPLIB_DEVIATION.get(septet, GSM_CHARACTER_TABLE[septet])
        for septet in range(0x80)
        if septet != gsm7.ESCAPE
    }
    return table


def _extension_table() -> dict[int, str]:
    """Septet after an escape -> character, as smpplib has it (its second 128 entries)."""
    table = {
        index - 0x80: ch
        for index, ch in enumerate(GSM_CHARACTER_TABLE)
        if index >= 0x80 and ch != FILLER
    }
    return table | SMPPLIB_EXTENSION_MISSING


def test_the_oracles_agree_on_the_default_alphabet() -> None:
    # Two independent tables; where they differ the one that follows the standard is named above.
    assert _basic_table() == {k: v for k, v in GSM_BASIC_DECODE_MAP.items() if k != gsm7.ESCAPE}
    assert _extension_table() == GSM_EXTENDED_DECODE_MAP


@pytest.mark.parametrize(("septet", "ch"), sorted(_basic_table().items()))
def test_default_alphabet_encodes_and_decodes_as_the_oracle(septet: int, ch: str) -> None:
    expected = bytes([septet])
    if septet not in SMPPLIB_DEVIATION:
        assert gsm_encode(ch) == expected
    assert gsm7.encode_septets(ch) == expected
    assert gsm7.decode(expected, "unpacked") == ch
    assert gsm7.DEFAULT_ALPHABET[septet] == ch


@pytest.mark.parametrize(("septet", "ch"), sorted(_extension_table().items()))
def test_extension_table_encodes_and_decodes_as_the_oracle(septet: int, ch: str) -> None:
    expected = bytes([gsm7.ESCAPE, septet])
    if septet not in SMPPLIB_EXTENSION_MISSING:
        assert gsm_encode(ch) == expected
    assert gsm7.encode_septets(ch) == expected
    assert gsm7.decode(expected, "unpacked") == ch


def test_extension_table_has_exactly_the_oracles_characters() -> None:
    assert _extension_table() == gsm7.EXTENSION


def test_every_character_packs_and_unpacks_as_the_oracle() -> None:
    text = "".join(_basic_table().values()) + "".join(_extension_table().values())
    # Ends in a character other than '@' (a trailing '@' in the spare bits is ambiguous).
    text += "z"
    codec = GSM7BitPackedCodec()
    packed, _ = codec.encode(text)
    assert gsm7.pack(gsm7.encode_septets(text)) == packed
    assert gsm7.decode(packed, "packed") == text
    assert codec.decode(gsm7.pack(gsm7.encode_septets(text)))[0] == text
