"""Verified keys are cached, but not for ever: a key revoked with `clearline keys revoke` (another
process, as an operator runs it) stops working on a running service within the documented
interval. The cache's clock is moved instead of waiting 30 s."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.adapters.http import key_cache
from clearline.adapters.http.key_cache import KEY_CACHE_SECONDS
from clearline.storage.keys import Role
from http_support import Service

DOCS = Path(__file__).resolve().parents[3] / "docs"


def documented_interval() -> float:
    """The interval docs/http.md promises: "a revoked key stops working within N s"."""
    text = " ".join((DOCS / "http.md").read_text().split())
    found = re.search(r"a revoked key stops working within (\d+(?:\.\d+)?) s", text)
    assert found is not None, "docs/http.md no longer states the revocation interval"
    return float(found[1])


class MonotonicAhead:
    """A monotonic clock the test moves: the real one plus ``ahead`` seconds."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def monotonic(self) -> float:
        """The real monotonic time, moved forward by ``ahead``."""
        return time.monotonic() + self.ahead


def test_the_documented_interval_is_the_cache_interval() -> None:
    assert documented_interval() == KEY_CACHE_SECONDS


def test_a_key_revoked_by_the_cli_is_refused_once_the_interval_has_passed(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = MonotonicAhead()
    monkeypatch.setattr(key_cache, "time", clock)
    key = service.key(Role.SENDER, brand="B-ACME")
    first = service.http.get("/v1/keys/me", headers=service.headers(key))
    assert first.status_code == 200, first.text  # verified, so now cached
    key_id = first.json()["key_id"]

    revoked = CliRunner().invoke(main, ["keys", "revoke", key_id, "--db", service.db_url])
    assert revoked.exit_code == 0, revoked.output

    clock.ahead = documented_interval() + 1
    after = service.http.get("/v1/keys/me", headers=service.headers(key))
    assert after.status_code == 401, after.text
    assert after.json() == {"error": "unauthorized", "message": "unknown or revoked API key"}
