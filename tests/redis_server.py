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


@contextmanager
def running_redis(port: int | None = None) -> Iterator[RedisServer]:
    """Start a server (on ``port``, else a free one); yield it; stop it by PID at the end."""
    base = Path(tempfile.mkdtemp(prefix="clearline-redis-"))
    log_path = base / "server.log"
    server: RedisServer | None = None
    try:
        port = port if port is not None else peers.free_port()
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [
                    REDIS_SERVER,
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(base),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
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
