"""Fixtures shared across the test tree: a real Redis server (see ``redis_server.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from redis_server import RedisServer, require_redis, running_redis


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One real ``redis-server`` for the whole run (skips with the reason when it is missing;
    fails under ``CI=true``)."""
    require_redis()
    with running_redis() as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The URL of an empty Redis database on the shared server."""
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushdb()
    return redis_server.url
