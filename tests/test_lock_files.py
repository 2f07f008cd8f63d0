"""The lock files agree: the runtime and scale-out locks pin what the dev lock (CI) tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", re.MULTILINE)


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {re.sub(r"\[.*\]", "", k).lower(): v for k, v in _PIN.findall(text)}


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-scale.lock"])
def test_every_pin_is_the_version_ci_tests(lock: str) -> None:
    tested = _pins("requirements-dev.lock")
    pinned = _pins(lock)
    assert pinned
    assert {name: version for name, version in pinned.items() if tested.get(name) != version} == {}


def test_the_scale_lock_holds_the_redis_and_nats_clients_and_the_runtime() -> None:
    scale = _pins("requirements-scale.lock")
    assert {"redis", "hiredis", "nats-py"} <= scale.keys()
    assert _pins("requirements.lock").items() <= scale.items()
