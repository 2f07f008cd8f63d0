"""Call analytics per calling number, on event time, through the call engine and shipped policy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from clearline.model import Action, Call, Verdict
from clearline.policy import ConfigError, load_config
from clearline.signals.call_base import VoiceContext
from clearline.signals.preferences import PREFS_TABLE, SubscriberPreferences
from clearline.state import open_state
from clearline.voice.certs import CertCache, TrustStore
from clearline.voice.engine import CallEngine
from clearline.voice.passport import ShakenVerifier
from sti_support import CALL_TS, identity_header, make_pki, passport

ROBOCALLER = "+12125550123"


def _call(i: int, seconds: float, to: str, caller: str = ROBOCALLER, **extra: Any) -> Call:
    return Call(
        id=f"c{i}", ts=CALL_TS + dt.timedelta(seconds=seconds), caller=caller, to=to, **extra
    )


def _symbols(verdict: Verdict) -> set[str]:
    return {reason.symbol for reason in verdict.reasons}


def _engine(toml: str = "", tmp_path: Path | None = None, **kwargs: Any) -> CallEngine:
    paths = []
    if toml and tmp_path is not None:
        path = tmp_path / "local.toml"
        path.write_text(toml)
        paths.append(path)
    return CallEngine(load_config(paths), kwargs.pop("state", open_state(None)), **kwargs)


# Callees that neither climb in sequence nor share the caller's exchange.
def _callee(i: int) -> str:
    return f"+1415{(5550100 + 37 * i) % 10_000_000:07d}"


def test_the_eleventh_call_within_a_minute_is_flagged() -> None:
    verdicts = _engine().score_batch([_call(i, i * 5.0, _callee(i)) for i in range(11)])
    flagged = [v.id for v in verdicts if "CALLER_RATE_MINUTE" in _symbols(v)]
    assert flagged == ["c10"]
    assert verdicts[10].action is Action.TAG
    rate = next(r for r in verdicts[10].reasons if r.symbol == "CALLER_RATE_MINUTE")
    assert rate.detail == f"call 11 from {ROBOCALLER} within a minute (limit 10)"


def test_calls_a_minute_apart_are_not_a_minute_rate() -> None:
    verdicts = _engine().score_batch([_call(i, i * 61.0, "+14155550100") for i in range(20)])
    assert all(not _symbols(v) & {"CALLER_RATE_MINUTE", "CALLER_RATE_HOUR"} for v in verdicts)


def test_the_101st_call_within_an_hour_is_flagged() -> None:
    verdicts = _engine().score_batch([_call(i, i * 30.0, "+14155550100") for i in range(101)])
    assert [v.id for v in verdicts if "CALLER_RATE_HOUR" in _symbols(v)] == ["c100"]


def test_the_51st_distinct_callee_within_an_hour_is_flagged() -> None:
    verdicts = _engine().score_batch([_call(i, i * 61.0, _callee(i)) for i in range(51)])
    assert [v.id for v in verdicts if "CALLER_MANY_CALLEES" in _symbols(v)] == ["c50"]


def test_windows_run_on_event_time_and_forget_after_an_hour() -> None:
    engine = _engine()
    first = engine.score_batch([_call(i, i * 5.0, _callee(i)) for i in range(10)])
    later = engine.score_batch([_call(10 + i, 3700 + i * 5.0, _callee(i)) for i in range(10)])
    assert all("CALLER_RATE_MINUTE" not in _symbols(v) for v in first + later)


def test_batches_give_the_same_verdicts_as_one_batch() -> None:
    calls = [_call(i, i * 5.0, _callee(i), duration=2.0) for i in range(30)]
    whole = _engine().score_batch(calls)
    engine = _engine()
    one_by_one = [engine.score(call) for call in calls]
    assert whole == one_by_one


def test_mostly_short_calls_are_flagged() -> None:
    short = [_call(i, i * 61.0, _callee(i), duration=2.0) for i in range(10)]
    verdicts = _engine().score_batch(short)
    assert [v.id for v in verdicts if "CALLER_SHORT_CALLS" in _symbols(v)] == ["c9"]
    long = [_call(i, i * 61.0, _callee(i), duration=120.0) for i in range(10)]
    assert all("CALLER_SHORT_CALLS" not in _symbols(v) for v in _engine().score_batch(long))


def test_calls_without_duration_do_not_count_as_short() -> None:
    calls = [_call(i, i * 61.0, _callee(i)) for i in range(20)]
    assert all("CALLER_SHORT_CALLS" not in _symbols(v) for v in _engine().score_batch(calls))


def test_sequential_dialling_is_flagged_on_the_fifth_consecutive_number() -> None:
    calls = [_call(i, i * 61.0, f"+1415555{100 + i:04d}") for i in range(6)]
    verdicts = _engine().score_batch(calls)
    assert [v.id for v in verdicts if "CALLER_SEQUENTIAL_DIALLING" in _symbols(v)] == ["c4", "c5"]
    sequential = next(r for r in verdicts[4].reasons if r.symbol == "CALLER_SEQUENTIAL_DIALLING")
    assert sequential.detail == "5 calls in a row to consecutive numbers, the last +14155550104"
    assert verdicts[4].action is Action.TAG


def test_a_break_in_the_sequence_starts_again() -> None:
    numbers = ["0100", "0101", "0102", "0900", "0103", "0104"]
    calls = [_call(i, i * 61.0, f"+1415555{n}") for i, n in enumerate(numbers)]
    verdicts = _engine().score_batch(calls)
    assert all("CALLER_SEQUENTIAL_DIALLING" not in _symbols(v) for v in verdicts)


def test_a_neighbour_who_is_not_a_contact_is_flagged() -> None:
    state = open_state(None)
    engine = _engine(state=state)
    state.table(PREFS_TABLE, SubscriberPreferences).put_many(
        {"+14155550100": SubscriberPreferences(contacts=["+14155550111"])}, 0.0
    )
    stranger, contact, far = engine.score_batch(
        [
            _call(1, 0, "+14155550100", caller="+14155550199"),
            _call(2, 1, "+14155550100", caller="+14155550111"),
            _call(3, 2, "+14155550100", caller="+14155560199"),
        ]
    )
    assert "NEIGHBOUR_SPOOFING" in _symbols(stranger)
    assert next(r for r in stranger.reasons if r.symbol == "NEIGHBOUR_SPOOFING").detail == (
        "+14155550199 shares +14155550100's area code and exchange (415-555) and is not a contact"
    )
    assert "NEIGHBOUR_SPOOFING" not in _symbols(contact) | _symbols(far)


def test_a_signed_robocaller_is_still_blocked(tmp_path: Path) -> None:
    pki = make_pki()
    trust, cache = pki.install(tmp_path)
    context = VoiceContext(ShakenVerifier(TrustStore(trust), CertCache(cache)))
    calls = []
    for i in range(12):
        callee = f"+1415555{100 + i:04d}"
        signed = identity_header(
            passport(
                pki.signing_key,
                attest="A",
                dest=(callee[1:],),
                iat=CALL_TS + dt.timedelta(seconds=i * 4),
            )
        )
        calls.append(_call(i, i * 4.0, callee, identity=signed, duration=1.0))
    verdicts = _engine(context=context).score_batch(calls)
    last = verdicts[-1]
    assert {"SHAKEN_A", "CALLER_RATE_MINUTE", "CALLER_SEQUENTIAL_DIALLING"} <= _symbols(last)
    assert last.action is Action.BLOCK
    # ... and its call to 911 still rings.
    emergency = _engine(context=context)
    emergency.score_batch(calls)
    assert emergency.score(_call(99, 50.0, "911")).action is Action.DELIVER


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("max_distinct_callees = 500", "must not exceed `max_calls_per_hour` (100)"),
        ("max_calls_per_minute = 0", "`max_calls_per_minute` must be at least 1"),
        ("short_call_share = 1.5", "`short_call_share` must be in"),
        ("sequential_run = 1", "`sequential_run` must be at least 2"),
        ("neighbour_spoofing = 'yes'", "`neighbour_spoofing` must be bool"),
    ],
)
def test_bad_thresholds_are_refused_at_start(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"\[signals.call_behaviour\]: setting "):
        _engine(f"[signals.call_behaviour]\n{toml}\n", tmp_path)
    with pytest.raises(ConfigError) as caught:
        _engine(f"[signals.call_behaviour]\n{toml}\n", tmp_path)
    assert message in str(caught.value)


def test_windows_persist_in_the_state_file(tmp_path: Path) -> None:
    path = str(tmp_path / "state.sqlite")
    with _engine(state=open_state(path)) as engine:
        engine.score_batch([_call(i, i * 5.0, _callee(i)) for i in range(10)])
    with _engine(state=open_state(path)) as engine:
        verdict = engine.score(_call(10, 55.0, _callee(10)))
    assert "CALLER_RATE_MINUTE" in _symbols(verdict)
