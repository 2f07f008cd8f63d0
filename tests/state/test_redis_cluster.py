"""The Redis state store on a real Redis Cluster of three masters: a batch over every node, a
conflict that writes nothing anywhere, detection, a database other than 0, a node gone, a slot
moved between a batch's read and its commit. (Every other Redis test runs on the cluster too,
through the ``redis_url`` fixture.)"""

from __future__ import annotations

import time
from pathlib import Path

import msgspec
import pytest
import redis
import redis.cluster
from click.testing import CliRunner
from redis.crc import key_slot

from clearline import Engine
from clearline.adapters.cli import main
from clearline.state import StateConflictError, StateUnavailableError, open_state_url
from clearline.state.redis_store import RedisStateStore
from compliance_fixtures import ALICE, BOB, msg
from http_support import message, serving
from redis_server import RedisCluster, require_redis, running_redis_cluster
from support import make_message


class Counter(msgspec.Struct):
    count: int = 0


def _add(base: Counter | None, mine: Counter, theirs: Counter) -> Counter:
    return Counter(theirs.count + mine.count - (base.count if base else 0))


def _numbers_by_node(cluster: RedisCluster, per_node: int) -> list[list[str]]:
    """``per_node`` phone numbers whose hash tag lands on each node, node by node."""
    by_node: list[list[str]] = [[] for _ in cluster.nodes]
    candidate = 0
    while any(len(numbers) < per_node for numbers in by_node):
        number = f"+1415555{candidate:04d}"
        owned = by_node[cluster.node_of(number)]
        if len(owned) < per_node:
            owned.append(number)
        candidate += 1
    return by_node


def _keys_on(port: int, pattern: str) -> set[str]:
    with redis.Redis(port=port) as node:
        return {key.decode() for key in node.keys(pattern)}


def test_a_batch_over_every_node_commits_reads_back_and_expires_from_another_store(
    redis_cluster: RedisCluster, redis_cluster_url: str
) -> None:
    by_node = _numbers_by_node(redis_cluster, 2)
    numbers = [number for owned in by_node for number in owned]
    writer = open_state_url(redis_cluster_url)
    windows = writer.table("flood", Counter, window=True, merge=_add)
    ledger = writer.table("optout", Counter)
    assert windows.get_many(numbers) == {} and ledger.get_many(numbers) == {}
    windows.put_many({n: Counter(i + 1) for i, n in enumerate(numbers)}, ts=100.0)
    ledger.put_many({n: Counter(10 * (i + 1)) for i, n in enumerate(numbers)}, ts=100.0)
    ledger.put_many({"+19995550000": Counter(7)}, ts=100.0)  # written without reading it first
    writer.commit()
    # Each node holds its own numbers' values.
    for node, owned in zip(redis_cluster.nodes, by_node, strict=True):
        assert _keys_on(node.port, "clearline:flood:{*}") == {
            f"clearline:flood:{{{n}}}" for n in owned
        }

    reader = open_state_url(redis_cluster_url)
    read = reader.table("flood", Counter, window=True, merge=_add)
    assert read.get_many(numbers) == {n: Counter(i + 1) for i, n in enumerate(numbers)}
    assert reader.table("optout", Counter).get_many([*numbers, "+19995550000"]) == {
        **{n: Counter(10 * (i + 1)) for i, n in enumerate(numbers)},
        "+19995550000": Counter(7),
    }
    assert len(read) == 6
    assert read.expire(200.0) == 6
    reader.commit()
    again = open_state_url(redis_cluster_url)
    assert again.table("flood", Counter, window=True).get_many(numbers) == {}
    assert len(again.table("flood", Counter, window=True)) == 0
    for store in (writer, reader, again):
        store.close()


