"""Two services on one database and one Redis (`serve --state-url`): they share what they learn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import msgspec
from click.testing import CliRunner

from clearline import Engine, Hit
from clearline.adapters.cli import main
from clearline.model import SymbolSpec
from clearline.signals import Batch
from clearline.signals.links import DomainSightings, LinkSignal
from clearline.state import StateStore
from clearline.storage import open_database
from clearline.storage.shared_state import SharedStateStore
from http_support import message, serving
from redis_server import require_redis, running_redis
from support import make_message

ALICE = "+14155550100"
BOB = "+12125550123"


def _verdict(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    verdict: dict[str, Any] = response.json()["verdicts"][0]
    return verdict


def test_an_opt_out_seen_by_one_service_is_honoured_by_the_other_on_the_next_message(
    db_url: str, redis_url: str
) -> None:
    with serving(db_url, state_url=redis_url) as one, serving(db_url, state_url=redis_url) as two:
        # The second service has read Alice's (empty) opt-outs before the STOP reaches the first.
        hello = message("hello", **{"from": BOB, "to": ALICE}, body="see you at six")
        assert _verdict(two.check([hello]))["action"] == "deliver"
        stop = message("stop", seconds=60, **{"from": ALICE, "to": BOB}, body="stop texting me")
        assert _verdict(one.check([stop]))["action"] == "deliver"
        later = message("later", seconds=3600, **{"from": BOB, "to": ALICE}, body="hey? call me")
        verdict = _verdict(two.check([later]))
        assert verdict["action"] == "block"
        assert "OPT_OUT_IGNORED" in [r["symbol"] for r in verdict["reasons"]]
        # Message ids are idempotent across the services: the first answers the second's verdict.
        assert _verdict(one.check([later])) == verdict


def test_a_flood_split_over_two_services_is_still_caught(db_url: str, redis_url: str) -> None:
    with serving(db_url, state_url=redis_url) as one, serving(db_url, state_url=redis_url) as two:
        services = [one, two]
        actions = [
            _verdict(services[i % 2].check([message(f"m{i}", seconds=i * 300, body="same text")]))[
                "action"
            ]
            for i in range(8)
        ]
    assert actions == ["deliver"] * 6 + ["block"] * 2


def test_redis_down_answers_503_and_the_stop_is_kept_once_it_is_back(tmp_path: Path) -> None:
    require_redis()
    db_url = f"sqlite:///{tmp_path / 'clearline.db'}"
    with running_redis() as first:
        port, url = first.port, first.url
        with serving(db_url, state_url=url) as service:
            first.stop()
            stop = message("stop", **{"from": ALICE, "to": BOB}, body="STOP")
            health = service.http.get("/healthz")
            assert health.status_code == 503 and "does not answer" in health.json()["message"]
            refused = service.check([stop])
            assert refused.status_code == 503
            assert refused.json()["error"] == "unavailable"
            assert "does not answer" in refused.json()["message"]
            with running_redis(port):  # Redis is back (empty): the client sends the STOP again
                assert service.http.get("/healthz").json() == {"status": "ok"}
                assert [r["symbol"] for r in _verdict(service.check([stop]))["reasons"]] == [
                    "OPT_OUT_REQUEST"
                ]
                later = message("later", seconds=3600, **{"from": BOB, "to": ALICE}, body="hi")
                assert _verdict(service.check([later]))["action"] == "block"


def test_serve_with_redis_down_refuses_to_start_with_one_clear_line(tmp_path: Path) -> None:
    require_redis()
    with running_redis() as server:
        url = server.url
    db = str(tmp_path / "clearline.db")
    result = CliRunner().invoke(main, ["serve", "--db", db, "--state-url", url, "--port", "0"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the state store at {url} does not answer")
    assert "Traceback" not in result.output


class Count(msgspec.Struct):
    n: int = 0


class CountingSignal:
    """Counts messages in a window (Redis) and in a ledger (the database); ``meanwhile`` runs
    between its reads and its writes, once (another worker committing in between)."""

    name: ClassVar[str] = "counting"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = ()

    def __init__(self, store: StateStore, meanwhile: list[Callable[[], object]]) -> None:
        self._window = store.table("seen", Count, window=True)
        self._ledger = store.table("ledger", Count)
        self._meanwhile = meanwhile

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        window = self._window.get_many(["k"]).get("k", Count())
        ledger = self._ledger.get_many(["k"]).get("k", Count())
        while self._meanwhile:
            self._meanwhile.pop()()
        window.n += len(batch.messages)
        ledger.n += len(batch.messages)  # changed in place: a retry must not count it twice
        self._window.put_many({"k": window}, ts=batch.epochs[-1])
        self._ledger.put_many({"k": ledger}, ts=batch.epochs[-1])


def test_a_batch_scored_again_after_a_conflict_counts_its_ledger_changes_once(
    tmp_path: Path, redis_url: str
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'clearline.db'}")
    other = SharedStateStore(database.engine, redis_url)
    store = SharedStateStore(database.engine, redis_url)
    try:
        other_engine = Engine(state=other, signals=[CountingSignal(other, [])])
        meanwhile: list[Callable[[], object]] = [
            lambda: other_engine.score_batch([make_message("o1"), make_message("o2")])
        ]
        engine = Engine(state=store, signals=[CountingSignal(store, meanwhile)])
        engine.score_batch([make_message("m1")])
        store.forget_all()
        assert store.table("seen", Count, window=True).get_many(["k"]) == {"k": Count(3)}
        assert store.table("ledger", Count).get_many(["k"]) == {"k": Count(3)}
    finally:
        store.close()
        other.close()
        database.close()


class Meanwhile:
    """Runs after the other signals read and changed their state, before the commit: another
    worker's batch committed in between, once."""

    name: ClassVar[str] = "meanwhile"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = ()

    def __init__(self, other_batches: list[Callable[[], object]]) -> None:
        self.other_batches = other_batches

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        while self.other_batches:
            self.other_batches.pop()()


