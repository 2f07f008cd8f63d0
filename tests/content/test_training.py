"""The shipped training recipe (an NBSVM over n-grams and structure features, issue 18) catches
more spam on data it was not trained on than the plain SVM it replaced, in both directions the
recipe was chosen on (``bench/accuracy.py``; figures in docs/content.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from clearline.content.facts import STRUCTURE_FEATURES
from clearline.content.training import (
    Corpus,
    dedupe,
    load_ph,
    load_uci,
    nb_ratios,
    recall_at_blocked_ham,
    stratified_split,
    train_model,
)

pytest.importorskip("sklearn")

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
UCI = SHARED_DATA / "uci_sms_spam_collection" / "SMSSpamCollection"
PH = SHARED_DATA / "ph_spam_of_the_times" / "text-messages.csv"
needs_data = pytest.mark.skipif(
    not (UCI.is_file() and PH.is_file()), reason="the shared data sets are not beside the repo"
)


def test_nb_ratios_raise_spam_only_features_and_lower_ham_only_ones() -> None:
    # Columns: in spam only, in ham only, in every text.
    design = csr_matrix(np.array([[0.5, 0.0, 0.5], [0.7, 0.0, 0.7], [0.0, 0.6, 0.6]]))
    ratios = nb_ratios(design, np.array([1, 1, 0]), alpha=1.0)
    assert ratios[0] > 0 > ratios[1]
    assert ratios[0] > ratios[2] > ratios[1]


def _recall(model_corpus: Corpus, test: Corpus, blocked_ham: float) -> float:
    # Seed 42, as bench/accuracy.py trains for its reported figures.
    model = train_model(model_corpus, seed=42).roundtrip()
    scores = model.logits(test.texts, test.regions)
    return recall_at_blocked_ham(test.label_array(), scores, blocked_ham)[0]


@needs_data
def test_trained_on_the_philippine_data_it_catches_most_uci_spam_at_one_percent_blocked_ham() -> (
    None
):
    # The plain SVM (C = 0.5, structure x1) caught 0.614 here; the NBSVM 0.653.
    ph = dedupe(load_ph(PH))
    uci = dedupe(load_uci(UCI))
    assert _recall(ph, uci, 0.01) >= 0.64


@needs_data
def test_on_the_uci_split_it_catches_more_spam_at_a_tenth_of_a_percent_blocked_ham() -> None:
    # Seed-42 70/30 split: the plain SVM caught 0.845 at 0.1 % blocked ham; the NBSVM 0.881.
    train, test = stratified_split(dedupe(load_uci(UCI)), 0.3, 42)
    assert _recall(train, test, 0.001) >= 0.87


def test_the_shipped_recipe_leaves_out_features_that_do_not_carry_across_corpora() -> None:
    # Dropped one at a time, category_other was as good or better on every bench/accuracy.py
    # figure; length, exclamations and capitals (UCI's long, shouting spam) lowered both
    # cross-corpus ROC AUCs, and credential, once they were out, was also as good or better
    # left out (docs/content.md, fourth round): the model file says which
    # features it sees, and those left out have no weight.
    texts = [
        "WINNER! You have won a £500 prize. Call 09061701461 to claim",
        "Free entry: txt WIN to 80121 for a chance to win £1000 cash",
        "Are we still meeting at 6 tomorrow?",
        "Running 10 minutes late, sorry!",
    ] * 5
    corpus = Corpus(texts=texts, labels=[1, 1, 0, 0] * 5, regions=["GB"] * len(texts))
    model = train_model(corpus, seed=0)
    left_out = ("category_other", "length", "exclamations", "capitals", "credential")
    assert set(model.meta["structure_features"]) == set(STRUCTURE_FEATURES) - set(left_out)
    for feature in left_out:
        assert model.combiner[1 + STRUCTURE_FEATURES.index(feature)] == 0.0
    assert model.combiner[1 + STRUCTURE_FEATURES.index("callback_premium")] != 0.0
