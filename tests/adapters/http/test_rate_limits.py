"""Rate limits: a key past its burst gets 429 with Retry-After, other keys do not; wrong keys
from one IP back off; both check paths share the limits; refusals are counted in /metrics.

The limits run on a clock the test moves (no sleeps)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from clearline.adapters.http.rate_limits import TokenBuckets
from clearline.storage.keys import Role
from http_support import message, serving

ALICE = "+14155550100"
BOB = "+14155550111"
REPORT = {"sender": "+12125550123", "body": "WIN A PRIZE"}


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'clearline.db'}"


def _refused(response: httpx.Response, retry_after: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["Retry-After"] == retry_after
    assert response.json()["error"] == "rate_limited"
    assert f"retry in {retry_after} s" in response.json()["message"]


def test_a_subscriber_key_past_its_burst_gets_429_and_another_key_does_not(
    tmp_path: Path,
) -> None:
    clock = Clock()
    limits = {"rate_limit_subscriber_per_minute": 60, "rate_limit_subscriber_burst": 3}
    with serving(_db(tmp_path), clock=clock, **limits) as service:
        alice = service.headers(service.key(Role.SUBSCRIBER, number=ALICE))
        bob = service.headers(service.key(Role.SUBSCRIBER, number=BOB))
        for _ in range(3):
            filed = service.http.post("/v1/subscriber/reports", json=REPORT, headers=alice)
            assert filed.status_code == 201, filed.text
        _refused(service.http.post("/v1/subscriber/reports", json=REPORT, headers=alice), "1")
        _refused(service.http.get("/v1/subscriber/preferences", headers=alice), "1")
        assert service.http.post("/v1/subscriber/reports", json=REPORT, headers=bob).is_success
        clock.advance(1.0)  # one request a second refills
        assert service.http.post("/v1/subscriber/reports", json=REPORT, headers=alice).is_success
        _refused(service.http.post("/v1/subscriber/reports", json=REPORT, headers=alice), "1")
        metrics = service.http.get("/metrics").text
    assert 'clearline_rate_limited_total{limit="subscriber"} 3.0' in metrics


def test_subscriber_and_sender_keys_are_limited_by_default(tmp_path: Path) -> None:
    clock = Clock()
    with serving(_db(tmp_path), clock=clock) as service:
        alice = service.headers(service.key(Role.SUBSCRIBER, number=ALICE))
        sender = service.headers(service.key(Role.SENDER, brand="B-ACME"))
        subscriber_answers = [
            service.http.get("/v1/keys/me", headers=alice).status_code for _ in range(21)
        ]
        sender_answers = [
            service.http.get("/v1/keys/me", headers=sender).status_code for _ in range(101)
        ]
        operator_answers = [
            service.http.get("/v1/keys/me", headers=service.headers()).status_code
            for _ in range(150)
        ]
    assert subscriber_answers == [200] * 20 + [429]
    assert sender_answers == [200] * 100 + [429]
    assert set(operator_answers) == {200}  # operators: no limit unless configured


def _without_fast_path(app: FastAPI) -> ASGIApp:
    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        await FastAPI.__call__(app, scope, receive, send)

    return plain


@pytest.mark.parametrize("wrap", [None, _without_fast_path], ids=["fast_path", "fastapi_route"])
def test_both_check_paths_apply_the_operator_limit_when_configured(
    tmp_path: Path, wrap: Callable[[FastAPI], ASGIApp] | None
) -> None:
    clock = Clock()
    limits = {"rate_limit_operator_per_minute": 6, "rate_limit_operator_burst": 2}
    with serving(_db(tmp_path), wrap=wrap, clock=clock, **limits) as service:
        assert service.check([message("a")]).status_code == 200
        assert service.check([message("b")]).status_code == 200
        _refused(service.check([message("c")]), "10")
        clock.advance(10.0)
        assert service.check([message("c")]).status_code == 200
        metrics = service.http.get("/metrics").text
    assert 'clearline_rate_limited_total{limit="operator"} 1.0' in metrics


@pytest.mark.parametrize("wrap", [None, _without_fast_path], ids=["fast_path", "fastapi_route"])
def test_wrong_keys_from_one_ip_back_off_and_other_ips_do_not(
    tmp_path: Path, wrap: Callable[[FastAPI], ASGIApp] | None
) -> None:
    clock = Clock()
    limits = {"auth_failures_per_minute": 6, "auth_failures_burst": 3}
    with serving(_db(tmp_path), wrap=wrap, clock=clock, **limits) as service:
        assert service.check([message("warm")]).status_code == 200  # the operator key, verified
        wrong = [service.headers(f"clk_{n:016x}_guess") for n in range(3)]
        for headers in wrong:
            assert service.http.get("/v1/keys/me", headers=headers).status_code == 401
        _refused(service.http.get("/v1/keys/me", headers=service.headers("clk_x_y")), "10")
        _refused(service.check([message("m")], key="clk_x_y"), "10")
        _refused(service.http.post("/v1/check", json={"messages": []}), "10")  # no key at all
        # A key verified a moment ago is not a guess: the operator's traffic goes on.
        assert service.check([message("m")]).status_code == 200
        other_ip = httpx.Client(
            base_url=service.base_url,
            transport=httpx.HTTPTransport(local_address="127.0.0.2"),
        )
        with other_ip:
            assert other_ip.get("/v1/keys/me", headers=wrong[0]).status_code == 401
        clock.advance(10.0)  # one failure allowed again
        assert service.http.get("/v1/keys/me", headers=wrong[0]).status_code == 401
        _refused(service.http.get("/v1/keys/me", headers=wrong[0]), "10")
        metrics = service.http.get("/metrics").text
    assert 'clearline_rate_limited_total{limit="auth_failures"} 4.0' in metrics


def test_the_buckets_forget_the_least_recently_seen_beyond_the_bound() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=1, max_tracked=100, clock=clock)
    assert buckets.take("first") == 0.0
    assert buckets.take("first") == pytest.approx(1.0)
    for n in range(100):
        buckets.take(f"ip-{n}")
    assert len(buckets) == 100
    assert buckets.take("first") == 0.0  # forgotten, so full again: memory stays bounded
