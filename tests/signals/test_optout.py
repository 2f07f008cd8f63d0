"""The opt-out ledger, replayed through `scan`: STOP is honoured 100 %, START restores delivery."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from clearline import Action, Engine
from compliance_fixtures import (
    ALICE,
    BANK,
    BOB,
    SHOP,
    SHOP_2,
    isolating_config,
    msg,
    scan,
    symbols,
)
from support import make_message

ALERT = "Acme Bank: a purchase of $12.00 was made on card ending 9876. Reply STOP to opt out."
OFFER = "Acme: new arrivals in store today, see acme.example/new. Reply STOP to opt out."


@pytest.mark.parametrize(
    "keyword",
    [
        "STOP",
        "stop",
        " Stop. ",
        "STOPALL",
        "UNSUBSCRIBE",
        "CANCEL",
        "END",
        "QUIT",
        "REVOKE",
        "OPT OUT",
        "optout",
        "Opt-Out!",
        "please stop texting me",
        "Remove me from your list",
    ],
)
def test_every_opt_out_keyword_and_plain_request_blocks_later_messages(
    tmp_path: Path, keyword: str
) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("a1", BANK, ALICE, ALERT),
            msg("stop", ALICE, BANK, keyword, 1),
            msg("a2", BANK, ALICE, ALERT, 60),
        ],
    )
    assert verdicts["stop"]["action"] == "deliver" and symbols(verdicts["stop"]) == [
        "OPT_OUT_REQUEST"
    ]
    assert verdicts["a2"]["action"] == "block"
    assert symbols(verdicts["a2"]) == ["OPT_OUT_IGNORED"]


def test_one_plain_confirmation_is_allowed_then_nothing(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("stop", ALICE, BANK, "STOP"),
            msg("confirm", BANK, ALICE, "Acme Bank: you are unsubscribed. No more messages.", 1),
            msg("again", BANK, ALICE, "Acme Bank: you are unsubscribed. No more messages.", 2),
        ],
    )
    assert verdicts["confirm"]["action"] == "deliver"
    assert symbols(verdicts["confirm"]) == ["OPT_OUT_CONFIRMATION"]
    assert verdicts["again"]["action"] == "block"


def test_a_confirmation_with_marketing_is_blocked(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("stop", ALICE, SHOP, "STOP"),
            msg("confirm", SHOP, ALICE, "Unsubscribed. Before you go: 30% off at acme.example!", 1),
        ],
    )
    assert verdicts["confirm"]["action"] == "block"
    assert symbols(verdicts["confirm"]) == ["OPT_OUT_CONFIRMATION_MARKETING"]


def test_a_confirmation_after_the_window_is_an_ignored_opt_out(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [msg("stop", ALICE, BANK, "STOP"), msg("late", BANK, ALICE, "You are unsubscribed.", 30)],
    )
    assert symbols(verdicts["late"]) == ["OPT_OUT_IGNORED"]


def test_stop_to_one_number_covers_the_whole_registered_campaign(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("stop", ALICE, SHOP, "STOP"),
            msg("other-number", SHOP_2, ALICE, OFFER, 60),
            msg("other-campaign", BANK, ALICE, ALERT, 61),
        ],
    )
    assert symbols(verdicts["other-number"]) == ["OPT_OUT_IGNORED"]
    # One opt-in per campaign: the brand's alerts campaign is a different program.
    assert verdicts["other-campaign"]["action"] == "deliver"


def test_start_and_unstop_restore_delivery(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("a1", BANK, ALICE, ALERT),
            msg("stop", ALICE, BANK, "STOP", 1),
            msg("blocked", BANK, ALICE, ALERT, 30),
            msg("start", ALICE, BANK, "Start", 31),
            msg("back", BANK, ALICE, ALERT, 32),
            msg("stop2", ALICE, BANK, "QUIT", 33),
            msg("blocked2", BANK, ALICE, ALERT, 60),
            msg("unstop", ALICE, BANK, "UNSTOP", 61),
            msg("back2", BANK, ALICE, ALERT, 62),
        ],
    )
    assert verdicts["blocked"]["action"] == "block" and verdicts["blocked2"]["action"] == "block"
    assert verdicts["start"]["action"] == "deliver"
    assert symbols(verdicts["start"]) == ["OPT_IN_REQUEST"]
    assert verdicts["back"]["action"] == "deliver" and verdicts["back2"]["action"] == "deliver"


def test_help_is_never_blocked_and_gets_one_answer_after_an_opt_out(tmp_path: Path) -> None:
    # Eight identical HELPs in an hour would be a flood from anyone else.
    helps = [msg(f"help{i}", ALICE, BANK, "HELP", 1 + i) for i in range(8)]
    verdicts = scan(
        tmp_path,
        [
            msg("stop", ALICE, BANK, "STOP"),
            msg("confirm", BANK, ALICE, "Acme Bank: you are unsubscribed.", 0.5),
            *helps,
            msg("answer", BANK, ALICE, "Acme Bank alerts. Call 800-555-0100 for help.", 10),
            msg("more", BANK, ALICE, "Acme Bank alerts. Call 800-555-0100 for help.", 11),
            msg("info", ALICE, BANK, "info", 20),
        ],
    )
    for i in range(8):
        assert verdicts[f"help{i}"]["action"] == "deliver"
    assert verdicts["info"]["action"] == "deliver"
    assert symbols(verdicts["answer"]) == ["HELP_REPLY"]
    assert verdicts["answer"]["action"] == "deliver"
    assert verdicts["more"]["action"] == "block"


def test_stop_inside_one_batch_applies_to_the_very_next_message(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("stop", ALICE, BANK, "STOP"),
            msg("confirm", BANK, ALICE, "You are unsubscribed.", 0.1),
            msg("next", BANK, ALICE, ALERT, 0.2),
        ],
    )
    assert verdicts["next"]["action"] == "block"


def test_the_same_request_from_many_subscribers_opts_each_of_them_out(tmp_path: Path) -> None:
    """A text seen before (remembered as a request) still opts out every new sender of it."""
    verdicts = scan(
        tmp_path,
        [
            msg("a-stop", ALICE, BANK, "please stop texting me"),
            msg("b-hello", BOB, BANK, "hello"),
            msg("b-stop", BOB, BANK, "please stop texting me", 1.0),
            msg("to-a", BANK, ALICE, ALERT, 60.0),
            msg("to-b", BANK, BOB, ALERT, 60.1),
        ],
    )
    assert verdicts["to-a"]["action"] == "block"
    assert verdicts["to-b"]["action"] == "block"


def test_stop_is_durable_across_runs_with_state(tmp_path: Path) -> None:
    state = str(tmp_path / "state.sqlite")
    first = scan(tmp_path, [msg("stop", ALICE, BANK, "STOP")], "--state", state)
    assert first["stop"]["action"] == "deliver"
    # A later run, a new process's view of the same file, without reloading any file.
    second = scan(tmp_path, [msg("later", BANK, ALICE, ALERT, 600)], "--state", state, files=False)
    assert second["later"]["action"] == "block"
    assert symbols(second["later"]) == ["OPT_OUT_IGNORED"]


def test_opt_out_applies_between_unregistered_numbers_too(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [msg("stop", ALICE, BOB, "stop texting me"), msg("next", BOB, ALICE, "hey? call me", 60)],
        files=False,
    )
    assert symbols(verdicts["next"]) == ["OPT_OUT_IGNORED"]


def test_scripted_conversations_honour_every_stop(tmp_path: Path) -> None:
    """Random conversations: nothing after a STOP is delivered but one confirmation or answer."""
    rng = random.Random(3)
    subscribers = [f"+1415555{n:04d}" for n in range(1, 31)]
    senders = [BANK, SHOP, SHOP_2]
    messages = []
    minute = 0.0
    for n in range(1500):
        minute += rng.random() * 2
        subscriber, sender = rng.choice(subscribers), rng.choice(senders)
        roll = rng.random()
        if roll < 0.08:
            body = rng.choice(["STOP", "stop please", "UNSUBSCRIBE", "end"])
            messages.append(msg(f"m{n}", subscriber, sender, body, minute))
        elif roll < 0.12:
            messages.append(
                msg(f"m{n}", subscriber, sender, rng.choice(["START", "UNSTOP"]), minute)
            )
        elif roll < 0.15:
            messages.append(msg(f"m{n}", subscriber, sender, "HELP", minute))
        elif roll < 0.2:
            plain = "You are unsubscribed and will receive no more messages."
            messages.append(msg(f"m{n}", sender, subscriber, plain, minute))
        else:
            messages.append(msg(f"m{n}", sender, subscriber, OFFER, minute))
    verdicts = scan(tmp_path, messages, "--batch-size", "64")

    campaign = {BANK: "alerts", SHOP: "shop", SHOP_2: "shop"}
    stopped: dict[tuple[str, str], bool] = {}
    delivered_while_stopped = 0
    for m in messages:
        verdict = verdicts[m["id"]]
        body = m["body"].lower()
        if m["from"] in subscribers:
            key = (m["from"], campaign[m["to"]])
            assert verdict["action"] == "deliver", m  # a subscriber's keyword always goes through
            if body in {"stop", "stop please", "unsubscribe", "end"}:
                stopped[key] = True
            elif body in {"start", "unstop"}:
                stopped[key] = False
            continue
        if stopped.get((m["to"], campaign[m["from"]])):
            allowed = set(symbols(verdict)) & {"OPT_OUT_CONFIRMATION", "HELP_REPLY"}
            if allowed:
                # The one allowance; other signals may still tag it, never deliver more.
                delivered_while_stopped += verdict["action"] == "deliver"
            else:
                assert verdict["action"] == "block", m
    assert delivered_while_stopped > 0  # the allowance was exercised, and only it


def test_the_opt_out_is_on_disk_before_the_stop_verdict_is_returned(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    engine = Engine.from_files([isolating_config(tmp_path)], str(path))
    try:
        verdict = engine.score(make_message("stop", sender=ALICE, to=BANK, body="STOP"))
        assert verdict.action is Action.DELIVER
        # Another connection (as after a crash right now) already sees the ledger entry.
        with sqlite3.connect(path) as other:
            rows = other.execute("SELECT key FROM state_optout").fetchall()
        assert rows == [(ALICE,)]
    finally:
        engine.close()


def test_a_repeated_stop_gets_no_second_confirmation(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("stop", ALICE, BANK, "STOP"),
            msg("confirm", BANK, ALICE, "You are unsubscribed.", 1),
            msg("stop-again", ALICE, BANK, "stop!!", 2),
            msg("confirm-again", BANK, ALICE, "You are unsubscribed.", 3),
        ],
    )
    assert symbols(verdicts["confirm"]) == ["OPT_OUT_CONFIRMATION"]
    assert verdicts["stop-again"]["action"] == "deliver"
    assert symbols(verdicts["confirm-again"]) == ["OPT_OUT_IGNORED"]


def test_stop_is_conversation_when_the_subscriber_started_it_with_a_person() -> None:
    # Amy texted Ben first; her "stop!" is banter in their chat, not an opt-out from a program.
    from clearline import Engine
    from support import make_message

    amy, ben = "+12125550123", "+14155550100"
    engine = Engine()
    verdicts = engine.score_batch(
        [
            make_message("1", seconds=0, sender=amy, to=ben, body="did you eat my fries"),
            make_message("2", seconds=30, sender=ben, to=amy, body="maybe lol"),
            make_message("3", seconds=60, sender=amy, to=ben, body="stop!"),
            make_message("4", seconds=90, sender=ben, to=amy, body="ok ok sorry"),
        ]
    )
    assert verdicts[3].action.value == "deliver"
    assert "OPT_OUT_IGNORED" not in [r.symbol for r in verdicts[3].reasons]


def test_stop_to_a_stranger_who_texted_first_is_honoured() -> None:
    from clearline import Engine
    from support import make_message

    amy, stranger = "+12125550123", "+14155550100"
    engine = Engine()
    verdicts = engine.score_batch(
        [
            make_message("1", seconds=0, sender=stranger, to=amy, body="hi there, are you free"),
            make_message("2", seconds=30, sender=amy, to=stranger, body="STOP"),
            make_message("3", seconds=90, sender=stranger, to=amy, body="ok, removed"),
            make_message("4", seconds=900, sender=stranger, to=amy, body="why not answer me"),
        ]
    )
    assert "OPT_OUT_CONFIRMATION" in [r.symbol for r in verdicts[2].reasons]
    assert verdicts[3].action.value == "block"
    assert "OPT_OUT_IGNORED" in [r.symbol for r in verdicts[3].reasons]


def test_stop_sent_to_a_short_code_is_recorded_and_honoured() -> None:
    from clearline import Engine
    from support import make_message

    amy, code = "+12125550123", "72345"
    engine = Engine()
    verdicts = engine.score_batch(
        [
            make_message("1", seconds=0, sender=code, to=amy, body="Deals this week at Acme"),
            make_message("2", seconds=30, sender=amy, to=code, body="STOP"),
            make_message("3", seconds=2000, sender=code, to=amy, body="More deals at Acme"),
        ]
    )
    assert "OPT_OUT_REQUEST" in [r.symbol for r in verdicts[1].reasons]
    assert verdicts[2].action.value == "block"


@pytest.mark.parametrize(
    ("body", "is_request"),
    [
        ("HELP", True),
        ("info", True),
        ("Help!", True),
        ("can you help me move on Sunday?", False),
        ("helpful tip", False),
    ],
)
def test_help_and_info_are_help_requests_and_a_sentence_with_help_is_not(
    tmp_path: Path, body: str, is_request: bool
) -> None:
    verdicts = scan(tmp_path, [msg("a1", BANK, ALICE, ALERT), msg("q", ALICE, BANK, body, 1)])
    assert ("HELP_REQUEST" in symbols(verdicts["q"])) is is_request
    assert verdicts["q"]["action"] == "deliver"


@pytest.mark.parametrize(
    ("minutes", "symbol"), [(14.9, "OPT_OUT_CONFIRMATION"), (15.1, "OPT_OUT_IGNORED")]
)
def test_the_one_confirmation_is_allowed_within_15_minutes_of_the_stop(
    tmp_path: Path, minutes: float, symbol: str
) -> None:
    verdicts = scan(
        tmp_path,
        [msg("stop", ALICE, BANK, "STOP"), msg("c", BANK, ALICE, "You are unsubscribed.", minutes)],
    )
    assert symbols(verdicts["c"]) == [symbol]