@pytest.mark.parametrize("read_everywhere", [True, False], ids=["checked-on-3-nodes", "on-1"])
def test_a_conflict_on_a_table_without_merge_writes_nothing_on_any_node(
    redis_cluster: RedisCluster, redis_cluster_url: str, read_everywhere: bool
) -> None:
    first_number, second_number, third_number = (n[0] for n in _numbers_by_node(redis_cluster, 1))
    first, second = open_state_url(redis_cluster_url), open_state_url(redis_cluster_url)
    votes = first.table("votes", Counter, window=True)  # no merge: a conflict refuses the batch
    windows = first.table("flood", Counter, window=True, merge=_add)
    # Versions read on three nodes (a check round first), or on one node only (its script
    # runs first, and refuses before any other node is written).
    assert (
        votes.get_many(
            [first_number, second_number, third_number] if read_everywhere else [third_number]
        )
        == {}
    )
    other = second.table("votes", Counter, window=True)
    assert other.get_many([third_number]) == {}
    other.put_many({third_number: Counter(9)}, ts=1.0)
    second.commit()

    votes.put_many({n: Counter(1) for n in (first_number, second_number, third_number)}, ts=2.0)
    windows.put_many({first_number: Counter(1), second_number: Counter(1)}, ts=2.0)
    with pytest.raises(StateConflictError, match="another worker changed clearline:votes:"):
        first.commit()
    reader = open_state_url(redis_cluster_url)
    numbers = [first_number, second_number, third_number]
    assert reader.table("votes", Counter).get_many(numbers) == {third_number: Counter(9)}
    assert reader.table("flood", Counter).get_many(numbers) == {}
    for store in (first, second, reader):
        store.close()


def test_a_key_changed_between_the_check_and_its_node_s_script_says_part_was_kept(
    redis_cluster: RedisCluster, redis_cluster_url: str
) -> None:
    """The window a cluster leaves: the check round passed, then another worker changed a key
    on the master whose script runs second, after the first master's wrote. The batch is
    answered "unavailable, part kept", not reported done."""
    by_node = [owned[0] for owned in _numbers_by_node(redis_cluster, 1)]
    first, second = open_state_url(redis_cluster_url), open_state_url(redis_cluster_url)
    assert isinstance(first, RedisStateStore) and first.cluster is not None
    votes = first.table("votes", Counter, window=True)
    assert votes.get_many(by_node) == {}
    votes.put_many({n: Counter(1) for n in by_node}, ts=2.0)
    run_on = first.cluster._run_on
    scripts: list[str] = []  # the number of each group, in the order their scripts run

    def another_worker_writes_before_the_second_script(
        node: object, keys: list[str], args: list[object], ops: list[int]
    ) -> list[object]:
        number = str(args[ops[0] * 7 + 2])
        scripts.append(number)
        if len(scripts) == 2:
            other = second.table("votes", Counter, window=True)
            other.put_many({number: Counter(9)}, ts=1.0)
            second.commit()
        return run_on(node, keys, args, ops)  # type: ignore[arg-type]

    first.cluster._run_on = another_worker_writes_before_the_second_script  # type: ignore[method-assign]
    with pytest.raises(StateUnavailableError, match="part of its changes were kept"):
        first.commit()
    reader = open_state_url(redis_cluster_url)
    # The first master's part stands, the second's is the other worker's, the third never ran.
    assert reader.table("votes", Counter).get_many(by_node) == {
        scripts[0]: Counter(1),
        scripts[1]: Counter(9),
    }
    for store in (first, second, reader):
        store.close()


def test_an_expiry_that_spares_a_value_written_meanwhile_keeps_it_indexed(
    redis_cluster: RedisCluster, redis_cluster_url: str
) -> None:
    numbers = [owned[0] for owned in _numbers_by_node(redis_cluster, 1)]
    first, second = open_state_url(redis_cluster_url), open_state_url(redis_cluster_url)
    table = first.table("flood", Counter, window=True, merge=_add)
    table.put_many({n: Counter(1) for n in numbers}, ts=100.0)
    first.commit()
    assert table.expire(200.0) == 3  # all three older than the cut-off, as this batch read them
    other = second.table("flood", Counter, window=True, merge=_add)
    other.put_many({numbers[1]: Counter(2)}, ts=300.0)  # written again meanwhile, after it
    second.commit()
    first.commit()
    reader = open_state_url(redis_cluster_url)
    kept = reader.table("flood", Counter, window=True, merge=_add)
    assert kept.get_many(numbers) == {numbers[1]: Counter(2)}
    assert len(kept) == 1
    assert kept.expire(250.0) == 0  # indexed at its own time, 300
    assert kept.expire(400.0) == 1
    for store in (first, second, reader):
        store.close()


