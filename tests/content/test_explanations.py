"""CONTENT_SPAM says why: the probability and the features that raised it most (issue 18)."""

from __future__ import annotations

import re

import pytest

from clearline.content.features import hash_batch, word_features
from clearline.model import Hit
from clearline.signals.base import Batch
from clearline.signals.content import ContentClassifierSignal
from clearline.state.memory import MemoryStateStore
from support import make_message

SPAM = "WINNER!! You have won a £900 prize. Call 09061701461 to claim your reward. Valid 12hrs"


def content_hit(body: str) -> Hit:
    hits: list[list[Hit]] = [[]]
    ContentClassifierSignal({}, MemoryStateStore()).check(Batch([make_message(body=body)]), hits)
    [hit] = hits[0]
    return hit


def test_content_spam_detail_names_what_raised_the_score() -> None:
    detail = content_hit(SPAM).detail
    assert re.match(r"spam probability \d\.\d{3} \(content model, [^)]+\); most: '", detail), detail
    named = re.findall(r"'([^']+)' \+(\d+\.\d\d)", detail)
    assert 1 <= len(named) <= 3, detail
    pushes = [float(push) for _, push in named]
    assert pushes == sorted(pushes, reverse=True)
    for name, _ in named:
        assert name in SPAM.lower(), (name, detail)


def test_a_text_is_explained_the_same_alone_and_in_a_batch() -> None:
    others = [
        "Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005. Text FA to 87121",
        "Are we still meeting at the station at 6? I'll bring the tickets and some snacks.",
        "URGENT! Your mobile number has been awarded a £2000 bonus. Call 09066364311 now",
        "Ok lar... Joking wif u oni...",
        "héllo 😀 you have won a free prize, claim it now at prize-claims.top/win",
    ]
    signal = ContentClassifierSignal({}, MemoryStateStore())
    messages = [make_message(f"m{i}", body=body) for i, body in enumerate([SPAM, *others])]
    together: list[list[Hit]] = [[] for _ in messages]
    signal.check(Batch(messages), together)
    for message, hits in zip(messages, together, strict=True):
        alone: list[list[Hit]] = [[]]
        ContentClassifierSignal({}, MemoryStateStore()).check(Batch([message]), alone)
        assert [hit.detail for hit in hits] == [hit.detail for hit in alone[0]]
    assert "; most: " in together[0][0].detail


@pytest.mark.parametrize(
    "text",
    ["free entry in 2 a wkly comp to win fa cup final tkts 21st may", "héllo wörld 😀 ok £500 $5"],
)
def test_explained_words_are_the_scored_word_features(text: str) -> None:
    words, singles, pairs = word_features(text, 18)
    hashed = hash_batch([text], 18)
    assert singles == hashed.segments[-2][1].tolist()
    assert pairs == hashed.segments[-1][1].tolist()
    assert len(words) == len(singles) == len(pairs) + 1
