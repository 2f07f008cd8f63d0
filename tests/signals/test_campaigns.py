"""Campaign fingerprints: one text over many numbers is one campaign, judged by behaviour."""

from __future__ import annotations

import msgspec
import pytest

from clearline import Engine
from clearline.policy import load_config
from clearline.signals.campaigns import fingerprint_tokens
from support import make_message

_ONLY = {"behaviour", "campaigns"}


@pytest.fixture
def engine() -> Engine:
    config = load_config()
    signals = {
        name: {**settings, "enabled": name in _ONLY} for name, settings in config.signals.items()
    }
    return Engine(config=msgspec.structs.replace(config, signals=signals))


def _opener(i: int) -> str:
    names = ["Ana", "Ben", "Carla", "Dev", "Elena"]
    day = i % 28 + 1
    return f"Hi {names[i % 5]}, it's Sam! Can we count on you at the meeting on the {day}th?"


def test_personalisation_is_masked_in_fingerprints() -> None:
    assert fingerprint_tokens(_opener(0)) == fingerprint_tokens(_opener(3))
    assert "#num" in fingerprint_tokens("Pay $25.99 at pay-now.xyz/abc")


def test_one_text_from_many_unregistered_numbers_to_strangers_is_blocked_early(
    engine: Engine,
) -> None:
    messages = [
        make_message(
            f"m{i}",
            seconds=i * 5,
            sender=f"+1212555{i % 40:04d}",
            to=f"+1415555{i:04d}",
            body=_opener(i),
        )
        for i in range(200)
    ]
    verdicts = engine.score_batch(messages)
    clusters = {v.cluster for v in verdicts}
    assert len(clusters) == 1 and None not in clusters
    first_block = next(i for i, v in enumerate(verdicts) if v.action.value == "block")
    assert first_block <= 25
    assert all(v.action.value == "block" for v in verdicts[first_block:])
    reason = next(r for r in verdicts[-1].reasons if r.symbol == "CAMPAIGN_UNREGISTERED_A2P")
    assert "unregistered numbers" in reason.detail


def test_a_common_text_among_people_who_know_each_other_is_not_a_campaign(engine: Engine) -> None:
    # Forty people each answer a friend who texted first: same words, but conversations.
    messages = []
    for i in range(40):
        person, friend = f"+1212555{i:04d}", f"+1415555{i:04d}"
        messages.append(
            make_message(
                f"q{i}", seconds=i * 10, sender=friend, to=person, body="are you coming tonight?"
            )
        )
        messages.append(
            make_message(
                f"a{i}",
                seconds=i * 10 + 5,
                sender=person,
                to=friend,
                body="yes see you at the game tonight then",
            )
        )
    verdicts = engine.score_batch(messages)
    assert all(v.action.value == "deliver" for v in verdicts)


def test_a_group_chat_fan_out_is_one_outreach_not_a_campaign(engine: Engine) -> None:
    members = [f"+1212555{i:04d}" for i in range(12)]
    messages = []
    for turn in range(30):
        speaker = members[turn % 12]
        for member in members:
            if member != speaker:
                messages.append(
                    make_message(
                        f"g{turn}-{member}",
                        seconds=turn * 40,
                        sender=speaker,
                        to=member,
                        body=f"the game is on at the park, bring snacks {turn}",
                    )
                )
    verdicts = engine.score_batch(messages)
    assert not any(r.symbol.startswith("CAMPAIGN") for v in verdicts for r in v.reasons)
