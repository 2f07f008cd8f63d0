from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec
import pytest

from clearline import Action, Engine, Hit, SymbolSpec
from clearline.engine import SignalFailedClosedError
from clearline.policy.config import ConfigError, SymbolConfig, load_config
from clearline.signals import Batch
from clearline.signals.base import fails_closed
from clearline.signals.flood import FloodGuardSignal
from clearline.state import StateStore, open_state
from support import make_message


def _flood(count: int, spacing: float, first: int = 0) -> list[Any]:
    return [
        make_message(f"f{i}", seconds=i * spacing, body="meeting moved to 3pm")
        for i in range(first, first + count)
    ]


def test_verdicts_come_back_in_arrival_order_one_per_message() -> None:
    messages = [make_message(f"m{i}", seconds=i) for i in range(50)]
    verdicts = Engine().score_batch(messages)
    assert [v.id for v in verdicts] == [m.id for m in messages]


def test_time_windows_use_event_time_not_the_wall_clock() -> None:
    # Seven identical texts one minute apart flood; the same seven a day apart do not.
    fast = Engine().score_batch(_flood(7, spacing=60))
    slow = Engine().score_batch(_flood(7, spacing=86_400))
    assert fast[-1].action is Action.BLOCK
    assert [r.symbol for r in fast[-1].reasons] == ["FLOOD_IDENTICAL"]
    assert all(v.action is Action.DELIVER for v in slow)


def test_replaying_the_same_input_gives_the_same_verdicts() -> None:
    messages = [*_flood(12, spacing=30), make_message("e", seconds=5, body="")]
    assert Engine().score_batch(messages) == Engine().score_batch(messages)


def test_batching_does_not_change_verdicts() -> None:
    messages = _flood(25, spacing=10)
    whole = Engine().score_batch(messages)
    engine = Engine()
    piecewise = [engine.score(m) for m in messages]
    assert whole == piecewise


def test_state_file_carries_windows_across_runs(tmp_path: Path) -> None:
    state = str(tmp_path / "state.sqlite")
    with Engine.from_files(state_path=state) as engine:
        assert all(v.action is Action.DELIVER for v in engine.score_batch(_flood(6, 60)))
    with Engine.from_files(state_path=state) as engine:
        [seventh] = engine.score_batch(_flood(1, 60, first=6))
    assert seventh.action is Action.BLOCK
    # without the state file the seventh message starts a fresh window
    assert Engine().score_batch(_flood(1, 60, first=6))[0].action is Action.DELIVER


class _BrokenSignal:
    name = "broken"
    symbols = (SymbolSpec("NEVER", "never emitted", "none"),)

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        pass

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        raise RuntimeError("backend unreachable")


def test_a_failing_signal_is_reported_in_every_verdict_and_loses_nothing() -> None:
    base = Engine()
    symbols = {**base.config.symbols, "NEVER": SymbolConfig(score=1.0)}
    engine = Engine(
        config=msgspec.structs.replace(base.config, symbols=symbols),
        signals=[*base.signals, _BrokenSignal({}, base.state)],
    )
    verdicts = engine.score_batch([make_message("a"), make_message("b", body="")])
    assert [v.id for v in verdicts] == ["a", "b"]
    for verdict in verdicts:
        failures = [r for r in verdict.reasons if r.symbol == "SIGNAL_FAILED"]
        assert failures and "broken: RuntimeError: backend unreachable" in failures[0].detail
    assert verdicts[1].action is Action.TAG  # the body signal still ran


class _MisnamedSignal(_BrokenSignal):
    name = "misnamed"
    symbols = (SymbolSpec("Not-Upper snake", "a symbol the audit could not index", "none"),)


def test_a_signal_declaring_a_symbol_that_is_not_upper_snake_is_a_config_error() -> None:
    base = Engine()
    with pytest.raises(ConfigError, match="UPPER_SNAKE: Not-Upper snake"):
        Engine(signals=[*base.signals, _MisnamedSignal({}, base.state)])


class _UndeclaredSignal(_BrokenSignal):
    name = "undeclared"
    symbols = ()

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        for found in hits:
            found.append(Hit("PHISH LURE_URL", "what it saw"))
            found.append(Hit("UNLISTED_BUT_WELL_NAMED", "also seen"))


def test_an_undeclared_symbol_is_recorded_unscored_under_a_name_the_audit_can_index() -> None:
    base = Engine()
    engine = Engine(signals=[*base.signals, _UndeclaredSignal({}, base.state)])
    verdict = engine.score(make_message("a"))
    reasons = {r.symbol: r for r in verdict.reasons}
    assert "PHISH LURE_URL" not in reasons
    assert reasons["UNDECLARED_SYMBOL"].score == 0.0
    assert reasons["UNDECLARED_SYMBOL"].detail == "'PHISH LURE_URL': what it saw"
    assert reasons["UNLISTED_BUT_WELL_NAMED"].score == 0.0


