"""CONTENT_SPAM says why: the probability and the features that raised it most (issue 18)."""

from __future__ import annotations

import re

import pytest

from clearline.content.features import hash_batch, named_features
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
    assert re.match(r"spam probability \d\.\d{3} \(content model\); most: '", detail), detail
    named = re.findall(r"'([^']+)' \+(\d+\.\d\d)", detail)
    assert 1 <= len(named) <= 3, detail
    pushes = [float(push) for _, push in named]
    assert pushes == sorted(pushes, reverse=True)
    for name, _ in named:
        assert name in SPAM.lower(), (name, detail)


@pytest.mark.parametrize(
    "text", ["free entry in 2 a wkly comp to win", "héllo wörld 😀 ok", "x", "call 0906 now"]
)
def test_named_features_are_the_scored_features(text: str) -> None:
    named = sorted(bucket for _, bucket in named_features(text, 18))
    assert named == sorted(hash_batch([text], 18).buckets.tolist())
