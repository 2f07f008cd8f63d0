"""Subscriber controls for calls (``call_preferences``): modes, lists, repeated callers, the opt-out
of default blocking, and emergency calls that ring whatever the callee chose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from clearline.model import Call, Verdict
from clearline.policy import ConfigError, load_config
from clearline.redress.subscribers import note_correction
from clearline.signals.call_preferences import CALLER_KEY_PREFIX
from clearline.signals.preferences import PREFS_TABLE, Correction, SubscriberPreferences
from clearline.state import open_state
from clearline.voice.engine import CallEngine

T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
SUBSCRIBER = "+14155550100"
FRIEND = "+12125550111"
STRANGER = "+13125550123"
PSAP = "+14155550911"
#: Unsigned calls block on the score alone, so a lift or a ceiling shows.
BLOCKING = "[symbols.SHAKEN_ABSENT]\nscore = 20.0\n"
PSAP_POLICY = f'[signals.emergency]\ncritical_callers = ["{PSAP}"]\n'


def _engine(tmp_path: Path, toml: str = "", **prefs: Any) -> CallEngine:
    path = tmp_path / "local.toml"
    path.write_text(toml)
    engine = CallEngine(load_config([path]), open_state(None))
    if prefs:
        table = engine.state.table(PREFS_TABLE, SubscriberPreferences)
        table.put_many({SUBSCRIBER: SubscriberPreferences(**prefs)}, T0.timestamp())
    return engine


def _call(caller: str, *, minutes: float = 0.0, to: str = SUBSCRIBER, id: str = "c") -> Call:
    return Call(id=id, ts=T0 + dt.timedelta(minutes=minutes), caller=caller, to=to)


def _outcome(verdict: Verdict) -> tuple[str, list[str]]:
    symbols = [r.symbol for r in verdict.reasons if r.symbol.startswith(("CALL_", "EMERG"))]
    return verdict.action.value, symbols


def test_blocklisted_caller_is_blocked_even_when_the_score_delivers(tmp_path: Path) -> None:
    engine = _engine(tmp_path, blocklist=[STRANGER])
    assert _outcome(engine.score(_call(STRANGER))) == ("block", ["CALL_BLOCKLIST"])
    assert _outcome(engine.score(_call(FRIEND))) == ("deliver", [])


def test_blocklisted_prefix_blocks_and_a_more_specific_allowlist_entry_wins(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path, blocklist=["+1312*"], allowlist=[STRANGER])
    assert _outcome(engine.score(_call(STRANGER))) == ("deliver", ["CALL_ALLOWLIST"])
    assert _outcome(engine.score(_call("+13125550999"))) == ("block", ["CALL_BLOCKLIST"])


def test_allowlisted_caller_rings_when_the_score_blocks(tmp_path: Path) -> None:
    engine = _engine(tmp_path, BLOCKING, allowlist=[FRIEND])
    assert _outcome(engine.score(_call(FRIEND))) == ("deliver", ["CALL_ALLOWLIST"])
    assert _outcome(engine.score(_call(STRANGER))) == ("block", [])


def test_contacts_only_blocks_strangers_and_rings_contacts(tmp_path: Path) -> None:
    engine = _engine(tmp_path, mode="contacts_only", contacts=[FRIEND])
    assert _outcome(engine.score(_call(FRIEND))) == ("deliver", [])
    assert _outcome(engine.score(_call(STRANGER))) == ("block", ["CALL_NOT_CONTACT"])


def test_contacts_only_rings_a_caller_who_calls_again_within_three_minutes(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path, mode="contacts_only")
    assert _outcome(engine.score(_call(STRANGER))) == ("block", ["CALL_NOT_CONTACT"])
    assert _outcome(engine.score(_call(STRANGER, minutes=2.5))) == ("deliver", ["CALL_REPEATED"])
    # Four minutes after the last call is no longer a repeat.
    assert _outcome(engine.score(_call(STRANGER, minutes=6.5))) == ("block", ["CALL_NOT_CONTACT"])


def test_repeated_calls_in_one_batch_count(tmp_path: Path) -> None:
    engine = _engine(tmp_path, mode="contacts_only")
    verdicts = engine.score_batch(
        [_call(STRANGER, id="a"), _call(STRANGER, minutes=1, id="b"), _call(FRIEND, id="c")]
    )
    assert [_outcome(v) for v in verdicts] == [
        ("block", ["CALL_NOT_CONTACT"]),
        ("deliver", ["CALL_REPEATED"]),
        ("block", ["CALL_NOT_CONTACT"]),
    ]


def test_repeat_window_is_a_setting(tmp_path: Path) -> None:
    toml = "[signals.call_preferences]\nrepeat_minutes = 10.0\n"
    engine = _engine(tmp_path, toml, mode="contacts_only")
    engine.score(_call(STRANGER))
    assert _outcome(engine.score(_call(STRANGER, minutes=8))) == ("deliver", ["CALL_REPEATED"])


def test_negative_repeat_window_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="repeat_minutes"):
        _engine(tmp_path, "[signals.call_preferences]\nrepeat_minutes = -1.0\n")


def test_a_repeated_call_is_still_blocked_when_its_score_blocks(tmp_path: Path) -> None:
    engine = _engine(tmp_path, BLOCKING, mode="contacts_only")
    engine.score(_call(STRANGER))
    assert _outcome(engine.score(_call(STRANGER, minutes=1))) == ("block", ["CALL_REPEATED"])


def test_allowlist_only_blocks_everyone_else_even_on_a_repeat(tmp_path: Path) -> None:
    engine = _engine(tmp_path, mode="allowlist_only", allowlist=[FRIEND], contacts=[STRANGER])
    assert _outcome(engine.score(_call(FRIEND))) == ("deliver", ["CALL_ALLOWLIST"])
    assert _outcome(engine.score(_call(STRANGER))) == ("block", ["CALL_NOT_ALLOWLISTED"])
    assert _outcome(engine.score(_call(STRANGER, minutes=1))) == (
        "block",
        ["CALL_NOT_ALLOWLISTED"],
    )


def test_default_blocking_off_lets_a_blocking_score_ring_labelled(tmp_path: Path) -> None:
    engine = _engine(tmp_path, BLOCKING, default_blocking=False, blocklist=[FRIEND])
    assert _outcome(engine.score(_call(STRANGER))) == ("tag", ["CALL_DEFAULT_BLOCKING_OFF"])
    # The subscriber's own blocklist still blocks.
    assert _outcome(engine.score(_call(FRIEND))) == (
        "block",
        ["CALL_BLOCKLIST", "CALL_DEFAULT_BLOCKING_OFF"],
    )


def test_calls_to_other_numbers_are_not_judged_by_these_preferences(tmp_path: Path) -> None:
    engine = _engine(tmp_path, mode="allowlist_only")
    assert _outcome(engine.score(_call(STRANGER, to="+14155550199"))) == ("deliver", [])


MODES: list[dict[str, Any]] = [
    {"mode": "all"},
    {"mode": "contacts_only"},
    {"mode": "allowlist_only"},
    {"mode": "all", "blocklist": [PSAP, "+1*"]},
    {"mode": "contacts_only", "default_blocking": False, "blocklist": ["+1415*"]},
]


@pytest.mark.parametrize("prefs", MODES, ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()))
def test_a_psap_callback_rings_whatever_the_subscriber_mode(
    tmp_path: Path, prefs: dict[str, Any]
) -> None:
    engine = _engine(tmp_path, BLOCKING + PSAP_POLICY, **prefs)
    action, symbols = _outcome(engine.score(_call(PSAP)))
    assert action == "deliver"
    assert symbols[0] == "EMERGENCY_CALL"


@pytest.mark.parametrize("prefs", MODES, ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()))
@pytest.mark.parametrize("number", ["911", "933", "112"])
def test_a_call_to_an_emergency_number_rings_whatever_the_caller_s_own_mode(
    tmp_path: Path, prefs: dict[str, Any], number: str
) -> None:
    # The subscriber with these preferences is the one calling out, with a score that blocks.
    engine = _engine(tmp_path, BLOCKING, **prefs)
    assert _outcome(engine.score(_call(SUBSCRIBER, to=number))) == ("deliver", ["EMERGENCY_CALL"])


def _correct(engine: CallEngine, caller: str, *, days_before: float = 0.0) -> None:
    """An operator upheld a dispute about ``caller``'s calls ``days_before`` T0."""
    when = T0.timestamp() - days_before * 86_400.0
    note_correction(engine.state, [CALLER_KEY_PREFIX + caller], Correction(7, when, "ok"), when)


