"""Text workers of the service (``text_workers``): requests' per-text work computed in other
processes while the scoring thread scores earlier rounds, with the verdicts of one process."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path

import msgspec

from clearline.adapters.http.app import text_workers
from clearline.adapters.http.scoring import TEXT_WORK_MIN_MESSAGES, ScoringWorker
from clearline.adapters.http.settings import ServiceSettings
from clearline.compliance.text_rules import KIND_MEMO
from clearline.content.facts import clear_caches
from clearline.model import Message, Verdict
from clearline.policy import load_config
from clearline.simulate import SimulationPaths, run_simulation
from clearline.storage import open_database
from http_support import serving

BATCH = 50


def _traffic(folder: Path) -> list[Message]:
    """A simulated morning (chat, campaigns, snowshoe), then a STOP that its sender ignores."""
    paths = SimulationPaths.beside(folder / "traffic.jsonl")
    run_simulation(300, 4, 11, paths)
    decode = msgspec.json.Decoder(Message).decode
    messages = [decode(row) for row in paths.traffic.read_bytes().splitlines()]
    last = messages[-1]
    later = [last.ts + dt.timedelta(minutes=minutes) for minutes in (1, 2, 60)]
    stop = msgspec.structs.replace(
        last, id="stop", ts=later[0], sender=last.to, to=last.sender, body="STOP"
    )
    # The one confirmation allowed, then a text the STOP forbids.
    after = [
        msgspec.structs.replace(last, id=f"after-stop-{i}", ts=ts) for i, ts in enumerate(later[1:])
    ]
    return [*messages, stop, *after]


def _score(
    folder: Path, messages: Sequence[Message], workers: int, *, kill: bool = False
) -> tuple[list[Verdict], int, int | None]:
    """Verdicts of ``messages`` sent two requests at a time, how many requests' text work came
    from the workers, and (``kill``) how many had come when the workers were killed with
    SIGKILL: before the next pair of requests once the workers have taken some work."""
    # Each run starts with the process-wide caches empty, so that the scoring thread finds in
    # them only what it computed or took from the workers in this run.
    clear_caches()
    KIND_MEMO.clear()
    database = open_database(f"sqlite:///{folder / f'service-{workers}-{kill}.db'}")
    worker = ScoringWorker(database, load_config(()), text_workers=workers, text_workers_after=0)
    try:
        if workers:
            assert worker.start_text_workers()

        taken_at_kill: int | None = None

        async def send() -> list[Verdict]:
            nonlocal taken_at_kill
            verdicts: list[Verdict] = []
            # Two requests at a time, as concurrent clients send them: one is scored while
            # the workers compute the other's texts.
            for start in range(0, len(messages), 2 * BATCH):
                if kill and taken_at_kill is None and worker.text_work_taken > 0:
                    taken_at_kill = worker.text_work_taken
                    pids = worker.text_worker_pids
                    assert pids
                    for pid in pids:
                        os.kill(pid, signal.SIGKILL)
                first = worker.check(messages[start : start + BATCH])
                second = worker.check(messages[start + BATCH : start + 2 * BATCH])
                for result in await asyncio.gather(first, second):
                    verdicts.extend(result.verdicts)
            return verdicts

        verdicts = asyncio.run(send())
        return verdicts, worker.text_work_taken, taken_at_kill
    finally:
        started = time.monotonic()
        worker.close()
        assert time.monotonic() - started < 30
        database.close()


def test_text_workers_give_the_verdicts_of_one_process(tmp_path: Path) -> None:
    messages = _traffic(tmp_path)
    alone, taken_alone, _ = _score(tmp_path, messages, 0)
    helped, taken, _ = _score(tmp_path, messages, 1)
    assert helped == alone
    assert taken_alone == 0
    # The workers really did requests' work (on a busy host some are late: scored alone).
    assert taken > 0
    symbols = {reason.symbol for verdict in alone for reason in verdict.reasons}
    assert {"CAMPAIGN_UNREGISTERED_A2P", "OPT_OUT_IGNORED", "CONTENT_SPAM"} <= symbols, symbols


def test_a_worker_that_dies_costs_speed_not_verdicts(tmp_path: Path) -> None:
    messages = _traffic(tmp_path)
    alone, _, _ = _score(tmp_path, messages, 0)
    # Killed once they have done some requests' work (busy or idle): the rest is scored
    # without them, and nothing more is taken from them.
    helped, taken, taken_at_kill = _score(tmp_path, messages, 1, kill=True)
    assert helped == alone
    assert taken_at_kill is not None and taken_at_kill > 0
    assert taken == taken_at_kill


def test_small_requests_are_scored_without_the_workers(tmp_path: Path) -> None:
    messages = _traffic(tmp_path)[: 4 * (TEXT_WORK_MIN_MESSAGES - 1)]
    database = open_database(f"sqlite:///{tmp_path / 'small.db'}")
    worker = ScoringWorker(database, load_config(()), text_workers=1, text_workers_after=0)
    try:
        assert worker.start_text_workers()

        async def send() -> None:
            step = TEXT_WORK_MIN_MESSAGES - 1
            for start in range(0, len(messages), step):
                await worker.check(messages[start : start + step])

        asyncio.run(send())
        assert worker.text_work_taken == 0
    finally:
        worker.close()
        database.close()


def test_the_service_answers_batches_alike_with_text_workers(tmp_path: Path) -> None:
    messages = _traffic(tmp_path)[:600]
    bodies = [
        {"messages": [json.loads(msgspec.json.encode(m)) for m in messages[i : i + BATCH]]}
        for i in range(0, len(messages), BATCH)
    ]
    answers = []
    for workers in (0, 1):
        db_url = f"sqlite:///{tmp_path / f'http-{workers}.db'}"
        with serving(db_url, text_workers=workers, text_workers_after=0) as service:
            got = []
            for body in bodies:
                response = service.http.post("/v1/check", json=body, headers=service.headers())
                assert response.status_code == 200, response.text
                got.append(response.json()["verdicts"])
            answers.append(got)
    assert answers[0] == answers[1]


def test_the_default_is_one_less_than_the_cores_and_none_with_shared_state() -> None:
    assert text_workers(ServiceSettings(text_workers=3)) == 3
    assert text_workers(ServiceSettings(state_url="redis://127.0.0.1:6379/0")) == 0
    default = text_workers(ServiceSettings())
    assert default >= 0
    assert text_workers(ServiceSettings(text_workers=0)) == 0
