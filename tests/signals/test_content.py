"""The content classifier signal and the shipped model, as a user of `scan` sees them."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from clearline.content.classifier import ContentModel, ModelFormatError, load_shipped_model
from clearline.content.facts import analyse_batch
from clearline.content.normalize import (
    MODEL_TEXT_CHARS,
    POLITICAL_PLACEHOLDER,
    normalize_text,
    prepare_text,
)
from clearline.engine import Engine
from clearline.model import Action, Hit, Message
from clearline.signals.base import Batch
from clearline.signals.content import ContentClassifierSignal, spam_weight
from clearline.state.memory import MemoryStateStore
from support import make_message

SPAM = (
    "WINNER!! As a valued network customer you have been selected to receive a £900 prize "
    "reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only."
)
SMISHING = (
    "GCash Advisory: your account has been suspended. Verify your account here: "
    "gcash-verify.online/login"
)
ORDINARY = (
    "Hey, are we still on for lunch tomorrow? I can pick you up at noon.",
    "Your dentist appointment is confirmed for Tuesday 3pm. Call us if you need to change it.",
    "Happy birthday mum, love you lots xx",
)


def probability(body: str, to: str = "+447700900123") -> float:
    model = load_shipped_model()
    return float(model.probabilities([body], "GB")[0])


def test_shipped_model_loads_and_scores_known_spam_high() -> None:
    assert probability(SPAM) > 0.95
    assert probability(SMISHING) > 0.95


@pytest.mark.parametrize("body", ORDINARY)
def test_shipped_model_scores_ordinary_texts_low(body: str) -> None:
    assert probability(body) < 0.2


def test_signal_hit_says_the_probability_and_ordinary_text_gets_none() -> None:
    messages = [make_message("spam", body=SPAM), make_message("ham", body=ORDINARY[0])]
    hits: list[list[Hit]] = [[], []]
    ContentClassifierSignal({}, MemoryStateStore()).check(Batch(messages), hits)
    [spam_hit] = hits[0]
    assert spam_hit.symbol == "CONTENT_SPAM"
    # Calibrated (issue 18): a clear spam text is near 1, not rounded to it.
    assert float(spam_hit.detail.split()[2]) >= 0.99, spam_hit.detail
    assert spam_hit.weight == 1.0
    assert hits[1] == []


def test_engine_blocks_smishing_and_delivers_ordinary_texts() -> None:
    engine = Engine()
    smishing, *ordinary = engine.score_batch(
        [make_message("s", body=SMISHING)]
        + [make_message(f"o{i}", seconds=i, body=body) for i, body in enumerate(ORDINARY)]
    )
    assert smishing.action is Action.BLOCK
    reasons = {reason.symbol for reason in smishing.reasons}
    assert {"CONTENT_SPAM", "URL_LOOKALIKE_BRAND", "SMISHING_CREDENTIAL_REQUEST"} <= reasons
    for verdict in ordinary:
        content = [r for r in verdict.reasons if r.symbol == "CONTENT_SPAM"]
        assert content == []


def test_weight_runs_from_a_third_to_one() -> None:
    assert spam_weight(0.5, 0.5, 0.99) == pytest.approx(1 / 3)
    assert spam_weight(0.99, 0.5, 0.99) == 1.0
    assert 1 / 3 < spam_weight(0.8, 0.5, 0.99) < 1.0


def test_a_text_scores_the_same_alone_and_inside_a_batch() -> None:
    model = load_shipped_model()
    texts = [SPAM, *ORDINARY, "", "ünïcödé 🎉 text", SMISHING]
    together = model.text_margins(texts)
    alone = np.array([model.text_margins([text])[0] for text in texts])
    np.testing.assert_allclose(together, alone, rtol=1e-9, atol=1e-9)


def test_saved_model_loads_back_identically(tmp_path: pytest.TempPathFactory) -> None:
    model = load_shipped_model()
    path = f"{tmp_path}/model.npz"
    model.save(path)
    again = ContentModel.load(path)
    np.testing.assert_array_equal(again.weights, model.weights)
    assert again.meta == model.meta
    assert again.probabilities([SPAM], "GB") == pytest.approx(model.probabilities([SPAM], "GB"))


def test_a_model_file_of_another_format_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    path = f"{tmp_path}/bad.npz"
    np.savez(path, header=np.frombuffer(b'{"format_version": 0}', dtype=np.uint8))
    with pytest.raises(ModelFormatError, match="format"):
        ContentModel.load(path)


# Neutrality: campaign-style messages with every party and candidate swapped must score the same.
CAMPAIGN_TEMPLATES = (
    "Hi Sam, it's Alex with the {party} campaign. Can we count on your vote for {name} on "
    "Tuesday? Polls open 7am-8pm. Reply STOP to opt out.",
    "Chip in $5 before midnight to help {party} candidates win. Donate to {name} at "
    "donate.example.org/give",
    "Early voting starts today. {name} for Senate: find your polling place at vote.org. "
    "Paid for by Friends of {name}.",
    "This is a reminder from the {party} Party: vote for {name} on Nov 5. Questions? Call "
    "555-0134.",
    "Sen. {name} is hosting a town hall Thursday at 6pm at the library. RSVP: Y or N",
    "{members} are counting on you. Re-elect {name} this November!",
    "URGENT: {members} need 500 more donations by midnight. Stand with {name}: bit.ly/give-now",
)
PARTIES = (
    ("Democratic", "Democrats"),
    ("Republican", "Republicans"),
    ("Libertarian", "Libertarians"),
    ("Conservative", "Conservatives"),
    ("Progressive", "Progressives"),
)
NAMES = ("Joe Biden", "Donald Trump", "Kamala Harris", "Maria Lopez", "Jamal Washington", "Li Wei")


@pytest.mark.parametrize("template", CAMPAIGN_TEMPLATES)
def test_content_score_does_not_change_when_party_or_candidate_is_swapped(
    template: str,
) -> None:
    model = load_shipped_model()
    texts = [
        template.format(party=party, members=members, name=name)
        for (party, members), name in itertools.product(PARTIES, NAMES)
    ]
    scores = model.probabilities(texts, "US")
    assert float(scores.max() - scores.min()) < 1e-9, texts[int(scores.argmax())]


def test_political_words_never_reach_the_features() -> None:
    text = "Vote for Maria Lopez and the Democrats, not Sen. John Smith and the GOP"
    normalized = normalize_text(text)
    for word in ("maria", "lopez", "democrat", "john", "smith", "gop"):
        assert word not in normalized
    assert POLITICAL_PLACEHOLDER in normalized


def test_opt_out_language_does_not_raise_the_score() -> None:
    body = "Your table for 4 at Rosa's is confirmed for 7pm Friday."
    model = load_shipped_model()
    texts = [body, body + " Reply STOP to opt out."]
    margins = model.text_margins(texts)
    assert margins[0] == pytest.approx(margins[1])


def test_a_batch_prepares_every_text_exactly_as_the_text_alone() -> None:
    # The batch path skips work for texts that cannot change (ASCII, no trigger word, single
    # spaces); whatever mixture a batch holds, every text must come out as the one-text
    # reference functions make it, or training and scoring would see different features.
    pieces = (" ", "  ", "\t", "\n", "a", "B", "stop", "Reply STOP to opt out", "é", "\x00",
              "\x1f", "Vote for Ann Lee", "x.y", "", "\u00a0", "free", "Democrats",
              "Ѕеnаtоr Bob", "WIN £500 now")  # fmt: skip
    rng = random.Random(7)
    for _ in range(200):
        texts = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
            for _ in range(rng.randint(1, 30))
        ]
        analysis = analyse_batch(texts, ["US"] * len(texts))
        assert analysis.prepared == [prepare_text(text) for text in texts]
        assert analysis.normalized == [normalize_text(text) for text in texts]


def _content_hits(messages: list[Message]) -> list[list[Hit]]:
    """The classifier's hits on a batch, from a signal that has seen nothing before."""
    hits: list[list[Hit]] = [[] for _ in messages]
    ContentClassifierSignal({}, MemoryStateStore()).check(Batch(messages), hits)
    return hits