def test_upheld_calling_number_dispute_lifts_the_score_for_every_callee_not_a_blocklist(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path, BLOCKING, blocklist=[FRIEND])
    _correct(engine, STRANGER)
    _correct(engine, FRIEND)
    assert _outcome(engine.score(_call(STRANGER))) == ("deliver", ["CALL_DISPUTE_UPHELD"])
    elsewhere = engine.score(_call(STRANGER, to="+14155550177", id="c2"))
    assert _outcome(elsewhere) == ("deliver", ["CALL_DISPUTE_UPHELD"])
    detail = next(r.detail for r in elsewhere.reasons if r.symbol == "CALL_DISPUTE_UPHELD")
    assert detail.startswith(f"dispute 7 about calls from {STRANGER} was upheld on 2026-11-23")
    # The callee's own blocklist is a forced block: no correction lifts it.
    assert _outcome(engine.score(_call(FRIEND, id="c3"))) == (
        "block",
        ["CALL_DISPUTE_UPHELD", "CALL_BLOCKLIST"],
    )


def test_a_calling_number_correction_ends_after_correction_days(tmp_path: Path) -> None:
    engine = _engine(tmp_path, BLOCKING + "[signals.call_preferences]\ncorrection_days = 10.0\n")
    _correct(engine, STRANGER, days_before=11)
    assert _outcome(engine.score(_call(STRANGER))) == ("block", [])
