"""The plain-Python path for a few short texts hashes and scores exactly like the numpy path."""

from __future__ import annotations

import random

import numpy as np
import pytest

from clearline.content import features
from clearline.content.classifier import load_shipped_model

_ALPHABET = "abc xyz 0123 $£€ é漢字 !?.,'-\n"


def _texts() -> list[list[str]]:
    rng = random.Random(5)
    fixed = [
        "hey are we still on for dinner tonight? call me",
        "",
        "a",
        "FREE entry!! txt WIN to 80086 £1.50",
        "漢字 and émigré",
        "   ",
    ]
    drawn = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(60))) for _ in range(300)]
    batches = [[text] for text in fixed + drawn]
    batches += [drawn[i : i + 3] for i in range(0, 60, 3)]  # a few texts at once
    return batches


@pytest.mark.parametrize("batch", _texts())
def test_small_batches_hash_and_score_like_the_numpy_path(
    batch: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_shipped_model(None)
    small = features.hash_batch(batch, model.bits)
    small_scores = small.scores(model._table)
    monkeypatch.setattr(features, "SMALL_BATCH_BYTES", -1)
    monkeypatch.setattr(features, "_SMALL_SCORE_ROWS", 0)
    large = features.hash_batch(batch, model.bits)
    assert sorted(zip(small.rows.tolist(), small.buckets.tolist(), strict=True)) == sorted(
        zip(large.rows.tolist(), large.buckets.tolist(), strict=True)
    )
    np.testing.assert_array_equal(small_scores, large.scores(model._table))
