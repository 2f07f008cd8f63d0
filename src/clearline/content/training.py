"""Training the content model from labelled SMS data, reproducibly.

Used by ``clearline train`` and ``bench/accuracy.py``; needs the ``train`` extra (scikit-learn
fits the two linear stages; scoring never needs it). Every random choice takes the seed, so the
same data and seed give the same model file.

Data (``../shared/data``, see its README):

* UCI SMS Spam Collection: ``label<TAB>text``; split on the first tab (quotes are literal).
  Duplicates are dropped on lower-cased, whitespace-normalised text, keeping the first.
* ``ph_spam_of_the_times``: one subscriber's Philippine SMS. Its spam is labelled spam; its ads,
  government and notification texts are labelled ham (legitimate, if promotional, senders).
  ``<REDACTED>`` and ``<BLANK>`` rows (almost all notifications and OTPs) carry no text and are
  skipped, and so are texts under three words ("Hello", "Hi po": spam here only because of
  who sent them).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from clearline.content.classifier import ContentModel
from clearline.content.facts import analyse_batch
from clearline.content.features import hash_batch

__all__ = [
    "Corpus",
    "dedupe",
    "load_ph",
    "load_uci",
    "recall_at_blocked_ham",
    "stratified_split",
    "train_model",
]

#: Regularisation strengths tried for the text model (chosen by cross-validation).
DEFAULT_C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
DEFAULT_BITS = 18
DEFAULT_FOLDS = 5
# The Philippine spam includes bare openers ("Hello", "Hi po") that are spam only because of who
# sent them; the same words from a friend are ham, so texts this short carry no content label.
_MIN_PH_WORDS = 3


@dataclass
class Corpus:
    """Labelled texts: 1 is spam, 0 is ham; ``regions`` is each recipient's country."""

    texts: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def extend(self, other: Corpus) -> None:
        """Append another corpus."""
        self.texts += other.texts
        self.labels += other.labels
        self.regions += other.regions

    def subset(self, indices: Sequence[int] | npt.NDArray[np.int64]) -> Corpus:
        """The texts at ``indices``, in that order."""
        return Corpus(
            [self.texts[i] for i in indices],
            [self.labels[i] for i in indices],
            [self.regions[i] for i in indices],
        )

    def label_array(self) -> npt.NDArray[np.int64]:
        """Labels as a numpy array."""
        return np.asarray(self.labels, dtype=np.int64)


def load_uci(path: str | Path) -> Corpus:
    """Read the UCI SMS Spam Collection file (``label<TAB>text`` lines), in file order.

    Args:
        path: the ``SMSSpamCollection`` file.

    Returns:
        Every row (duplicates included); recipients are taken to be in Great Britain.
    """
    corpus = Corpus()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            label, text = line.split("\t", 1)
            corpus.texts.append(text)
            corpus.labels.append(1 if label == "spam" else 0)
            corpus.regions.append("GB")
    return corpus


def load_ph(path: str | Path) -> Corpus:
    """Read the Philippine SMS history: spam against ads, government and notifications.

    Args:
        path: ``text-messages.csv``.

    Returns:
        Rows with real text; recipients are in the Philippines.
    """
    corpus = Corpus()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("text") or "").strip()
            category = row.get("category") or ""
            if not text or text in ("<REDACTED>", "<BLANK>") or category == "OTP":
                continue
            if len(text.split()) < _MIN_PH_WORDS:
                continue
            corpus.texts.append(text)
            corpus.labels.append(1 if category == "spam" else 0)
            corpus.regions.append("PH")
    return corpus


def dedupe(corpus: Corpus) -> Corpus:
    """Drop repeated texts (lower-cased, whitespace-normalised), keeping the first of each.

    Args:
        corpus: the texts.

    Returns:
        One row per distinct text.
    """
    seen: set[str] = set()
    keep: list[int] = []
    for i, text in enumerate(corpus.texts):
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            keep.append(i)
    return corpus.subset(keep)


def stratified_split(corpus: Corpus, test_share: float, seed: int) -> tuple[Corpus, Corpus]:
    """Split into train and test with the same spam share in both.

    Args:
        corpus: the texts.
        test_share: the fraction of each class that goes to test (0.3 for a 70/30 split).
        seed: the random seed.

    Returns:
        (train, test), each in original order.
    """
    rng = np.random.default_rng(seed)
    labels = corpus.label_array()
    test: list[int] = []
    for label in (0, 1):
        members = np.flatnonzero(labels == label)
        shuffled = rng.permutation(members)
        test.extend(shuffled[: round(test_share * len(members))].tolist())
    test_set = set(test)
    train_idx = [i for i in range(len(corpus)) if i not in test_set]
    return corpus.subset(train_idx), corpus.subset(sorted(test_set))


def recall_at_blocked_ham(
    labels: npt.NDArray[np.int64], scores: npt.NDArray[np.float64], blocked_ham: float
) -> tuple[float, float]:
    """Spam recall at the strictest threshold that blocks at most a share of ham.

    The threshold sits just above the ``k``-th highest ham score, ``k = floor(share * hams)``,
    so at most ``k`` ham texts score above it.

    Args:
        labels: 1 spam, 0 ham.
        scores: higher is more spam-like.
        blocked_ham: the largest share of ham allowed above the threshold (0.001 is 0.1 %).

    Returns:
        (spam recall, the threshold).
    """
    ham = np.sort(scores[labels == 0])[::-1]
    spam = scores[labels == 1]
    allowed = int(np.floor(blocked_ham * len(ham) + 1e-9))
    threshold = float(ham[allowed]) if allowed < len(ham) else float("-inf")
    return float(np.mean(spam > threshold)), threshold