def test_a_new_domain_seen_by_two_services_at_once_counts_every_sighting(
    tmp_path: Path, redis_url: str
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'clearline.db'}")
    other = SharedStateStore(database.engine, redis_url)
    store = SharedStateStore(database.engine, redis_url)
    link = "see https://promo-new-deals.com/x"
    try:
        other_engine = Engine(state=other, signals=[LinkSignal({}, other)])
        theirs = [make_message(f"o{i}", seconds=10 + i, body=link) for i in range(2)]
        meanwhile = Meanwhile([lambda: other_engine.score_batch(theirs)])
        signal = LinkSignal({}, store)
        engine = Engine(state=store, signals=[signal, meanwhile])
        engine.score_batch([make_message("m1", body=link)])
        store.forget_all()
        seen = store.table("link_domains", DomainSightings, merge=signal.merge_sightings)
        # Both services' three sightings count towards the domain's burst.
        assert len(seen.get_many(["promo-new-deals.com"])["promo-new-deals.com"].times) == 3
    finally:
        store.close()
        other.close()
        database.close()


def test_redis_down_with_state_unavailable_open_scores_and_still_records_the_stop(
    tmp_path: Path,
) -> None:
    require_redis()
    db_url = f"sqlite:///{tmp_path / 'clearline.db'}"
    with (
        running_redis() as server,
        serving(db_url, state_url=server.url, state_unavailable="open") as service,
    ):
        server.stop()
        # Still answering: health says so (200, degraded, why), not 503.
        health = service.http.get("/healthz")
        assert health.status_code == 200 and health.json()["status"] == "degraded"
        assert "does not answer" in health.json()["state"]
        stop = message("stop", **{"from": ALICE, "to": BOB}, body="STOP")
        verdict = _verdict(service.check([stop]))
        symbols = [r["symbol"] for r in verdict["reasons"]]
        assert symbols == ["STATE_UNAVAILABLE", "OPT_OUT_REQUEST"]
        assert "does not answer" in verdict["reasons"][0]["detail"]
        # The STOP is in the database: the next message to Alice is blocked, Redis or not.
        later = message("later", seconds=3600, **{"from": BOB, "to": ALICE}, body="call me?")
        verdict = _verdict(service.check([later]))
        assert verdict["action"] == "block"
        assert "OPT_OUT_IGNORED" in [r["symbol"] for r in verdict["reasons"]]
