"""Training the content model from labelled SMS data, reproducibly.

Used by ``clearline train`` and ``bench/accuracy.py``; needs the ``train`` extra (scikit-learn
fits the text-model members and the combiner; scoring never needs it). Every random choice
takes the seed, so the same data and seed give the same model file.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from clearline.content.classifier import ContentModel
from clearline.content.facts import analyse_batch
from clearline.content.features import CHAR_NGRAMS, hash_batch

__all__ = [
    "Corpus",
    "dedupe",
    "load_ph",
    "load_uci",
    "recall_at_blocked_ham",
    "stratified_split",
    "train_model",
]

#: Regularisation strengths tried for the plain SVM member (chosen by cross-validation).
DEFAULT_C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
#: Strengths tried for the naive-Bayes-scaled members (their columns are scaled up, so smaller).
NB_C_GRID = (0.03, 0.06, 0.125, 0.25, 0.5, 1.0, 2.0)
#: Added to each class's text count of a bucket before the log-count ratio.
NB_SMOOTHING = 0.25
#: The text-model members, in the order of the combiner's inputs.
MEMBERS = ("svm", "nbsvm", "word_nbsvm")
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


def _log_ratio(
    normalized: Sequence[str], labels: npt.NDArray[np.int64], bits: int
) -> npt.NDArray[np.float64]:
    """Log-count ratio of each bucket: how much more often spam texts hold it than ham texts.

    ``r = log((p / sum p) / (q / sum q))`` with ``p`` (``q``) the number of spam (ham) texts
    holding the bucket plus ``NB_SMOOTHING``: the naive-Bayes feature weighting of NB-SVM
    (Wang & Manning 2012), which lets a linear SVM trust rare but one-sided n-grams.
    """
    hashed = hash_batch(normalized, bits)
    present = np.unique((hashed.rows << bits) | hashed.buckets)
    rows, buckets = present >> bits, present & ((1 << bits) - 1)
    spam = labels[rows] == 1
    p = NB_SMOOTHING + np.bincount(buckets[spam], minlength=1 << bits)
    q = NB_SMOOTHING + np.bincount(buckets[~spam], minlength=1 << bits)
    return np.asarray(np.log((p / p.sum()) / (q / q.sum())), dtype=np.float64)


def _word_buckets(normalized: Sequence[str], bits: int) -> npt.NDArray[np.bool_]:
    """Buckets hit by a word or word pair of the texts (``hash_batch``'s last two segments).

    The word member of the text model keeps its naive-Bayes weighting on these only, so it
    adds a word-level view without new features. Character n-grams that share such a bucket
    by a hash collision count as words, as they do when scoring.
    """
    hashed = hash_batch(normalized, bits)
    mask = np.zeros(1 << bits, dtype=bool)
    if len(hashed.segments) == len(CHAR_NGRAMS) + 2:  # otherwise the batch holds no word
        for _, buckets in hashed.segments[-2:]:
            mask[buckets[buckets != hashed.null]] = True
    return mask


def _member_scale(
    member: str, ratio: npt.NDArray[np.float64], word_mask: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64] | None:
    """The column scaling of a text-model member (``None``: the TF-IDF rows as they are)."""
    if member == "svm":
        return None
    if member == "nbsvm":
        return ratio
    return np.where(word_mask, ratio, 0.0)


def _fit_member(
    design: Any,
    labels: npt.NDArray[np.int64],
    scale: npt.NDArray[np.float64] | None,
    c_value: float,
    seed: int,
) -> tuple[npt.NDArray[np.float64], float]:
    """Fit a member's LinearSVC on the TF-IDF rows scaled column by column (after the norm).

    Returns:
        (weights on the unscaled TF-IDF features, intercept): the scaling is folded into the
        weights, so the member scores with the shipped features and scorer.
    """
    from scipy.sparse import diags
    from sklearn.svm import LinearSVC

    scaled = design if scale is None else (design @ diags(scale)).tocsr()
    svm = LinearSVC(C=c_value, random_state=seed, max_iter=5000)
    svm.fit(scaled, labels)
    weights = svm.coef_.ravel().astype(np.float64)
    if scale is not None:
        weights = weights * scale
    return weights, float(svm.intercept_[0])


@dataclass
class _Fold:
    """One cross-validation fold: its rows, designs and the log-count ratio of its training rows."""

    train_idx: npt.NDArray[np.int64]
    test_idx: npt.NDArray[np.int64]
    train_x: Any  # scipy.sparse.csr_matrix
    test_x: Any
    ratio: npt.NDArray[np.float64]


def _make_folds(
    texts: Sequence[str], labels: npt.NDArray[np.int64], fold_of: npt.NDArray[np.int64], bits: int
) -> list[_Fold]:
    """IDF, log-count ratio and designs refitted inside each fold, as at training time."""
    folds = []
    for fold in range(int(fold_of.max()) + 1):
        train_idx = np.flatnonzero(fold_of != fold)
        test_idx = np.flatnonzero(fold_of == fold)
        fold_texts = [texts[i] for i in train_idx.tolist()]
        idf = _idf(fold_texts, bits)
        folds.append(
            _Fold(
                train_idx,
                test_idx,
                _design(fold_texts, bits, idf),
                _design([texts[i] for i in test_idx.tolist()], bits, idf),
                _log_ratio(fold_texts, labels[train_idx], bits),
            )
        )
    return folds


def _choose_c(
    member: str,
    folds: list[_Fold],
    labels: npt.NDArray[np.int64],
    word_mask: npt.NDArray[np.bool_],
    c_grid: Sequence[float],
    seed: int,
    before_each: Callable[[str], None] | None = None,
) -> tuple[float, npt.NDArray[np.float64], dict[float, float]]:
    """Pick a member's C by ``_selection_score`` on its out-of-fold margins.

    Returns:
        (the chosen C, its out-of-fold margins, the selection score of every C tried); ties
        keep the first C in grid order.
    """
    scores: dict[float, float] = {}
    best_c, best_margins = c_grid[0], np.zeros(len(labels))
    for c_value in c_grid:
        if before_each is not None:
            before_each(f"cross-validating {member} C={c_value:g}")
        margins = np.zeros(len(labels))
        for fold in folds:
            scale = _member_scale(member, fold.ratio, word_mask)
            weights, bias = _fit_member(fold.train_x, labels[fold.train_idx], scale, c_value, seed)
            margins[fold.test_idx] = fold.test_x @ weights + bias
        scores[c_value] = _selection_score(labels, margins)
        if c_value == c_grid[0] or scores[c_value] > scores[best_c]:
            best_c, best_margins = c_value, margins
    return best_c, best_margins, scores


def train_model(
    corpus: Corpus,
    *,
    seed: int = 0,
    c_grid: Sequence[float] = DEFAULT_C_GRID,
    nb_c_grid: Sequence[float] = NB_C_GRID,
    folds: int = DEFAULT_FOLDS,
    bits: int = DEFAULT_BITS,
    sources: Sequence[str] = (),
    progress: Callable[[int, int, str], None] | None = None,
) -> ContentModel:
    """Fit the content model: three linear text members merged into one, and a combiner.

    The members are LinearSVCs over the same hashed TF-IDF rows: ``svm`` as they are,
    ``nbsvm`` with each column scaled by the log-count ratio of the training texts, and
    ``word_nbsvm`` with that scaling kept on word and word-pair buckets only. Each member's
    ``C`` is chosen by stratified ``folds``-fold cross-validation on ``corpus`` alone; the
    combiner (logistic regression over the three out-of-fold margins and the structure
    features) never sees a margin from a model trained on the same text. All three members are
    linear in the same features, so they are refitted on every text and summed with the
    combiner's weights into one weight vector: the artefact and the scorer stay those of a
    single linear text model, with a text weight of 1 in the combiner.

    Cross-validation inside the benchmark's training split preferred the sum to the plain SVM
    at strict thresholds (see ``docs/content.md``).

    Args:
        corpus: the training texts.
        seed: seeds the folds and the solvers.
        c_grid: regularisation strengths to try for the plain SVM member.
        nb_c_grid: regularisation strengths to try for the two naive-Bayes-scaled members.
        folds: cross-validation folds.
        bits: log2 of the hashed feature space.
        sources: names of the data files, recorded in the model's metadata.
        progress: told ``(step, steps, what)`` before each step (it does not change the model).

    Returns:
        The trained model.
    """
    from sklearn.linear_model import LogisticRegression

    steps = 2 + sum(len(c_grid if member == "svm" else nb_c_grid) for member in MEMBERS)
    done = 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, what)

    step("analysing texts")
    labels = corpus.label_array()
    analysis = analyse_batch(corpus.texts, corpus.regions)
    structure = analysis.structure()
    texts = analysis.normalized
    # Label-free, so taken from all training texts, in cross-validation too.
    word_mask = _word_buckets(texts, bits)
    cv_folds = _make_folds(texts, labels, _fold_ids(labels, folds, seed), bits)

    chosen: dict[str, float] = {}
    cv_scores: dict[str, dict[str, float]] = {}
    oof_margins = []
    for member in MEMBERS:
        grid = c_grid if member == "svm" else nb_c_grid
        chosen[member], margins, scores = _choose_c(
            member, cv_folds, labels, word_mask, grid, seed, step
        )
        cv_scores[member] = {str(k): round(v, 4) for k, v in scores.items()}
        oof_margins.append(margins)

    step("fitting the final model")
    stacked = np.column_stack([*oof_margins, structure])
    combiner = LogisticRegression(C=1.0, max_iter=5000, random_state=seed)
    combiner.fit(stacked, labels)
    stacked_oof = combiner.decision_function(stacked)
    coef = combiner.coef_.ravel()

    idf = _idf(texts, bits)
    design = _design(texts, bits, idf)
    ratio = _log_ratio(texts, labels, bits)
    merged = np.zeros(1 << bits)
    intercept = 0.0
    for k, member in enumerate(MEMBERS):
        scale = _member_scale(member, ratio, word_mask)
        weights, bias = _fit_member(design, labels, scale, chosen[member], seed)
        merged += coef[k] * weights
        intercept += float(coef[k]) * bias

    digest = hashlib.sha256("\x1e".join(corpus.texts).encode("utf-8", "surrogatepass"))
    meta: dict[str, Any] = {
        "sources": list(sources),
        "texts": len(corpus),
        "spam": int(labels.sum()),
        "corpus_sha256": digest.hexdigest(),
        "seed": seed,
        "folds": folds,
        "text_model": (
            "sum of three LinearSVCs (plain, NB-scaled, NB-scaled on word buckets) over hashed "
            "characters (presence), char 2/3/5-grams, words, word pairs (TF-IDF, 32-bit "
            "hashing), weighted by the combiner"
        ),
        "c_grid": {"svm": list(c_grid), "nbsvm": list(nb_c_grid), "word_nbsvm": list(nb_c_grid)},
        "nb_smoothing": NB_SMOOTHING,
        "c_chosen": chosen,
        "cv_selection_score": cv_scores,
        "member_weights": {m: round(float(coef[k]), 6) for k, m in enumerate(MEMBERS)},
        # Margins out of fold, combiner fitted on them (so slightly optimistic).
        "cv_stacked_recall_at_0.1pct_blocked_ham": round(
            recall_at_blocked_ham(labels, stacked_oof, 0.001)[0], 4
        ),
        "combiner": (
            "LogisticRegression(C=1) over the three out-of-fold member margins + structure; "
            "member weights folded into the text weights"
        ),
    }
    return ContentModel(
        bits=bits,
        weights=(merged * idf).astype(np.float32),
        idf=idf,
        text_intercept=intercept,
        combiner=np.concatenate([[1.0], coef[len(MEMBERS) :]]).astype(np.float64),
        combiner_intercept=float(combiner.intercept_[0]),
        meta=meta,
    )
