"""CONTENT_SPAM says why: the probability and the features that raised it most (issue 18)."""

from __future__ import annotations

import heapq
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearline.content.classifier import STRUCTURE_NAMES, ContentModel, load_shipped_model
from clearline.content.features import hash_batch, word_features_many
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
    assert re.match(r"spam probability \d\.\d{3} \(content model, [^)]+\); most: ", detail), detail
    named = re.findall(r"([^,+]+) \+(\d+\.\d\d)(?:, |$)", detail.split("; most: ", 1)[1])
    assert len(named) == 3, detail
    pushes = [float(push) for _, push in named]
    assert pushes == sorted(pushes, reverse=True)
    for name, _ in named:
        if name.startswith("'"):  # a word or word pair of the text
            assert name.strip("'") in SPAM.lower(), (name, detail)
        else:  # a structure feature, named for the sender
            assert name in STRUCTURE_NAMES.values(), (name, detail)
    # The text's phone number and its digits weigh more than any of its words.
    assert named[0][0] == "a phone number", detail


def test_a_link_is_named_when_it_is_what_raised_the_score() -> None:
    # A legitimate-looking text whose score comes from its link, not from its words.
    detail = content_hit(
        "Delta: Flight DL1234 to ATL is delayed. New departure 4:55PM. Check delta.com for updates."
    ).detail
    assert "; most: a link +" in detail, detail


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
    "texts",
    [
        ["free entry in 2 a wkly comp to win fa cup final tkts 21st may"],
        ["héllo wörld 😀 ok £500 $5"],
        # Empty, one-word and wordless texts between others: no pair crosses two texts.
        ["call now", "", "win", "   ", "héllo wörld 😀 ok £500 $5", "x y z", "!!", "free prize"],
    ],
)
def test_explained_words_are_the_scored_word_features(texts: list[str]) -> None:
    words, singles, pairs = word_features_many(texts, 18)
    hashed = hash_batch(texts, 18)
    assert singles.tolist() == hashed.segments[-2][1].tolist()
    assert pairs.tolist() == hashed.segments[-1][1].tolist()
    assert len(singles) == sum(map(len, words))
    assert len(pairs) == sum(max(len(listed) - 1, 0) for listed in words)


def _explained_alone(model: ContentModel, text: str, norm: float) -> list[tuple[str, float]]:
    """The explanation worked out for one text alone, in plain Python over its buckets."""
    [words], single_buckets, pair_buckets = word_features_many([text], model.bits)
    singles, pairs = single_buckets.tolist(), pair_buckets.tolist()
    scale = float(model.combiner[0]) / max(norm, 1e-12)
    pushes: dict[str, float] = {}
    for k, bucket in enumerate(singles + pairs):
        value = float(model.weights[bucket]) * scale
        if value > 0.0:
            name = (
                words[k]
                if k < len(words)
                else f"{words[k - len(words)]} {words[k - len(words) + 1]}"
            )
            pushes[name] = pushes.get(name, 0.0) + value
    return heapq.nlargest(3, pushes.items(), key=lambda item: item[1])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "win",
                    "free",
                    "prize",
                    "call",
                    "now",
                    "ok",
                    "lar",
                    "£500",
                    "héllo",
                    "😀",
                    "txt",
                    "claim",
                    "to",
                    "the",
                    "a",
                    "win",
                    "ur",
                    "2",
                    "87121",
                    "www.prize-claims.top",
                ]
            )
            | st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
            max_size=12,
        ).map(" ".join),
        max_size=8,
    ),
    st.floats(min_value=0.0, max_value=40.0),
)
def test_texts_explained_together_as_one_by_one(texts: list[str], norm: float) -> None:
    # The batch explanation (hashing in numpy, one gather) names the same words and pairs with
    # the same pushes, to the last bit, as the plain per-text computation; empty texts,
    # one-word texts and texts without a word at all included.
    model = load_shipped_model()
    normalized = [normalize_text(text) for text in texts]
    norms = [norm + k for k in range(len(texts))]
    together = model.explain_many(normalized, norms)
    assert together == [
        _explained_alone(model, text, text_norm)
        for text, text_norm in zip(normalized, norms, strict=True)
    ]
    words, singles, pairs = word_features_many(normalized, model.bits)
    alone = [word_features_many([text], model.bits) for text in normalized]
    assert words == [listed for [listed], _, _ in alone]
    assert singles.tolist() == [b for _, buckets, _ in alone for b in buckets.tolist()]
    assert pairs.tolist() == [b for _, _, buckets in alone for b in buckets.tolist()]


def test_the_same_text_is_explained_for_each_recipients_country() -> None:
    # A British mobile number is an international call-back for a US recipient, not for a
    # British one: each is told what raised its own score, whichever came first.
    body = (
        "URGENT! You have won a 1 week FREE membership in our prize jackpot! Call +44 7781 482378"
    )
    messages = [
        make_message("us", to="+14155550122", body=body),
        make_message("gb", to="+447700900123", body=body),
        make_message("us-again", to="+14155550133", body=body),
    ]
    hits: list[list[Hit]] = [[] for _ in messages]
    ContentClassifierSignal({}, MemoryStateStore()).check(Batch(messages), hits)
    us, gb, us_again = (found[0].detail for found in hits)
    assert "an international number" in us
    assert "an international number" not in gb
    assert us_again == us