# Fail closed -------------------------------------------------------------------------------------

SHOP = "+12125550123"
SUBSCRIBER = "+14155550100"


class _Flaky:
    """A built signal that raises after its own check while ``broken`` (its changes made)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.symbols = inner.symbols
        self.fails_closed = fails_closed(inner)
        self.broken = False

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        self.inner.check(batch, hits)
        if self.broken:
            raise RuntimeError(f"{self.name} store unreachable")


def _with_flaky(engine: Engine, name: str) -> tuple[Engine, _Flaky]:
    [flaky] = [_Flaky(s) for s in engine.signals if s.name == name]
    signals = [flaky if s.name == name else s for s in engine.signals]
    return Engine(engine.config, engine.state, signals=signals), flaky


def test_a_failing_optout_signal_never_delivers_a_text_to_a_subscriber_who_sent_stop() -> None:
    engine, optout = _with_flaky(Engine(), "optout")
    [stop] = engine.score_batch([make_message("stop", sender=SUBSCRIBER, to=SHOP, body="STOP")])
    assert [r.symbol for r in stop.reasons] == ["OPT_OUT_REQUEST"]
    optout.broken = True
    later = make_message("promo", seconds=3600, sender=SHOP, to=SUBSCRIBER, body="20% off today")
    with pytest.raises(
        SignalFailedClosedError, match="signal `optout` failed: RuntimeError"
    ) as caught:
        engine.score_batch([later])
    assert caught.value.signal == "optout"
    optout.broken = False
    [verdict] = engine.score_batch([later])
    assert verdict.action is Action.BLOCK
    assert "OPT_OUT_IGNORED" in {r.symbol for r in verdict.reasons}


def _batches() -> list[list[Any]]:
    flood = [
        make_message(f"f{i}", seconds=i * 10, to="+14155550199", body="meeting moved")
        for i in range(7)
    ]
    stop = make_message("stop", seconds=100, sender=SUBSCRIBER, to=SHOP, body="STOP")
    confirm = make_message(
        "ok", seconds=400, sender=SHOP, to=SUBSCRIBER, body="You're unsubscribed"
    )
    return [flood[:4], [*flood[4:], stop], [confirm]]


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_a_closed_failure_keeps_none_of_its_batch_so_a_retry_scores_as_a_clean_run(
    backend: str, tmp_path: Path
) -> None:
    def state(name: str) -> StateStore:
        return open_state(None if backend == "memory" else str(tmp_path / name))

    first, second, third = _batches()
    clean = Engine(state=state("clean.sqlite"))
    expected = [clean.score_batch(batch) for batch in (first, second, third)]
    # The clean run: the 7th identical text floods; the STOP's one confirmation goes out.
    assert expected[1][2].action is Action.BLOCK and expected[1][1].action is Action.DELIVER
    assert expected[2][0].reasons[0].symbol == "OPT_OUT_CONFIRMATION"

    # preferences runs last: flood, behaviour and the opt-out ledger have all changed state
    engine, preferences = _with_flaky(Engine(state=state("failing.sqlite")), "preferences")
    got = [engine.score_batch(first)]
    preferences.broken = True
    with pytest.raises(SignalFailedClosedError, match="signal `preferences` failed"):
        engine.score_batch(second)
    preferences.broken = False
    got += [engine.score_batch(second), engine.score_batch(third)]
    assert got == expected
    engine.close()
    clean.close()


def test_a_signal_that_fails_open_still_gives_verdicts_with_signal_failed() -> None:
    assert not fails_closed(FloodGuardSignal)
    engine, flood = _with_flaky(Engine(), "flood")
    flood.broken = True
    [verdict] = engine.score_batch([make_message("a")])
    assert [r.symbol for r in verdict.reasons] == ["SIGNAL_FAILED"]


def _policy(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return load_config([path])


def test_on_error_in_the_policy_overrides_how_a_signal_fails(tmp_path: Path) -> None:
    opened = Engine(_policy(tmp_path, '[signals.optout]\non_error = "open"\n'))
    engine, optout = _with_flaky(opened, "optout")
    optout.broken = True
    [verdict] = engine.score_batch([make_message("a")])
    assert [r.symbol for r in verdict.reasons] == ["SIGNAL_FAILED"]

    closed = Engine(_policy(tmp_path, '[signals.flood]\non_error = "closed"\n'))
    engine, flood = _with_flaky(closed, "flood")
    flood.broken = True
    with pytest.raises(SignalFailedClosedError, match="signal `flood` failed"):
        engine.score_batch([make_message("a")])


def test_an_on_error_that_is_neither_open_nor_closed_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=r'\[signals.optout\] on_error must be "open" or "closed"'
    ):
        _policy(tmp_path, '[signals.optout]\non_error = "ignore"\n')
