"""The Redis read cache in front of the ledgers (`serve --state-url`): it serves reads, and no
worker ever reads a value older than a committed write, a writer's crash included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

from clearline import Engine, Message
from clearline.state.redis_store import RedisStateStore
from clearline.storage import open_database
from clearline.storage.ledger_cache import ABSENT, LedgerCache
from clearline.storage.shared_state import SharedStateStore
from http_support import message, serving
from redis_server import open_client
from support import make_message

ALICE = "+14155550100"
BOB = "+12125550123"
CAROL = "+13105550142"
ALICE_OPT_OUTS = LedgerCache.entry_key("optout", ALICE)


def _verdict(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    verdict: dict[str, Any] = response.json()["verdicts"][0]
    return verdict


def _symbols(verdict: dict[str, Any]) -> list[str]:
    return [reason["symbol"] for reason in verdict["reasons"]]


def test_a_stop_through_one_service_is_honoured_by_the_other_with_the_cache_warm(
    db_url: str, redis_url: str
) -> None:
    with (
        open_client(redis_url) as client,
        serving(db_url, state_url=redis_url) as one,
        serving(db_url, state_url=redis_url) as two,
    ):
        # Carol opted out once, so the opt-out ledger is not empty (which is cached too).
        carol = message("carol", **{"from": CAROL, "to": BOB}, body="STOP")
        assert "OPT_OUT_REQUEST" in _symbols(_verdict(one.check([carol])))
        hello = message("hello", **{"from": BOB, "to": ALICE}, body="see you at six")
        assert _verdict(two.check([hello]))["action"] == "deliver"
        # The cache now says Alice never opted out.
        assert client.hget(ALICE_OPT_OUTS, "v") == ABSENT
        stop = message("stop", seconds=60, **{"from": ALICE, "to": BOB}, body="STOP")
        assert "OPT_OUT_REQUEST" in _symbols(_verdict(one.check([stop])))
        later = message("later", seconds=3600, **{"from": BOB, "to": ALICE}, body="call me?")
        verdict = _verdict(two.check([later]))
        assert verdict["action"] == "block"
        assert "OPT_OUT_IGNORED" in _symbols(verdict)


def test_a_writer_that_died_after_its_pending_marker_is_read_from_the_database(
    db_url: str, redis_url: str
) -> None:
    with (
        open_client(redis_url) as client,
        serving(db_url, state_url=redis_url) as reader,
        # A writer that commits to the database and never sets its cache entries: what a
        # worker that died between its commit and its second round trip leaves.
        serving(db_url, state_url=redis_url, ledger_cache_seconds=0) as dying,
    ):
        carol = message("carol", **{"from": CAROL, "to": BOB}, body="STOP")
        assert "OPT_OUT_REQUEST" in _symbols(_verdict(reader.check([carol])))
        hello = message("hello", **{"from": BOB, "to": ALICE}, body="see you at six")
        assert _verdict(reader.check([hello]))["action"] == "deliver"
        assert client.hget(ALICE_OPT_OUTS, "v") == ABSENT
        # Its first round trip, the mark: one writer pending, a new generation, no value.
        client.hincrby(ALICE_OPT_OUTS, "w", 1)
        client.hincrby(ALICE_OPT_OUTS, "g", 1)
        client.hdel(ALICE_OPT_OUTS, "v")
        stop = message("stop", seconds=60, **{"from": ALICE, "to": BOB}, body="STOP")
        assert "OPT_OUT_REQUEST" in _symbols(_verdict(dying.check([stop])))
        later = message("later", seconds=3600, **{"from": BOB, "to": ALICE}, body="call me?")
        verdict = _verdict(reader.check([later]))
        assert verdict["action"] == "block"
        assert "OPT_OUT_IGNORED" in _symbols(verdict)
        # The reader did not cache what it read: the key stays pending until its TTL ends.
        assert client.hmget(ALICE_OPT_OUTS, "w", "v") == [b"1", None]


def _round(engine: Engine, store: SharedStateStore, message: Message) -> str:
    """Score one message as the service's rounds do (one unit of work); its action."""
    with store.unit_of_work():
        return engine.score_batch([message])[0].action.value


