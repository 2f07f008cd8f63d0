"""Call campaigns across numbers: simulated rotating-number robocall traffic (a run of callees or a
list continued from number to number) is clustered and labelled; a business calling back its
customers, a family, a radio contest line's callers are not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearline.model import Action, Call, Verdict
from clearline.policy import ConfigError, load_config
from clearline.state import open_state, open_state_url
from clearline.voice.engine import CallEngine
from sti_support import CALL_TS

CAMPAIGN_SYMBOLS = {"CALL_CAMPAIGN_RUN", "CALL_CAMPAIGN"}


def _symbols(verdict: Verdict) -> set[str]:
    return {reason.symbol for reason in verdict.reasons}


def _detail(verdict: Verdict, symbol: str) -> str:
    return next(r.detail for r in verdict.reasons if r.symbol == symbol)


def _engine(toml: str = "", tmp_path: Path | None = None, **kwargs: Any) -> CallEngine:
    paths = []
    if toml and tmp_path is not None:
        path = tmp_path / "local.toml"
        path.write_text(toml)
        paths.append(path)
    return CallEngine(load_config(paths), kwargs.pop("state", open_state(None)), **kwargs)


def _number(k: int) -> str:
    """The k-th of many unrelated valid numbers: each in its own exchange, so no prefix or
    neighbour check links them."""
    return f"+1{(212, 312, 617, 718)[k % 4]}{201 + k // 4 % 700:03d}{1000 + k % 9000:04d}"


def _at(seconds: float) -> dt.datetime:
    return CALL_TS + dt.timedelta(seconds=seconds)


def sequential_rotation(
    count: int, per_number: int = 3, duration: float | None = None
) -> list[Call]:
    """A dialler walking +1 415 555 0100, 0101, ... with a fresh caller ID every ``per_number``
    calls (each number from another block), a call every 20 seconds."""
    return [
        Call(
            id=f"s{i}",
            ts=_at(i * 20.0),
            caller=_number(i // per_number),
            to=f"+1415555{100 + i:04d}",
            duration=duration,
        )
        for i in range(count)
    ]


def test_a_run_continued_by_a_fresh_number_is_a_campaign_run() -> None:
    verdicts = _engine().score_batch(sequential_rotation(40))
    # No number alone walks five consecutive callees ...
    assert all("CALLER_SEQUENTIAL_DIALLING" not in _symbols(v) for v in verdicts)
    # ... the run does, from its fifth callee on, across the rotating numbers.
    flagged = [v.id for v in verdicts if "CALL_CAMPAIGN_RUN" in _symbols(v)]
    assert flagged == [f"s{i}" for i in range(4, 40)]
    assert _detail(verdicts[4], "CALL_CAMPAIGN_RUN") == (
        "+14155550104 continues a run of 5 consecutive callees dialled from 2 calling numbers"
    )
    assert verdicts[4].action is Action.TAG
    # From the tenth number that took the run over, every call of the cluster is a campaign's.
    judged = [v.id for v in verdicts if "CALL_CAMPAIGN" in _symbols(v)]
    assert judged[0] == "s30"
    assert _detail(verdicts[30], "CALL_CAMPAIGN") == (
        f"+{_number(10)[1:]} is one of 11 numbers dialling one pattern (10 calls continued "
        "another number's run or list): a run of 31 consecutive callees"
    )


def test_a_dialler_spreading_a_run_over_many_lines_at_once_is_caught() -> None:
    # Ten lines dial consecutive callees round-robin: no number ever calls two in a row.
    calls = [
        Call(id=f"m{i}", ts=_at(i * 2.0), caller=_number(i % 10), to=f"+1415555{200 + i:04d}")
        for i in range(30)
    ]
    verdicts = _engine().score_batch(calls)
    assert "CALL_CAMPAIGN_RUN" in _symbols(verdicts[4])
    assert "CALL_CAMPAIGN" in _symbols(verdicts[-1])


def test_a_rotating_block_dialler_with_short_calls_is_blocked() -> None:
    # One block (+1 646 201 ....) rotating its numbers over a sequential run, calls hung up at
    # once: the prefix's short calls and the campaign's run add up to a block.
    calls = [
        Call(
            id=f"b{i}",
            ts=_at(i * 60.0),
            caller=f"+1646201{(i // 3) * 37 % 10_000:04d}",
            to=f"+1415555{100 + i:04d}",
            duration=2.0,
        )
        for i in range(40)
    ]
    last = _engine().score_batch(calls)[-1]
    assert {"PREFIX_SHORT_CALLS", "CALL_CAMPAIGN_RUN", "CALL_CAMPAIGN"} <= _symbols(last)
    assert last.action is Action.BLOCK


def list_redial(numbers: int, callees: int, duration: float, spacing: float = 15.0) -> list[Call]:
    """Each of ``numbers`` calling numbers in turn dials the same list of scattered callees."""
    people = [f"+1415{(5550100 + 7919 * j) % 10_000_000:07d}" for j in range(callees)]
    return [
        Call(
            id=f"l{n}-{j}",
            ts=_at((n * callees + j) * spacing),
            caller=_number(100 + n),
            to=person,
            duration=duration,
        )
        for n in range(numbers)
        for j, person in enumerate(people)
    ]


def test_the_same_list_redialled_from_fresh_numbers_with_short_calls_is_a_campaign() -> None:
    calls = list_redial(numbers=4, callees=10, duration=2.0)
    # Afterwards the list's first number (which re-dialled nobody) calls someone new.
    calls.append(Call(id="first-again", ts=_at(700.0), caller=_number(100), to="+13125550140"))
    verdicts = _engine().score_batch(calls)
    assert all("CALL_CAMPAIGN_RUN" not in _symbols(v) for v in verdicts)
    judged = [v.id for v in verdicts if "CALL_CAMPAIGN" in _symbols(v)]
    # Each fresh number is linked from its second call to a callee another number had just
    # called; the cluster of three is judged at its tenth link, and the fourth number is judged
    # from its own second re-dial. The first number only joined (passively): never labelled.
    assert judged == [f"l2-{j}" for j in range(1, 10)] + [f"l3-{j}" for j in range(1, 10)]
    assert _detail(verdicts[21], "CALL_CAMPAIGN") == (
        f"+{_number(102)[1:]} is one of 3 numbers dialling one pattern (10 calls continued "
        "another number's run or list): 10 of 10 calls lasted under 6 s"
    )
    assert verdicts[21].action is Action.TAG
    assert verdicts[-1].id == "first-again"
    assert "CALL_CAMPAIGN" not in _symbols(verdicts[-1])


def test_a_business_calling_back_its_customers_from_several_agents_is_not_a_campaign() -> None:
    # Five agents' numbers call the same 30 customers in turn: real conversations.
    verdicts = _engine().score_batch(list_redial(numbers=5, callees=30, duration=240.0))
    assert all(not _symbols(v) & CAMPAIGN_SYMBOLS for v in verdicts)
    assert {v.action for v in verdicts} == {Action.DELIVER}


def test_a_family_calling_the_same_relatives_is_not_a_campaign() -> None:
    relatives = ["+13125550140", "+16175550199", "+17185550123", "+12125550177"]
    calls = [
        Call(
            id=f"f{k}-{j}",
            ts=_at(k * 300.0 + j * 61.0),
            caller=_number(200 + k),
            to=person,
            duration=600.0 if j % 2 else 4.0,  # a chat, or a quick "call you back"
        )
        for k in range(4)
        for j, person in enumerate(relatives)
    ]
    verdicts = _engine().score_batch(calls)
    assert all(not _symbols(v) & CAMPAIGN_SYMBOLS for v in verdicts)
    assert {v.action for v in verdicts} == {Action.DELIVER}


def test_strangers_calling_one_contest_line_are_not_linked() -> None:
    # A radio contest: 200 people each call the station once, hung up at once (busy).
    calls = [
        Call(id=f"r{k}", ts=_at(k * 3.0), caller=_number(300 + k), to="+12125550100", duration=1.0)
        for k in range(200)
    ]
    verdicts = _engine().score_batch(calls)
    assert all(not _symbols(v) & CAMPAIGN_SYMBOLS for v in verdicts)
    assert {v.action for v in verdicts} == {Action.DELIVER}


def test_a_run_goes_cold_after_the_gap() -> None:
    calls = sequential_rotation(4)
    calls.append(Call(id="late", ts=_at(60.0 + 601.0), caller=_number(9), to="+14155550104"))
    verdicts = _engine().score_batch(calls)
    assert all("CALL_CAMPAIGN_RUN" not in _symbols(v) for v in verdicts)


def test_batches_give_the_same_verdicts_as_one_batch() -> None:
    calls = sequential_rotation(35, duration=2.0) + list_redial(4, 10, 2.0)
    calls.sort(key=lambda c: c.ts)
    whole = _engine().score_batch(calls)
    engine = _engine()
    assert [engine.score(call) for call in calls] == whole
    assert any("CALL_CAMPAIGN" in _symbols(v) for v in whole)


@pytest.fixture(params=["sqlite", "redis", "redis-cluster"])
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """Open the same persistent state again (a SQLite file, a Redis database)."""
    if request.param.startswith("redis"):
        url = request.getfixturevalue(
            "redis_cluster_url" if request.param == "redis-cluster" else "redis_standalone_url"
        )
        yield lambda: open_state_url(url)
    else:
        path = str(tmp_path / "state.sqlite")
        yield lambda: open_state(path)


def test_runs_and_clusters_persist_in_the_state_backends(reopen: Any) -> None:
    calls = sequential_rotation(31)
    with _engine(state=reopen()) as engine:
        engine.score_batch(calls[:30])
    with _engine(state=reopen()) as engine:
        verdict = engine.score(calls[30])
    assert {"CALL_CAMPAIGN_RUN", "CALL_CAMPAIGN"} <= _symbols(verdict)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("sequential_run = 1", "`sequential_run` must be at least 2"),
        ("sequential_max_step = 0", "`sequential_max_step` must be between 1 and 10"),
        ("min_links = 0", "`min_links` must be at least 1, got 0"),
        ("run_gap_seconds = 0", "`run_gap_seconds` must be above 0"),
        ("max_tracked_numbers = 2", "`max_tracked_numbers` (2) must be at least `min_numbers`"),
    ],
)
def test_bad_thresholds_are_refused_at_start(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _engine(f"[signals.call_campaigns]\n{toml}\n", tmp_path)
    assert str(caught.value).startswith("[signals.call_campaigns]: setting ")
    assert message in str(caught.value)
