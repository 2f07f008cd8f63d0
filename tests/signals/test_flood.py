from __future__ import annotations

from clearline import Action, Engine
from support import make_message


def test_seventh_identical_text_within_an_hour_is_blocked() -> None:
    messages = [make_message(f"m{i}", seconds=i * 300, body="same text") for i in range(8)]
    actions = [v.action for v in Engine().score_batch(messages)]
    assert actions == [Action.DELIVER] * 6 + [Action.BLOCK] * 2


def test_twenty_first_different_text_within_an_hour_is_blocked() -> None:
    messages = [make_message(f"m{i}", seconds=i * 60, body=f"note {i}") for i in range(22)]
    verdicts = Engine().score_batch(messages)
    assert [v.action for v in verdicts[:20]] == [Action.DELIVER] * 20
    assert verdicts[20].action is Action.BLOCK
    assert verdicts[20].reasons[0].symbol == "FLOOD_VOLUME"
    assert "message 21" in verdicts[20].reasons[0].detail


def test_the_window_slides_so_old_messages_stop_counting() -> None:
    early = [make_message(f"a{i}", seconds=i, body="same text") for i in range(6)]
    later = make_message("late", seconds=3700, body="same text")
    verdicts = Engine().score_batch([*early, later])
    assert verdicts[-1].action is Action.DELIVER


def test_flood_is_per_sender_and_recipient_pair() -> None:
    messages = [
        make_message(f"m{i}", seconds=i, sender=f"+1212555{i:04d}", body="meeting moved to 3")
        for i in range(10)
    ]
    assert all(v.action is Action.DELIVER for v in Engine().score_batch(messages))


def test_flood_identical_names_the_seventh_copy_not_the_sixth() -> None:
    messages = [make_message(f"m{i}", seconds=i * 300, body="same text") for i in range(7)]
    verdicts = Engine().score_batch(messages)
    assert all(r.symbol != "FLOOD_IDENTICAL" for v in verdicts[:6] for r in v.reasons)
    assert [r.symbol for r in verdicts[6].reasons] == ["FLOOD_IDENTICAL"]
    assert "copy 7 of this text" in verdicts[6].reasons[0].detail


def test_flood_volume_is_not_named_on_the_twentieth_text() -> None:
    messages = [make_message(f"m{i}", seconds=i * 60, body=f"note {i}") for i in range(20)]
    verdicts = Engine().score_batch(messages)
    assert all(r.symbol != "FLOOD_VOLUME" for v in verdicts for r in v.reasons)
