"""On the real texts of ``../shared/data`` (read in place), every batch shortcut gives what the
one-text reference functions give: the same facts, prepared and normalised forms, structure
rows, hashed features and, bit for bit, the same text scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clearline.content import facts, features
from clearline.content.classifier import load_shipped_model
from clearline.content.lures import find_callback_numbers
from clearline.content.normalize import mask_political, normalize_text, prepare_text
from clearline.content.training import load_ph, load_uci
from clearline.content.triggers import JoinedTexts
from clearline.signals.categories import find_categories

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
UCI = SHARED_DATA / "uci_sms_spam_collection" / "SMSSpamCollection"
PH = SHARED_DATA / "ph_spam_of_the_times" / "text-messages.csv"

pytestmark = pytest.mark.skipif(
    not (UCI.is_file() and PH.is_file()), reason="the shared data sets are not beside the repo"
)
_BATCH = 2048  # the scan default


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = list(load_uci(UCI).texts) + list(load_ph(PH).texts)
    return list(dict.fromkeys(found))


def _batches(texts: list[str]) -> list[list[str]]:
    return [texts[i : i + _BATCH] for i in range(0, len(texts), _BATCH)]


def test_batch_analysis_finds_and_prepares_what_each_text_alone_does(texts: list[str]) -> None:
    regions = ("US", "GB", "PH")
    for batch in _batches(texts):
        where = [regions[i % 3] for i in range(len(batch))]
        analysis = facts.analyse_batch(batch, where)
        alone = [
            facts.analyse_batch([text], [region]).facts[0]
            for text, region in zip(batch, where, strict=True)
        ]
        assert analysis.facts == alone
        assert analysis.prepared == [prepare_text(text) for text in batch]
        assert analysis.normalized == [normalize_text(text) for text in batch]
        structure = analysis.structure()
        for i, (text, fact) in enumerate(zip(analysis.prepared, alone, strict=True)):
            np.testing.assert_array_equal(structure[i], facts.structure_matrix([text], [fact])[0])


def test_positions_of_trigger_words_find_what_searching_the_text_finds(texts: list[str]) -> None:
    # The finders and the political masking try their regexes only where a trigger word starts;
    # the whole-text search is the definition.
    for batch in _batches(texts):
        joined = JoinedTexts(batch)
        present, where = facts._INDEX.present(joined)
        for text, words, at in zip(batch, present, where, strict=True):
            if at is None:
                continue
            lowered = text.lower()
            assert find_categories(text, words, lowered=lowered, at=at) == find_categories(text)
            assert mask_political(text, words, at) == mask_political(text)


def test_call_back_numbers_found_in_digit_runs_are_those_in_the_whole_text(
    texts: list[str],
) -> None:
    searched = 0
    for batch in _batches(texts):
        flags, spans = facts._maybe_numbers(JoinedTexts(batch))
        for i, runs in spans.items():
            searched += 1
            for region in ("US", "GB", "PH"):
                text = batch[i]
                assert find_callback_numbers(text, region, runs) == find_callback_numbers(
                    text, region
                )
            assert flags[i]
    assert searched > 200


def test_coded_two_grams_hash_to_the_buckets_of_the_general_hash() -> None:
    bits = load_shipped_model(None).bits
    pairs = features._pair_buckets(bits)
    mask = (1 << 32) - 1
    for code in range(1 << 16):
        first, second = code >> 8, code & 255
        if first == 0 or second == 0:
            assert pairs[code] == 1 << bits  # runs into the next text: the null bucket
            continue
        value = ((first + 1) + (second + 1) * features._P + int(features._salt(2))) & mask
        assert pairs[code] == ((value * int(features._MIX)) & mask) >> (32 - bits)


def test_batch_hashing_and_scores_equal_each_text_alone_bit_for_bit(texts: list[str]) -> None:
    model = load_shipped_model(None)
    for batch in _batches(texts):
        normalized = facts.analyse_batch(batch, ["US"] * len(batch)).normalized
        together = features.hash_batch(normalized, model.bits)
        scores = together.scores(model._table)
        order = np.argsort(together.rows, kind="stable")
        rows, buckets = together.rows[order], together.buckets[order]
        bounds = np.searchsorted(rows, np.arange(len(normalized) + 1))
        for i, text in enumerate(normalized):
            if len(text.encode("utf-8", "surrogatepass")) > features.SMALL_BATCH_BYTES:
                continue  # longer than the plain-Python hashing's tables reach
            alone = features._hash_small([text], model.bits)  # plain Python, no shortcuts
            mine = buckets[bounds[i] : bounds[i + 1]]
            assert sorted(mine.tolist()) == sorted(alone.buckets.tolist())
            assert scores[i] == alone.scores(model._table)[0]
