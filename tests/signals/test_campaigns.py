"""Campaign fingerprints: one text over many numbers is one campaign, judged by behaviour."""

from __future__ import annotations

import math

import msgspec
import pytest

from clearline import Engine
from clearline.model import Hit, Message
from clearline.policy import load_config
from clearline.signals.base import Batch
from clearline.signals.behaviour import BehaviourSignal
from clearline.signals.campaigns import CampaignSignal, fingerprint_tokens
from clearline.state.memory import MemoryStateStore
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


# Each campaign threshold on both sides, with the shipped settings, and the behaviour signal first
# (it tells the campaigns signal which texts are first contacts and which answer one) on one state
# store. The counters are made not to decay, so that the counts are exact (with decay, the 20th
# copy a minute later counts a hair under 20).
TEMPLATE = "Great news for you: claim your exclusive summer voucher before midnight tonight"
NO_DECAY = {"half_life_hours": math.inf}


def _campaign_hits(
    messages: list[Message], settings: dict[str, object] | None = None
) -> list[list[str]]:
    state = MemoryStateStore()
    batch = Batch(messages)
    hits: list[list[Hit]] = [[] for _ in messages]
    shipped = load_config().signals
    BehaviourSignal(shipped["behaviour"], state).check(batch, hits)
    CampaignSignal({**shipped["campaigns"], **NO_DECAY, **(settings or {})}, state).check(
        batch, hits
    )
    return [[hit.symbol for hit in found] for found in hits]


def _stranger(i: int) -> str:
    return f"+1415{i:07d}"


def _blast(count: int, senders: int, start: float = 0.0) -> list[Message]:
    """``count`` copies of TEMPLATE to strangers from ``senders`` unregistered numbers in turn,
    each number sending one every 30 s (apart enough not to read as one group text)."""
    return [
        make_message(
            f"b{i}",
            seconds=start + 30 * i,
            sender=f"+1212555{i % senders:04d}",
            to=_stranger(i),
            body=TEMPLATE,
        )
        for i in range(count)
    ]


def test_unregistered_a2p_fires_at_the_20th_copy_not_the_19th() -> None:
    found = _campaign_hits(_blast(20, senders=3))
    assert "CAMPAIGN_UNREGISTERED_A2P" not in found[18]
    assert "CAMPAIGN_UNREGISTERED_A2P" in found[19]


def test_unregistered_a2p_needs_three_numbers_not_two() -> None:
    found = _campaign_hits(_blast(40, senders=2))
    assert not any("CAMPAIGN_UNREGISTERED_A2P" in f for f in found)


def test_unregistered_a2p_needs_most_copies_to_be_first_contacts() -> None:
    # 20 copies from 4 numbers: 12 to strangers (60 %, the minimum share) and 8 to people who
    # texted the number first fire; one first contact fewer (11 of 20) does not.
    def copies(strangers: int) -> list[Message]:
        known = [
            make_message(f"k{i}", seconds=i, sender=_stranger(1000 + i), to=f"+12125550{i % 4:03d}")
            for i in range(20 - strangers)
        ]
        sent = [
            make_message(
                f"c{i}",
                seconds=100 + 30 * i,
                sender=f"+12125550{i % 4:03d}",
                to=_stranger(1000 + i) if i < 20 - strangers else _stranger(i),
                body=TEMPLATE,
            )
            for i in range(20)
        ]
        return known + sent

    assert "CAMPAIGN_UNREGISTERED_A2P" in _campaign_hits(copies(12))[-1]
    assert "CAMPAIGN_UNREGISTERED_A2P" not in _campaign_hits(copies(11))[-1]


def test_campaign_sender_marks_a_flagged_numbers_other_texts_within_idle_hours() -> None:
    blast = _blast(20, senders=3)
    flagged = blast[19].sender
    other = "+12125559999"
    later = [
        make_message("x1", seconds=3600, sender=flagged, to=_stranger(500), body="call me back"),
        make_message("x2", seconds=3600, sender=other, to=_stranger(501), body="call me back"),
    ]
    found = _campaign_hits(blast + later)
    assert "CAMPAIGN_SENDER" in found[-2]
    assert "CAMPAIGN_SENDER" not in found[-1]
    # The flagging text itself is the campaign, not also its sender.
    assert "CAMPAIGN_SENDER" not in found[19]


def test_campaign_sender_is_forgotten_after_idle_hours() -> None:
    state = MemoryStateStore()
    shipped = load_config().signals
    signals = (
        BehaviourSignal(shipped["behaviour"], state),
        CampaignSignal({**shipped["campaigns"], **NO_DECAY, "idle_hours": 1.0}, state),
    )

    def run(messages: list[Message]) -> list[list[str]]:
        batch = Batch(messages)
        hits: list[list[Hit]] = [[] for _ in messages]
        for signal in signals:
            signal.check(batch, hits)
        return [[hit.symbol for hit in found] for found in hits]

    blast = _blast(20, senders=3)
    flagged = blast[19].sender
    assert "CAMPAIGN_UNREGISTERED_A2P" in run(blast)[19]
    soon = make_message("s", seconds=1800, sender=flagged, to=_stranger(600), body="hey there")
    assert "CAMPAIGN_SENDER" in run([soon])[0]
    # A sweep past the idle hour, then the number is no longer marked.
    sweep = make_message("w", seconds=3 * 3600, sender="+447700900123", to=_stranger(601))
    run([sweep])
    late = make_message("l", seconds=3 * 3600 + 60, sender=flagged, to=_stranger(602), body="hi")
    assert "CAMPAIGN_SENDER" not in run([late])[0]


def _opt_out_wave(opens: int, stops: int) -> list[Message]:
    """``opens`` first contacts of TEMPLATE from a toll-free number (so no A2P symbol), ``stops``
    of them answered STOP, then one more copy to an earlier recipient (not a first contact)."""
    sender = "+18005550100"
    messages = [
        make_message(f"o{i}", seconds=20 * i, sender=sender, to=_stranger(i), body=TEMPLATE)
        for i in range(opens)
    ]
    start = 20 * opens
    messages += [
        make_message(
            f"s{j}", seconds=start + j, sender=_stranger(opens - 1 - j), to=sender, body="STOP"
        )
        for j in range(stops)
    ]
    messages.append(
        make_message("probe", seconds=start + 600, sender=sender, to=_stranger(0), body=TEMPLATE)
    )
    return messages


@pytest.mark.parametrize(
    ("opens", "stops", "fires"),
    [(100, 10, True), (100, 9, False), (99, 10, False), (150, 15, True), (150, 14, False)],
)
def test_campaign_high_opt_out_at_100_first_contacts_and_10_percent(
    opens: int, stops: int, fires: bool
) -> None:
    found = _campaign_hits(_opt_out_wave(opens, stops))
    assert ("CAMPAIGN_HIGH_OPT_OUT" in found[-1]) is fires
