"""What every test that talks to a real peer (PostgreSQL, Redis, NATS, sipp, Chromium) shares.

Each peer's module says how to start it; this one says when a missing peer skips a test (on a
developer's machine) and when it fails one (in CI, where a skip would hide part of the suite), and
finds free loopback ports.
"""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """True when the tests run in CI (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1"}


def skip_or_fail(reason: str, *, what: str = "") -> NoReturn:
    """Skip the calling test for ``reason``; under ``CI=true`` fail it instead.

    Args:
        reason: why the peer cannot be had (shown in both cases).
        what: put before the reason in CI's failure, e.g. "the PostgreSQL tests cannot run: ".
    """
    if in_ci():
        pytest.fail(f"CI=true and {what}{reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