def _design(
    normalized: Sequence[str], bits: int, idf: npt.NDArray[np.float32]
) -> Any:  # scipy.sparse.csr_matrix
    from scipy.sparse import csr_matrix

    hashed = hash_batch(normalized, bits)
    rows, buckets, values = hashed.tfidf(idf)
    matrix = csr_matrix((values, (rows, buckets)), shape=(len(normalized), 1 << bits))
    matrix.sum_duplicates()
    return matrix


def _idf(normalized: Sequence[str], bits: int) -> npt.NDArray[np.float32]:
    hashed = hash_batch(normalized, bits)
    present = np.unique((hashed.rows << bits) | hashed.buckets) & ((1 << bits) - 1)
    document_frequency = np.bincount(present, minlength=1 << bits)
    # Smoothed IDF, as scikit-learn's TfidfVectorizer computes it.
    return (np.log((1 + len(normalized)) / (1 + document_frequency)) + 1.0).astype(np.float32)


def _fold_ids(labels: npt.NDArray[np.int64], folds: int, seed: int) -> npt.NDArray[np.int64]:
    """Stratified fold number of each row."""
    rng = np.random.default_rng(seed + 1)
    fold_of = np.zeros(len(labels), dtype=np.int64)
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(labels == label))
        fold_of[members] = np.arange(len(members)) % folds
    return fold_of


def _selection_score(labels: npt.NDArray[np.int64], scores: npt.NDArray[np.float64]) -> float:
    """What cross-validation maximises: mean spam recall at 0.1 % and 0.5 % blocked ham."""
    strict, _ = recall_at_blocked_ham(labels, scores, 0.001)
    loose, _ = recall_at_blocked_ham(labels, scores, 0.005)
    return (strict + loose) / 2


def train_model(
    corpus: Corpus,
    *,
    seed: int = 0,
    c_grid: Sequence[float] = DEFAULT_C_GRID,
    folds: int = DEFAULT_FOLDS,
    bits: int = DEFAULT_BITS,
    sources: Sequence[str] = (),
) -> ContentModel:
    """Fit the two-stage content model.

    The text model's ``C`` is chosen by stratified ``folds``-fold cross-validation on
    ``corpus`` alone; the combiner is fitted on the out-of-fold margins of that choice, so it
    never sees a margin from a model trained on the same text.

    Args:
        corpus: the training texts.
        seed: seeds the folds and the solvers.
        c_grid: text-model regularisation strengths to try.
        folds: cross-validation folds.
        bits: log2 of the hashed feature space.
        sources: names of the data files, recorded in the model's metadata.

    Returns:
        The trained model.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    labels = corpus.label_array()
    fold_of = _fold_ids(labels, folds, seed)
    analysis = analyse_batch(corpus.texts, corpus.regions)
    structure = analysis.structure()
    texts = analysis.normalized

    # Cross-validation: idf and model refitted inside each fold, as at training time.
    fold_designs = []
    for fold in range(folds):
        train_idx = np.flatnonzero(fold_of != fold)
        test_idx = np.flatnonzero(fold_of == fold)
        fold_texts = [texts[i] for i in train_idx]
        idf = _idf(fold_texts, bits)
        fold_designs.append(
            (
                train_idx,
                test_idx,
                _design(fold_texts, bits, idf),
                _design([texts[i] for i in test_idx], bits, idf),
            )
        )
    cv_scores: dict[float, float] = {}
    best_margins = np.zeros(len(corpus))
    best_c = c_grid[0]
    for c_value in c_grid:
        margins = np.zeros(len(corpus))
        for train_idx, test_idx, train_x, test_x in fold_designs:
            svm = LinearSVC(C=c_value, random_state=seed, max_iter=5000)
            svm.fit(train_x, labels[train_idx])
            margins[test_idx] = svm.decision_function(test_x)
        cv_scores[c_value] = _selection_score(labels, margins)
        if c_value == c_grid[0] or cv_scores[c_value] > cv_scores[best_c]:
            best_c = c_value
            best_margins = margins

    combiner = LogisticRegression(C=1.0, max_iter=5000, random_state=seed)
    combiner.fit(np.column_stack([best_margins, structure]), labels)
    stacked_oof = combiner.decision_function(np.column_stack([best_margins, structure]))

    idf = _idf(texts, bits)
    svm = LinearSVC(C=best_c, random_state=seed, max_iter=5000)
    svm.fit(_design(texts, bits, idf), labels)
    weights = (svm.coef_.ravel() * idf).astype(np.float32)

    digest = hashlib.sha256("\x1e".join(corpus.texts).encode("utf-8", "surrogatepass"))
    meta: dict[str, Any] = {
        "sources": list(sources),
        "texts": len(corpus),
        "spam": int(labels.sum()),
        "corpus_sha256": digest.hexdigest(),
        "seed": seed,
        "folds": folds,
        "text_model": (
            "LinearSVC over hashed characters (presence), char 2/3/5-grams, words, word pairs "
            "(TF-IDF, 32-bit hashing)"
        ),
        "c_grid": list(c_grid),
        "c_chosen": best_c,
        "cv_selection_score": {str(k): round(v, 4) for k, v in cv_scores.items()},
        # Text margins out of fold, combiner fitted on them (so slightly optimistic).
        "cv_stacked_recall_at_0.1pct_blocked_ham": round(
            recall_at_blocked_ham(labels, stacked_oof, 0.001)[0], 4
        ),
        "combiner": "LogisticRegression(C=1) over out-of-fold text margin + structure",
    }
    return ContentModel(
        bits=bits,
        weights=weights,
        idf=idf,
        text_intercept=float(svm.intercept_[0]),
        combiner=np.asarray(combiner.coef_.ravel(), dtype=np.float64),
        combiner_intercept=float(combiner.intercept_[0]),
        meta=meta,
    )