def test_info_cluster_picks_the_cluster_client(
    redis_cluster_url: str, redis_standalone_url: str
) -> None:
    on_cluster = RedisStateStore(redis_cluster_url)
    on_server = RedisStateStore(redis_standalone_url)
    assert isinstance(on_cluster.client, redis.cluster.RedisCluster)
    assert not isinstance(on_server.client, redis.cluster.RedisCluster)
    assert on_server.cluster is None
    on_cluster.close()
    on_server.close()


def test_a_database_other_than_0_on_a_cluster_is_refused_with_one_clear_line(
    redis_cluster: RedisCluster, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(msgspec.json.encode(msg("m1", ALICE, BOB, "hello")) + b"\n")
    url = redis_cluster.url.removesuffix("/0") + "/2"
    result = CliRunner().invoke(main, ["scan", str(source), "-q", "--state-url", url])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --state-url {url} is a Redis Cluster, which has only database 0: use "
        "redis://HOST:PORT/0\n"
    )


def test_a_node_gone_refuses_the_batch_and_keeps_nothing() -> None:
    require_redis()
    with running_redis_cluster(3) as cluster:
        engine = Engine(state=open_state_url(cluster.url))
        engine.score(make_message("first"))
        cluster.nodes[cluster.node_of("+12125550123")].stop()  # the sender's node
        with pytest.raises(StateUnavailableError, match=r"does not answer.*nothing of the batch"):
            engine.score(make_message("second", seconds=60))


def test_a_node_gone_answers_503_and_the_health_check_says_so(tmp_path: Path) -> None:
    require_redis()
    db_url = f"sqlite:///{tmp_path / 'clearline.db'}"
    with running_redis_cluster(3) as cluster, serving(db_url, state_url=cluster.url) as service:
        sender = _numbers_by_node(cluster, 1)[2][0]  # on node 2 (not the URL's node 0)
        hello = message("hello", **{"from": sender, "to": BOB}, body="hello")
        assert service.check([hello]).status_code == 200
        cluster.nodes[2].stop()
        refused = service.check([message("again", seconds=60, **{"from": sender, "to": BOB})])
        assert refused.status_code == 503
        assert refused.json()["error"] == "unavailable"
        assert "does not answer" in refused.json()["message"]
        # The other masters mark the node failing within the node timeout (1 s here).
        deadline = time.monotonic() + 30
        while (health := service.http.get("/healthz")).status_code == 200:
            assert time.monotonic() < deadline, "the cluster never reported the node failing"
            time.sleep(0.2)
        assert health.status_code == 503
        assert health.json()["message"] == (
            f"the Redis Cluster at {cluster.url} is not serving every slot (cluster_state:fail): "
            "a master is down or unreachable; batches are refused (every batch, under Redis's "
            "default cluster-require-full-coverage yes)"
        )


def test_a_slot_moved_between_the_read_and_the_commit_is_followed() -> None:
    require_redis()
    with running_redis_cluster(3) as cluster:
        number = _numbers_by_node(cluster, 1)[0][0]
        store = open_state_url(cluster.url)
        table = store.table("flood", Counter, window=True)
        assert table.get_many([number]) == {}
        table.put_many({number: Counter(5)}, ts=1.0)
        # The (empty) slot of the number goes from node 0 to node 1; the store still maps it
        # to node 0, which answers MOVED.
        slot = key_slot(number.encode())
        clients = [redis.Redis(port=node.port) for node in cluster.nodes]
        target = clients[1].execute_command("CLUSTER MYID")
        for client in (clients[1], clients[0], clients[2]):
            client.execute_command("CLUSTER SETSLOT", slot, "NODE", target)
        store.commit()
        assert clients[1].exists(f"clearline:flood:{{{number}}}") == 1
        reader = open_state_url(cluster.url)
        assert reader.table("flood", Counter).get_many([number]) == {number: Counter(5)}
        for client in clients:
            client.close()
