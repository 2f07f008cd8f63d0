"""Call analytics per calling prefix: a robocaller rotating through one number block is caught,
a hospital's call centre or a carrier's busy consumer block is not blocked on volume alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearline.model import Action, Call, Verdict
from clearline.policy import ConfigError, load_config
from clearline.signals.call_base import VoiceContext
from clearline.state import StateStore, open_state, open_state_url
from clearline.voice.certs import CertCache, TrustStore
from clearline.voice.engine import CallEngine
from clearline.voice.passport import ShakenVerifier
from sti_support import CALL_TS, identity_header, make_pki, passport

BLOCK = "+1646201"  # the robocaller's NPA-NXX: +1 646 201 0000-9999
PREFIX_SYMBOLS = {
    "PREFIX_RATE_MINUTE",
    "PREFIX_RATE_HOUR",
    "PREFIX_MANY_CALLEES",
    "PREFIX_SHORT_CALLS",
}


def _symbols(verdict: Verdict) -> set[str]:
    return {reason.symbol for reason in verdict.reasons}


def _engine(toml: str = "", tmp_path: Path | None = None, **kwargs: Any) -> CallEngine:
    paths = []
    if toml and tmp_path is not None:
        path = tmp_path / "local.toml"
        path.write_text(toml)
        paths.append(path)
    return CallEngine(load_config(paths), kwargs.pop("state", open_state(None)), **kwargs)


def _callee(i: int) -> str:
    # Scattered callees: no run, no shared exchange with the callers.
    return f"+1415{(5550100 + 7919 * i) % 10_000_000:07d}"


def rotating_robocalls(count: int, per_number: int = 3, gap: float = 60.0) -> list[Call]:
    """A dialler rotating through its block: a fresh number every ``per_number`` calls, one call
    a minute, each answered and hung up at once (2 s), to scattered callees."""
    return [
        Call(
            id=f"r{i}",
            ts=CALL_TS + dt.timedelta(seconds=i * gap),
            caller=f"{BLOCK}{(i // per_number) * 37 % 10_000:04d}",
            to=_callee(i),
            duration=2.0,
        )
        for i in range(count)
    ]


def test_a_robocaller_rotating_through_its_block_is_labelled_by_its_prefix() -> None:
    verdicts = _engine().score_batch(rotating_robocalls(40))
    # Each number alone stays under every per-number limit ...
    assert all(not any(s.startswith("CALLER_") for s in _symbols(v)) for v in verdicts)
    # ... the block is judged from its 30th call with a duration on.
    flagged = [v.id for v in verdicts if "PREFIX_SHORT_CALLS" in _symbols(v)]
    assert flagged == [f"r{i}" for i in range(29, 40)]
    assert verdicts[29].action is Action.TAG
    short = next(r for r in verdicts[29].reasons if r.symbol == "PREFIX_SHORT_CALLS")
    assert short.detail == (
        "30 of 30 calls from numbers +1646201... within an hour lasted under 6 s (limit 60%)"
    )


def test_the_same_calls_from_unrelated_blocks_are_not_labelled() -> None:
    calls = [
        Call(id=c.id, ts=c.ts, caller=f"+1212{201 + k}0123", to=c.to)
        for k, c in enumerate(rotating_robocalls(40))
    ]
    verdicts = _engine().score_batch(calls)
    assert all(not _symbols(v) & PREFIX_SYMBOLS for v in verdicts)
    assert {v.action for v in verdicts} == {Action.DELIVER}


def test_one_busy_number_is_not_judged_by_its_block() -> None:
    # 40 short calls from one number: call_behaviour's to judge (CALLER_SHORT_CALLS), not its
    # block's, until other numbers of the block call too.
    calls = rotating_robocalls(40, per_number=1000)
    verdicts = _engine().score_batch(calls)
    assert all(not _symbols(v) & PREFIX_SYMBOLS for v in verdicts)
    assert "CALLER_SHORT_CALLS" in _symbols(verdicts[-1])


def call_centre(count: int, identity: Any = None) -> list[Call]:
    """A hospital's call centre: 40 agents' numbers of one block placing appointment calls,
    one every 5 seconds, each a real conversation (45-300 s), to distinct patients."""
    calls = []
    for i in range(count):
        caller = f"+1212201{1000 + i % 40:04d}"
        to = _callee(i)
        ts = CALL_TS + dt.timedelta(seconds=i * 5.0)
        extra = {"identity": identity(caller, to, ts)} if identity else {}
        calls.append(
            Call(id=f"h{i}", ts=ts, caller=caller, to=to, duration=45.0 + i % 256, **extra)
        )
    return calls


def test_a_call_centre_is_not_labelled_on_volume_alone() -> None:
    verdicts = _engine().score_batch(call_centre(400))
    fired = set().union(*(_symbols(v) for v in verdicts))
    assert {"PREFIX_RATE_HOUR", "PREFIX_MANY_CALLEES"} <= fired
    assert "PREFIX_SHORT_CALLS" not in fired
    rate = next(r for v in verdicts for r in v.reasons if r.symbol == "PREFIX_RATE_HOUR")
    assert rate.detail == "call 301 from numbers +1212201... within an hour (limit 300)"
    # Unsigned (SHAKEN_ABSENT) and busy: every call still rings without a label.
    assert {v.action for v in verdicts} == {Action.DELIVER}


def test_a_bursting_call_centre_is_not_labelled_either() -> None:
    burst = [
        Call(
            id=f"b{i}",
            ts=CALL_TS + dt.timedelta(seconds=i),
            caller=f"+1212201{1000 + i % 40:04d}",
            to=_callee(i),
            duration=120.0,
        )
        for i in range(40)
    ]
    verdicts = _engine().score_batch(burst)
    minute = next(r for v in verdicts for r in v.reasons if r.symbol == "PREFIX_RATE_MINUTE")
    assert minute.detail == "call 31 from numbers +1212201... within a minute (limit 30)"
    assert {v.action for v in verdicts} == {Action.DELIVER}


def test_an_attested_call_centre_rings_and_an_attested_robocaller_is_still_labelled(
    tmp_path: Path,
) -> None:
    pki = make_pki()
    trust, cache = pki.install(tmp_path)
    context = VoiceContext(ShakenVerifier(TrustStore(trust), CertCache(cache)))

    def signed(caller: str, to: str, ts: dt.datetime) -> str:
        return identity_header(passport(pki.signing_key, orig=caller[1:], dest=(to[1:],), iat=ts))

    centre = _engine(context=context).score_batch(call_centre(400, identity=signed))
    assert all("SHAKEN_A" in _symbols(v) for v in centre)
    assert {v.action for v in centre} == {Action.DELIVER}
    robo = [
        Call(
            id=c.id,
            ts=c.ts,
            caller=c.caller,
            to=c.to,
            duration=c.duration,
            identity=signed(c.caller, c.to, c.ts),
        )
        for c in rotating_robocalls(40)
    ]
    last = _engine(context=context).score_batch(robo)[-1]
    assert {"SHAKEN_A", "PREFIX_SHORT_CALLS"} <= _symbols(last)
    assert last.action is Action.TAG


def test_windows_forget_the_block_an_hour_after_its_calls() -> None:
    engine = _engine()
    first = engine.score_batch(rotating_robocalls(29))
    later = [
        Call(id=f"l{c.id}", ts=c.ts + dt.timedelta(hours=2), caller=c.caller, to=c.to)
        for c in rotating_robocalls(5)
    ]
    after = engine.score_batch(
        [Call(id=c.id, ts=c.ts, caller=c.caller, to=c.to, duration=2.0) for c in later]
    )
    assert all(not _symbols(v) & PREFIX_SYMBOLS for v in first + after)


def test_the_hour_counts_slide_with_the_calls(tmp_path: Path) -> None:
    # The block's hour totals are kept beside its minute buckets: a call two hours in counts
    # only the last hour's calls (one every two minutes, the call itself included), and only
    # their durations (every other call has one, all short).
    toml = (
        "[signals.call_prefixes]\nmax_calls_per_minute = 5\nmax_calls_per_hour = 10\n"
        "short_call_min_calls = 5\n"
    )
    calls = [
        Call(id=c.id, ts=c.ts, caller=c.caller, to=c.to, duration=2.0 if i % 2 else None)
        for i, c in enumerate(rotating_robocalls(61, gap=120.0))
    ]
    engine = _engine(toml, tmp_path)
    verdicts = [engine.score_batch(calls[i : i + 7]) for i in range(0, len(calls), 7)]
    last = [v for batch in verdicts for v in batch][-1]
    details = {r.symbol: r.detail for r in last.reasons}
    assert details["PREFIX_RATE_HOUR"] == (
        f"call 30 from numbers {BLOCK}... within an hour (limit 10)"
    )
    assert details["PREFIX_SHORT_CALLS"] == (
        f"15 of 15 calls from numbers {BLOCK}... within an hour lasted under 6 s (limit 60%)"
    )


def test_a_longer_prefix_separates_thousands_blocks(tmp_path: Path) -> None:
    # Thousands-block pooling: +1 646 201 0xxx and 201 1xxx belong to different carriers.
    calls = [
        Call(
            id=f"p{i}",
            ts=CALL_TS + dt.timedelta(seconds=i * 60.0),
            caller=f"{BLOCK}{i % 2}{i % 40:03d}",
            to=_callee(i),
            duration=2.0,
        )
        for i in range(40)
    ]
    npa_nxx = _engine().score_batch(calls)
    assert "PREFIX_SHORT_CALLS" in _symbols(npa_nxx[-1])
    per_thousand = _engine("[signals.call_prefixes]\nprefix_digits = 8\n", tmp_path)
    assert all("PREFIX_SHORT_CALLS" not in _symbols(v) for v in per_thousand.score_batch(calls))


def test_batches_give_the_same_verdicts_as_one_batch() -> None:
    calls = rotating_robocalls(40) + call_centre(60)
    calls.sort(key=lambda c: c.ts)
    whole = _engine().score_batch(calls)
    engine = _engine()
    assert [engine.score(call) for call in calls] == whole


@pytest.fixture(params=["sqlite", "redis", "redis-cluster"])
def shared_state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A way to open the same persistent state twice (a SQLite file, a Redis database)."""
    if request.param.startswith("redis"):
        url = request.getfixturevalue(
            "redis_cluster_url" if request.param == "redis-cluster" else "redis_standalone_url"
        )
        yield lambda: open_state_url(url)
    else:
        path = str(tmp_path / "state.sqlite")
        yield lambda: open_state(path)


def test_prefix_windows_persist_in_the_state_backends(shared_state: Any) -> None:
    calls = rotating_robocalls(30)
    store: StateStore = shared_state()
    with _engine(state=store) as engine:
        engine.score_batch(calls[:29])
    with _engine(state=shared_state()) as engine:
        verdict = engine.score(calls[29])
    assert "PREFIX_SHORT_CALLS" in _symbols(verdict)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("prefix_digits = 1", "`prefix_digits` must be at least 2, got 1"),
        ("prefix_digits = 15", "`prefix_digits` must be at most 14"),
        ("min_numbers = 1", "`min_numbers` must be at least 2, got 1"),
        ("short_call_share = 0", "`short_call_share` must be in (0, 1]"),
        ("max_calls_per_minute = 400", "must not exceed `max_calls_per_hour` (300)"),
    ],
)
def test_bad_thresholds_are_refused_at_start(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _engine(f"[signals.call_prefixes]\n{toml}\n", tmp_path)
    assert str(caught.value).startswith("[signals.call_prefixes]: setting ")
    assert message in str(caught.value)