def test_copies_of_a_text_in_one_batch_get_the_same_hit_as_the_text_alone() -> None:
    texts = [SPAM, ORDINARY[0], SPAM, SMISHING, SPAM, ORDINARY[0]]
    batch = [make_message(f"m{i}", body=text, seconds=i) for i, text in enumerate(texts)]
    together = _content_hits(batch)
    alone = [_content_hits([message])[0] for message in batch]
    assert together == alone
    assert together[0] and not together[1]  # the spam text is hit, the ordinary one is not


def test_content_spam_fires_at_min_probability_and_not_just_below_it() -> None:
    # A text's own probability as the threshold: reached, it is a hit of a third of the score;
    # the next float above it is not reached.
    body = ORDINARY[1]
    message = make_message(body=body, to="+447700900123")
    p = probability(body)
    assert 0.0 < p < 0.99

    def hits_with(low: float) -> list[Hit]:
        hits: list[list[Hit]] = [[]]
        settings = {"min_probability": low, "full_probability": 0.99}
        ContentClassifierSignal(settings, MemoryStateStore()).check(Batch([message]), hits)
        return hits[0]

    [at] = hits_with(p)
    assert at.symbol == "CONTENT_SPAM" and at.weight == pytest.approx(1 / 3)
    assert hits_with(math.nextafter(p, 1.0)) == []


@pytest.mark.parametrize("padding_first", [True, False])
def test_a_long_body_is_scored_alike_alone_and_in_a_batch(padding_first: bool) -> None:
    # The model reads a long body's two ends (MODEL_TEXT_CHARS in all, a bound on a 64 KiB
    # body's cost); the batch path and the one-text path cut it alike, and the lures are still
    # read in the whole text.
    padding = " ".join(ORDINARY) * 60
    assert len(padding) > 2 * MODEL_TEXT_CHARS
    body = padding + " " + SPAM if padding_first else SPAM + " " + padding
    to = "+447700900123"
    alone = Engine().score(make_message("padded", body=body, to=to))
    batch = Engine().score_batch(
        [make_message(f"ham{i}", body=text, to=to) for i, text in enumerate(ORDINARY)]
        + [make_message("padded", body=body, to=to)]
    )[-1]
    assert alone.reasons == batch.reasons
    assert "CALLBACK_PREMIUM_RATE" in {r.symbol for r in alone.reasons}
