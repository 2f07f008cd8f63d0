"""What every test that talks to a real peer (PostgreSQL, Redis, NATS, sipp, Chromium) shares.

Each peer's module says how to start it; this one says when a missing peer skips a test (on a
developer's machine) and when it fails one (in CI, where a skip would hide part of the suite), and
finds free loopback ports.
"""

from __future__ import annotations

import os
import random
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


#: Private, so no test's seeding of ``random`` makes two runs pick the same ports.
_PORTS = random.Random()


def _outside_ephemeral_range() -> range:
    """Ports below the kernel's range for outgoing connections' local ports.

    A port the kernel hands out with ``bind(0)`` comes from that range, which every outgoing
    connection (a test's Redis or SMPP client) also draws from: between the moment a test picks
    a port and the moment its server binds it, a connection may take it (CI once lost a run to
    that: sipp's "Address already in use"). Ports below the range are only ever taken by a bind
    that names them.
    """
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", encoding="ascii") as lines:
            low = int(lines.read().split()[0])
    except (OSError, ValueError, IndexError):
        return range(0)
    return range(20000, low) if low > 21000 else range(0)


def free_port(*, udp: bool = False) -> int:
    """A port free on 127.0.0.1 right now for TCP (and UDP with ``udp``), outside the range
    of outgoing connections' ports where the machine allows it."""
    candidates = _outside_ephemeral_range()
    for _ in range(200 if candidates else 0):
        port = _PORTS.choice(candidates)
        if _bindable(port, udp=udp):
            return port
    while True:  # no range to choose from: the kernel's choice, checked the same way
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if _bindable(port, udp=udp):
            return port


def _bindable(port: int, *, udp: bool) -> bool:
    kinds = (socket.SOCK_STREAM, socket.SOCK_DGRAM) if udp else (socket.SOCK_STREAM,)
    for kind in kinds:
        with socket.socket(socket.AF_INET, kind) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True