def _ledger_selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and "state_entry" in s]


def test_a_second_round_on_the_same_keys_reads_no_ledger_from_the_database(
    tmp_path: Path, redis_url: str
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'clearline.db'}")
    statements: list[str] = []
    # Every statement SQLite runs, the driver-level reads (storage.raw_sql) included.
    event.listen(
        database.engine,
        "connect",
        lambda dbapi_connection, _record: dbapi_connection.set_trace_callback(statements.append),
    )
    database.engine.dispose()  # (the connections opened before the listener)
    writer = SharedStateStore(database.engine, redis_url)
    store = SharedStateStore(database.engine, redis_url)
    try:
        engine = Engine(state=store)
        writer_engine = Engine(state=writer)
        stop = make_message("carol", sender=CAROL, to=BOB, body="STOP")
        assert _round(writer_engine, writer, stop) == "deliver"
        assert _round(engine, store, make_message("m1", sender=BOB, to=ALICE)) == "deliver"
        assert _ledger_selects(statements)  # a cold cache reads the database
        statements.clear()
        assert _round(engine, store, make_message("m2", seconds=60, sender=BOB, to=ALICE)) == (
            "deliver"
        )
        assert _ledger_selects(statements) == []
        # Another worker's STOP sets the entry it commits: honoured, still without a SELECT.
        stop = make_message("s1", seconds=120, sender=ALICE, to=BOB, body="STOP")
        assert _round(writer_engine, writer, stop) == "deliver"
        statements.clear()
        later = make_message("m3", seconds=3600, sender=BOB, to=ALICE)
        assert _round(engine, store, later) == "block"
        assert _ledger_selects(statements) == []
    finally:
        store.close()
        writer.close()
        database.close()


def test_ledger_writes_made_while_redis_was_down_are_never_read_stale_from_the_cache(
    tmp_path: Path, redis_url: str
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'clearline.db'}")
    writer = SharedStateStore(database.engine, redis_url)
    store = SharedStateStore(database.engine, redis_url)
    try:
        engine = Engine(state=store)
        writer_engine = Engine(state=writer)
        carol = make_message("carol", sender=CAROL, to=BOB, body="STOP")
        assert _round(writer_engine, writer, carol) == "deliver"
        assert _round(engine, store, make_message("m1", sender=BOB, to=ALICE)) == "deliver"
        stop = make_message("s1", seconds=60, sender=ALICE, to=BOB, body="STOP")
        with writer.detached():  # (``state_unavailable = "open"`` while Redis does not answer)
            assert _round(writer_engine, writer, stop) == "deliver"
        # Redis answers again: the writer's next round drops what it wrote from the cache.
        other = make_message("w2", seconds=90, sender=BOB, to="+13105550199")
        assert _round(writer_engine, writer, other) == "deliver"
        later = make_message("m3", seconds=3600, sender=BOB, to=ALICE)
        assert _round(engine, store, later) == "block"
    finally:
        store.close()
        writer.close()
        database.close()


def test_two_writers_of_one_key_settling_out_of_commit_order_leave_it_to_the_database(
    redis_url: str,
) -> None:
    redis_store = RedisStateStore(redis_url)
    try:
        cache = LedgerCache(redis_store, 3600)
        redis_store.client.script_flush()  # (a restarted Redis: the scripts are loaded again)
        name = LedgerCache.entry_key("optout", ALICE)
        first = cache.mark([name])[name]
        second = cache.mark([name])[name]
        # The second commits first, the first last (its value is the database's), but the
        # second settles last: neither may set its value.
        cache.settle({name: (first, b"v-first")})
        cache.settle({name: (second, b"v-second")})
        hits, observed = cache.read([name])
        assert hits == {}
        cache.populate(observed, {name: b"v-from-the-database"})
        assert cache.read([name])[0] == {name: b"v-from-the-database"}
    finally:
        redis_store.close()


def test_the_shared_state_store_imports_without_the_redis_client() -> None:
    # `clearline sip --db` and `serve` without --state-url import it; redis is the scale extra.
    code = "import sys, clearline.storage.shared_state; print('redis' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
