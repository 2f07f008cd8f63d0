from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec
import pytest

from clearline import Action, Engine, Hit, SymbolSpec
from clearline.policy.config import ConfigError, SymbolConfig
from clearline.signals import Batch
from clearline.state import StateStore
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
