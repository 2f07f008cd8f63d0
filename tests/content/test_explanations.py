"""CONTENT_SPAM says why: the probability and the features that raised it most (issue 18)."""

from __future__ import annotations

import re

import pytest

from clearline.content.classifier import load_shipped_model
from clearline.content.normalize import normalize_text
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
    model = load_shipped_model()
    texts = [normalize_text(t) for t in (SPAM, "free entry in 2 a wkly comp to win", "héllo 😀 ok")]
    together = model.explain(texts)
    alone = [model.explain([text])[0] for text in texts]
    assert [[name for name, _ in found] for found in together] == [
        [name for name, _ in found] for found in alone
    ]
    for found, expected in zip(together, alone, strict=True):
        assert [push for _, push in found] == pytest.approx([push for _, push in expected])
