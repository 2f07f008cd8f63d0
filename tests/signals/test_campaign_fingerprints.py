"""Campaign fingerprints computed a batch at a time equal the per-text definition."""

from __future__ import annotations

import random
import re
import zlib
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from clearline.signals import campaigns
from clearline.signals.campaigns import CampaignSignal
from clearline.state.memory import MemoryStateStore

_UCI = Path(__file__).parents[2] / ".." / "shared" / "data" / "uci_sms_spam_collection"
# The masking patterns as first written, without what only makes them faster: the look-behind
# of the link, links and numbers masked apart with substring tests first (ASCII texts), and the
# name's look-behind after its capital.
_PLAIN_URL_OR_NUMBER = re.compile(r"\S*\.[A-Za-z]{2,}\S*|[$£€]?\d[\d,.:/-]*")
_PLAIN_NAME = re.compile(r"(?<=[^\s.!?]\s)[A-Z][a-z]+")


def _reference_tokens(body: str) -> list[str]:
    body = body[: campaigns.FINGERPRINT_CHARS]
    text = _PLAIN_NAME.sub("#name", _PLAIN_URL_OR_NUMBER.sub(" #num ", body))
    return campaigns._WORD.findall(text.lower())


def _reference_anchors(body: str, per_text: int = 4, min_tokens: int = 5) -> list[str]:
    """The definition: the smallest hashes of the word pairs holding a distinctive word."""
    words = _reference_tokens(body)
    if len(words) < min_tokens:
        return []
    hashes = []
    for word in words:
        digest = zlib.crc32(word.encode())
        hashes.append(digest & ~1 if word in campaigns._COMMON else digest | 1)
    pairs = {((a * 0x9E3779B1) ^ b) & 0xFFFFFFFF for a, b in pairwise(hashes) if (a | b) & 1}
    if len(pairs) < 2:
        return []
    return [str(pair) for pair in sorted(pairs)[:per_text]]


def _texts() -> list[str]:
    texts = [
        "Hi Ana, pay $25.99 at pay-now.xyz/abc before 5pm or lose your account",
        "$5x.com 12abc.com a.b.cd x1.5.ab ..ab £3.50.ok 1.2.3abc.de ok.see.you 3.x a$5.ab",
        "ok",
        "the the the the is is on at",
        "hey hey hey hey hey hey",
        "FREE entry!! Txt WIN to 80086 now. T&C www.win.example/tc 18+ only",
        "",
        # Names first, after blank lines and after sentence ends; links and numbers at the edges.
        "Ana\nBen Carl pay now at x.co 5",
        "\n\nDora Eve, call 555 0100 now.Fay Gus win.example",
        "5.ab Hal\tIan joe.Kim  Lea",
        "end with a NUL\x00 then Mo Nia pay $5 at a.bc",
        "\x00Oli Pam Quin rings x.yz today about the 4 cats",
        "ΣΑΣ Ρία Zed pays Ünal at 9.30 ok",
    ]
    path = _UCI / "SMSSpamCollection"
    if path.is_file():
        texts += [row.split("\t", 1)[1] for row in path.read_text().splitlines() if "\t" in row]
    rng = random.Random(19)
    words = " ".join(texts).split()
    texts += [" ".join(rng.choices(words, k=rng.randint(1, 40))) for _ in range(3000)]
    return texts + texts[:50]  # repeats within a batch too


def test_masking_with_the_faster_pattern_gives_the_same_tokens() -> None:
    for text in _texts():
        assert campaigns.fingerprint_tokens(text) == _reference_tokens(text), text


# Every character the patterns treat apart: spaces of each kind, sentence ends, capitals and small
# letters, digits (ASCII and others), currency signs, number punctuation, the placeholder's '#',
# apostrophes, non-ASCII letters and a NUL.
_TRICKY = " \t\n\x0b\x1c\u00a0\u2003.!?AaBbZzqQ09\u0663$£€,:/-#'\u00e9\u0130\u212a\x00"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_TRICKY, max_size=40))
def test_masking_matches_the_reference_on_any_mix_of_the_characters_that_matter(
    text: str,
) -> None:
    assert campaigns.fingerprint_tokens(text) == _reference_tokens(text)


def test_batched_fingerprints_equal_the_per_text_definition() -> None:
    signal = CampaignSignal({}, MemoryStateStore())
    texts = _texts()
    found = []
    for start in range(0, len(texts), 700):
        found += signal._fingerprints(texts[start : start + 700])
    for text, (anchors, founding) in zip(texts, found, strict=True):
        expected = _reference_anchors(text)
        assert anchors == expected, text
        assert founding == (campaigns._new_cluster_id(expected) if expected else "")


def test_a_long_texts_fingerprint_reads_its_first_characters() -> None:
    # A 64 KiB body costs no more than its first FINGERPRINT_CHARS characters: two texts that
    # share those are one text to the campaigns signal, whatever follows.
    opening = "Congratulations you have been chosen for our exclusive holiday offer today " * 60
    assert len(opening) > campaigns.FINGERPRINT_CHARS
    signal = CampaignSignal({}, MemoryStateStore())
    first, second = signal.fingerprint_texts([opening + "call now", opening + "reply YES"])
    assert first == second
    assert first[0]  # anchors were found
