"""Fixtures shared across the test tree: a real Redis server and a real three-node Redis Cluster
(see ``redis_server.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from redis_server import (
    RedisCluster,
    RedisServer,
    open_client,
    require_redis,
    running_redis,
    running_redis_cluster,
)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One real ``redis-server`` for the whole run (skips with the reason when it is missing;
    fails under ``CI=true``)."""
    require_redis()
    with running_redis() as server:
        yield server


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[RedisCluster]:
    """One real Redis Cluster of three masters for the whole run (skips or fails as above)."""
    require_redis()
    with running_redis_cluster(3) as cluster:
        yield cluster


def _emptied(url: str) -> str:
    with open_client(url) as client:
        client.flushdb()
    return url


@pytest.fixture
def redis_standalone_url(redis_server: RedisServer) -> str:
    """The URL of an empty Redis database on the shared server."""
    return _emptied(redis_server.url)


@pytest.fixture
def redis_cluster_url(redis_cluster: RedisCluster) -> str:
    """The URL (a node's) of the shared Redis Cluster, emptied on every master."""
    return _emptied(redis_cluster.url)


@pytest.fixture(params=["standalone", "cluster"])
def redis_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty Redis database: on the shared server, then on the shared cluster
    (every test taking it runs against both)."""
    return str(request.getfixturevalue(f"redis_{request.param}_url"))
