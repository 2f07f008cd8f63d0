"""The batch prefilters (joined bytes, byte kinds, trigger words) say what their definitions say."""

from __future__ import annotations

import random
import re

import numpy as np

from clearline.content import triggers
from clearline.content.facts import _INDEX
from clearline.content.triggers import JoinedTexts, word_set

_ALPHABET = (
    "abc XYZ 019 $£€ é漢字 😀 !?.,'-()+\n\t\x0b\x1c\x1f\xa0\u2028 www.x.co ok go free stop "
    "vote Rep. \u212a \u0130 ß ﬁ Ｆｒｅｅ пaypal \x00"
)


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    fixed = ["", " ", "\x00", "a\x00b", "OK", "o\u212a", "\u212aeep going", "GO\u0130", "😀ok"]
    drawn = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(80))) for _ in range(count)]
    return fixed + drawn


def test_only_the_listed_characters_lower_case_into_ascii() -> None:
    # The batch lower-cases bytes, str.lower() characters: they differ only for characters whose
    # lower case holds an ASCII letter, which the batch therefore treats the exact way.
    found = {
        chr(code)
        for code in range(128, 0x110000)
        if not 0xD800 <= code < 0xE000 and any(ord(c) < 128 for c in chr(code).lower())
    }
    assert found == set(triggers.LOWERS_TO_ASCII)


def test_byte_kinds_are_the_classes_their_names_say() -> None:
    texts = [bytes([b]).decode("latin-1") for b in range(1, 128)]
    kinds = JoinedTexts(texts).kinds[::2].tolist()  # every other byte is a separator
    for byte, kind in zip(range(1, 128), kinds, strict=True):
        char = chr(byte)
        expected = (
            triggers.KIND_UPPER
            if "A" <= char <= "Z"
            else triggers.KIND_LOWER
            if "a" <= char <= "z"
            else triggers.KIND_DIGIT
            if char.isdigit()
            else triggers.KIND_BLANK
            if char == " "
            else triggers.KIND_ODD_SPACE
            if char.isspace()
            else triggers.KIND_BANG
            if char == "!"
            else triggers.KIND_PHONE_PUNCT
            if char in "()+.-"
            else triggers.KIND_OTHER
        )
        assert kind == expected, repr(char)
    assert set(JoinedTexts(["é😀"]).kinds.tolist()) == {triggers.KIND_NON_ASCII}
    assert JoinedTexts(["a", "b"]).kinds[1] == triggers.KIND_NUL


def test_joined_texts_hold_what_their_definitions_say() -> None:
    for seed in range(5):
        texts = _texts(300, seed)
        joined = JoinedTexts(texts)
        clean = [text.replace("\x00", " ") for text in texts]
        expected = "\x00".join(clean).encode("utf-8", "surrogatepass")
        assert joined.data.tobytes() == expected
        assert joined.lowered.tobytes() == expected.lower()
        assert joined.clean == all("\x00" not in text for text in texts)
        assert joined.ascii == "".join(texts).isascii()
        separators = np.frombuffer(expected, np.uint8) == 0
        np.testing.assert_array_equal(joined.row_of, np.cumsum(separators) - separators)
        starts = [0]
        for text in clean[:-1]:
            starts.append(starts[-1] + len(text.encode("utf-8", "surrogatepass")) + 1)
        assert joined.row_starts.tolist() == starts
        assert joined.non_ascii_rows() == [i for i, text in enumerate(texts) if not text.isascii()]


def test_every_text_gets_the_trigger_words_it_holds_and_where_they_start() -> None:
    words = _INDEX.words
    for seed in range(5):
        texts = _texts(400, seed)
        found, where = _INDEX.present(JoinedTexts(texts))
        for text, present, places in zip(texts, found, where, strict=True):
            # (A word sharing a trigger word's 32-bit hash would be extra: none does here.)
            assert present == word_set(text) & words, text
            if not text.isascii():
                assert places is None
                continue
            expected = [
                (match.start(), match.group().encode())
                for match in re.finditer(r"[a-z0-9]+", text.lower())
                if match.group().encode() in words
            ]
            assert places == expected, text
