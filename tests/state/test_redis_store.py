"""The Redis state store against a real ``redis-server``: many workers, TTLs, Redis down."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import msgspec
import pytest
from click.testing import CliRunner
from redis.crc import key_slot

from clearline import Action, Engine, Hit, Message
from clearline.adapters.cli import main
from clearline.model import SymbolSpec
from clearline.signals import Batch
from clearline.state import (
    StateConflictError,
    StateStore,
    StateUnavailableError,
    open_state_url,
)
from compliance_fixtures import ALICE, BOB, msg
from redis_server import open_client, require_redis, running_redis
from support import make_message


class Counter(msgspec.Struct):
    count: int = 0


def test_two_workers_changing_one_key_at_once_lose_no_update(redis_url: str) -> None:
    first, second = open_state_url(redis_url), open_state_url(redis_url)
    one, two = (
        first.table("flood", Counter, window=True),
        second.table("flood", Counter, window=True),
    )
    # Both read the key as missing, then both count their message.
    assert one.get_many(["pair"]) == {} and two.get_many(["pair"]) == {}
    one.put_many({"pair": Counter(1)}, ts=1.0)
    two.put_many({"pair": Counter(1)}, ts=1.0)
    first.commit()
    with pytest.raises(StateConflictError, match="another worker changed"):
        second.commit()
    # The second worker scores its batch again, on what the first committed.
    value = two.get_many(["pair"])["pair"]
    value.count += 1
    two.put_many({"pair": value}, ts=2.0)
    second.commit()
    assert one.get_many(["pair"]) == {"pair": Counter(2)}
    first.close()
    second.close()


def test_an_opt_out_seen_by_one_worker_is_honoured_by_another_on_the_next_message(
    redis_url: str,
) -> None:
    worker_1 = Engine(state=open_state_url(redis_url))
    worker_2 = Engine(state=open_state_url(redis_url))
    stop = msgspec.convert(msg("stop", ALICE, BOB, "stop texting me"), type=Message, strict=False)
    nxt = msgspec.convert(msg("next", BOB, ALICE, "hey? call me", 60), type=Message, strict=False)
    assert worker_1.score(stop).action is Action.DELIVER
    verdict = worker_2.score(nxt)
    assert verdict.action is Action.BLOCK
    assert [r.symbol for r in verdict.reasons] == ["OPT_OUT_IGNORED"]
    worker_1.close()
    worker_2.close()


def test_a_flood_split_over_two_workers_is_still_caught(redis_url: str) -> None:
    workers = [Engine(state=open_state_url(redis_url)) for _ in range(2)]
    messages = [make_message(f"m{i}", seconds=i * 300, body="same text") for i in range(8)]
    actions = [workers[i % 2].score(m).action for i, m in enumerate(messages)]
    assert actions == [Action.DELIVER] * 6 + [Action.BLOCK] * 2
    for worker in workers:
        worker.close()


def test_window_values_expire_in_redis_and_ledgers_do_not(redis_url: str) -> None:
    store = open_state_url(redis_url)
    store.table("flood", Counter, window=True).put_many({"+1555": Counter(1)}, ts=1.0)
    store.table("optout", Counter).put_many({"+1555": Counter(1)}, ts=1.0)
    store.commit()
    with open_client(redis_url) as client:
        # Hash tags: every table's value for one number lands in one Redis Cluster slot.
        assert client.ttl("clearline:flood:{+1555}") > 0
        assert client.ttl("clearline:optout:{+1555}") == -1  # (no expiry)
    assert key_slot(b"clearline:flood:{+1555}") == key_slot(b"clearline:optout:{+1555}")
    store.close()


def test_a_batch_scored_while_redis_is_down_is_refused_and_keeps_nothing() -> None:
    require_redis()
    with running_redis() as server:
        engine = Engine(state=open_state_url(server.url))
        engine.score(make_message("first"))
        server.stop()
        with pytest.raises(StateUnavailableError, match=r"does not answer.*nothing of the batch"):
            engine.score(
                make_message("stop", sender="+14155550100", to="+12125550123", body="STOP")
            )


def test_scan_with_redis_down_fails_with_one_clear_line(tmp_path: Path) -> None:
    require_redis()
    source = tmp_path / "in.jsonl"
    source.write_bytes(msgspec.json.encode(msg("m1", ALICE, BOB, "hello")) + b"\n")
    with running_redis() as server:
        url = server.url
    result = CliRunner().invoke(main, ["scan", str(source), "-q", "--state-url", url])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the state store at {url} does not answer")
    # Down from the start: no batch was scored, so the line says what to do, not "the batch".
    assert result.output.endswith(
        ": start Redis there or correct --state-url; nothing was scored\n"
    )
    assert "Traceback" not in result.output


def test_scan_refuses_a_state_url_that_is_not_redis(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(msgspec.json.encode(msg("m1", ALICE, BOB, "hello")) + b"\n")
    result = CliRunner().invoke(
        main, ["scan", str(source), "-q", "--state-url", "postgresql://db/clearline"]
    )
    assert result.exit_code == 1
    assert "--state-url takes a Redis URL" in result.output


def test_scan_with_state_url_shares_state_between_runs(redis_url: str, tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    first.write_bytes(msgspec.json.encode(msg("stop", ALICE, BOB, "stop texting me")) + b"\n")
    second = tmp_path / "second.jsonl"
    second.write_bytes(msgspec.json.encode(msg("next", BOB, ALICE, "hey? call me", 60)) + b"\n")
    runner = CliRunner()
    assert runner.invoke(main, ["scan", str(first), "-q", "--state-url", redis_url]).exit_code == 0
    result = runner.invoke(main, ["scan", str(second), "-q", "--state-url", redis_url])
    assert result.exit_code == 0, result.output
    verdict = msgspec.json.decode(result.stdout.strip())
    assert verdict["action"] == "block"
    assert [r["symbol"] for r in verdict["reasons"]] == ["OPT_OUT_IGNORED"]


class CountingSignal:
    """Counts messages under one key, like a window; ``meanwhile`` runs between its read and
    its write (another worker committing in between)."""

    name: ClassVar[str] = "counting"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = ()

    def __init__(self, store: StateStore, meanwhile: list[Callable[[], None]]) -> None:
        self._table = store.table("counts", Counter, window=True)
        self._meanwhile = meanwhile

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        value = self._table.get_many(["all"]).get("all", Counter())
        while self._meanwhile:
            self._meanwhile.pop()()
        value.count += len(batch.messages)
        self._table.put_many({"all": value}, ts=batch.epochs[-1])


def test_the_engine_scores_a_batch_again_when_another_worker_wrote_its_keys_meanwhile(
    redis_url: str,
) -> None:
    other_store = open_state_url(redis_url)
    other = Engine(state=other_store, signals=[CountingSignal(other_store, [])])
    store = open_state_url(redis_url)
    meanwhile = [lambda: other.score_batch([make_message("o1"), make_message("o2")])]
    engine = Engine(state=store, signals=[CountingSignal(store, meanwhile)])
    engine.score_batch([make_message("m1")])
    # Both workers' messages are counted: 2 from the other, 1 from this one (scored twice).
    assert store.table("counts", Counter).get_many(["all"]) == {"all": Counter(3)}
    engine.close()
    other.close()


def test_without_the_redis_client_state_url_says_what_to_install(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(msgspec.json.encode(msg("m1", ALICE, BOB, "hello")) + b"\n")
    script = (
        "import sys; sys.modules['redis'] = None\n"
        "from clearline.adapters.cli import main\n"
        f"main(['scan', {str(source)!r}, '-q', '--state-url', 'redis://127.0.0.1:1/0'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: --state-url needs the Redis client")
    assert "Traceback" not in done.stderr
