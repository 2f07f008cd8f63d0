"""A throwaway ``nats-server -js`` for tests, started from the test process and stopped by PID.

Listens on 127.0.0.1 (a free port, or the one given, so a test can restart it where its clients
reconnect), JetStream on, its store in a directory the caller may keep across restarts. Without
the binary the caller skips with the reason ``missing_reason()`` gives, except under ``CI=true``,
where a missing server is a failure (``require_nats``).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nats

import peers


def _binary() -> str | None:
    configured = os.environ.get("CLEARLINE_NATS_SERVER")
    if configured:
        return shutil.which(configured)
    # Debian installs it in /usr/sbin, which a non-root PATH may lack.
    return shutil.which("nats-server") or shutil.which("nats-server", path="/usr/sbin")


def missing_reason() -> str | None:
    """Why a real NATS server cannot be started here, or ``None`` when it can."""
    if _binary() is None:
        return (
            "nats-server not found; install the nats-server package (or set "
            "CLEARLINE_NATS_SERVER) to run the stream adapter's tests"
        )
    return None


def require_nats() -> None:
    """Skip the calling test when NATS is missing, or fail under ``CI=true``."""
    reason = missing_reason()
    if reason is None:
        return
    peers.skip_or_fail(reason)


@contextmanager
def running_nats(store: Path, port: int | None = None) -> Iterator[str]:
    """Start ``nats-server -js`` with its JetStream store in ``store``; yield its URL; stop it by
    PID at the end."""
    binary = _binary()
    assert binary is not None, missing_reason()
    port = port if port is not None else peers.free_port()
    store.mkdir(parents=True, exist_ok=True)
    log_path = store.parent / f"nats-{port}.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [binary, "-js", "-sd", str(store), "-a", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"nats://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, url, log_path)
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    async def ready() -> None:
        client = await nats.connect(url, connect_timeout=1, max_reconnect_attempts=0)
        try:
            await client.jetstream().account_info()
        finally:
            await client.close()

    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"nats-server exited at start:\n{log_path.read_text()}")
        try:
            asyncio.run(ready())
            return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nats-server did not answer:\n{log_path.read_text()}") from exc
            time.sleep(0.1)
