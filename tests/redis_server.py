"""A throwaway ``redis-server`` for tests, started from the test process and stopped by PID.

Listens on a free 127.0.0.1 port with persistence off (``--save '' --appendonly no``), its files in
a temporary directory. Without the binary the caller skips with the reason ``missing_reason()``
gives, except under ``CI=true``, where a missing server is a failure (``require_redis``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
import redis.cluster
from redis.crc import key_slot

import peers

REDIS_SERVER = os.environ.get("CLEARLINE_REDIS_SERVER", "redis-server")


def missing_reason() -> str | None:
    """Why a real Redis cannot be started here, or ``None`` when it can."""
    if shutil.which(REDIS_SERVER) is None:
        return (
            f"{REDIS_SERVER} not found; install the redis-server package (or set "
            "CLEARLINE_REDIS_SERVER) to run the Redis tests"
        )
    return None


def require_redis() -> None:
    """Skip the calling test when Redis is missing, or fail under ``CI=true``."""
    reason = missing_reason()
    if reason is None:
        return
    peers.skip_or_fail(reason)


class RedisServer:
    """A running server: its URL, and ``stop()`` to take it down (a crash, for failure tests)."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        """Stop the server by its PID and wait for it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def open_client(url: str) -> redis.Redis | redis.cluster.RedisCluster:
    """A client of ``url`` for a test to look at keys: a cluster client on a Redis Cluster (its
    ``flushdb`` empties every master)."""
    client = redis.Redis.from_url(url)
    if client.info("cluster").get("cluster_enabled") != 1:
        return client
    client.close()
    return redis.cluster.RedisCluster.from_url(url)


@contextmanager
def running_redis(port: int | None = None) -> Iterator[RedisServer]:
    """Start a server (on ``port``, else a free one); yield it; stop it by PID at the end."""
    base = Path(tempfile.mkdtemp(prefix="clearline-redis-"))
    log_path = base / "server.log"
    server: RedisServer | None = None
    try:
        port = port if port is not None else peers.free_port()
        process = _start_server(port, base, [])
        server = RedisServer(process, port)
        _wait_until_ready(server, log_path)
        yield server
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


def _wait_until_ready(server: RedisServer, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"redis-server exited at start:\n{log_path.read_text()}")
        try:
            with redis.Redis.from_url(server.url, socket_connect_timeout=1) as client:
                client.ping()
            return
        except redis.ConnectionError as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer:\n{log_path.read_text()}") from exc
            time.sleep(0.05)


class RedisCluster:
    """A running Redis Cluster of masters: its URL (the first node's), and each node's server."""

    def __init__(self, nodes: list[RedisServer]) -> None:
        self.nodes = nodes
        self.url = nodes[0].url

    def node_of(self, tag: str) -> int:
        """The number of the node that owns the slot of hash tag ``tag`` (as the cluster was
        formed: node i holds the i-th equal range of slots)."""
        slot, count = key_slot(tag.encode()), len(self.nodes)
        return next(i for i in range(count) if slot < 16384 * (i + 1) // count)

    def stop(self) -> None:
        """Stop every node by its PID."""
        for node in self.nodes:
            node.stop()


@contextmanager
def running_redis_cluster(n: int = 3) -> Iterator[RedisCluster]:
    """Start ``n`` ``redis-server --cluster-enabled yes`` on free ports, give each an equal range
    of the 16384 slots (``CLUSTER ADDSLOTSRANGE``), join them (``CLUSTER MEET``), wait until every
    node knows every slot; yield the cluster; stop every node by PID at the end."""
    base = Path(tempfile.mkdtemp(prefix="clearline-redis-cluster-"))
    nodes: list[RedisServer] = []
    bus_ports: dict[int, int] = {}  # node port -> its cluster bus port
    try:
        for number in range(n):
            node, bus_port = _start_cluster_node(base / f"node{number}")
            nodes.append(node)
            bus_ports[node.port] = bus_port
        bounds = [16384 * number // n for number in range(n + 1)]
        for number, node in enumerate(nodes):
            with redis.Redis(port=node.port, socket_connect_timeout=2) as client:
                client.execute_command(
                    "CLUSTER ADDSLOTSRANGE", bounds[number], bounds[number + 1] - 1
                )
                for other in nodes:
                    if other is not node:
                        client.execute_command(
                            "CLUSTER MEET", "127.0.0.1", other.port, bus_ports[other.port]
                        )
        _wait_until_joined(nodes, base)
        yield RedisCluster(nodes)
    finally:
        for node in nodes:
            node.stop()
        shutil.rmtree(base, ignore_errors=True)


def _start_cluster_node(directory: Path) -> tuple[RedisServer, int]:
    """Start one cluster node; the node and its cluster bus port."""
    directory.mkdir(parents=True)
    port = peers.free_port()
    bus_port = peers.free_port()
    while bus_port == port:  # nothing holds the first between the two choices
        bus_port = peers.free_port()
    cluster_options = [
        "--cluster-enabled",
        "yes",
        # The cluster bus on a free port of its own (not PORT + 10000, maybe taken).
        "--cluster-port",
        str(bus_port),
        "--cluster-config-file",
        str(directory / "nodes.conf"),
        # A node killed by a test is marked failing within a second, not 15.
        "--cluster-node-timeout",
        "1000",
    ]
    process = _start_server(port, directory, cluster_options)
    node = RedisServer(process, port)
    _wait_until_ready(node, directory / "server.log")
    return node, bus_port


def _wait_until_joined(nodes: list[RedisServer], base: Path) -> None:
    deadline = time.monotonic() + 60
    ports = {node.port for node in nodes}
    while True:
        joined = True
        for node in nodes:
            with redis.Redis(port=node.port, socket_connect_timeout=2) as client:
                state = client.execute_command("CLUSTER INFO")["cluster_state"]
                slots = client.execute_command("CLUSTER SLOTS")
            covered = sum(int(entry[1]) - int(entry[0]) + 1 for entry in slots)
            owners = {int(entry[2][1]) for entry in slots}
            if state != "ok" or covered != 16384 or owners != ports:
                joined = False
                break
        if joined:
            return
        if time.monotonic() > deadline:
            logs = "\n".join(p.read_text() for p in sorted(base.glob("*/server.log")))
            raise RuntimeError(f"the Redis Cluster did not form within 60 s:\n{logs}")
        time.sleep(0.1)


def _start_server(port: int, directory: Path, options: list[str]) -> subprocess.Popen[bytes]:
    """``redis-server`` on 127.0.0.1:``port`` without persistence, its files and its log
    (``server.log``) in ``directory``, with ``options`` added."""
    with open(directory / "server.log", "wb") as log:
        return subprocess.Popen(
            [
                *(REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port)),
                *options,
                *("--save", "", "--appendonly", "no", "--dir", str(directory)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
