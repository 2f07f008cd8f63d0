"""Per-number behaviour against CTIA's typical consumer profile."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from clearline import Engine
from clearline.model import Hit, Message
from clearline.policy import load_config
from clearline.signals.base import Batch
from clearline.signals.behaviour import BehaviourSignal
from clearline.state.memory import MemoryStateStore
from support import make_message

# Content analytics are out of scope here: only behaviour decides in these tests.
_ONLY = {"behaviour", "campaigns"}


def _engine(tmp_path: Path) -> Engine:
    config = load_config()
    signals = {
        name: {**settings, "enabled": name in _ONLY} for name, settings in config.signals.items()
    }
    return Engine(config=msgspec.structs.replace(config, signals=signals))


def _symbols(verdict: object) -> list[str]:
    return [r.symbol for r in verdict.reasons]  # type: ignore[attr-defined]


def test_a_person_texting_friends_back_and_forth_is_left_alone(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    me, friends = "+12125550123", [f"+1415555{i:04d}" for i in range(2, 12)]
    messages = []
    for round_ in range(10):
        for j, friend in enumerate(friends):
            t = round_ * 600 + j * 20
            messages.append(make_message(f"o{round_}-{j}", seconds=t, sender=me, to=friend))
            messages.append(make_message(f"i{round_}-{j}", seconds=t + 5, sender=friend, to=me))
    verdicts = engine.score_batch(messages)
    flagged = [v for v in verdicts if set(_symbols(v)) - {"ESTABLISHED_CONTACT"}]
    assert flagged == []
    assert "ESTABLISHED_CONTACT" in _symbols(verdicts[-1])


def test_more_than_sixty_texts_a_minute_from_an_unregistered_number_is_stopped(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path)
    messages = [
        make_message(f"m{i}", seconds=i * 0.5, to=f"+1415555{i:04d}", body=f"note {i}")
        for i in range(70)
    ]
    verdicts = engine.score_batch(messages)
    assert "P2P_RATE_EXCEEDED" not in _symbols(verdicts[59])
    assert verdicts[60].action.value in ("throttle", "block")  # block: also cold and one-way
    assert "P2P_RATE_EXCEEDED" in _symbols(verdicts[60])
    assert "61 texts" in next(
        r.detail for r in verdicts[60].reasons if r.symbol == "P2P_RATE_EXCEEDED"
    )


def test_one_way_cold_outreach_is_flagged_and_answered_outreach_is_not(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    cold = [
        make_message(f"c{i}", seconds=i * 90, to=f"+1415555{i:04d}", body=f"deal number {i}")
        for i in range(45)
    ]
    verdicts = engine.score_batch(cold)
    last = _symbols(verdicts[-1])
    assert "ONE_WAY_TRAFFIC" in last and "COLD_OUTREACH" in last
    engine = _engine(tmp_path)
    answered = []
    for i in range(45):
        recipient = f"+1415555{i:04d}"
        answered.append(make_message(f"a{i}", seconds=i * 90, to=recipient, body=f"hi {i}"))
        answered.append(
            make_message(f"r{i}", seconds=i * 90 + 30, sender=recipient, to="+12125550123")
        )
    verdicts = engine.score_batch(answered)
    assert not {"ONE_WAY_TRAFFIC", "COLD_OUTREACH"} & set(_symbols(verdicts[-2]))


def test_many_stops_from_first_contacts_raise_the_opt_out_rate(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    messages = []
    for i in range(40):
        recipient = f"+1415555{i:04d}"
        messages.append(make_message(f"s{i}", seconds=i * 60, to=recipient, body=f"offer {i}"))
        if i % 5 == 0:
            messages.append(
                make_message(
                    f"x{i}", seconds=i * 60 + 10, sender=recipient, to="+12125550123", body="STOP"
                )
            )
    verdicts = engine.score_batch(messages)
    detail = next((r.detail for r in verdicts[-1].reasons if r.symbol == "HIGH_OPT_OUT_RATE"), "")
    assert "replied STOP" in detail


def test_profile_limits_do_not_apply_to_short_codes(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    messages = [
        make_message(
            f"m{i}", seconds=i * 0.1, sender="72345", to=f"+1415555{i:04d}", body=f"code {i}"
        )
        for i in range(300)
    ]
    assert all(v.reasons == () for v in engine.score_batch(messages))


# Each profile threshold, one message below it and one at it: the signal alone, with the settings
# Clearline ships (so a changed threshold in the TOML fails too). The sender is an unregistered
# long code.
ME = "+12125550123"


def _behaviour_hits(messages: list[Message]) -> list[list[str]]:
    hits: list[list[Hit]] = [[] for _ in messages]
    shipped = load_config().signals["behaviour"]
    BehaviourSignal(shipped, MemoryStateStore()).check(Batch(messages), hits)
    return [[hit.symbol for hit in found] for found in hits]


def _to(i: int) -> str:
    return f"+1415{i:07d}"


def test_p2p_volume_fires_on_the_1001st_text_of_a_day_not_the_1000th() -> None:
    # Ten recipients (no fan-out), one text every 80 s: about 22 h, well under the minute limit.
    messages = [
        make_message(f"v{i}", seconds=80 * i, sender=ME, to=_to(i % 10), body=f"n {i}")
        for i in range(1001)
    ]
    found = _behaviour_hits(messages)
    assert "P2P_VOLUME_EXCEEDED" not in found[999]
    assert "P2P_VOLUME_EXCEEDED" in found[1000]
    assert "P2P_FANOUT_EXCEEDED" not in found[1000]


def test_p2p_fanout_fires_on_the_201st_recipient_of_a_day_not_the_200th() -> None:
    messages = [
        make_message(f"f{i}", seconds=60 * i, sender=ME, to=_to(i), body=f"n {i}")
        for i in range(201)
    ]
    found = _behaviour_hits(messages)
    assert "P2P_FANOUT_EXCEEDED" not in found[199]
    assert "P2P_FANOUT_EXCEEDED" in found[200]
    assert "P2P_VOLUME_EXCEEDED" not in found[200]


def test_p2p_fanout_counts_recipients_not_texts() -> None:
    # 300 texts to 150 people: the per-day recipient count stays under 200.
    messages = [
        make_message(f"t{i}", seconds=60 * i, sender=ME, to=_to(i % 150), body=f"n {i}")
        for i in range(300)
    ]
    assert all("P2P_FANOUT_EXCEEDED" not in found for found in _behaviour_hits(messages))


def test_p2p_rate_fires_on_the_61st_text_of_a_minute_not_the_60th() -> None:
    messages = [
        make_message(f"r{i}", seconds=0.5 * i, sender=ME, to=_to(i % 5), body=f"n {i}")
        for i in range(61)
    ]
    found = _behaviour_hits(messages)
    assert "P2P_RATE_EXCEEDED" not in found[59]
    assert "P2P_RATE_EXCEEDED" in found[60]


def _outreach_with_replies(opens: int, replies: int, body: str = "hello") -> list[Message]:
    """``opens`` first contacts from ME, one a minute; the last ``replies`` recipients answer
    ``body``; then ME texts the first recipient again (no new first contact) to be judged."""
    messages = [
        make_message(f"o{i}", seconds=60 * i, sender=ME, to=_to(i), body=f"offer {i}")
        for i in range(opens)
    ]
    start = 60 * opens
    messages += [
        make_message(f"a{j}", seconds=start + j, sender=_to(opens - 1 - j), to=ME, body=body)
        for j in range(replies)
    ]
    messages.append(make_message("probe", seconds=start + 600, sender=ME, to=_to(0), body="ok"))
    return messages


@pytest.mark.parametrize(
    ("opens", "stops", "fires"),
    [
        (30, 3, True),  # 30 first contacts (the minimum) and 10 % STOP (the limit)
        (30, 2, False),  # 6.7 % STOP
        (29, 3, False),  # too few first contacts to judge
        (40, 4, True),
        (40, 3, False),
    ],
)
def test_high_opt_out_rate_at_30_first_contacts_and_10_percent(
    opens: int, stops: int, fires: bool
) -> None:
    found = _behaviour_hits(_outreach_with_replies(opens, stops, body="STOP"))
    assert ("HIGH_OPT_OUT_RATE" in found[-1]) is fires


@pytest.mark.parametrize(
    ("sent", "received", "fires"),
    [(40, 0, True), (39, 0, False), (40, 3, True), (40, 4, False)],
)
def test_one_way_traffic_from_40_texts_with_under_a_tenth_received(
    sent: int, received: int, fires: bool
) -> None:
    # ``received`` people answer early (their answers are not first contacts of ME's).
    messages = [
        make_message(f"o{i}", seconds=60 * i, sender=ME, to=_to(i % 10), body=f"n {i}")
        for i in range(sent - 1)
    ]
    messages += [
        make_message(f"in{j}", seconds=60 * sent + j, sender=_to(j), to=ME, body="hi")
        for j in range(received)
    ]
    messages.append(make_message("last", seconds=60 * sent + 100, sender=ME, to=_to(0), body="x"))
    assert ("ONE_WAY_TRAFFIC" in _behaviour_hits(messages)[-1]) is fires


@pytest.mark.parametrize(
    ("opens", "replies", "fires"),
    [(20, 0, True), (19, 0, False), (20, 1, True), (20, 2, False)],
)
def test_cold_outreach_from_20_first_contacts_with_under_a_tenth_answered(
    opens: int, replies: int, fires: bool
) -> None:
    found = _behaviour_hits(_outreach_with_replies(opens, replies, body="who is this?"))
    assert ("COLD_OUTREACH" in found[-1]) is fires


def test_established_contact_needs_both_sides_to_have_texted() -> None:
    found = _behaviour_hits(
        [
            make_message("a", seconds=0, sender=ME, to=_to(1)),
            make_message("b", seconds=10, sender=ME, to=_to(1)),
            make_message("c", seconds=20, sender=_to(1), to=ME),
            make_message("d", seconds=30, sender=ME, to=_to(1)),
        ]
    )
    assert ["ESTABLISHED_CONTACT" in f for f in found] == [False, False, False, True]
